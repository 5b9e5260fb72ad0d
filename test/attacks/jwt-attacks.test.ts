import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
} from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshCookieOf, registerAndLogin, type TestUser } from '../helpers/auth.js';
import { MANY_LOGINS_ENV } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testStores } from '../helpers/stores.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(testStores())('JWT attacks on GET /v1/me (%s)', (store) => {
  let t: TestApp;
  let user: TestUser;
  let ourJwk: JWK;
  let publicJwk: Record<string, string>;
  let claims: Record<string, unknown>;
  let listener: Server;
  let listenerHits = 0;
  let listenerUrl: string;
  let reference: Record<string, unknown> | undefined;

  beforeAll(async () => {
    t = await createTestApp({ store, env: { ...MANY_LOGINS_ENV } });
    user = await registerAndLogin(t.app);
    ourJwk = t.context.loaded.secrets.signingKeys.reveal()[0] as JWK;
    publicJwk = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{
      keys: Record<string, string>[];
    }>().keys[0] as Record<string, string>;
    claims = JSON.parse(
      Buffer.from(user.accessToken.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    listener = createServer((_req, res) => {
      listenerHits++;
      res.end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/jwks.json`;
    reference = await refused('not-a-jwt');
  });
  afterAll(async () => {
    listener.close();
    await t.close();
  });

  async function call(token: string) {
    return t.app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
  }

  /** Asserts 401 with the generic body; returns the body without requestId. */
  async function refused(token: string): Promise<Record<string, unknown>> {
    const res = await call(token);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    const { requestId, ...rest } = res.json<Record<string, unknown>>();
    expect(typeof requestId).toBe('string');
    if (reference !== undefined) expect(rest).toEqual(reference);
    return rest;
  }

  async function sideEffects() {
    const db = t.context.database.db;
    const sessions = await db.selectFrom('refresh_sessions').select(['id', 'revoked_at']).execute();
    const users = await db.selectFrom('users').select(['id', 'role', 'status']).execute();
    return JSON.stringify({ sessions, users });
  }

  async function signOurs(
    payload: Record<string, unknown>,
    header: Record<string, unknown> = {},
  ): Promise<string> {
    const key = await importJWK(ourJwk, 'ES256');
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'ES256', kid: String(ourJwk.kid), typ: 'at+jwt', ...header })
      .sign(key);
  }

  /** Signs with our real key, bypassing jose's own header checks (for `crit`). */
  function signRaw(header: Record<string, unknown>, payload: Record<string, unknown>): string {
    const input = `${b64(header)}.${b64(payload)}`;
    const key = createPrivateKey({ key: ourJwk as never, format: 'jwk' });
    const sig = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
    return `${input}.${sig.toString('base64url')}`;
  }

  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a token crafted the same way with valid claims (control)', async () => {
    const res = await call(await signOurs({ ...claims, jti: 'control' }));
    expect(res.statusCode).toBe(200);
    // Raw signing (used for the `crit` case) is valid without `crit`.
    const raw = signRaw(
      { alg: 'ES256', kid: ourJwk.kid, typ: 'at+jwt' },
      { ...claims, jti: 'raw' },
    );
    expect((await call(raw)).statusCode).toBe(200);
    // jku/x5u on a genuine token are ignored: accepted, and never fetched.
    const withJku = await signOurs(
      { ...claims, jti: 'jku' },
      { jku: listenerUrl, x5u: listenerUrl },
    );
    expect((await call(withJku)).statusCode).toBe(200);
    expect(listenerHits).toBe(0);
  });

  it('refuses every forged or invalid token with the same 401 body and no side effect', async () => {
    const before = await sideEffects();
    const [h, p] = user.accessToken.split('.') as [string, string, string];
    const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const attackerPublic = await exportJWK(attacker.publicKey);
    const signAttacker = (header: Record<string, unknown>, payload = claims) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', ...header })
        .sign(attacker.privateKey);
    const hs256 = (secret: string) => {
      const head = b64({ alg: 'HS256', typ: 'at+jwt', kid: ourJwk.kid });
      const body = b64(claims);
      const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
      return `${head}.${body}.${sig}`;
    };
    const pem = createPublicKey({ key: publicJwk, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const signature = user.accessToken.split('.')[2] ?? '';
    const cases: Record<string, string> = {
      'alg none, no signature': `${b64({ alg: 'none', typ: 'at+jwt' })}.${p}.`,
      'alg None, no signature': `${b64({ alg: 'None', typ: 'at+jwt', kid: ourJwk.kid })}.${p}.`,
      'alg NONE, with signature': `${b64({ alg: 'NONE', typ: 'at+jwt', kid: ourJwk.kid })}.${p}.${signature}`,
      'alg none, with signature': `${b64({ alg: 'none', typ: 'at+jwt' })}.${p}.${signature}`,
      'stripped signature': `${h}.${p}.`,
      'stripped signature, two parts': `${h}.${p}`,
      'signature by another key (our kid)': await signAttacker({ kid: ourJwk.kid }),
      'HS256 with the PEM public key as secret': hs256(pem),
      'HS256 with the JWK JSON as secret': hs256(JSON.stringify(publicJwk)),
      'embedded jwk (attacker key)': await signAttacker({ jwk: attackerPublic }),
      'embedded jwk with our kid': await signAttacker({ jwk: attackerPublic, kid: ourJwk.kid }),
      'jku to a local URL': await signAttacker({ jku: listenerUrl, kid: 'attacker' }),
      'x5u to a local URL': await signAttacker({ x5u: listenerUrl, kid: 'attacker' }),
      'jku with our kid, attacker signature': await signAttacker({
        jku: listenerUrl,
        kid: ourJwk.kid,
      }),
      'kid path traversal': await signAttacker({ kid: '../../../../../../dev/null' }),
      'kid SQL injection': await signAttacker({ kid: "' OR '1'='1' --" }),
      'kid traversal on our key': await signOurs(claims, { kid: '../../etc/passwd' }),
      expired: await signOurs({ ...claims, iat: now() - 1000, nbf: now() - 1000, exp: now() - 60 }),
      'future nbf': await signOurs({ ...claims, nbf: now() + 600 }),
      'future iat': await signOurs({ ...claims, iat: now() + 600 }),
      'too old (iat beyond max age)': await signOurs({ ...claims, iat: now() - 7200 }),
      'wrong iss': await signOurs({ ...claims, iss: 'https://evil.example' }),
      'wrong aud': await signOurs({ ...claims, aud: 'another-api' }),
      'missing exp': await signOurs({ ...claims, exp: undefined }),
      'missing nbf': await signOurs({ ...claims, nbf: undefined }),
      'typ JWT (not an access token)': await signOurs(claims, { typ: 'JWT' }),
      'crit header': signRaw(
        { alg: 'ES256', kid: ourJwk.kid, typ: 'at+jwt', crit: ['exp'] },
        claims,
      ),
      'oversized token (> 8 KiB)': await signOurs({ ...claims, pad: 'x'.repeat(9000) }),
      'refresh token used as access token': refreshCookieOf(`${user.cookie}; Path=/`).split(
        '=',
      )[1] as string,
      'attacker key with EdDSA alg on our kid': await signAttacker({
        kid: ourJwk.kid,
        alg: 'EdDSA',
      }).catch(() => `${b64({ alg: 'EdDSA', kid: ourJwk.kid, typ: 'at+jwt' })}.${p}.${signature}`),
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await call(token);
      expect(res.statusCode, name).toBe(401);
      const { requestId: _id, ...rest } = res.json<Record<string, unknown>>();
      expect(rest, name).toEqual(reference);
      expect(res.headers['www-authenticate'], name).toBe('Bearer error="invalid_token"');
    }
    expect(listenerHits).toBe(0);
    expect(await sideEffects()).toBe(before);
    expect(t.logs.leaked([user.accessToken, user.password, String(ourJwk.d)])).toEqual([]);
  });

  it('refuses the token of a demoted user and of a deleted user within 1 s', async () => {
    const demoted = await registerAndLogin(t.app);
    const deleted = await registerAndLogin(t.app);
    const db = t.context.database.db;
    const where = { ip: '127.0.0.1', requestId: 'test' };
    expect((await call(demoted.accessToken)).statusCode).toBe(200);
    expect((await call(deleted.accessToken)).statusCode).toBe(200);
    await db
      .updateTable('users')
      .set({ role: 'viewer' })
      .where('id', '=', demoted.userId)
      .execute();
    await t.context.auth.revokeAllForUser(demoted.userId, 'role_changed', where);
    await db
      .updateTable('users')
      .set({ status: 'deleted' })
      .where('id', '=', deleted.userId)
      .execute();
    await t.context.auth.revokeAllForUser(deleted.userId, 'user_deleted', where);
    await refused(demoted.accessToken);
    await refused(deleted.accessToken);
  });
});
