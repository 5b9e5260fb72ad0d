export type { CredentialGuard, CredentialAttempt } from './credential-guard.js';
export { ipKey } from './ip-key.js';
export { gcraStep, gcraRemaining } from './gcra.js';
export type { LevelSpec, RateOutcome, RateStore } from './rate-store.js';
export { MemoryRateStore, type MemoryRateStoreOptions } from './memory-rate-store.js';
export { RedisRateStore } from './redis-rate-store.js';
export {
  RATE_LEVEL_NAMES,
  compilePolicy,
  type RateLevelName,
  type RatePolicy,
  type LevelLimit,
} from './rate-policy.js';
export {
  createRateLimiter,
  OUTAGE_POLICIES,
  type OutagePolicy,
  type RateLimiter,
  type RateLimiterOptions,
  type RateExceeded,
} from './rate-limiter.js';
export type {
  BruteForceStore,
  GuardKeys,
  GuardParams,
  LockScope,
  Lockout,
  ReserveResult,
} from './brute-force-store.js';
export { MemoryBruteForceStore } from './memory-brute-force-store.js';
export { RedisBruteForceStore } from './redis-brute-force-store.js';
export {
  createBruteForceGuard,
  progressiveDelayMs,
  type BruteForceGuard,
  type BruteForceOptions,
} from './brute-force-guard.js';
export { watchStoreHealth, type StoreHealthListener } from './store-health.js';
export { EventThrottle } from './event-throttle.js';
