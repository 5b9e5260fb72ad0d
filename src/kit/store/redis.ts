import { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

/**
 * One Redis connection for shared limits, lockouts, revocations and caches. It never
 * queues commands while disconnected (callers apply their outage policy at once) and
 * reconnects by itself with capped backoff.
 */
export function createRedis(url: string, options: { readonly keyPrefix?: string } = {}): Redis {
  const redis = new Redis(url, {
    keyPrefix: options.keyPrefix ?? 'rampart:',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    lazyConnect: false,
  });
  // Errors are reported through readiness and events; an unhandled 'error' would crash.
  redis.on('error', () => undefined);
  return redis;
}
