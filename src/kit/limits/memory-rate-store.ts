import { gcraStep } from './gcra.js';
import type { LevelSpec, RateOutcome, RateStore } from './rate-store.js';

export interface MemoryRateStoreOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock?: () => number;
  /**
   * Hard cap on stored keys; beyond it the oldest-inserted keys are dropped (their
   * clients get a fresh budget). Sweeping keeps the live set far below it in practice.
   */
  readonly maxKeys?: number;
  /** Keys examined for expiry per `consume` call (incremental sweep, no timers). */
  readonly sweepPerCall?: number;
}

/**
 * The in-process GCRA store: one number (the TAT) per key in a Map. Expired keys are swept
 * incrementally, a few per call, by a cursor that walks the Map: there is no timer per
 * key and no stop-the-world pass, and the Map stays within about twice the live key set.
 */
export class MemoryRateStore implements RateStore {
  readonly kind = 'memory';
  readonly #tats = new Map<string, number>();
  readonly #clock: () => number;
  readonly #maxKeys: number;
  readonly #sweepPerCall: number;
  #cursor: MapIterator<[string, number]> | undefined;

  constructor(options: MemoryRateStoreOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#maxKeys = options.maxKeys ?? 2_000_000;
    this.#sweepPerCall = options.sweepPerCall ?? 2;
    if (!(this.#maxKeys >= 1)) throw new Error('MemoryRateStore: maxKeys must be at least 1');
  }

  /** Number of keys currently held (for measurements and tests). */
  get size(): number {
    return this.#tats.size;
  }

  available(): boolean {
    return true;
  }

  consume(levels: readonly LevelSpec[]): RateOutcome {
    const now = this.#clock();
    this.#sweep(now);
    const n = levels.length;
    const tats: number[] = new Array<number>(n);
    const next: number[] = new Array<number>(n);
    const oks: boolean[] = new Array<boolean>(n);
    let admitted = true;
    for (let i = 0; i < n; i++) {
      const level = levels[i] as LevelSpec;
      const stored = this.#tats.get(level.key);
      const step = gcraStep(stored, now, level.intervalMs, level.periodMs);
      tats[i] = stored ?? now;
      next[i] = step.nextTat;
      oks[i] = step.ok;
      if (!step.ok && !level.shadow) admitted = false;
    }
    if (admitted) {
      for (let i = 0; i < n; i++) {
        if (oks[i] === true) {
          const level = levels[i] as LevelSpec;
          const tat = next[i] as number;
          if (!this.#tats.has(level.key) && this.#tats.size >= this.#maxKeys) this.#evictOne();
          this.#tats.set(level.key, tat);
          tats[i] = tat;
        }
      }
    }
    return { now, admitted, tats, oks };
  }

  /** Drops every key whose TAT has passed (a full pass; the incremental sweep usually suffices). */
  sweepAll(): void {
    const now = this.#clock();
    for (const [key, tat] of this.#tats) if (tat <= now) this.#tats.delete(key);
  }

  #sweep(now: number): void {
    if (this.#tats.size === 0) return;
    for (let i = 0; i < this.#sweepPerCall; i++) {
      this.#cursor ??= this.#tats.entries();
      const entry = this.#cursor.next();
      if (entry.done === true) {
        this.#cursor = undefined;
        return;
      }
      if (entry.value[1] <= now) this.#tats.delete(entry.value[0]);
    }
  }

  #evictOne(): void {
    const oldest = this.#tats.keys().next();
    if (oldest.done !== true) this.#tats.delete(oldest.value);
  }
}
