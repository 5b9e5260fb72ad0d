import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, registerAndLogin, type TestUser } from '../helpers/auth.js';
import { testStores } from '../helpers/stores.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const INVOICE = {
  customerName: 'ACME',
  customerEmail: 'billing@acme.example',
  amountCents: 1200,
  currency: 'EUR',
  dueDate: '2030-01-31',
};

interface Issued {
  id: string;
  name: string;
  prefix: string;
  last4: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  key: string;
}

describe.each(testStores())('API key routes (%s)', (store) => {
  let t: TestApp;
  let now = Date.now();
  let team: Record<'owner' | 'admin' | 'member' | 'viewer', TestUser>;
  let other: TestUser;
  const secrets: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ store, apiKeys: { now: () => now } });
    team = await createTeam(t.app, t.context);
    other = await registerAndLogin(t.app, { organizationName: 'Other Org' });
  });
  afterAll(async () => {
    // Whatever happened, no key ever reached a log line.
    expect(t.logs.leaked(secrets)).toEqual([]);
    await t.close();
  });

  async function create(user: TestUser, body: Record<string, unknown>) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: user.headers,
      payload: body,
    });
    if (res.statusCode === 201) secrets.push(res.json<Issued>().key);
    return res;
  }

  async function keyFor(user: TestUser, scopes: string[], extra: Record<string, unknown> = {}) {
    const res = await create(user, { name: 'ci', scopes, ...extra });
    expect(res.statusCode).toBe(201);
    return res.json<Issued>();
  }

  const withKey = (key: string) => ({ 'x-api-key': key });

  it('creates a key shown once, in the documented format, and lists it masked', async () => {
    const res = await create(team.admin, { name: 'billing sync', scopes: ['invoices:read'] });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const issued = res.json<Issued>();
    expect(issued.key).toMatch(/^sk_test_[0-9A-Za-z]{22}_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
    expect(issued.id).toBe(`key_${issued.key.slice(8, 30)}`);
    expect(issued).toMatchObject({
      name: 'billing sync',
      scopes: ['invoices:read'],
      prefix: issued.key.slice(0, 10),
      last4: issued.key.slice(-4),
      expiresAt: null,
      lastUsedAt: null,
    });
    const list = await t.app.inject({
      method: 'GET',
      url: '/v1/api-keys',
      headers: team.owner.headers,
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(issued.key);
    expect(list.body).not.toContain(issued.key.slice(31, 74)); // the secret part
    const listed = list.json<{ data: Record<string, unknown>[]; nextCursor: string | null }>();
    const entry = listed.data.find((k) => k.id === issued.id);
    expect(entry).toEqual({
      id: issued.id,
      name: 'billing sync',
      prefix: issued.prefix,
      last4: issued.last4,
      scopes: ['invoices:read'],
      createdAt: issued.createdAt,
      expiresAt: null,
      lastUsedAt: null,
    });
    // The stored row holds a keyed hash, never the key.
    const row = await t.context.database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', issued.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(issued.key.slice(31, 74));
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.pepper_version).toBe('dev');
  });

  it('paginates the list with a tamper-evident cursor', async () => {
    const admin = await registerAndLogin(t.app, { organizationName: 'Paging Org' });
    for (let i = 0; i < 3; i++) await keyFor(admin, ['invoices:read']);
    const first = await t.app.inject({
      method: 'GET',
      url: '/v1/api-keys?limit=2',
      headers: admin.headers,
    });
    const page = first.json<{ data: { id: string }[]; nextCursor: string }>();
    expect(page.data).toHaveLength(2);
    const second = await t.app.inject({
      method: 'GET',
      url: `/v1/api-keys?limit=2&cursor=${page.nextCursor}`,
      headers: admin.headers,
    });
    expect(second.json<{ data: unknown[]; nextCursor: null }>()).toMatchObject({
      nextCursor: null,
    });
    expect(second.json<{ data: unknown[] }>().data).toHaveLength(1);
    // The same cursor in another organization is refused.
    const replay = await t.app.inject({
      method: 'GET',
      url: `/v1/api-keys?limit=2&cursor=${page.nextCursor}`,
      headers: other.headers,
    });
    expect(replay.statusCode).toBe(400);
  });

  it('authenticates with X-API-Key and with Authorization: Bearer', async () => {
    const { key } = await keyFor(team.admin, ['invoices:read']);
    for (const headers of [withKey(key), { authorization: `Bearer ${key}` }]) {
      const res = await t.app.inject({ method: 'GET', url: '/v1/invoices', headers });
      expect(res.statusCode).toBe(200);
    }
  });

  it('a read-only key gets 403 on POST /v1/invoices and 404 on another tenant’s invoice', async () => {
    const { key } = await keyFor(team.admin, ['invoices:read']);
    const write = await t.app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: withKey(key),
      payload: INVOICE,
    });
    expect(write.statusCode).toBe(403);
    expect(write.json<{ type: string }>().type).toBe('https://rampart.dev/problems/forbidden');
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: other.headers,
      payload: INVOICE,
    });
    expect(theirs.statusCode).toBe(201);
    const id = theirs.json<{ id: string }>().id;
    const read = await t.app.inject({
      method: 'GET',
      url: `/v1/invoices/${id}`,
      headers: withKey(key),
    });
    expect(read.statusCode).toBe(404);
    // A write key works, and the invoice belongs to the key's creator.
    const writer = await keyFor(team.admin, ['invoices:read', 'invoices:write']);
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: withKey(writer.key),
      payload: INVOICE,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<{ ownerId: string }>().ownerId).toBe(team.admin.userId);
  });

  it('keys can never manage keys; members and viewers cannot either', async () => {
    const { key, id } = await keyFor(team.admin, ['invoices:read', 'security-events:read']);
    for (const [method, url] of [
      ['GET', '/v1/api-keys'],
      ['POST', '/v1/api-keys'],
      ['POST', `/v1/api-keys/${id}/rotate`],
      ['DELETE', `/v1/api-keys/${id}`],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        headers: withKey(key),
        ...(method === 'POST' ? { payload: { name: 'x', scopes: ['invoices:read'] } } : {}),
      });
      expect(res.statusCode).toBe(403);
    }
    for (const user of [team.member, team.viewer]) {
      const res = await create(user, { name: 'mine', scopes: ['invoices:read'] });
      expect(res.statusCode).toBe(403);
    }
  });

  it('refuses scopes outside the catalogue, unknown fields and key-management scopes', async () => {
    for (const body of [
      { name: 'x', scopes: ['api-keys:manage'] },
      { name: 'x', scopes: ['users:write'] },
      { name: 'x', scopes: [] },
      { name: 'x', scopes: ['invoices:read'], organizationId: other.organizationId },
      { name: 'x', scopes: ['invoices:read'], expiresInDays: 0 },
    ]) {
      const res = await create(team.admin, body);
      expect(res.statusCode).toBe(400);
      expect(res.json<{ type: string }>().type).toBe(
        'https://rampart.dev/problems/validation-failed',
      );
    }
  });

  it('a key never exceeds its creator: scopes beyond the creator’s role are refused', async () => {
    await expect(
      t.context.apiKeys.service.createForCreator(
        team.member.organizationId,
        { id: team.member.userId, role: 'member' },
        { name: 'too much', scopes: ['security-events:read'] },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('another organization’s key id answers 404 for rotate and delete', async () => {
    const theirs = await keyFor(other, ['invoices:read']);
    const rotate = await t.app.inject({
      method: 'POST',
      url: `/v1/api-keys/${theirs.id}/rotate`,
      headers: team.owner.headers,
      payload: {},
    });
    expect(rotate.statusCode).toBe(404);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${theirs.id}`,
      headers: team.owner.headers,
    });
    expect(del.statusCode).toBe(404);
    const still = await t.app.inject({
      method: 'GET',
      url: '/v1/invoices',
      headers: withKey(theirs.key),
    });
    expect(still.statusCode).toBe(200);
  });

  it('revocation: 204, then 401 at once, recorded as events with the id only', async () => {
    const issued = await keyFor(team.admin, ['invoices:read']);
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/invoices', headers: withKey(issued.key) }))
        .statusCode,
    ).toBe(200);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${issued.id}`,
      headers: team.admin.headers,
    });
    expect(del.statusCode).toBe(204);
    const after = await t.app.inject({
      method: 'GET',
      url: '/v1/invoices',
      headers: withKey(issued.key),
    });
    expect(after.statusCode).toBe(401);
    expect(after.json<{ type: string }>().type).toBe('https://rampart.dev/problems/unauthorized');
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${issued.id}`,
      headers: team.admin.headers,
    });
    expect(again.statusCode).toBe(404);
    const events = await t.context.database.db
      .selectFrom('security_events')
      .select(['type', 'details'])
      .where('type', 'like', 'api_key.%')
      .execute();
    const mine = events.filter((e) => e.details.includes(issued.id)).map((e) => e.type);
    expect(mine).toEqual(
      expect.arrayContaining(['api_key.created', 'api_key.revoked', 'api_key.verify_failed']),
    );
    expect(JSON.stringify(events)).not.toContain(issued.key);
  });

  it('rotation: 201 new key; the old key works until the grace ends, then 401', async () => {
    const old = await keyFor(team.admin, ['invoices:read']);
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/api-keys/${old.id}/rotate`,
      headers: team.admin.headers,
      payload: { gracePeriodSeconds: 60 },
    });
    expect(res.statusCode).toBe(201);
    const fresh = res.json<Issued>();
    secrets.push(fresh.key);
    expect(fresh.id).not.toBe(old.id);
    expect(fresh.key).not.toBe(old.key);
    expect(fresh.scopes).toEqual(old.scopes);
    const use = (key: string) =>
      t.app.inject({ method: 'GET', url: '/v1/invoices', headers: withKey(key) });
    expect((await use(old.key)).statusCode).toBe(200);
    expect((await use(fresh.key)).statusCode).toBe(200);
    const twice = await t.app.inject({
      method: 'POST',
      url: `/v1/api-keys/${old.id}/rotate`,
      headers: team.admin.headers,
      payload: {},
    });
    expect(twice.statusCode).toBe(409);
    now += 60_000;
    expect((await use(old.key)).statusCode).toBe(401);
    expect((await use(fresh.key)).statusCode).toBe(200);
    // Without a grace period, the old key stops at once.
    const noBody = await t.app.inject({
      method: 'POST',
      url: `/v1/api-keys/${fresh.id}/rotate`,
      headers: team.admin.headers,
      payload: {},
    });
    expect(noBody.statusCode).toBe(201);
    secrets.push(noBody.json<Issued>().key);
    expect((await use(fresh.key)).statusCode).toBe(401);
    expect((await use(noBody.json<Issued>().key)).statusCode).toBe(200);
  });

  it('expiry: a key stops at expiresAt and its use is an api_key.expired_used event', async () => {
    const issued = await keyFor(team.admin, ['invoices:read'], { expiresInDays: 1 });
    expect(Date.parse(issued.expiresAt ?? '') - Date.parse(issued.createdAt)).toBe(86_400_000);
    const use = () =>
      t.app.inject({ method: 'GET', url: '/v1/invoices', headers: withKey(issued.key) });
    expect((await use()).statusCode).toBe(200);
    now += 86_400_000;
    const res = await use();
    expect(res.statusCode).toBe(401);
    expect(res.json<{ detail: string }>().detail).toBe('The API key has expired.');
    const events = await t.context.database.db
      .selectFrom('security_events')
      .select(['type', 'details', 'principal_id'])
      .where('type', '=', 'api_key.expired_used')
      .where('principal_id', '=', issued.id)
      .execute();
    expect(events).toHaveLength(1);
  });

  it('deleting the creator revokes their keys (revokeAllCreatedBy, also on user.deleted)', async () => {
    const admin2 = (await createTeam(t.app, t.context)).admin;
    const a = await keyFor(admin2, ['invoices:read']);
    const b = await keyFor(admin2, ['invoices:read']);
    const use = (key: string) =>
      t.app.inject({ method: 'GET', url: '/v1/invoices', headers: withKey(key) });
    expect((await use(a.key)).statusCode).toBe(200);
    const count = await t.context.apiKeys.revokeAllCreatedBy(admin2.userId, {
      organizationId: admin2.organizationId,
    });
    expect(count).toBe(2);
    expect((await use(a.key)).statusCode).toBe(401);
    expect((await use(b.key)).statusCode).toBe(401);
    expect(await t.context.apiKeys.revokeAllCreatedBy(admin2.userId, {})).toBe(0);

    // The users engineer's 'user.deleted' event triggers the same revocation.
    const admin3 = (await createTeam(t.app, t.context)).admin;
    const c = await keyFor(admin3, ['invoices:read']);
    expect((await use(c.key)).statusCode).toBe(200);
    await t.context.events.record(
      'user.deleted',
      { organizationId: admin3.organizationId },
      { userId: admin3.userId },
    );
    await expect.poll(async () => (await use(c.key)).statusCode, { timeout: 1000 }).toBe(401);
  });

  it('a key follows its creator’s current role: demotion removes rights at once', async () => {
    const admin4 = (await createTeam(t.app, t.context)).admin;
    const { key } = await keyFor(admin4, [
      'invoices:read',
      'invoices:write',
      'security-events:read',
    ]);
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/invoices',
        headers: withKey(key),
        payload: INVOICE,
      });
    expect((await post()).statusCode).toBe(201);
    await t.context.database.db
      .updateTable('users')
      .set({ role: 'viewer' })
      .where('id', '=', admin4.userId)
      .execute();
    await t.context.events.record(
      'user.role_changed',
      { organizationId: admin4.organizationId },
      { userId: admin4.userId, from: 'admin', to: 'viewer' },
    );
    await expect.poll(async () => (await post()).statusCode, { timeout: 1000 }).toBe(403);
    const read = await t.app.inject({ method: 'GET', url: '/v1/invoices', headers: withKey(key) });
    expect(read.statusCode).toBe(200);
  });

  it('records lastUsedAt in batches (at most once a minute per key)', async () => {
    const issued = await keyFor(team.admin, ['invoices:read']);
    for (let i = 0; i < 5; i++)
      await t.app.inject({ method: 'GET', url: '/v1/invoices', headers: withKey(issued.key) });
    await t.context.apiKeys.lastUsed.flush();
    const row = await t.context.database.db
      .selectFrom('api_keys')
      .select('last_used_at')
      .where('id', '=', issued.id)
      .executeTakeFirstOrThrow();
    expect(row.last_used_at).toBe(new Date(now).toISOString());
  });
});
