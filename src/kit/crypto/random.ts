import { randomBytes } from 'node:crypto';
import { base62Length, toBase62 } from './base62.js';

/** Random bits in every public id: API.md asks for at least 96; we use 128. */
export const ID_BITS = 128;
export const ID_BODY_LENGTH = base62Length(ID_BITS); // 22

/** An opaque, prefixed, unguessable id such as `inv_3kTMd…`. */
export function randomId<P extends string>(prefix: P): `${P}_${string}` {
  return `${prefix}_${toBase62(randomBytes(ID_BITS / 8), ID_BODY_LENGTH)}`;
}

/** A pattern matching ids made by {@link randomId} with this prefix. */
export function idPattern(prefix: string): string {
  return `^${prefix}_[0-9A-Za-z]{${ID_BODY_LENGTH}}$`;
}

/** A random secret token of `bits` bits (default 256), base64url without padding. */
export function randomToken(bits = 256): string {
  return randomBytes(bits / 8).toString('base64url');
}
