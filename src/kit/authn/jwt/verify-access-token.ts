import { verify as verifySignature } from 'node:crypto';
import type { KeyRing, SigningAlgorithm } from './key-ring.js';
import { ACCESS_TOKEN_TYPE } from './sign-access-token.js';

/** Claims of a verified access token, already type-checked. */
export interface AccessTokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string | readonly string[];
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly jti: string;
  readonly org: string;
  readonly role: string;
  readonly sid: string;
}

/** Why a token was refused: for logs and events only, never for the client. */
export type TokenRejection =
  | 'too_large'
  | 'malformed'
  | 'algorithm'
  | 'unknown_kid'
  | 'type'
  | 'crit'
  | 'signature'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'too_old'
  | 'claims';

export type VerifyResult =
  | { readonly valid: true; readonly claims: AccessTokenClaims }
  | { readonly valid: false; readonly reason: TokenRejection };

export interface VerifierOptions {
  readonly ring: KeyRing;
  /** Exact `iss`; required (no default). */
  readonly issuer: string;
  /** Exact `aud`; required (no default). */
  readonly audience: string;
  /** Allowlist; asymmetric algorithms only. */
  readonly algorithms: readonly SigningAlgorithm[];
  /** Oldest acceptable `iat`, in seconds (lifetime + skew). */
  readonly maxAgeSeconds: number;
  /** Tolerance for `exp`, `nbf` and `iat`; at most 30 s. */
  readonly clockSkewSeconds?: number;
  /** Tokens above this size are refused before parsing (default 8 KiB). */
  readonly maxBytes?: number;
}

export type AccessTokenVerifier = (token: string, nowSeconds?: number) => VerifyResult;

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * A synchronous verifier for our own access tokens: a pipeline of small checks returning
 * data. The signature is checked with node:crypto against pre-imported KeyObjects (no
 * promise, no key parsing per call). Header fields that would fetch or embed keys
 * (`jku`, `x5u`, `jwk`, `x5c`) are never read; any `crit` is refused (RFC 7515 §4.1.11).
 *
 * @example
 * const verify = createAccessTokenVerifier({ ring, issuer, audience, algorithms: ['ES256'], maxAgeSeconds: 930 });
 * const result = verify(token);
 */
export function createAccessTokenVerifier(options: VerifierOptions): AccessTokenVerifier {
  const skew = options.clockSkewSeconds ?? 30;
  if (skew < 0 || skew > 30) throw new Error('clockSkewSeconds must be within 0–30');
  if (options.issuer === '' || options.audience === '')
    throw new Error('issuer and audience are required');
  if (options.algorithms.length === 0) throw new Error('algorithms must list ES256 and/or EdDSA');
  for (const alg of options.algorithms as readonly string[]) {
    if (alg !== 'ES256' && alg !== 'EdDSA') throw new Error(`algorithm ${alg} is not allowed`);
  }
  const allowed = new Set<string>(options.algorithms);
  const maxBytes = options.maxBytes ?? 8192;
  const { ring, issuer, audience, maxAgeSeconds } = options;

  return function verifyAccessToken(token, nowSeconds = Date.now() / 1000): VerifyResult {
    if (token.length > maxBytes) return fail('too_large');
    const first = token.indexOf('.');
    const second = token.indexOf('.', first + 1);
    if (first <= 0 || second <= first + 1 || token.indexOf('.', second + 1) !== -1)
      return fail('malformed');
    const headerPart = token.slice(0, first);
    const payloadPart = token.slice(first + 1, second);
    const signaturePart = token.slice(second + 1);
    if (!SEGMENT.test(headerPart) || !SEGMENT.test(payloadPart) || !SEGMENT.test(signaturePart))
      return fail('malformed');
    const header = parseSegment(headerPart);
    if (header === undefined) return fail('malformed');
    if ('crit' in header) return fail('crit');
    const alg = header.alg;
    if (typeof alg !== 'string' || !allowed.has(alg)) return fail('algorithm');
    if (header.typ !== ACCESS_TOKEN_TYPE && header.typ !== `application/${ACCESS_TOKEN_TYPE}`)
      return fail('type');
    const kid = header.kid;
    const key = typeof kid === 'string' ? ring.find(kid) : undefined;
    // The key decides the algorithm: a token cannot pick another one for a known key.
    if (key === undefined) return fail('unknown_kid');
    if (key.alg !== alg) return fail('algorithm');
    const signature = Buffer.from(signaturePart, 'base64url');
    const data = Buffer.from(token.slice(0, second), 'ascii');
    let ok = false;
    try {
      ok =
        alg === 'ES256'
          ? signature.length === 64 &&
            verifySignature(
              'sha256',
              data,
              { key: key.publicKey, dsaEncoding: 'ieee-p1363' },
              signature,
            )
          : signature.length === 64 && verifySignature(null, data, key.publicKey, signature);
    } catch {
      ok = false;
    }
    if (!ok) return fail('signature');
    const payload = parseSegment(payloadPart);
    if (payload === undefined) return fail('malformed');
    return checkClaims(payload, nowSeconds);
  };

  function checkClaims(p: Record<string, unknown>, now: number): VerifyResult {
    const { iss, sub, aud, iat, nbf, exp, jti, org, role, sid } = p;
    if (iss !== issuer) return fail('issuer');
    if (!(aud === audience || (Array.isArray(aud) && aud.includes(audience))))
      return fail('audience');
    if (!isTime(exp) || !isTime(nbf) || !isTime(iat)) return fail('claims');
    if (now >= exp + skew) return fail('expired');
    if (now + skew < nbf) return fail('not_yet_valid');
    if (iat > now + skew) return fail('issued_in_future');
    if (now - iat > maxAgeSeconds + skew) return fail('too_old');
    if (!isId(sub) || !isId(jti) || !isId(org) || !isId(role) || !isId(sid)) return fail('claims');
    return {
      valid: true,
      claims: { iss, sub, aud: aud as string | string[], iat, nbf, exp, jti, org, role, sid },
    };
  }
}

function fail(reason: TokenRejection): VerifyResult {
  return { valid: false, reason };
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 256;
}

function parseSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Header fields that are never read (they would let a token choose its own key). */
export const IGNORED_HEADER_FIELDS = Object.freeze(['jku', 'x5u', 'jwk', 'x5c']);
