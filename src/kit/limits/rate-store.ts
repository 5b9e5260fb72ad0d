/** One level of one request, as a store sees it. */
export interface LevelSpec {
  /** Store key, e.g. `rl:i:203.0.113.7`. */
  readonly key: string;
  /** Milliseconds between two admissions at the sustained rate (`periodMs / limit`). */
  readonly intervalMs: number;
  readonly periodMs: number;
  /** Report-only: evaluated and reported, never blocks. */
  readonly shadow: boolean;
}

/** What a store decided, for every level of the request in one call. */
export interface RateOutcome {
  /** The store's clock (ms since the epoch): the Redis server's for the shared store. */
  readonly now: number;
  /** False when an enforced level refused; then no level consumed anything. */
  readonly admitted: boolean;
  /** Per level: the TAT after the decision (`now` or less when the key is idle). */
  readonly tats: readonly number[];
  /** Per level: whether that level alone would have admitted the request. */
  readonly oks: readonly boolean[];
}

/**
 * Counter store of the rate limiter: evaluates all levels of a request atomically and
 * consumes from all of them only if every enforced level admits. The in-process store
 * answers synchronously so the hot path allocates no promise.
 */
export interface RateStore {
  readonly kind: 'memory' | 'redis';
  consume(levels: readonly LevelSpec[]): RateOutcome | Promise<RateOutcome>;
  /** False while a shared store is unreachable: the limiter applies its outage policy. */
  available(): boolean;
}
