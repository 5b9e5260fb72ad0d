import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type { SigningAlgorithm } from './key-ring.js';

export type PrivateJwk = Readonly<Record<string, unknown>>;

/** A new private signing JWK with a dated, random kid. */
export async function generateSigningJwk(
  alg: SigningAlgorithm = 'ES256',
  kidPrefix = '',
): Promise<PrivateJwk> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${kidPrefix}${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
}

/**
 * Key-set rotation as list operations (newest first: the first key signs, all verify).
 * - `stage`: append the new key, so every instance can verify it before any signs with it.
 * - `promote`: move the last (staged) key to the front: it signs from now on.
 * - `retire`: drop keys beyond `keep` (run once the old key's last token has expired).
 * A single instance may stage and promote at once (`rotate`).
 */
export function stageKey(keys: readonly PrivateJwk[], next: PrivateJwk): PrivateJwk[] {
  return [...keys, next];
}

export function promoteStagedKey(keys: readonly PrivateJwk[]): PrivateJwk[] {
  const staged = keys.at(-1);
  if (staged === undefined || keys.length < 2) return [...keys];
  return [staged, ...keys.slice(0, -1)];
}

export function rotateKeys(keys: readonly PrivateJwk[], next: PrivateJwk): PrivateJwk[] {
  return [next, ...keys];
}

export function retireKeys(keys: readonly PrivateJwk[], keep = 2): PrivateJwk[] {
  return keys.slice(0, Math.max(1, keep));
}
