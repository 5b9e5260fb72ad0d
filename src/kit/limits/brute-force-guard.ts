import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RampartError } from '../errors/rampart-error.js';
import type { CredentialAttempt, CredentialGuard } from './credential-guard.js';
import type {
  BruteForceStore,
  GuardKeys,
  GuardParams,
  LockScope,
  Lockout,
} from './brute-force-store.js';
import { ipKey } from './ip-key.js';
import { MemoryBruteForceStore } from './memory-brute-force-store.js';
import type { LevelLimit } from './rate-policy.js';

export interface BruteForceOptions {
  /** Failed attempts per account+IP within `windowMs` before 429 (API.md: 5 a minute). */
  readonly failuresPerPair: number;
  readonly windowMs?: number;
  /** Failures per IP across accounts (credential stuffing); default 30 a minute. */
  readonly ip?: LevelLimit;
  /**
   * Failures per account across IPs: the slow, separate tier (default 100 an hour). A pair
   * that succeeded within `knownGoodMs` is exempt, so an attacker elsewhere cannot lock
   * the owner out from their usual address.
   */
  readonly account?: LevelLimit;
  readonly knownGoodMs?: number;
  /** Progressive delay: `baseMs * 2^(n-1)` after n failures beyond the free ones, capped. */
  readonly delay?: {
    readonly baseMs?: number;
    readonly maxMs?: number;
    readonly freePair?: number;
    readonly freeIp?: number;
  };
  readonly store?: BruteForceStore;
  /** Retry-After of the 503 answered while the shared store is down (fail closed). */
  readonly outageRetryAfterSeconds?: number;
  /** Injectable for tests: how the delay is waited. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onLockout?: (attempt: CredentialAttempt, lockout: Lockout) => void;
  readonly onRelease?: (attempt: CredentialAttempt, scope: LockScope) => void;
  readonly onStoreError?: (error: unknown) => void;
}

/** The brute-force guard, with its store and compiled limits (for readiness and reports). */
export interface BruteForceGuard extends CredentialGuard {
  readonly store: BruteForceStore;
  readonly params: GuardParams;
}

/**
 * Brute-force defence for every credential check: progressive delay, a lockout per
 * account+IP after `failuresPerPair` failures a window (429 + Retry-After), a per-IP tier
 * against credential stuffing and a much higher account tier against distributed guessing.
 * Success resets the pair. When the shared store is down it fails closed (503).
 *
 * @example
 * const guard = createBruteForceGuard({ failuresPerPair: 5 });
 * await guard.before({ account: email, ip, requestId });   // throws 429 when locked
 * ok ? await guard.succeeded(attempt) : await guard.failed(attempt);
 */
export function createBruteForceGuard(options: BruteForceOptions): BruteForceGuard {
  const windowMs = options.windowMs ?? 60_000;
  const ip = options.ip ?? { limit: 30 };
  const account = options.account ?? { limit: 100, periodMs: 3_600_000 };
  for (const [name, value] of [
    ['failuresPerPair', options.failuresPerPair],
    ['ip.limit', ip.limit],
    ['account.limit', account.limit],
  ] as const) {
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`brute-force guard: ${name} must be a positive integer`);
  }
  const ipPeriodMs = ip.periodMs ?? 60_000;
  const accountPeriodMs = account.periodMs ?? 3_600_000;
  const params: GuardParams = Object.freeze({
    windowMs,
    pairMax: options.failuresPerPair,
    ipIntervalMs: ipPeriodMs / ip.limit,
    ipPeriodMs,
    accountIntervalMs: accountPeriodMs / account.limit,
    accountPeriodMs,
    knownGoodMs: options.knownGoodMs ?? 30 * 86_400_000,
    markerTtlMs: Math.max(windowMs, ipPeriodMs, accountPeriodMs) * 2,
  });
  const baseMs = options.delay?.baseMs ?? 250;
  const maxMs = options.delay?.maxMs ?? 5_000;
  const freePair = options.delay?.freePair ?? 1;
  const freeIp = options.delay?.freeIp ?? 5;
  const store = options.store ?? new MemoryBruteForceStore();
  const wait = options.sleep ?? ((ms: number) => sleep(ms).then(() => undefined));
  const retryAfter = String(options.outageRetryAfterSeconds ?? 5);

  function unavailable(cause?: unknown): RampartError {
    if (cause !== undefined) options.onStoreError?.(cause);
    return new RampartError('UNAVAILABLE', {
      headers: { 'retry-after': retryAfter },
      internal: 'brute-force store unavailable: credential checks fail closed',
    });
  }

  async function call<T>(operation: () => T | Promise<T>): Promise<T> {
    if (!store.available()) throw unavailable();
    try {
      return await operation();
    } catch (error) {
      throw unavailable(error);
    }
  }

  return {
    store,
    params,
    async before(attempt) {
      const keys = guardKeys(attempt);
      const result = await call(() => store.reserve(keys, params));
      for (const scope of result.released) options.onRelease?.(attempt, scope);
      if (!result.admitted) {
        const seconds = String(Math.max(1, Math.ceil(result.retryMs / 1000)));
        throw new RampartError('RATE_LIMITED', {
          headers: { 'retry-after': seconds },
          internal: 'credential attempts locked out',
        });
      }
      const excess = Math.max(result.pairFailures - freePair, result.ipFailures - freeIp);
      const delayMs = progressiveDelayMs(excess, baseMs, maxMs);
      if (delayMs > 0) await wait(delayMs);
    },
    async failed(attempt) {
      const lockouts = await call(() => store.lockouts(guardKeys(attempt), params));
      for (const lockout of lockouts) options.onLockout?.(attempt, lockout);
    },
    async succeeded(attempt) {
      const released = await call(() => store.reset(guardKeys(attempt), params));
      for (const scope of released) options.onRelease?.(attempt, scope);
    },
  };
}

/** The delay `before` applies after `n` excess failures (exported for docs and tests). */
export function progressiveDelayMs(excess: number, baseMs = 250, maxMs = 5_000): number {
  return excess <= 0 ? 0 : Math.min(maxMs, baseMs * 2 ** (excess - 1));
}

/**
 * Accounts are hashed: Redis and memory never hold e-mail addresses, and a 10 kB "email"
 * cannot make a 10 kB key. Case and surrounding space do not buy a fresh budget.
 */
function guardKeys(attempt: CredentialAttempt): GuardKeys {
  const account = createHash('sha256')
    .update(attempt.account.trim().toLowerCase())
    .digest('base64url')
    .slice(0, 22);
  const client = ipKey(attempt.ip);
  return {
    pair: `bf:p:${account}:${client}`,
    ip: `bf:i:${client}`,
    account: `bf:a:${account}`,
    known: `bf:k:${account}:${client}`,
    markPair: `bf:l:p:${account}:${client}`,
    markIp: `bf:l:i:${client}`,
    markAccount: `bf:l:a:${account}`,
  };
}
