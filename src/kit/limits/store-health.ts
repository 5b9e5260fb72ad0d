import type { Redis } from 'ioredis';

export interface StoreHealthListener {
  /** The connection was lost (reported once per outage). */
  onDown(): void;
  /** The connection is ready again after an outage. */
  onUp(): void;
}

/**
 * Turns the Redis client's connection events into one `down`/`up` transition per outage
 * (ioredis emits `error`/`close` on every failed reconnect attempt). The client reconnects
 * by itself; this only reports. Returns a function that stops watching.
 */
export function watchStoreHealth(redis: Redis, listener: StoreHealthListener): () => void {
  let down = false;
  const lost = () => {
    if (down) return;
    down = true;
    listener.onDown();
  };
  const ready = () => {
    if (!down) return;
    down = false;
    listener.onUp();
  };
  redis.on('close', lost);
  redis.on('end', lost);
  redis.on('ready', ready);
  return () => {
    redis.off('close', lost);
    redis.off('end', lost);
    redis.off('ready', ready);
  };
}
