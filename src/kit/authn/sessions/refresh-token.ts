import { createHash, randomBytes } from 'node:crypto';

/** An opaque 256-bit refresh token (base64url, 43 characters). */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The stored form of a refresh token. A plain SHA-256 suffices: the token carries 256
 * random bits, so there is nothing to brute-force (unlike a password).
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Refresh tokens are exactly 43 base64url characters; anything else is not ours. */
export function looksLikeRefreshToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
