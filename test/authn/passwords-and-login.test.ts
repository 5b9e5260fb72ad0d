import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPasswordPolicy, createPasswordHasher } from '../../src/kit/index.js';
import { MANY_LOGINS_ENV, registerAndLogin, testCredentials } from '../helpers/auth.js';
import { TEST_ARGON2, createTestApp, type TestApp } from '../helpers/test-app.js';
import { testStores } from '../helpers/stores.js';

describe('password policy (NIST SP 800-63B, ASVS 5)', () => {
  it.each([
    ['short', 'Tr0ub4dor&3', /at least 12/],
    ['too long', 'x7!'.repeat(43) + 'a', /at most 128/],
    ['common', 'password1234', /too common/],
    ['common, case-changed', 'QAZWSXEDCRFV', /too common/],
    ['common word padded', '!!1234monkey5678', /too common/],
    ['contains email local part', 'alice.smith-Zx9!kq', /email/],
    ['one repeated character', 'aaaaaaaaaaaa', /too common|repeats/],
  ])('rejects %s', (_name, password, reason) => {
    expect(checkPasswordPolicy(password, { email: 'alice.smith@example.test' })).toMatch(reason);
  });

  it('accepts a long passphrase without composition rules and counts code points', () => {
    expect(checkPasswordPolicy('correct horse battery staple')).toBeUndefined();
    expect(checkPasswordPolicy('ünïcödé-pässwörd')).toBeUndefined();
    expect(checkPasswordPolicy('🔒🔒🔒🔒🔑🔑🔑🗝🗝🗝🗝x')).toBeUndefined();
  });
});

describe('password hashing', () => {
  it('uses OWASP argon2id parameters by default and records them in the hash', async () => {
    const hasher = await createPasswordHasher();
    expect(hasher.parameters).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const stored = await hasher.hash('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(stored, 'correct horse battery staple')).toEqual({
      valid: true,
      needsRehash: false,
    });
    expect(await hasher.verify(stored, 'wrong')).toEqual({ valid: false, needsRehash: false });
    expect(await hasher.verify('not-a-hash', 'x')).toEqual({ valid: false, needsRehash: false });
  });

  it('flags a hash made with other parameters for rehash on good login only', async () => {
    const weak = await createPasswordHasher({ testOnlyWeakParameters: TEST_ARGON2 });
    const strong = await createPasswordHasher();
    const stored = await weak.hash('correct horse battery staple');
    expect(await strong.verify(stored, 'correct horse battery staple')).toEqual({
      valid: true,
      needsRehash: true,
    });
    expect((await strong.verify(stored, 'nope')).needsRehash).toBe(false);
  });
});

describe.each(testStores())('register and login (%s)', (store) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ store, env: { ...MANY_LOGINS_ENV } });
  });
  afterAll(async () => t.close());

  const register = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/v1/auth/register', payload });

  it('register returns 201 with exactly the user fields, owner of a new org', async () => {
    const { email, password } = testCredentials();
    const res = await register({
      email: email.toUpperCase(),
      password,
      name: 'Al',
      organizationName: 'Acme',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<Record<string, string>>();
    expect(Object.keys(body).sort()).toEqual(
      ['createdAt', 'email', 'id', 'name', 'organizationId', 'role'].sort(),
    );
    expect(body).toMatchObject({ email, role: 'owner', name: 'Al' });
    expect(body.id).toMatch(/^usr_[0-9A-Za-z]{22}$/);
    expect(body.organizationId).toMatch(/^org_[0-9A-Za-z]{22}$/);
    expect(res.body).not.toContain('argon2');
    // Same email again (any case): 409.
    const again = await register({ email, password, name: 'B', organizationName: 'B' });
    expect(again.statusCode).toBe(409);
  });

  it('rejects a weak password with a 400 naming body.password', async () => {
    const res = await register({
      email: 'bob.builder@example.test',
      password: 'bob.builder-2024!',
      name: 'Bob',
      organizationName: 'B',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      type: 'https://rampart.dev/problems/validation-failed',
      errors: [{ path: 'body.password', message: 'must not contain your email address' }],
    });
    const common = await register({
      email: 'carol@example.test',
      password: 'password12345',
      name: 'C',
      organizationName: 'C',
    });
    expect(common.json<{ errors: unknown[] }>().errors).toEqual([
      { path: 'body.password', message: expect.stringMatching(/too common/) as string },
    ]);
  });

  it('rejects mass-assigned fields (role) on register', async () => {
    const { email, password } = testCredentials();
    const res = await register({
      email,
      password,
      name: 'M',
      organizationName: 'M',
      role: 'admin',
    });
    expect(res.statusCode).toBe(400);
  });

  it('unknown email and wrong password give the same status, body and headers', async () => {
    const user = await registerAndLogin(t.app);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password: 'wrong-password-123' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: `nobody-${user.email}`, password: 'wrong-password-123' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (body: string) => {
      const { requestId: _r, ...rest } = JSON.parse(body) as Record<string, unknown>;
      return rest;
    };
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(strip(wrong.body)).toEqual({
      type: 'https://rampart.dev/problems/invalid-credentials',
      title: 'The email or password is incorrect.',
      status: 401,
    });
    const names = (h: Record<string, unknown>) =>
      Object.keys(h)
        .filter((k) => !['x-request-id', 'date', 'content-length'].includes(k))
        .sort();
    expect(names(wrong.headers)).toEqual(names(unknown.headers));
    for (const name of names(wrong.headers)) {
      if (!name.startsWith('x-ratelimit') && !name.startsWith('ratelimit'))
        expect(unknown.headers[name], name).toEqual(wrong.headers[name]);
    }
    expect(wrong.headers['set-cookie']).toBeUndefined();
    // Every attempt is a security event.
    const events = await t.context.database.db
      .selectFrom('security_events')
      .select(['type', 'details'])
      .where('type', 'in', ['auth.login.failed', 'auth.login.succeeded'])
      .execute();
    expect(events.filter((e) => e.type === 'auth.login.failed').length).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e.type === 'auth.login.succeeded')).toBe(true);
    expect(t.logs.leaked([user.password, 'wrong-password-123', user.accessToken])).toEqual([]);
  });

  it('upgrades a hash made with old parameters on the next good login', async () => {
    const user = await registerAndLogin(t.app);
    const weaker = await createPasswordHasher({
      testOnlyWeakParameters: { memoryCost: 512, timeCost: 1, parallelism: 1 },
    });
    const db = t.context.database.db;
    await db
      .updateTable('users')
      .set({ password_hash: await weaker.hash(user.password) })
      .where('id', '=', user.userId)
      .execute();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(res.statusCode).toBe(200);
    const row = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.userId)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
  });

  it('GET /v1/me never shows a hash, a status or an added internal column', async () => {
    const user = await registerAndLogin(t.app);
    const db = t.context.database.db;
    await db.schema
      .alterTable('users')
      .addColumn('internal_flag', 'text')
      .execute()
      .catch(() => undefined);
    const res = await t.app.inject({ method: 'GET', url: '/v1/me', headers: user.headers });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json<object>()).sort()).toEqual(
      ['createdAt', 'email', 'id', 'name', 'organizationId', 'role'].sort(),
    );
    expect(res.body).not.toMatch(/argon2|password|status|internal_flag|active/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('publishes only public keys in the JWKS, with cache headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const { keys } = res.json<{ keys: Record<string, string>[] }>();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.d).toBeUndefined();
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    }
    const d = String(t.context.loaded.secrets.signingKeys.reveal()[0]?.d);
    expect(res.body).not.toContain(d);
  });
});
