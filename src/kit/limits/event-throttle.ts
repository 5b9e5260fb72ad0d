/**
 * Remembers which (level, key) pairs were reported recently so that an attacker who
 * hammers a limit causes one security event a minute, not one database write per request.
 * Bounded: when full it forgets everything (at worst a few duplicate events).
 */
export class EventThrottle {
  readonly #until = new Map<string, number>();
  readonly #windowMs: number;
  readonly #maxKeys: number;

  constructor(windowMs = 60_000, maxKeys = 10_000) {
    this.#windowMs = windowMs;
    this.#maxKeys = maxKeys;
  }

  /** True when `key` should be reported now (and marks it reported). */
  take(key: string, now: number): boolean {
    const until = this.#until.get(key);
    if (until !== undefined && until > now) return false;
    if (this.#until.size >= this.#maxKeys) this.#until.clear();
    this.#until.set(key, now + this.#windowMs);
    return true;
  }
}
