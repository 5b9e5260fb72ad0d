import { ConfigError } from './config-error.js';
import { Secret } from './secret.js';

/** A versioned secret: the newest signs or hashes, every listed version still verifies. */
export interface VersionedKey {
  readonly version: string;
  readonly key: Secret;
}

export interface Secrets {
  /** HMAC pepper for API keys, newest first. */
  readonly apiKeyPeppers: readonly VersionedKey[];
  /** HMAC key for tamper-evident pagination cursors and other opaque tokens. */
  readonly cursorKey: Secret;
  /** Private JWKs (JSON) for access-token signing, newest (current) first. */
  readonly signingKeys: Secret<readonly Record<string, unknown>[]>;
  /** True when any of these came from the development generator. */
  readonly devGenerated: boolean;
}

export const SECRET_NAMES = [
  'RAMPART_API_KEY_PEPPERS',
  'RAMPART_CURSOR_SECRET',
  'RAMPART_SIGNING_KEYS',
] as const;

export const MIN_SECRET_BYTES = 32; // 256 bits

/**
 * Step 3: raw strings -> Secrets. Peppers are `version:base64url` pairs separated by
 * commas, newest first; signing keys are a JSON array (or JWKS object) of private JWKs.
 */
export function toSecrets(raw: Readonly<Record<string, string>>, devGenerated: boolean): Secrets {
  const peppersRaw = raw.RAMPART_API_KEY_PEPPERS;
  const cursorRaw = raw.RAMPART_CURSOR_SECRET;
  const keysRaw = raw.RAMPART_SIGNING_KEYS;
  if (peppersRaw === undefined)
    throw new ConfigError('RAMPART_API_KEY_PEPPERS', 'is required (version:base64url, ≥ 256 bits)');
  if (cursorRaw === undefined)
    throw new ConfigError('RAMPART_CURSOR_SECRET', 'is required (base64url, ≥ 256 bits)');
  if (keysRaw === undefined)
    throw new ConfigError('RAMPART_SIGNING_KEYS', 'is required (a JSON array of private JWKs)');
  const apiKeyPeppers = peppersRaw.split(',').map((entry) => {
    const [version, value] = entry.trim().split(':');
    if (version === undefined || value === undefined || !/^[a-z0-9]{1,8}$/.test(version)) {
      throw new ConfigError(
        'RAMPART_API_KEY_PEPPERS',
        'each entry must be version:base64url, e.g. v2:…,v1:…',
      );
    }
    return {
      version,
      key: new Secret(strongBytes('RAMPART_API_KEY_PEPPERS', value), 'environment' as const),
    };
  });
  const source = devGenerated ? 'generated' : 'environment';
  return Object.freeze({
    apiKeyPeppers: Object.freeze(apiKeyPeppers),
    cursorKey: new Secret(strongBytes('RAMPART_CURSOR_SECRET', cursorRaw), source),
    signingKeys: new Secret(parseSigningKeys(keysRaw), source),
    devGenerated,
  });
}

function strongBytes(name: string, value: string): Uint8Array {
  const bytes = Buffer.from(value, 'base64url');
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new ConfigError(
      name,
      `must carry at least 256 bits (32 bytes, base64url); got ${bytes.length * 8} bits`,
    );
  }
  return new Uint8Array(bytes);
}

function parseSigningKeys(raw: string): readonly Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(
      'RAMPART_SIGNING_KEYS',
      'must be JSON: an array of private JWKs or {"keys":[…]}',
    );
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ConfigError('RAMPART_SIGNING_KEYS', 'must hold at least one private JWK');
  }
  for (const jwk of list) {
    if (
      jwk === null ||
      typeof jwk !== 'object' ||
      typeof (jwk as { kid?: unknown }).kid !== 'string' ||
      typeof (jwk as { d?: unknown }).d !== 'string'
    ) {
      throw new ConfigError('RAMPART_SIGNING_KEYS', 'every key must be a private JWK with a kid');
    }
    const kty = (jwk as { kty?: unknown }).kty;
    if (kty !== 'EC' && kty !== 'OKP')
      throw new ConfigError(
        'RAMPART_SIGNING_KEYS',
        'keys must be EC P-256 (ES256) or OKP Ed25519 (EdDSA)',
      );
  }
  return Object.freeze(list as Record<string, unknown>[]);
}
