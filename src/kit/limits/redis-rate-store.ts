import type { Redis } from 'ioredis';
import { GCRA_SCRIPT } from './redis-scripts.js';
import type { LevelSpec, RateOutcome, RateStore } from './rate-store.js';

interface GcraCommand {
  rampartGcra(numberOfKeys: number, ...args: (string | number)[]): Promise<number[]>;
}

/**
 * The shared GCRA store: every level of a request in one atomic EVALSHA. While the
 * connection is not ready it reports itself unavailable at once (the Redis client keeps no
 * offline queue), so the limiter applies its outage policy without waiting for a timeout.
 */
export class RedisRateStore implements RateStore {
  readonly kind = 'redis';
  readonly #redis: Redis;
  readonly #command: GcraCommand;

  constructor(redis: Redis) {
    this.#redis = redis;
    redis.defineCommand('rampartGcra', { lua: GCRA_SCRIPT });
    // defineCommand adds the method at run time; this view of it is typed, not guessed.
    this.#command = redis as unknown as GcraCommand;
  }

  available(): boolean {
    return this.#redis.status === 'ready';
  }

  async consume(levels: readonly LevelSpec[]): Promise<RateOutcome> {
    const args: (string | number)[] = [];
    for (const level of levels) args.push(level.key);
    for (const level of levels) {
      args.push(Math.round(level.intervalMs * 1000), Math.round(level.periodMs * 1000));
      args.push(level.shadow ? '1' : '0');
    }
    const reply = await this.#command.rampartGcra(levels.length, ...args);
    const now = Number(reply[0]) / 1000;
    const tats: number[] = [];
    const oks: boolean[] = [];
    for (let i = 0; i < levels.length; i++) {
      tats.push(Number(reply[2 + i * 2]) / 1000);
      oks.push(Number(reply[3 + i * 2]) === 1);
    }
    return { now, admitted: Number(reply[1]) === 1, tats, oks };
  }
}
