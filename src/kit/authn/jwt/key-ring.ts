import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** Asymmetric algorithms only: a symmetric or `none` algorithm cannot be configured. */
export type SigningAlgorithm = 'ES256' | 'EdDSA';
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = Object.freeze(['ES256', 'EdDSA']);

export interface RingKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject | undefined;
  /** The public JWK as published (no `d`, ever). */
  readonly publicJwk: Readonly<Record<string, string>>;
}

export interface PublicJwks {
  readonly keys: readonly Readonly<Record<string, string>>[];
}

/**
 * Signing keys, newest first: the first key signs, every listed key verifies. Rotation
 * (see `rotateKeySet`) prepends a key; an old key stays listed until its last token
 * has expired. `replace` swaps the whole set atomically (reload without restart).
 */
export class KeyRing {
  #keys: readonly RingKey[] = [];
  #byKid = new Map<string, RingKey>();
  #jwks: PublicJwks = { keys: [] };

  constructor(privateJwks: readonly Record<string, unknown>[]) {
    this.replace(privateJwks);
  }

  /** Validates every key first, then swaps; a bad set leaves the old one in place. */
  replace(privateJwks: readonly Record<string, unknown>[]): void {
    if (privateJwks.length === 0) throw new Error('signing keys: at least one key is required');
    const keys = privateJwks.map(toRingKey);
    const byKid = new Map<string, RingKey>();
    for (const key of keys) {
      if (byKid.has(key.kid)) throw new Error(`signing keys: duplicate kid ${key.kid}`);
      byKid.set(key.kid, key);
    }
    this.#keys = Object.freeze(keys);
    this.#byKid = byKid;
    this.#jwks = Object.freeze({ keys: Object.freeze(keys.map((k) => k.publicJwk)) });
  }

  /** The key that signs new tokens. */
  get current(): RingKey {
    const first = this.#keys[0];
    if (first?.privateKey === undefined) throw new Error('signing keys: no private key');
    return first;
  }

  /** Looks a kid up by exact string; unknown kids (including traversal/SQL text) miss. */
  find(kid: string): RingKey | undefined {
    return this.#byKid.get(kid);
  }

  /** The public JWK Set for `/.well-known/jwks.json`. */
  publicJwks(): PublicJwks {
    return this.#jwks;
  }
}

function toRingKey(jwk: Record<string, unknown>): RingKey {
  const kid = jwk.kid;
  if (typeof kid !== 'string' || kid === '' || kid.length > 128)
    throw new Error('signing keys: every key needs a kid (1–128 characters)');
  const alg = algorithmOf(jwk);
  const source = { key: jwk as never, format: 'jwk' as const };
  const privateKey = typeof jwk.d === 'string' ? createPrivateKey(source) : undefined;
  const publicKey =
    privateKey === undefined ? createPublicKey(source) : createPublicKey(privateKey);
  const exported = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const publicJwk: Record<string, string> = { kty: String(exported.kty) };
  for (const field of ['crv', 'x', 'y'] as const) {
    const value = exported[field];
    if (typeof value === 'string') publicJwk[field] = value;
  }
  Object.assign(publicJwk, { kid, alg, use: 'sig' });
  return Object.freeze({ kid, alg, publicKey, privateKey, publicJwk: Object.freeze(publicJwk) });
}

function algorithmOf(jwk: Record<string, unknown>): SigningAlgorithm {
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && (jwk.alg === undefined || jwk.alg === 'ES256'))
    return 'ES256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && (jwk.alg === undefined || jwk.alg === 'EdDSA'))
    return 'EdDSA';
  throw new Error('signing keys: only EC P-256 (ES256) and OKP Ed25519 (EdDSA) keys are allowed');
}
