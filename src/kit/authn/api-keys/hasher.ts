import { createHmac, timingSafeEqual } from 'node:crypto';
import type { VersionedKey } from '../../config/index.js';

/** A stored keyed hash and the pepper version that made it. */
export interface ApiKeyHash {
  /** HMAC-SHA-256 of the full key, lowercase hex (64 characters). */
  readonly hash: string;
  readonly pepperVersion: string;
}

/**
 * Keyed hashing of API keys with a server-side pepper (HMAC-SHA-256). A database leak
 * alone cannot confirm a guessed key, and keys carry 256 random bits so a slow hash
 * (argon2) would add cost without adding security.
 */
export interface ApiKeyHasher {
  /** Hashes with the newest pepper (for new and rotated keys). */
  hash(key: string): ApiKeyHash;
  /**
   * Compares `key` to a stored hash with the pepper version stored beside it, in constant
   * time. Returns `unknown_pepper` when that version is no longer configured.
   */
  verify(key: string, stored: ApiKeyHash): 'match' | 'mismatch' | 'unknown_pepper';
}

/**
 * Builds a hasher from the versioned peppers of `secrets.apiKeyPeppers` (newest first).
 * Keys hashed with an older version still verify as long as that version stays listed,
 * so a pepper rotation is: add the new version in front, keep the old ones.
 *
 * @example
 * const hasher = createApiKeyHasher(loaded.secrets.apiKeyPeppers);
 * const { hash, pepperVersion } = hasher.hash(key); // store both
 */
export function createApiKeyHasher(peppers: readonly VersionedKey[]): ApiKeyHasher {
  const newest = peppers[0];
  if (newest === undefined) throw new Error('createApiKeyHasher: at least one pepper is required');
  const byVersion = new Map<string, Uint8Array>();
  for (const pepper of peppers) {
    if (byVersion.has(pepper.version))
      throw new Error(`createApiKeyHasher: pepper version "${pepper.version}" is listed twice`);
    byVersion.set(pepper.version, pepper.key.reveal());
  }
  const mac = (pepper: Uint8Array, key: string): Buffer =>
    createHmac('sha256', pepper).update(key, 'utf8').digest();
  return Object.freeze({
    hash(key: string): ApiKeyHash {
      return { hash: mac(newest.key.reveal(), key).toString('hex'), pepperVersion: newest.version };
    },
    verify(key: string, stored: ApiKeyHash) {
      const pepper = byVersion.get(stored.pepperVersion);
      if (pepper === undefined) return 'unknown_pepper' as const;
      const expected = Buffer.from(stored.hash, 'hex');
      const actual = mac(pepper, key);
      // Equal lengths are required by timingSafeEqual; a corrupt stored hash is a mismatch.
      if (expected.length !== actual.length) return 'mismatch' as const;
      return timingSafeEqual(expected, actual) ? ('match' as const) : ('mismatch' as const);
    },
  });
}
