import { VerifiedKeyCache } from './cache.js';
import { parseApiKey } from './format.js';
import type { ApiKeyHasher } from './hasher.js';
import type { RevocationSignal } from './revocation-signal.js';

/** What the verifier needs of a stored key. Times are epoch milliseconds. */
export interface StoredApiKey {
  /** Public id, `key_…`. */
  readonly id: string;
  readonly hash: string;
  readonly pepperVersion: string;
  readonly revokedAt: number | null;
  readonly expiresAt: number | null;
  /** Set on a rotated key: it keeps working until then, and never after. */
  readonly graceEndsAt: number | null;
}

/** Why a presented key was refused. Stable codes, safe to log and to put in events. */
export type ApiKeyFailureCode =
  | 'MALFORMED'
  | 'BAD_CHECKSUM'
  | 'NOT_FOUND'
  | 'UNKNOWN_PEPPER'
  | 'HASH_MISMATCH'
  | 'REVOKED'
  | 'ROTATED'
  | 'EXPIRED'
  | 'REJECTED';

/** Expected negatives are data (STYLE 8); only a database fault throws. */
export type ApiKeyVerification<V> =
  | { readonly valid: true; readonly keyId: string; readonly value: V; readonly cached: boolean }
  | {
      readonly valid: false;
      readonly code: ApiKeyFailureCode;
      /** Present once the key parsed (checksum valid): the public id, never the key. */
      readonly keyId?: string;
      /** The app's reason when `code` is `REJECTED` (e.g. `creator_inactive`). */
      readonly reason?: string;
    };

export interface ApiKeyVerifierOptions<R extends StoredApiKey, V> {
  readonly hasher: ApiKeyHasher;
  /** Reads one stored key by its public id (a primary-key read). */
  lookup(keyId: string): Promise<R | undefined>;
  /** Extra checks of the app after the built-in ones; returns a reason to refuse. */
  accept?(record: R, now: number): string | undefined;
  /** What a verified key resolves to (e.g. a Principal); computed once per cache fill. */
  present(record: R): V;
  readonly signal: RevocationSignal;
  readonly cache?: VerifiedKeyCache<CachedKey<V>>;
  readonly now?: () => number;
}

/** A cache entry: the value plus the times that end it, re-checked on every hit. */
export interface CachedKey<V> {
  readonly value: V;
  readonly expiresAt: number | null;
  readonly graceEndsAt: number | null;
}

export interface ApiKeyVerifier<V> {
  /** Synchronous on a cache hit, so the hot path allocates no promise. */
  verify(presented: string): ApiKeyVerification<V> | Promise<ApiKeyVerification<V>>;
  readonly cache: VerifiedKeyCache<CachedKey<V>>;
}

/** A fixed hash the verifier compares against when the key id is unknown (even timing). */
const DUMMY = { hash: '0'.repeat(64), pepperVersion: '' };

/**
 * The verification pipeline, one small check after another, each ending in data:
 * cache → format → checksum → lookup by id → keyed hash (constant time) → revoked →
 * rotation grace → expiry → app checks → cache fill. The hash is checked before any
 * state, so someone holding only a key id learns nothing about that key's state.
 *
 * @example
 * const verifier = createApiKeyVerifier({ hasher, lookup: (id) => repo.byId(id),
 *   present: (row) => toPrincipal(row), signal: createMemoryRevocationSignal() });
 * const result = await verifier.verify(headerValue);
 * if (!result.valid) throw new RampartError('AUTH_INVALID');
 */
export function createApiKeyVerifier<R extends StoredApiKey, V>(
  options: ApiKeyVerifierOptions<R, V>,
): ApiKeyVerifier<V> {
  const { hasher, signal } = options;
  const cache = options.cache ?? new VerifiedKeyCache<CachedKey<V>>();
  const now = options.now ?? Date.now;

  function timeCheck(
    entry: { expiresAt: number | null; graceEndsAt: number | null },
    at: number,
  ): ApiKeyFailureCode | undefined {
    if (entry.graceEndsAt !== null && at >= entry.graceEndsAt) return 'ROTATED';
    if (entry.expiresAt !== null && at >= entry.expiresAt) return 'EXPIRED';
    return undefined;
  }

  async function slowPath(presented: string, index: string): Promise<ApiKeyVerification<V>> {
    const parsed = parseApiKey(presented);
    if (!parsed.ok)
      return { valid: false, code: parsed.reason === 'malformed' ? 'MALFORMED' : 'BAD_CHECKSUM' };
    const keyId = parsed.keyId;
    const epoch = signal.current(); // read before the lookup: a later revocation wins
    const record = await options.lookup(keyId);
    if (record === undefined) {
      hasher.verify(presented, DUMMY);
      return { valid: false, code: 'NOT_FOUND', keyId };
    }
    const match = hasher.verify(presented, record);
    if (match === 'unknown_pepper') return { valid: false, code: 'UNKNOWN_PEPPER', keyId };
    if (match === 'mismatch') return { valid: false, code: 'HASH_MISMATCH', keyId };
    if (record.revokedAt !== null) return { valid: false, code: 'REVOKED', keyId };
    const at = now();
    const ended = timeCheck(record, at);
    if (ended !== undefined) return { valid: false, code: ended, keyId };
    const reason = options.accept?.(record, at);
    if (reason !== undefined) return { valid: false, code: 'REJECTED', keyId, reason };
    const value = options.present(record);
    // Cached only when no revocation happened while we read: the read may be stale.
    if (signal.current() === epoch)
      cache.set(
        index,
        keyId,
        { value, expiresAt: record.expiresAt, graceEndsAt: record.graceEndsAt },
        epoch,
        at,
      );
    return { valid: true, keyId, value, cached: false };
  }

  return {
    cache,
    verify(presented) {
      const index = VerifiedKeyCache.indexOf(presented);
      const at = now();
      const hit = cache.get(index, signal.current(), at);
      if (hit !== undefined) {
        const ended = timeCheck(hit, at);
        // An ended key takes the full path, so its failure is reported exactly once per use.
        if (ended === undefined)
          return { valid: true, keyId: keyIdOf(presented), value: hit.value, cached: true };
      }
      return slowPath(presented, index);
    },
  };
}

/** `key_` + the id part of a key that was verified before (only called on a cache hit). */
function keyIdOf(presented: string): string {
  return `key_${presented.slice(8, presented.indexOf('_', 8))}`;
}
