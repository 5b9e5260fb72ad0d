import { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

/**
 * One Redis connection for shared limits, lockouts, revocations and caches. It never
 * queues commands while disconnected (callers apply their outage policy at once) and
 * reconnects by itself with capped backoff. Commands issued in the same event-loop turn
 * (the limiter checks of concurrent requests) leave in one write (auto-pipelining):
 * ~8 % less CPU per request on the Redis-limited public route in the benchmark. One
 * pipeline is in flight at a time, and a queued command's 1 s `commandTimeout` starts
 * when it is sent: against a stalled server the outage policy applies within ~2 s.
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
    enableAutoPipelining: true,
  });
  // Errors are reported through readiness and events; an unhandled 'error' would crash.
  redis.on('error', () => undefined);
  return redis;
}
