// One-shot hash: about a third of createHash()'s cost on this per-request path.
import { hash } from 'node:crypto';

/** Options of {@link VerifiedKeyCache}. */
export interface VerifiedKeyCacheOptions {
  /** Most entries kept; the least recently used is dropped beyond it. Default 10,000. */
  readonly maxEntries?: number;
  /** Longest an entry is trusted without a fresh database read, in ms. Default 60,000. */
  readonly ttlMs?: number;
}

interface Entry<V> {
  readonly value: V;
  readonly keyId: string;
  readonly storedAt: number;
}

/**
 * A bounded LRU cache of verified keys, indexed by the SHA-256 of the presented key (the
 * raw key is never kept as a map key). It belongs to one "revocation epoch": when the
 * epoch moves (a key was revoked or rotated anywhere, see {@link RevocationSignal}) the
 * cache empties itself, and an entry computed under an older epoch is never stored.
 * When the epoch is unknown (shared store down) the cache is bypassed: correctness
 * first, the database is the source of truth.
 */
export class VerifiedKeyCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  #epoch: number | undefined;

  constructor(options: VerifiedKeyCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#ttlMs = options.ttlMs ?? 60_000;
    if (!Number.isInteger(this.#maxEntries) || this.#maxEntries < 1)
      throw new Error('VerifiedKeyCache: maxEntries must be a positive integer');
    if (!Number.isFinite(this.#ttlMs) || this.#ttlMs < 0)
      throw new Error('VerifiedKeyCache: ttlMs must be a non-negative number of milliseconds');
  }

  /** The cache index of a presented key (SHA-256, base64url). */
  static indexOf(presentedKey: string): string {
    return hash('sha256', presentedKey, 'base64url');
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached value, or undefined (miss, stale epoch, expired TTL). */
  get(index: string, epoch: number | undefined, now: number): V | undefined {
    if (!this.#sync(epoch)) return undefined;
    const entry = this.#entries.get(index);
    if (entry === undefined) return undefined;
    if (now - entry.storedAt >= this.#ttlMs) {
      this.#entries.delete(index);
      return undefined;
    }
    // Refresh recency: Map keeps insertion order, so re-insert at the end.
    this.#entries.delete(index);
    this.#entries.set(index, entry);
    return entry.value;
  }

  /** Stores a value verified under `epoch`; ignored when the epoch has moved since. */
  set(index: string, keyId: string, value: V, epoch: number | undefined, now: number): void {
    if (!this.#sync(epoch) || epoch !== this.#epoch) return;
    this.#entries.delete(index);
    this.#entries.set(index, { value, keyId, storedAt: now });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
  }

  /** Drops every entry of one key id (local revocation, before the epoch news arrives). */
  deleteKey(keyId: string): void {
    for (const [index, entry] of this.#entries)
      if (entry.keyId === keyId) this.#entries.delete(index);
  }

  clear(): void {
    this.#entries.clear();
  }

  /** Follows the epoch: false (bypass) when unknown; clears itself when it moved. */
  #sync(epoch: number | undefined): boolean {
    if (epoch === undefined) {
      if (this.#entries.size > 0) this.#entries.clear();
      this.#epoch = undefined;
      return false;
    }
    if (epoch !== this.#epoch) {
      this.#entries.clear();
      this.#epoch = epoch;
    }
    return true;
  }
}
