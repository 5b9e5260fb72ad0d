import type { Redis } from 'ioredis';
import type { RevocationFeed } from './revocation-feed.js';

export interface RedisRevocationFeedOptions {
  /** How often to read the shared log (default 200 ms: revocations land within ~0.3 s). */
  readonly pollMs?: number;
  /** The feed counts as stale after this long without a good poll (default 1000 ms). */
  readonly staleAfterMs?: number;
  /** Log length kept in Redis; older entries are covered by the database at startup. */
  readonly maxEntries?: number;
}

// INCR a sequence and log the session under it, atomically; trim the log by rank.
const PUBLISH = `
local seq = redis.call('INCR', KEYS[1])
for i = 1, #ARGV - 1 do redis.call('ZADD', KEYS[2], seq, ARGV[i]) end
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[#ARGV]) + 1))
return seq`;

/**
 * Revocations shared through Redis: a sequence number plus a sorted-set log scored by it.
 * Every instance polls `ZRANGEBYSCORE log (lastSeq +inf`; sequence numbers (not clocks)
 * order the log, so clock skew between instances cannot hide an entry. Missed polls
 * during an outage are caught up on reconnect; while stale, `isFresh()` is false and the
 * caller re-checks the database (fail safe, not open).
 */
export async function createRedisRevocationFeed(
  redis: Redis,
  options: RedisRevocationFeedOptions = {},
): Promise<RevocationFeed> {
  const pollMs = options.pollMs ?? 200;
  const staleAfterMs = options.staleAfterMs ?? 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const seqKey = 'revocations:seq';
  const logKey = 'revocations:log';
  const listeners: ((ids: readonly string[]) => void)[] = [];
  let lastSeq = 0;
  let lastGoodPoll = 0;
  let polling = false;
  try {
    lastSeq = Number((await redis.get(seqKey)) ?? '0');
    lastGoodPoll = Date.now();
  } catch {
    lastGoodPoll = 0; // starts stale; the poller catches up once Redis answers
  }

  async function poll(): Promise<void> {
    if (polling) return;
    polling = true;
    try {
      const rows = await redis.zrangebyscore(logKey, `(${lastSeq}`, '+inf', 'WITHSCORES');
      const ids: string[] = [];
      for (let i = 0; i + 1 < rows.length; i += 2) {
        ids.push(rows[i] as string);
        lastSeq = Math.max(lastSeq, Number(rows[i + 1]));
      }
      lastGoodPoll = Date.now();
      if (ids.length > 0) for (const listener of listeners) listener(ids);
    } catch {
      // stays stale; isFresh() reports it
    } finally {
      polling = false;
    }
  }

  const timer = setInterval(() => void poll(), pollMs);
  timer.unref();
  return {
    async publish(sessionIds) {
      if (sessionIds.length === 0) return;
      await redis.eval(PUBLISH, 2, seqKey, logKey, ...sessionIds, String(maxEntries));
      await poll();
    },
    subscribe(listener) {
      listeners.push(listener);
    },
    isFresh: (nowMs = Date.now()) => nowMs - lastGoodPoll <= staleAfterMs,
    close() {
      clearInterval(timer);
      return Promise.resolve();
    },
  };
}
