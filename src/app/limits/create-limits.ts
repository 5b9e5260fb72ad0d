import {
  MemoryBruteForceStore,
  MemoryRateStore,
  RedisBruteForceStore,
  RedisRateStore,
  createBruteForceGuard,
  createRateLimiter,
  createRedis,
  watchStoreHealth,
  type BruteForceGuard,
  type Config,
  type Logger,
  type RateLimiter,
  type Redis,
  type SecurityEvents,
} from '../../kit/index.js';

/** Abuse protection of the reference app: request limiter, brute-force guard, their store. */
export interface AppLimits {
  readonly limiter: RateLimiter;
  readonly credentialGuard: BruteForceGuard;
  /** Readiness entry for the shared store; undefined when limits are in-process. */
  redisState(): 'ok' | 'degraded' | 'down' | undefined;
  close(): Promise<void>;
}

export interface LimitsOptions {
  /** Redis key prefix (tests isolate themselves); default `rampart:`. */
  readonly redisKeyPrefix?: string;
  /** In-process clock, injectable for tests. */
  readonly clock?: () => number;
  /** How the progressive delay is waited (tests record it instead). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Builds the limits from configuration: in-process stores by default, Redis (one atomic
 * script per request) when REDIS_URL is set. Exceeded limits, lockouts and store outages
 * become security events; the Redis client reconnects by itself.
 */
export function createAppLimits(
  config: Config,
  events: SecurityEvents,
  logger: Logger,
  options: LimitsOptions = {},
): AppLimits {
  const { limits } = config;
  const clock = options.clock === undefined ? {} : { clock: options.clock };
  let redis: Redis | undefined;
  let stopWatching: (() => void) | undefined;
  if (config.redisUrl !== undefined) {
    redis = createRedis(config.redisUrl, { keyPrefix: options.redisKeyPrefix ?? 'rampart:' });
    stopWatching = watchStoreHealth(redis, {
      onDown() {
        logger.warn({ store: 'redis' }, 'limits store unavailable: applying outage policy');
        void events.record('store.unavailable', {}, { store: 'redis' });
      },
      onUp() {
        logger.info({ store: 'redis' }, 'limits store recovered');
        void events.record('store.recovered', {}, { store: 'redis' });
      },
    });
  }
  const onStoreError = (error: unknown) =>
    logger.warn({ err: error, store: 'redis' }, 'limits store call failed');
  const limiter = createRateLimiter({
    policy: {
      global: { limit: limits.globalPerMinute },
      ip: { limit: limits.ipPerMinute },
      principal: { limit: limits.principalPerMinute },
      authIp: { limit: limits.authIpPerMinute },
      shadow: limits.shadow,
    },
    store: redis === undefined ? new MemoryRateStore(clock) : new RedisRateStore(redis),
    fallback: new MemoryRateStore(clock),
    outage: limits.redisOutage,
    onStoreError,
    onExceeded(event) {
      void events.record(
        'rate_limit.exceeded',
        {
          organizationId: event.principal?.organizationId,
          principalId: event.principal?.id,
          ip: event.ip,
          requestId: event.requestId,
        },
        { level: event.shadow ? `${event.level}:shadow` : event.level, route: event.routeId },
      );
    },
  });
  const credentialGuard = createBruteForceGuard({
    failuresPerPair: limits.loginFailuresPerMinute,
    ip: { limit: limits.loginIpFailuresPerMinute },
    account: { limit: limits.accountFailuresPerHour, periodMs: 3_600_000 },
    delay: { baseMs: limits.loginDelayMs },
    store: redis === undefined ? new MemoryBruteForceStore(clock) : new RedisBruteForceStore(redis),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    onStoreError,
    onLockout(attempt, lockout) {
      void events.record(
        'auth.lockout.started',
        { ip: attempt.ip, requestId: attempt.requestId },
        { scope: lockout.scope, seconds: lockout.seconds },
      );
    },
    onRelease(attempt, scope) {
      void events.record(
        'auth.lockout.released',
        { ip: attempt.ip, requestId: attempt.requestId },
        { scope },
      );
    },
  });
  for (const level of limits.shadow)
    logger.warn({ level }, 'rate limit level in shadow mode: reported, not enforced');
  return {
    limiter,
    credentialGuard,
    redisState: () => (redis === undefined ? undefined : limiter.storeState()),
    async close() {
      stopWatching?.();
      // quit() lets in-flight commands finish; disconnect() if the server is gone.
      if (redis !== undefined) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
