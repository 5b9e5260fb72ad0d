import { gcraAdmits, gcraNextTat } from './gcra.js';
import type { LevelSpec, RateOutcome, RateStore } from './rate-store.js';

export interface MemoryRateStoreOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock?: () => number;
  /**
   * Hard cap on keys of the current generation; reaching it starts a new generation early
   * (clients last seen two generations ago get a fresh budget).
   */
  readonly maxKeys?: number;
}

/**
 * The in-process GCRA store: one number (the TAT) per key in a Map. Expiry is by
 * generations, not by scanning: keys live in `current`; once per longest period the maps
 * rotate (`previous = current`, `current = new Map()`), and a key untouched for a whole
 * generation is dropped with its map. A TAT is never more than one period ahead of its
 * last write, so a dropped key had expired anyway. No timers, no per-key work, and the
 * store holds at most the keys seen in the last two periods.
 */
export class MemoryRateStore implements RateStore {
  readonly kind = 'memory';
  #current = new Map<string, number>();
  #previous = new Map<string, number>();
  #rotatedAt = Number.NEGATIVE_INFINITY;
  #generationMs = 0;
  readonly #clock: () => number;
  readonly #maxKeys: number;

  constructor(options: MemoryRateStoreOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#maxKeys = options.maxKeys ?? 2_000_000;
    if (!(this.#maxKeys >= 1)) throw new Error('MemoryRateStore: maxKeys must be at least 1');
  }

  /** Number of keys currently held (for measurements and tests). */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  available(): boolean {
    return true;
  }

  consume(levels: readonly LevelSpec[]): RateOutcome {
    const now = this.#clock();
    const n = levels.length;
    for (let i = 0; i < n; i++) {
      const period = (levels[i] as LevelSpec).periodMs;
      if (period > this.#generationMs) this.#generationMs = period;
    }
    if (now - this.#rotatedAt >= this.#generationMs || this.#current.size >= this.#maxKeys) {
      this.#previous = this.#current;
      this.#current = new Map();
      this.#rotatedAt = now;
    }
    const tats: number[] = new Array<number>(n);
    const next: number[] = new Array<number>(n);
    const oks: boolean[] = new Array<boolean>(n);
    // Bit i: level i's TAT was read from the previous generation (it moves on write).
    let fromPrevious = 0;
    let admitted = true;
    for (let i = 0; i < n; i++) {
      const level = levels[i] as LevelSpec;
      let stored = this.#current.get(level.key);
      if (stored === undefined) {
        stored = this.#previous.get(level.key);
        if (stored !== undefined) fromPrevious |= 1 << i;
      }
      const nextTat = gcraNextTat(stored, now, level.intervalMs);
      const ok = gcraAdmits(nextTat, now, level.periodMs);
      tats[i] = stored ?? now;
      next[i] = nextTat;
      oks[i] = ok;
      if (!ok && !level.shadow) admitted = false;
    }
    if (admitted) {
      for (let i = 0; i < n; i++) {
        if (oks[i] === true) {
          const key = (levels[i] as LevelSpec).key;
          const tat = next[i] as number;
          this.#current.set(key, tat);
          // A key lives in one generation at a time; one found in `current` is not in
          // `previous`, so only a key read from there needs deleting.
          if ((fromPrevious & (1 << i)) !== 0) this.#previous.delete(key);
          tats[i] = tat;
        }
      }
    }
    return { now, admitted, tats, oks };
  }
}
