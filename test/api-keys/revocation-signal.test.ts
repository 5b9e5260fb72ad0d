import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisRevocationSignal } from '../../src/kit/index.js';

/** A stand-in for the two Redis commands the signal uses; `down` makes them fail. */
function fakeRedis() {
  const state = { value: 0, down: false };
  const redis = {
    get: () =>
      state.down
        ? Promise.reject(new Error('connection lost'))
        : Promise.resolve(String(state.value)),
    incr: () =>
      state.down ? Promise.reject(new Error('connection lost')) : Promise.resolve(++state.value),
  };
  return { state, redis: redis as unknown as Redis };
}

describe('Redis revocation epoch', () => {
  it('learns another instance’s bump at its next poll, its own at once', async () => {
    const { state, redis } = fakeRedis();
    const signal = createRedisRevocationSignal(redis, { pollMs: 20 });
    await signal.ready();
    expect(signal.current()).toBe(0);
    await signal.bump();
    expect(signal.current()).toBe(1);
    state.value = 7; // another instance revoked something
    await expect.poll(() => signal.current(), { timeout: 500, interval: 10 }).toBe(7);
    await signal.close();
  });

  it('reports an unknown epoch once Redis has been unreadable for staleAfterMs (fail safe)', async () => {
    let now = 0;
    const { state, redis } = fakeRedis();
    const signal = createRedisRevocationSignal(redis, {
      pollMs: 10,
      staleAfterMs: 100,
      now: () => now,
    });
    await signal.ready();
    expect(signal.current()).toBe(0);
    state.down = true;
    now = 101;
    expect(signal.current()).toBeUndefined();
    await expect(signal.bump()).rejects.toThrow('connection lost');
    state.down = false;
    await expect.poll(() => signal.current(), { timeout: 500, interval: 10 }).toBe(0);
    await signal.close();
  });
});
