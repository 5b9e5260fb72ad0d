// Fresh signing keys and a bearer token for the peers, generated at bench time.
import { generateKeyPairSync, randomBytes, randomUUID, createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';

export const SUPPORTED_ALGS = ['HS256', 'ES256', 'EdDSA'];
export const JWT_ISSUER = 'https://rampart.bench.invalid';
export const JWT_AUDIENCE = 'rampart-bench';

/**
 * @param {string} alg HS256 | ES256 | EdDSA
 * @returns {{ alg: string, kid: string, signingKey: import('node:crypto').KeyObject,
 *             verifyKeyEnv: string }}  verifyKeyEnv: PEM (SPKI) or base64url secret, for peers
 */
export function generateBenchKeys(alg) {
  const kid = `bench-${randomBytes(6).toString('hex')}`;
  if (alg === 'HS256') {
    const secret = randomBytes(32);
    return {
      alg,
      kid,
      signingKey: createSecretKey(secret),
      verifyKeyEnv: secret.toString('base64url'),
    };
  }
  let pair;
  if (alg === 'ES256') pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  else if (alg === 'EdDSA') pair = generateKeyPairSync('ed25519');
  else throw new Error(`BENCH_ALG must be one of ${SUPPORTED_ALGS.join(', ')}, got ${alg}`);
  return {
    alg,
    kid,
    signingKey: pair.privateKey,
    verifyKeyEnv: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * Signs an access token with the claims the peers check: iss, aud, sub, org, role, exp (+ iat,
 * nbf, jti, kid like the service's tokens).
 */
export async function signBenchToken(keys, { sub, org, role }, lifetimeSeconds = 3600) {
  return new SignJWT({ org, role })
    .setProtectedHeader({ alg: keys.alg, kid: keys.kid, typ: 'JWT' })
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setSubject(sub)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(`${lifetimeSeconds}s`)
    .setJti(randomUUID())
    .sign(keys.signingKey);
}
