import type { Redis } from 'ioredis';
import { GCRA_BATCH_SCRIPT } from './redis-scripts.js';
import type { LevelSpec, RateOutcome, RateStore } from './rate-store.js';

interface GcraBatchCommand {
  rampartGcraBatch(numberOfKeys: number, ...args: string[]): Promise<string>;
}

const COMMAND = 'rampartGcraBatch';

/** One request waiting for the next batch. */
interface Waiting {
  readonly levels: readonly LevelSpec[];
  readonly resolve: (outcome: RateOutcome) => void;
  readonly reject: (error: unknown) => void;
}

export interface RedisRateStoreOptions {
  /** Most requests decided by one script call; default 256. */
  readonly maxBatch?: number;
}

/**
 * The shared GCRA store. Every level of a request is decided atomically in Redis, and the
 * requests that arrive in one turn of the event loop share one EVALSHA: the script decides
 * them one after the other, in arrival order, exactly as separate calls would. Under load
 * a round trip, a command object and a reply parse per request (most of what a Redis
 * limiter costs the instance) become one per batch; a lone request waits for no timer,
 * only for the end of the current loop turn (`setImmediate`).
 *
 * While the connection is not ready it reports itself unavailable at once (the Redis
 * client keeps no offline queue), so the limiter applies its outage policy without waiting
 * for a timeout; a batch whose call fails fails each of its requests the same way.
 */
export class RedisRateStore implements RateStore {
  readonly kind = 'redis';
  readonly #redis: Redis;
  readonly #command: GcraBatchCommand;
  readonly #maxBatch: number;
  #waiting: Waiting[] = [];
  #scheduled = false;

  constructor(redis: Redis, options: RedisRateStoreOptions = {}) {
    this.#redis = redis;
    this.#maxBatch = options.maxBatch ?? 256;
    if (!(this.#maxBatch >= 1)) throw new Error('RedisRateStore: maxBatch must be at least 1');
    redis.defineCommand(COMMAND, { lua: GCRA_BATCH_SCRIPT });
    // The store batches by itself. ioredis's auto-pipelining (createRedis turns it on for
    // everything else) runs one pipeline at a time, so it would hold each batch until the
    // previous batch's reply is back: one batch in flight instead of several.
    // A new array: ioredis shares its default one between clients.
    const ignored = redis.options.autoPipeliningIgnoredCommands ?? [];
    if (!ignored.includes(COMMAND))
      redis.options.autoPipeliningIgnoredCommands = [...ignored, COMMAND];
    // defineCommand adds the method at run time; this view of it is typed, not guessed.
    this.#command = redis as unknown as GcraBatchCommand;
  }

  available(): boolean {
    return this.#redis.status === 'ready';
  }

  consume(levels: readonly LevelSpec[]): Promise<RateOutcome> {
    return new Promise<RateOutcome>((resolve, reject) => {
      this.#waiting.push({ levels, resolve, reject });
      if (this.#waiting.length >= this.#maxBatch) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#onTurnEnd);
      }
    });
  }

  readonly #onTurnEnd = (): void => {
    this.#scheduled = false;
    this.#flush();
  };

  #flush(): void {
    const batch = this.#waiting;
    if (batch.length === 0) return;
    this.#waiting = [];
    const keys: string[] = [];
    let numbers = '';
    for (const { levels } of batch) {
      numbers += numbers === '' ? `${levels.length}` : `,${levels.length}`;
      for (const level of levels) {
        keys.push(level.key);
        numbers += `,${Math.round(level.intervalMs * 1000)},${Math.round(level.periodMs * 1000)},${level.shadow ? 1 : 0}`;
      }
    }
    this.#command.rampartGcraBatch(keys.length, ...keys, numbers).then(
      (reply) => settle(batch, reply),
      (error: unknown) => {
        for (const waiting of batch) waiting.reject(error);
      },
    );
  }
}

/** Requests of a batch answered per event-loop turn (see `settle`). */
const SETTLE_CHUNK = 4;

/**
 * Hands each request of a batch its part of the script's reply (see GCRA_BATCH_SCRIPT), a
 * few per event-loop turn. Answering all of them at once finishes every waiting request in
 * one turn, and the requests their clients send next are only read after it: the instance
 * then idles while that next batch is at Redis (~25 % of the time in the benchmark).
 * Between chunks the loop reads new requests and sends them on, so the next batch's round
 * trip overlaps the rest of this one's work.
 */
function settle(batch: readonly Waiting[], reply: string): void {
  const values = reply.split(',');
  const now = Number(values[0]) / 1000;
  let at = 1;
  let next = 0;
  // One error per reply, so the limiter reports a bad key once, not once per request.
  let refused: Error | undefined;
  const step = (): void => {
    const end = Math.min(batch.length, next + SETTLE_CHUNK);
    for (; next < end; next++) {
      const { levels, resolve, reject } = batch[next] as Waiting;
      const flag = values[at];
      at += 1;
      if (flag === 'e') {
        at += levels.length * 2;
        reject(
          (refused ??= new Error(
            'rate-limit store: Redis refused a command on a key (e.g. WRONGTYPE)',
          )),
        );
        continue;
      }
      const tats: number[] = [];
      const oks: boolean[] = [];
      for (let i = 0; i < levels.length; i++) {
        tats.push(Number(values[at]) / 1000);
        oks.push(values[at + 1] === '1');
        at += 2;
      }
      resolve({ now, admitted: flag === '1', tats, oks });
    }
    if (next < batch.length) setImmediate(guarded);
  };
  // Whatever goes wrong while reading the reply, every request still gets an answer.
  const guarded = (): void => {
    try {
      step();
    } catch (error) {
      for (; next < batch.length; next++) (batch[next] as Waiting).reject(error);
    }
  };
  guarded();
}
