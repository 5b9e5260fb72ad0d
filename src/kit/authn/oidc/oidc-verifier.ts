import { errors, importJWK, jwtVerify, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { JsonFetcher } from './https-json.js';

export interface OidcVerifierOptions {
  /** Exact issuer; discovery is read from `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** Exact audience (the resource indicator of this API). */
  readonly audience: string;
  /** Asymmetric algorithms only (default ES256, EdDSA, RS256, PS256). */
  readonly algorithms?: readonly string[];
  readonly fetchJson: JsonFetcher;
  /** JWKS kept this long before a background refetch (default 10 min). */
  readonly jwksMaxAgeMs?: number;
  /** At most one refetch per this interval on an unknown kid (default 30 s). */
  readonly unknownKidCooldownMs?: number;
  readonly clockSkewSeconds?: number;
  readonly maxBytes?: number;
}

export type OidcVerifier = (token: string) => Promise<JWTPayload>;

const ASYMMETRIC = new Set(['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256']);

/**
 * Verifies access tokens of an external OpenID provider (resource-server mode). Keys come
 * from the provider's discovered `jwks_uri` (HTTPS), cached; an unknown `kid` triggers a
 * refetch at most once per cooldown, so garbage kids cannot make us hammer the provider.
 * Header-supplied keys (`jwk`, `jku`, `x5u`, `x5c`) are never used.
 *
 * @example
 * const verify = createOidcVerifier({ issuer, audience, fetchJson: createHttpsJsonFetcher() });
 * const claims = await verify(token); // throws on any failure
 */
export function createOidcVerifier(options: OidcVerifierOptions): OidcVerifier {
  const algorithms = [...(options.algorithms ?? ['ES256', 'EdDSA', 'RS256', 'PS256'])];
  for (const alg of algorithms)
    if (!ASYMMETRIC.has(alg)) throw new Error(`OIDC algorithm ${alg} is not allowed`);
  const jwksMaxAgeMs = options.jwksMaxAgeMs ?? 600_000;
  const cooldownMs = options.unknownKidCooldownMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 8192;
  let jwksUri: string | undefined;
  let keys = new Map<string, { jwk: JWK; imported: Map<string, CryptoKey | Uint8Array> }>();
  let fetchedAt = 0;
  let inFlight: Promise<void> | undefined;

  async function discover(): Promise<string> {
    if (jwksUri !== undefined) return jwksUri;
    const doc = (await options.fetchJson(
      `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    )) as { issuer?: unknown; jwks_uri?: unknown } | null;
    // OpenID Connect Discovery §4.3: the document's issuer must equal the configured one.
    if (doc?.issuer !== options.issuer) throw new Error('OIDC discovery: issuer mismatch');
    if (typeof doc.jwks_uri !== 'string' || !doc.jwks_uri.startsWith('https://'))
      throw new Error('OIDC discovery: jwks_uri must be https');
    jwksUri = doc.jwks_uri;
    return jwksUri;
  }

  function refresh(): Promise<void> {
    inFlight ??= (async () => {
      try {
        const doc = (await options.fetchJson(await discover())) as { keys?: unknown } | null;
        if (!Array.isArray(doc?.keys)) throw new Error('OIDC JWKS: no keys');
        const next = new Map<string, { jwk: JWK; imported: Map<string, CryptoKey | Uint8Array> }>();
        for (const jwk of doc.keys as JWK[]) {
          if (
            typeof jwk.kid !== 'string' ||
            'd' in jwk ||
            (jwk.use !== undefined && jwk.use !== 'sig')
          )
            continue;
          next.set(jwk.kid, { jwk, imported: new Map() });
        }
        keys = next;
        fetchedAt = Date.now();
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  async function keyFor(kid: unknown, alg: string): Promise<CryptoKey | Uint8Array> {
    if (typeof kid !== 'string') throw new errors.JWKSNoMatchingKey();
    const now = Date.now();
    if (fetchedAt === 0 || now - fetchedAt > jwksMaxAgeMs) await refresh();
    let entry = keys.get(kid);
    if (entry === undefined && now - fetchedAt >= cooldownMs) {
      await refresh();
      entry = keys.get(kid);
    }
    if (entry === undefined) throw new errors.JWKSNoMatchingKey();
    if (entry.jwk.alg !== undefined && entry.jwk.alg !== alg) throw new errors.JWKSNoMatchingKey();
    let key = entry.imported.get(alg);
    if (key === undefined) {
      key = await importJWK({ ...entry.jwk, ext: false }, alg);
      entry.imported.set(alg, key);
    }
    return key;
  }

  return async function verifyOidcToken(token) {
    if (token.length > maxBytes) throw new Error('token too large');
    const { payload } = await jwtVerify(token, (header) => keyFor(header.kid, header.alg), {
      issuer: options.issuer,
      audience: options.audience,
      algorithms,
      clockTolerance: options.clockSkewSeconds ?? 30,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + 30)
      throw new Error('iat in the future');
    return payload;
  };
}
