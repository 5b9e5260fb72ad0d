/** Writes a batch of last-used times: key id -> epoch ms. */
export type LastUsedWriter = (batch: ReadonlyMap<string, number>) => Promise<void>;

export interface LastUsedRecorderOptions {
  readonly write: LastUsedWriter;
  /** At most one write per key per this many ms. Default 60,000 (once a minute). */
  readonly intervalMs?: number;
  /** How often pending touches are flushed, in ms. Default 5,000. */
  readonly flushEveryMs?: number;
  /** Pending keys that trigger an early flush (bounds memory). Default 5,000. */
  readonly maxPending?: number;
  /** Called when a batch could not be written (logged by the caller; never thrown). */
  readonly onError?: (error: unknown) => void;
  readonly now?: () => number;
}

/**
 * Records `lastUsedAt` without a database write per request: `touch()` is a map lookup;
 * a timer writes the pending keys in one batch, and each key is written at most once per
 * `intervalMs` by this instance. The time shown is therefore accurate to about a minute,
 * which is what "last used" is for (spotting unused keys), documented in docs/api-keys.md.
 */
export class LastUsedRecorder {
  readonly #options: Required<Omit<LastUsedRecorderOptions, 'onError'>> &
    Pick<LastUsedRecorderOptions, 'onError'>;
  readonly #pending = new Map<string, number>();
  readonly #written = new Map<string, number>();
  readonly #timer: NodeJS.Timeout;
  #flushing: Promise<void> = Promise.resolve();

  constructor(options: LastUsedRecorderOptions) {
    this.#options = {
      intervalMs: 60_000,
      flushEveryMs: 5_000,
      maxPending: 5_000,
      now: Date.now,
      ...options,
    };
    this.#timer = setInterval(() => void this.flush(), this.#options.flushEveryMs);
    this.#timer.unref();
  }

  /** Notes a use of `keyId` now. Cheap: no I/O. */
  touch(keyId: string): void {
    const at = this.#options.now();
    const written = this.#written.get(keyId);
    if (written !== undefined && at - written < this.#options.intervalMs) return;
    this.#pending.set(keyId, at);
    if (this.#pending.size >= this.#options.maxPending) void this.flush();
  }

  /** Writes what is pending now (also called on shutdown). Never throws. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#pending.size === 0) return;
      const batch = new Map(this.#pending);
      this.#pending.clear();
      const at = this.#options.now();
      for (const [keyId] of batch) this.#written.set(keyId, at);
      // Forget keys whose window is over, so the map stays as small as the active set.
      for (const [keyId, time] of this.#written)
        if (at - time >= this.#options.intervalMs) this.#written.delete(keyId);
      try {
        await this.#options.write(batch);
      } catch (error) {
        this.#options.onError?.(error);
      }
    });
    return this.#flushing;
  }

  /** Stops the timer and writes what is pending. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
