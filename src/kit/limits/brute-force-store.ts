/** Scope of a lockout: the account from one IP, one IP across accounts, or the account. */
export type LockScope = 'account_ip' | 'ip' | 'account';

/** Store keys of one credential attempt (the account is hashed, the IP keyed by /64). */
export interface GuardKeys {
  /** Sliding log of recent failures of this account from this IP. */
  readonly pair: string;
  /** GCRA TAT of failures from this IP, across accounts. */
  readonly ip: string;
  /** GCRA TAT of failures of this account, from every IP (the slow, high tier). */
  readonly account: string;
  /** Present while this account recently succeeded from this IP: exempt from the account tier. */
  readonly known: string;
  readonly markPair: string;
  readonly markIp: string;
  readonly markAccount: string;
}

/** The guard's limits, in milliseconds, compiled once. */
export interface GuardParams {
  readonly windowMs: number;
  readonly pairMax: number;
  readonly ipIntervalMs: number;
  readonly ipPeriodMs: number;
  readonly accountIntervalMs: number;
  readonly accountPeriodMs: number;
  readonly knownGoodMs: number;
  /** How long a lockout marker (used to report the release) is kept at most. */
  readonly markerTtlMs: number;
}

export interface ReserveResult {
  /** False: refused; nothing was recorded. */
  readonly admitted: boolean;
  /** Refused: milliseconds until an attempt would be admitted. */
  readonly retryMs: number;
  /** Failures of the pair within the window, before this attempt. */
  readonly pairFailures: number;
  /** Failures charged to the IP tier (decaying), before this attempt. */
  readonly ipFailures: number;
  /** Lockouts that this admitted attempt found expired. */
  readonly released: readonly LockScope[];
}

export interface Lockout {
  readonly scope: LockScope;
  readonly seconds: number;
}

/**
 * State of the brute-force guard. `reserve` checks every tier and, when all admit, charges
 * the attempt as a failure at once (so parallel attempts cannot all slip through before
 * the first failure is recorded); `reset` undoes the charge on success.
 */
export interface BruteForceStore {
  readonly kind: 'memory' | 'redis';
  available(): boolean;
  reserve(keys: GuardKeys, params: GuardParams): ReserveResult | Promise<ReserveResult>;
  /** After a failure: the lockouts that this failure started (each reported once). */
  lockouts(keys: GuardKeys, params: GuardParams): Lockout[] | Promise<Lockout[]>;
  /** After a success: clears the pair, refunds the tiers, marks the pair known-good. */
  reset(keys: GuardKeys, params: GuardParams): LockScope[] | Promise<LockScope[]>;
}
