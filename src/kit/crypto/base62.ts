const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Encodes bytes as base62 with a fixed output length, so every id or token of a kind
 * has the same length (no length oracle, simple validation patterns).
 */
export function toBase62(bytes: Uint8Array, length: number): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET.charAt(Number(value % 62n)) + out;
    value /= 62n;
  }
  return out;
}

/** Number of base62 characters needed to carry `bits` bits. */
export function base62Length(bits: number): number {
  return Math.ceil(bits / Math.log2(62));
}

export const BASE62_PATTERN = '[0-9A-Za-z]';
