/**
 * Carries session revocations to every instance. The in-process feed delivers at once;
 * the Redis feed (see `createRedisRevocationFeed`) polls a shared log a few times a second.
 */
export interface RevocationFeed {
  publish(sessionIds: readonly string[]): Promise<void>;
  subscribe(listener: (sessionIds: readonly string[]) => void): void;
  /** False when the feed has not confirmed it is up to date in the last second. */
  isFresh(nowMs?: number): boolean;
  close(): Promise<void>;
}

/** Single-instance feed: revocations are delivered synchronously to this process. */
export function createMemoryRevocationFeed(): RevocationFeed {
  const listeners: ((ids: readonly string[]) => void)[] = [];
  return {
    publish(sessionIds) {
      for (const listener of listeners) listener(sessionIds);
      return Promise.resolve();
    },
    subscribe(listener) {
      listeners.push(listener);
    },
    isFresh: () => true,
    close: () => Promise.resolve(),
  };
}
