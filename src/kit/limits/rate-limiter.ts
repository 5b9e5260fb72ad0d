import type { Principal } from '../authz/principal.js';
import { RampartError } from '../errors/rampart-error.js';
import type { LimitDecision, LimitRequest, Limiter } from '../http/ports.js';
import { EventThrottle } from './event-throttle.js';
import { gcraRemaining } from './gcra.js';
import { ipKey } from './ip-key.js';
import { MemoryRateStore } from './memory-rate-store.js';
import {
  compilePolicy,
  type CompiledLevel,
  type RateLevelName,
  type RatePolicy,
} from './rate-policy.js';
import type { LevelSpec, RateOutcome, RateStore } from './rate-store.js';

/**
 * What non-authentication limits do while the shared store is unreachable: `local` falls
 * back to in-process limits (per instance), `open` admits without limits, `closed` answers
 * 503. Authentication routes (class `auth`) always fail closed.
 */
export type OutagePolicy = 'local' | 'open' | 'closed';

export const OUTAGE_POLICIES: readonly OutagePolicy[] = ['local', 'open', 'closed'];

/** A level refused (or, in shadow mode, would have refused) a request. */
export interface RateExceeded {
  readonly level: RateLevelName;
  readonly shadow: boolean;
  readonly routeId: string;
  readonly ip: string;
  readonly principal: Principal | undefined;
  readonly requestId: string;
}

export interface RateLimiterOptions {
  readonly policy: RatePolicy;
  /** Default: a fresh in-process store. */
  readonly store?: RateStore;
  /** In-process store used during an outage under policy `local`. */
  readonly fallback?: MemoryRateStore;
  readonly outage?: OutagePolicy;
  /** Retry-After of a 503 answered because the store is down; default 5 s. */
  readonly outageRetryAfterSeconds?: number;
  /** Called at most once a minute per level and client (see EventThrottle). */
  readonly onExceeded?: (event: RateExceeded) => void;
  /** Called when a store call fails although the store looked available. */
  readonly onStoreError?: (error: unknown) => void;
}

/** The request limiter of the kit server, plus its store state for readiness. */
export interface RateLimiter extends Limiter {
  readonly store: RateStore;
  /** `ok`, `degraded` (shared store down, working on the outage policy) or `down`. */
  storeState(): 'ok' | 'degraded' | 'down';
}

