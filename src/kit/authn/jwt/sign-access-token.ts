import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { KeyRing } from './key-ring.js';

/** RFC 9068 §2.1: access tokens are typed so they cannot be confused with ID tokens. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface AccessTokenSubject {
  readonly subject: string;
  readonly organizationId: string;
  readonly role: string;
  readonly sessionId: string;
}

export interface AccessTokenSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly expiresIn: number;
  readonly jti: string;
}

/**
 * Signs an access token with the ring's current key (jose), claims per RFC 9068 plus
 * `org`, `role` and `sid`.
 *
 * @example
 * const { token } = await signAccessToken(ring, settings, { subject: 'usr_…', organizationId, role, sessionId });
 */
export async function signAccessToken(
  ring: KeyRing,
  settings: AccessTokenSettings,
  subject: AccessTokenSubject,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<IssuedAccessToken> {
  const key = ring.current;
  const jti = randomUUID();
  const token = await new SignJWT({
    org: subject.organizationId,
    role: subject.role,
    sid: subject.sessionId,
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: ACCESS_TOKEN_TYPE })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setSubject(subject.subject)
    .setIssuedAt(nowSeconds)
    .setNotBefore(nowSeconds)
    .setExpirationTime(nowSeconds + settings.ttlSeconds)
    .setJti(jti)
    .sign(key.privateKey as NonNullable<typeof key.privateKey>);
  return { token, expiresIn: settings.ttlSeconds, jti };
}
