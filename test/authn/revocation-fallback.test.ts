import { describe, expect, it } from 'vitest';
import { UserTokenAuthenticator } from '../../src/app/auth/user-token-authenticator.js';
import {
  KeyRing,
  SessionRevocations,
  createAccessTokenVerifier,
  generateSigningJwk,
  signAccessToken,
  type RevocationFeed,
  type SecurityEvents,
} from '../../src/kit/index.js';

const request = {
  headers: {},
  ip: '127.0.0.1',
  requestId: 'r',
  routeId: 'GET /v1/me',
  cookie: () => undefined,
};

describe('revocation when the shared feed is stale (Redis down)', () => {
  it('re-checks the session in the database instead of trusting the cache', async () => {
    let fresh = true;
    const feed: RevocationFeed = {
      publish: () => Promise.resolve(),
      subscribe: () => undefined,
      isFresh: () => fresh,
      close: () => Promise.resolve(),
    };
    const ring = new KeyRing([await generateSigningJwk('ES256')]);
    const settings = { issuer: 'https://issuer.test', audience: 'api', ttlSeconds: 900 };
    const { token } = await signAccessToken(ring, settings, {
      subject: 'usr_1',
      organizationId: 'org_1',
      role: 'member',
      sessionId: 'ses_1',
    });
    const active = new Map([['ses_1', true]]);
    let databaseChecks = 0;
    const auth = new UserTokenAuthenticator({
      verify: createAccessTokenVerifier({
        ring,
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['ES256'],
        maxAgeSeconds: 900,
      }),
      revocations: new SessionRevocations(feed, 60_000),
      events: { record: () => Promise.resolve() } as unknown as SecurityEvents,
      isSessionActive: (sid) => {
        databaseChecks++;
        return Promise.resolve(active.get(sid) === true);
      },
    });
    // Fresh feed: synchronous cache hit, no database check.
    expect(auth.authenticate(token, request)).toMatchObject({ kind: 'user', sessionId: 'ses_1' });
    expect(auth.authenticate(token, request)).not.toBeInstanceOf(Promise);
    expect(databaseChecks).toBe(0);
    // Stale feed: the session is asked for; revoked in SQL (by another instance) → 401.
    fresh = false;
    await expect(auth.authenticate(token, request)).resolves.toMatchObject({ kind: 'user' });
    active.set('ses_1', false);
    await expect(auth.authenticate(token, request)).rejects.toMatchObject({
      code: 'AUTH_INVALID',
    });
    expect(databaseChecks).toBe(2);
  });
});
