import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, type TestUser } from '../helpers/auth.js';
import { testStores } from '../helpers/stores.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Through the real users routes: deleting a key's creator revokes the key, demoting the
 * creator shrinks the key's rights, both within 1 s (the users routes emit the security
 * events that the API-key capability follows).
 */
describe.each(testStores())('API keys follow their creator (%s)', (store) => {
  let t: TestApp;
  let team: Record<'owner' | 'admin' | 'member' | 'viewer', TestUser>;
  const keys: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ store });
    team = await createTeam(t.app, t.context);
  });
  afterAll(async () => {
    expect(t.logs.leaked(keys)).toEqual([]);
    await t.close();
  });

  async function keyOf(user: TestUser, scopes: string[]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: user.headers,
      payload: { name: 'svc', scopes },
    });
    expect(res.statusCode).toBe(201);
    const { key, id } = res.json<{ key: string; id: string }>();
    keys.push(key);
    return { key, id };
  }

  const list = (key: string) =>
    t.app.inject({ method: 'GET', url: '/v1/invoices', headers: { 'x-api-key': key } });

  it('DELETE /v1/users/{creator} revokes the creator’s keys', async () => {
    const { key, id } = await keyOf(team.admin, ['invoices:read']);
    expect((await list(key)).statusCode).toBe(200);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/v1/users/${team.admin.userId}`,
      headers: team.owner.headers,
    });
    expect(del.statusCode).toBe(204);
    await expect.poll(async () => (await list(key)).statusCode, { timeout: 1000 }).toBe(401);
    await expect
      .poll(
        async () =>
          (
            await t.context.database.db
              .selectFrom('api_keys')
              .select('state')
              .where('id', '=', id)
              .executeTakeFirstOrThrow()
          ).state,
        { timeout: 1000 },
      )
      .toBe('revoked');
  });

  it('PATCH /v1/users/{creator} {role: viewer} removes the key’s write right', async () => {
    const fresh = await createTeam(t.app, t.context);
    const { key } = await keyOf(fresh.admin, ['invoices:read', 'invoices:write']);
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/invoices',
        headers: { 'x-api-key': key },
        payload: {
          customerName: 'A',
          customerEmail: 'a@acme.example',
          amountCents: 1,
          currency: 'EUR',
          dueDate: '2030-01-01',
        },
      });
    expect((await post()).statusCode).toBe(201);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/v1/users/${fresh.admin.userId}`,
      headers: fresh.owner.headers,
      payload: { role: 'viewer' },
    });
    expect(patch.statusCode).toBe(200);
    await expect.poll(async () => (await post()).statusCode, { timeout: 1000 }).toBe(403);
    expect((await list(key)).statusCode).toBe(200);
  });

  it('a key rotated by an admin belongs to that admin: removing the admin revokes it', async () => {
    const fresh = await createTeam(t.app, t.context);
    const owned = await keyOf(fresh.owner, ['invoices:read', 'invoices:write']);
    const rotated = await t.app.inject({
      method: 'POST',
      url: `/v1/api-keys/${owned.id}/rotate`,
      headers: fresh.admin.headers,
      payload: {},
    });
    expect(rotated.statusCode).toBe(201);
    const { key } = rotated.json<{ key: string }>();
    keys.push(key);
    expect((await list(key)).statusCode).toBe(200);
    await t.app.inject({
      method: 'DELETE',
      url: `/v1/users/${fresh.admin.userId}`,
      headers: fresh.owner.headers,
    });
    await expect.poll(async () => (await list(key)).statusCode, { timeout: 1000 }).toBe(401);
  });
});
