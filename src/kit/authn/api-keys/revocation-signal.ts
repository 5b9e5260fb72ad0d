import type { Redis } from 'ioredis';

/**
 * A revocation epoch shared by every instance: a number that moves whenever a key is
 * revoked or rotated, or a key owner's rights change. Caches compare it on every read,
 * which is a local variable read: no network round trip on the hot path.
 */
export interface RevocationSignal {
  /** The current epoch, or undefined when it cannot be known (then caches are bypassed). */
  current(): number | undefined;
  /** Moves the epoch everywhere. Resolves once the shared store acknowledged it. */
  bump(): Promise<void>;
  close(): Promise<void>;
}

/** One process (no `REDIS_URL`): the epoch is a counter in memory. */
export function createMemoryRevocationSignal(): RevocationSignal {
  let epoch = 0;
  return {
    current: () => epoch,
    bump() {
      epoch++;
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

export interface RedisRevocationSignalOptions {
  /** Redis key of the epoch (the client's keyPrefix applies). Default `apikeys:epoch`. */
  readonly key?: string;
  /** How often the epoch is read, in ms. Default 250: revocation lands within ~0.25 s. */
  readonly pollMs?: number;
  /** A value older than this (ms without a successful read) counts as unknown. Default 1,000. */
  readonly staleAfterMs?: number;
  readonly now?: () => number;
}

/**
 * Several instances (`REDIS_URL`): the epoch is an INCR counter in Redis, read by each
 * instance every `pollMs` in the background. A poll is one GET per instance, not per
 * request. If Redis cannot be read for `staleAfterMs`, `current()` answers undefined and
 * caches go to the database for every request until it is back (fail safe, not fast).
 * Polling rather than pub/sub: a missed message cannot leave a revoked key cached.
 */
export function createRedisRevocationSignal(
  redis: Redis,
  options: RedisRevocationSignalOptions = {},
): RevocationSignal & { ready(): Promise<void> } {
  const key = options.key ?? 'apikeys:epoch';
  const pollMs = options.pollMs ?? 250;
  const staleAfterMs = options.staleAfterMs ?? 1000;
  const now = options.now ?? Date.now;
  let epoch: number | undefined;
  let readAt = 0;
  let closed = false;
  // A poll that started before our own bump must not put the older epoch back.
  let generation = 0;
  const poll = async (): Promise<void> => {
    const started = generation;
    try {
      const value = await redis.get(key);
      if (started !== generation) return;
      epoch = value === null ? 0 : Number(value);
      readAt = now();
    } catch {
      // Keep the last value until it is stale; current() then reports unknown.
    }
  };
  let first = poll();
  const timer = setInterval(() => {
    if (!closed) first = poll();
  }, pollMs);
  timer.unref();
  return {
    current() {
      if (epoch === undefined || now() - readAt > staleAfterMs) return undefined;
      return epoch;
    },
    async bump() {
      generation++;
      const value = await redis.incr(key);
      generation++;
      // This instance learns at once; the others at their next poll.
      epoch = value;
      readAt = now();
    },
    /** Resolves after the first successful read, or after 2 s (caches stay bypassed). */
    async ready() {
      await first;
      const deadline = now() + 2000;
      while (epoch === undefined && !closed && now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await poll();
      }
    },
    close() {
      closed = true;
      clearInterval(timer);
      return Promise.resolve();
    },
  };
}
