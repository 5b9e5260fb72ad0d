import { randomBytes } from 'node:crypto';
import { ID_BITS, ID_BODY_LENGTH, base62Length, toBase62 } from '../../crypto/index.js';
import { crc32 } from './crc32.js';

/**
 * API key format (docs/api-keys.md):
 *
 *   sk_<env>_<id>_<secret>_<checksum>
 *   env       `live` | `test`
 *   id        22 base62 characters: the body of the public key id `key_<id>` (128 bits)
 *   secret    43 base62 characters: 256 random bits
 *   checksum  6 base62 characters: CRC-32 of everything before the last `_`
 *
 * The id makes lookup a primary-key read; the checksum lets secret scanners (and our
 * parser) recognise a real key offline and reject typos without touching the database.
 */
export const API_KEY_ENVIRONMENTS = ['live', 'test'] as const;
export type ApiKeyEnvironment = (typeof API_KEY_ENVIRONMENTS)[number];

export const API_KEY_SECRET_BITS = 256;
export const API_KEY_SECRET_LENGTH = base62Length(API_KEY_SECRET_BITS); // 43
/** 62^6 > 2^32, so six base62 characters carry any CRC-32 value. */
export const API_KEY_CHECKSUM_LENGTH = 6;
export const API_KEY_ID_PREFIX = 'key_';
/** `sk_live_` + id + `_` + secret + `_` + checksum. */
export const API_KEY_LENGTH =
  8 + ID_BODY_LENGTH + 1 + API_KEY_SECRET_LENGTH + 1 + API_KEY_CHECKSUM_LENGTH; // 81

/**
 * The detection regex (source text) that secret scanners use; `.secretlintrc.json`
 * carries the same text (a test keeps them equal). Word boundaries avoid matching
 * inside longer tokens.
 */
export const API_KEY_DETECTION_REGEX = `\\bsk_(?:live|test)_[0-9A-Za-z]{${ID_BODY_LENGTH}}_[0-9A-Za-z]{${API_KEY_SECRET_LENGTH}}_[0-9A-Za-z]{${API_KEY_CHECKSUM_LENGTH}}\\b`;

const EXACT = new RegExp(
  `^sk_(live|test)_([0-9A-Za-z]{${ID_BODY_LENGTH}})_[0-9A-Za-z]{${API_KEY_SECRET_LENGTH}}_([0-9A-Za-z]{${API_KEY_CHECKSUM_LENGTH}})$`,
);

/** A freshly generated key: the full value (shown once) and what may be stored. */
export interface GeneratedApiKey {
  /** The full secret key. Show it once; store only its keyed hash. */
  readonly key: string;
  /** Public id, `key_…`. */
  readonly keyId: string;
  readonly environment: ApiKeyEnvironment;
  /** Display prefix, e.g. `sk_live_ab` (type + first two id characters, all public). */
  readonly prefix: string;
  /** Last four characters of the key (from the checksum), for display. */
  readonly last4: string;
}

export type ParsedApiKey =
  | {
      readonly ok: true;
      readonly keyId: string;
      readonly environment: ApiKeyEnvironment;
      readonly prefix: string;
      readonly last4: string;
    }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad_checksum' };

function checksumOf(body: string): string {
  const crc = crc32(body);
  const bytes = new Uint8Array([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff]);
  return toBase62(bytes, API_KEY_CHECKSUM_LENGTH);
}

/**
 * Builds a key from its parts (used by {@link generateApiKey} and by test vectors).
 * `idBody` and `secret` must already be base62 of the documented lengths.
 */
export function formatApiKey(
  environment: ApiKeyEnvironment,
  idBody: string,
  secret: string,
): string {
  const body = `sk_${environment}_${idBody}_${secret}`;
  return `${body}_${checksumOf(body)}`;
}

/**
 * Generates a new key with a fresh 128-bit id and 256 random bits.
 *
 * @example
 * const { key, keyId, prefix, last4 } = generateApiKey('live');
 * // key: sk_live_3kTM…_…_Ab12Cd (show once), keyId: key_3kTM…
 */
export function generateApiKey(environment: ApiKeyEnvironment): GeneratedApiKey {
  const idBody = toBase62(randomBytes(ID_BITS / 8), ID_BODY_LENGTH);
  const secret = toBase62(randomBytes(API_KEY_SECRET_BITS / 8), API_KEY_SECRET_LENGTH);
  const key = formatApiKey(environment, idBody, secret);
  return {
    key,
    keyId: API_KEY_ID_PREFIX + idBody,
    environment,
    prefix: `sk_${environment}_${idBody.slice(0, 2)}`,
    last4: key.slice(-4),
  };
}

/**
 * Parses untrusted input as an API key: exact shape first, then the checksum. Returns
 * data, never throws; the reason names the failed check, never the input.
 */
export function parseApiKey(value: unknown): ParsedApiKey {
  if (typeof value !== 'string' || value.length !== API_KEY_LENGTH)
    return { ok: false, reason: 'malformed' };
  const match = EXACT.exec(value);
  if (match === null) return { ok: false, reason: 'malformed' };
  const [, environment, idBody, checksum] = match;
  if (environment === undefined || idBody === undefined || checksum === undefined)
    return { ok: false, reason: 'malformed' };
  const body = value.slice(0, value.length - API_KEY_CHECKSUM_LENGTH - 1);
  // The checksum is public information, so a plain comparison leaks nothing.
  if (checksumOf(body) !== checksum) return { ok: false, reason: 'bad_checksum' };
  return {
    ok: true,
    keyId: API_KEY_ID_PREFIX + idBody,
    environment: environment as ApiKeyEnvironment,
    prefix: `sk_${environment}_${idBody.slice(0, 2)}`,
    last4: value.slice(-4),
  };
}

/** True when `value` looks like the start of an API key (routing between authenticators). */
export function looksLikeApiKey(value: string): boolean {
  return value.startsWith('sk_live_') || value.startsWith('sk_test_');
}
