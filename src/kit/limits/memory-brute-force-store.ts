import type {
  BruteForceStore,
  GuardKeys,
  GuardParams,
  LockScope,
  Lockout,
  ReserveResult,
} from './brute-force-store.js';

interface Entry<V> {
  value: V;
  expires: number;
}

/**
 * A Map whose entries expire, dropped by generations (see MemoryRateStore): entries live
 * in `current`, the maps rotate every `generationMs`, and an entry not written for a whole
 * generation goes with its map. Correct for TTLs up to `generationMs`; longer ones (the
 * known-good flag) are simply forgotten earlier, which only makes the guard stricter.
 */
class ExpiringMap<V> {
  #current = new Map<string, Entry<V>>();
  #previous = new Map<string, Entry<V>>();
  #rotatedAt = Number.NEGATIVE_INFINITY;
  readonly #generationMs: number;

  constructor(generationMs: number) {
    this.#generationMs = generationMs;
  }

  get(key: string, now: number): V | undefined {
    this.#rotate(now);
    const entry = this.#current.get(key) ?? this.#previous.get(key);
    return entry === undefined || entry.expires <= now ? undefined : entry.value;
  }

  set(key: string, value: V, expires: number, now: number): void {
    this.#rotate(now);
    this.#previous.delete(key);
    this.#current.set(key, { value, expires });
  }

  delete(key: string): boolean {
    const a = this.#current.delete(key);
    const b = this.#previous.delete(key);
    return a || b;
  }

  #rotate(now: number): void {
    if (now - this.#rotatedAt < this.#generationMs) return;
    this.#previous = this.#current;
    this.#current = new Map();
    this.#rotatedAt = now;
  }
}

/** In-process brute-force state; the same rules as the Redis scripts, for one instance. */
export class MemoryBruteForceStore implements BruteForceStore {
  readonly kind = 'memory';
  readonly #clock: () => number;
  readonly #logs: ExpiringMap<number[]>;
  readonly #tats: ExpiringMap<number>;
  readonly #flags: ExpiringMap<true>;
  readonly #known: ExpiringMap<true>;

  /**
   * `generationMs` must cover the longest window, IP and account period and lockout
   * marker (default 2 h for the 1 h account tier); `knownGenerationMs` bounds how long an
   * idle known-good pair is remembered in process (default 7 days; Redis keeps 30).
   */
  constructor(
    options: {
      readonly clock?: () => number;
      readonly generationMs?: number;
      readonly knownGenerationMs?: number;
    } = {},
  ) {
    this.#clock = options.clock ?? Date.now;
    const generation = options.generationMs ?? 2 * 3_600_000;
    this.#logs = new ExpiringMap(generation);
    this.#tats = new ExpiringMap(generation);
    this.#flags = new ExpiringMap(generation * 2);
    this.#known = new ExpiringMap(options.knownGenerationMs ?? 7 * 86_400_000);
  }

  available(): boolean {
    return true;
  }

  reserve(keys: GuardKeys, params: GuardParams): ReserveResult {
    const now = this.#clock();
    const live = this.#live(keys.pair, now, params.windowMs);
    let retryMs = 0;
    if (live.length >= params.pairMax) {
      retryMs = (live[live.length - params.pairMax] ?? now) + params.windowMs - now;
    }
    const ipTat = Math.max(this.#tats.get(keys.ip, now) ?? now, now);
    retryMs = Math.max(retryMs, ipTat + params.ipIntervalMs - params.ipPeriodMs - now);
    const known = this.#known.get(keys.known, now) === true;
    const accountTat = Math.max(this.#tats.get(keys.account, now) ?? now, now);
    if (!known) {
      retryMs = Math.max(
        retryMs,
        accountTat + params.accountIntervalMs - params.accountPeriodMs - now,
      );
    }
    const ipFailures = Math.ceil((ipTat - now) / params.ipIntervalMs - 1e-9);
    if (retryMs > 1e-6) {
      return { admitted: false, retryMs, pairFailures: live.length, ipFailures, released: [] };
    }
    live.push(now);
    if (live.length > params.pairMax) live.splice(0, live.length - params.pairMax);
    this.#logs.set(keys.pair, live, now + params.windowMs, now);
    const ipNext = ipTat + params.ipIntervalMs;
    this.#tats.set(keys.ip, ipNext, ipNext, now);
    const accountNext = accountTat + params.accountIntervalMs;
    this.#tats.set(keys.account, accountNext, accountNext, now);
    // A lockout is over once its tier has fully recovered; a trickle of attempts admitted
    // during a sustained attack keeps it one lockout (one event pair), not hundreds.
    const released: LockScope[] = [];
    if (live.length === 1 && this.#flags.delete(keys.markPair)) released.push('account_ip');
    if (ipTat <= now && this.#flags.delete(keys.markIp)) released.push('ip');
    if (!known && accountTat <= now && this.#flags.delete(keys.markAccount))
      released.push('account');
    return { admitted: true, retryMs: 0, pairFailures: live.length - 1, ipFailures, released };
  }

  lockouts(keys: GuardKeys, params: GuardParams): Lockout[] {
    const now = this.#clock();
    const started: Lockout[] = [];
    const live = this.#live(keys.pair, now, params.windowMs);
    if (live.length >= params.pairMax) {
      const waitMs = (live[live.length - params.pairMax] ?? now) + params.windowMs - now;
      this.#mark(keys.markPair, 'account_ip', waitMs, now, params, started);
    }
    const ipTat = this.#tats.get(keys.ip, now);
    if (ipTat !== undefined) {
      const waitMs = ipTat + params.ipIntervalMs - params.ipPeriodMs - now;
      this.#mark(keys.markIp, 'ip', waitMs, now, params, started);
    }
    const accountTat = this.#tats.get(keys.account, now);
    if (accountTat !== undefined) {
      const waitMs = accountTat + params.accountIntervalMs - params.accountPeriodMs - now;
      this.#mark(keys.markAccount, 'account', waitMs, now, params, started);
    }
    return started;
  }

  reset(keys: GuardKeys, params: GuardParams): LockScope[] {
    const now = this.#clock();
    this.#logs.delete(keys.pair);
    for (const [key, interval] of [
      [keys.ip, params.ipIntervalMs],
      [keys.account, params.accountIntervalMs],
    ] as const) {
      const tat = this.#tats.get(key, now);
      if (tat !== undefined) this.#tats.set(key, tat - interval, tat - interval, now);
    }
    this.#known.set(keys.known, true, now + params.knownGoodMs, now);
    return this.#flags.delete(keys.markPair) ? ['account_ip'] : [];
  }

  #live(key: string, now: number, windowMs: number): number[] {
    const log = this.#logs.get(key, now) ?? [];
    return log.filter((t) => t > now - windowMs);
  }

  #mark(
    key: string,
    scope: LockScope,
    waitMs: number,
    now: number,
    params: GuardParams,
    started: Lockout[],
  ): void {
    if (waitMs <= 1e-6 || this.#flags.get(key, now) === true) return;
    this.#flags.set(key, true, now + params.markerTtlMs, now);
    started.push({ scope, seconds: Math.ceil(waitMs / 1000) });
  }
}
