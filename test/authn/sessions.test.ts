import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshCookieOf, registerAndLogin, type TestUser } from '../helpers/auth.js';
import { MANY_LOGINS_ENV } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testStores } from '../helpers/stores.js';

const COOKIE_ATTRIBUTES =
  /^__Host-rampart_refresh=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Strict$/;

describe.each(testStores())('refresh sessions (%s)', (store) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ store, env: { ...MANY_LOGINS_ENV } });
  });
  afterAll(async () => t.close());

  const refresh = (cookie: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/v1/auth/refresh', headers: { cookie, ...headers } });
  const me = (token: string) =>
    t.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
  const eventCount = async (type: string) =>
    (
      await t.context.database.db
        .selectFrom('security_events')
        .select('id')
        .where('type', '=', type)
        .execute()
    ).length;

  it('sets the refresh cookie with __Host-, HttpOnly, Secure, SameSite=Strict, Path=/', async () => {
    const user = await registerAndLogin(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toMatch(COOKIE_ATTRIBUTES);
    expect(res.json()).toEqual({
      accessToken: expect.any(String) as string,
      tokenType: 'Bearer',
      expiresIn: 900,
    });
  });

  it('rotates the refresh token on every use; the new access token works', async () => {
    const user = await registerAndLogin(t.app);
    const res = await refresh(user.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toMatch(COOKIE_ATTRIBUTES);
    const next = refreshCookieOf(res.headers['set-cookie']);
    expect(next).not.toBe(user.cookie);
    expect((await me(res.json<{ accessToken: string }>().accessToken)).statusCode).toBe(200);
    expect((await refresh(next)).statusCode).toBe(200);
    // Only hashes are stored.
    const rows = await t.context.database.db
      .selectFrom('refresh_sessions')
      .select('token_hash')
      .execute();
    const raw = user.cookie.split('=')[1] ?? '';
    expect(rows.some((r) => r.token_hash === raw)).toBe(false);
  });

  it('reuse of a rotated token revokes the whole family and records an event', async () => {
    const user = await registerAndLogin(t.app);
    const before = await eventCount('auth.refresh.reuse_detected');
    const first = await refresh(user.cookie);
    const current = refreshCookieOf(first.headers['set-cookie']);
    const newAccess = first.json<{ accessToken: string }>().accessToken;
    const reuse = await refresh(user.cookie);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json()).toMatchObject({
      status: 401,
      type: 'https://rampart.dev/problems/unauthorized',
    });
    expect(await eventCount('auth.refresh.reuse_detected')).toBe(before + 1);
    // The legitimate holder's newer token and the family's access tokens are dead too.
    expect((await refresh(current)).statusCode).toBe(401);
    expect((await me(newAccess)).statusCode).toBe(401);
    expect((await me(user.accessToken)).statusCode).toBe(401);
  });

  it('expires a session after the idle timeout and at its absolute lifetime', async () => {
    const idle = await registerAndLogin(t.app);
    const absolute = await registerAndLogin(t.app);
    const db = t.context.database.db;
    const past = new Date(Date.now() - 1000).toISOString();
    await db
      .updateTable('refresh_sessions')
      .set({ expires_at: past })
      .where('user_id', '=', idle.userId)
      .execute();
    await db
      .updateTable('refresh_sessions')
      .set({ absolute_expires_at: past })
      .where('user_id', '=', absolute.userId)
      .execute();
    expect((await refresh(idle.cookie)).statusCode).toBe(401);
    expect((await refresh(absolute.cookie)).statusCode).toBe(401);
  });

  it('logout by cookie revokes the session: cookie cleared, access token fails', async () => {
    const user = await registerAndLogin(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: { cookie: user.cookie },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['set-cookie']).toBe(
      '__Host-rampart_refresh=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
    expect((await me(user.accessToken)).statusCode).toBe(401);
    expect((await refresh(user.cookie)).statusCode).toBe(401);
  });

  it('logout by bearer revokes the session', async () => {
    const user = await registerAndLogin(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: user.headers,
    });
    expect(res.statusCode).toBe(204);
    expect((await me(user.accessToken)).statusCode).toBe(401);
    expect((await refresh(user.cookie)).statusCode).toBe(401);
  });

  it('logout-all revokes every session of the user, not other users', async () => {
    const user = await registerAndLogin(t.app);
    const other = await registerAndLogin(t.app);
    const second = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password: user.password },
    });
    const secondToken = second.json<{ accessToken: string }>().accessToken;
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/logout-all',
      headers: user.headers,
    });
    expect(res.statusCode).toBe(204);
    expect((await me(user.accessToken)).statusCode).toBe(401);
    expect((await me(secondToken)).statusCode).toBe(401);
    expect((await refresh(refreshCookieOf(second.headers['set-cookie']))).statusCode).toBe(401);
    expect((await me(other.accessToken)).statusCode).toBe(200);
  });

  describe('cookie endpoints refuse cross-site requests', () => {
    let user: TestUser;
    beforeAll(async () => {
      user = await registerAndLogin(t.app);
    });
    for (const [name, headers] of [
      ['foreign Origin', { origin: 'https://evil.example' }],
      ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
      ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site' }],
      ['Origin null', { origin: 'null' }],
    ] as const) {
      it(`refresh with ${name} → 403, session untouched`, async () => {
        const res = await refresh(user.cookie, headers);
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({
          type: 'https://rampart.dev/problems/cross-site-request',
        });
        const logout = await t.app.inject({
          method: 'POST',
          url: '/v1/auth/logout',
          headers: { cookie: user.cookie, ...headers },
        });
        expect(logout.statusCode).toBe(403);
      });
    }
    it('allows the service origin and same-origin fetches', async () => {
      const own = await refresh(user.cookie, { origin: t.context.loaded.config.publicUrl });
      expect(own.statusCode).toBe(200);
      const next = refreshCookieOf(own.headers['set-cookie']);
      expect((await refresh(next, { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    });
  });
});