/**
 * Builds the multi-level request limiter (GCRA per level, all levels evaluated together;
 * headers describe the tightest level). With the in-process store `check` returns its
 * decision synchronously.
 *
 * @example
 * const limiter = createRateLimiter({ policy: { global: { limit: 10_000 }, ip: { limit: 100 },
 *   principal: { limit: 1000 }, authIp: { limit: 30 } } });
 * createServer({ ..., limiter });
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const compiled = compilePolicy(options.policy);
  const store = options.store ?? new MemoryRateStore();
  const fallback = options.fallback ?? new MemoryRateStore();
  const outage = options.outage ?? 'local';
  if (!OUTAGE_POLICIES.includes(outage))
    throw new Error(`rate limiter: outage must be one of ${OUTAGE_POLICIES.join(', ')}`);
  const retryAfter = String(options.outageRetryAfterSeconds ?? 5);
  const throttle = new EventThrottle();
  const noHeaders: Readonly<Record<string, string>> = Object.freeze({});

  // ipKey runs two address parsers, and a fresh `prefix + key` string must be hashed on
  // every Map access; a client sends many requests from one address, so its store keys
  // (inside ready-made level specs) are made once and reused. Specs are never mutated.
  const byName = compiled.levels;
  const specOf = (level: CompiledLevel, key: string): LevelSpec =>
    Object.freeze({
      key,
      intervalMs: level.intervalMs,
      periodMs: level.periodMs,
      shadow: level.shadow,
    });
  const globalSpec = specOf(byName.global, byName.global.prefix);
  // Only short strings are remembered: through a trusted proxy the client "address" is
  // whatever the forwarding header said (up to the header size limit), and 10,000 of those
  // must not pin hundreds of megabytes.
  const clientKey = boundedMemo(MAX_MEMOIZED_IP_LENGTH, (ip): ClientKeys => {
    const key = ipKey(ip);
    return {
      key,
      ip: specOf(byName.ip, byName.ip.prefix + key),
      authIp: specOf(byName['auth-ip'], byName['auth-ip'].prefix + key),
    };
  });
  // The same for principals (a user, key or OIDC subject id).
  const principalSpec = boundedMemo(MAX_MEMOIZED_ID_LENGTH, (id) =>
    specOf(byName.principal, byName.principal.prefix + id),
  );
  /** The client a refusal event is throttled by: the same key the level counted. */
  const eventKey = (level: CompiledLevel, request: LimitRequest): string =>
    level.name === 'global'
      ? ''
      : level.name === 'principal'
        ? (request.principal?.id ?? '')
        : clientKey(request.ip).key;
  let lastStoreError: unknown;
  // X-RateLimit-Reset only changes once a second.
  let resetFor = Number.NaN;
  let resetHeader = '';

  function specsFor(request: LimitRequest, list: readonly CompiledLevel[]): LevelSpec[] {
    const client = clientKey(request.ip);
    const specs = new Array<LevelSpec>(list.length);
    for (let i = 0; i < list.length; i++) {
      const name = (list[i] as CompiledLevel).name;
      specs[i] =
        name === 'global'
          ? globalSpec
          : name === 'ip'
            ? client.ip
            : name === 'auth-ip'
              ? client.authIp
              : principalSpec(request.principal?.id ?? '');
    }
    return specs;
  }

  function decide(
    request: LimitRequest,
    levels: readonly CompiledLevel[],
    outcome: RateOutcome,
  ): LimitDecision {
    const { now, admitted } = outcome;
    let chosen = -1;
    let chosenRemaining = Number.POSITIVE_INFINITY;
    let chosenWaitMs = -1;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i] as CompiledLevel;
      const tat = outcome.tats[i] as number;
      const ok = outcome.oks[i] === true;
      let remaining: number;
      let waitMs: number;
      if (ok) {
        remaining = gcraRemaining(tat, now, level.intervalMs, level.periodMs);
        waitMs = Math.max(0, tat - now);
      } else {
        remaining = 0;
        // Time until this level admits one more request.
        waitMs = Math.max(0, tat + level.intervalMs - level.periodMs - now);
        if (
          options.onExceeded !== undefined &&
          throttle.take(`${level.name}|${eventKey(level, request)}`, now)
        ) {
          options.onExceeded({
            level: level.name,
            shadow: level.shadow,
            routeId: request.routeId,
            ip: request.ip,
            principal: request.principal,
            requestId: request.requestId,
          });
        }
      }
      // Refused: report the enforced level that blocks longest. Admitted: the tightest.
      const better = !admitted
        ? !ok && !level.shadow && waitMs > chosenWaitMs
        : remaining < chosenRemaining || (remaining === chosenRemaining && waitMs > chosenWaitMs);
      if (better) {
        chosen = i;
        chosenRemaining = remaining;
        chosenWaitMs = waitMs;
      }
    }
    const level = levels[chosen];
    if (level === undefined) return { headers: noHeaders };
    const resetSeconds = Math.ceil(chosenWaitMs / 1000);
    const resetAt = Math.ceil((now + chosenWaitMs) / 1000);
    if (resetAt !== resetFor) {
      resetFor = resetAt;
      resetHeader = String(resetAt);
    }
    const headers: Record<string, string> = {
      'x-ratelimit-limit': level.limitHeader,
      'x-ratelimit-remaining': String(chosenRemaining),
      'x-ratelimit-reset': resetHeader,
      'ratelimit-policy': compiled.policyHeader(
        request.routeClass,
        request.principal !== undefined,
      ),
      ratelimit: `"${level.name}";r=${chosenRemaining};t=${resetSeconds}`,
    };
    if (admitted) return { headers };
    headers['retry-after'] = String(Math.max(1, resetSeconds));
    return {
      headers,
      error: new RampartError('RATE_LIMITED', {
        headers,
        internal: `rate limit ${level.name} exceeded on ${request.routeId}`,
      }),
    };
  }

  function unavailable(request: LimitRequest, levels: readonly CompiledLevel[]): LimitDecision {
    if (request.routeClass === 'auth' || outage === 'closed') {
      return {
        headers: noHeaders,
        error: new RampartError('UNAVAILABLE', {
          headers: { 'retry-after': retryAfter },
          internal: 'rate-limit store unavailable: failing closed',
        }),
      };
    }
    if (outage === 'open') return { headers: noHeaders };
    return decide(request, levels, fallback.consume(specsFor(request, levels)));
  }

  return {
    store,
    storeState() {
      if (store.available()) return 'ok';
      return outage === 'closed' ? 'down' : 'degraded';
    },
    check(request) {
      const levels = compiled.levelsFor(request.routeClass, request.principal !== undefined);
      if (levels.length === 0) return { headers: noHeaders };
      if (!store.available()) return unavailable(request, levels);
      const outcome = store.consume(specsFor(request, levels));
      if (!(outcome instanceof Promise)) return decide(request, levels, outcome);
      return outcome.then(
        (result) => decide(request, levels, result),
        (error: unknown) => {
          // A failed batch fails each of its requests with the same error: report it once.
          if (error !== lastStoreError) {
            lastStoreError = error;
            options.onStoreError?.(error);
          }
          return unavailable(request, levels);
        },
      );
    },
  };
}

/** Distinct clients (or principals) whose rate-limit specs are remembered (then the memo starts over). */
const MEMO_SIZE = 10_000;

/** Longest textual IPv6 address with a zone id fits (45 characters plus `%zone`). */
const MAX_MEMOIZED_IP_LENGTH = 64;

/** Principal ids are ours or an OIDC subject (at most 255 characters in practice). */
const MAX_MEMOIZED_ID_LENGTH = 256;

/**
 * `make(input)`, remembered for inputs of at most `maxLength` characters; at MEMO_SIZE
 * entries the memo starts over (no per-entry bookkeeping on the hot path).
 */
function boundedMemo<T>(maxLength: number, make: (input: string) => T): (input: string) => T {
  const memo = new Map<string, T>();
  return (input) => {
    let value = memo.get(input);
    if (value === undefined) {
      value = make(input);
      if (input.length <= maxLength) {
        if (memo.size >= MEMO_SIZE) memo.clear();
        memo.set(input, value);
      }
    }
    return value;
  };
}

/** A client's rate-limit key (`ipKey`) and its specs for the `ip` and `auth-ip` levels. */
interface ClientKeys {
  readonly key: string;
  readonly ip: LevelSpec;
  readonly authIp: LevelSpec;
}
