// One-shot hash: about a third of createHash()'s cost on this per-request path.
import { hash } from 'node:crypto';

interface Entry<T> {
  readonly value: T;
  readonly expiresAtMs: number;
}

/**
 * Verified tokens by SHA-256 of the token, until their `exp`: a hit skips signature
 * verification (~100 µs for ES256) for ~1 µs of hashing. Bounded: the oldest entries go
 * first. It holds no revocation state: callers check revocation on every hit.
 */
export class VerifiedTokenCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #maxEntries: number;

  constructor(maxEntries = 10_000) {
    this.#maxEntries = maxEntries;
  }

  static keyOf(token: string): string {
    return hash('sha256', token, 'base64url');
  }

  get(key: string, nowMs = Date.now()): T | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (nowMs >= entry.expiresAtMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T, expiresAtMs: number): void {
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expiresAtMs });
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
