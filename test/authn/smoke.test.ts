import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, registerAndLogin } from '../helpers/auth.js';
import { MANY_LOGINS_ENV } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testStores } from '../helpers/stores.js';

describe.each(testStores())('identity basics (%s)', (store) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ store, env: { ...MANY_LOGINS_ENV } });
  });
  afterAll(async () => t.close());

  it('registers, logs in and answers /v1/me with the contract fields', async () => {
    const user = await registerAndLogin(t.app);
    const res = await t.app.inject({ method: 'GET', url: '/v1/me', headers: user.headers });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json<object>()).sort()).toEqual(
      ['createdAt', 'email', 'id', 'name', 'organizationId', 'role'].sort(),
    );
    expect(res.json()).toMatchObject({ id: user.userId, role: 'owner' });
  });

  it('creates a team of four roles in one organization', async () => {
    const team = await createTeam(t.app, t.context);
    for (const role of ['owner', 'admin', 'member', 'viewer'] as const) {
      const res = await t.app.inject({ method: 'GET', url: '/v1/me', headers: team[role].headers });
      expect(res.json()).toMatchObject({ role, organizationId: team.owner.organizationId });
    }
  });
});
