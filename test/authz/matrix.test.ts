import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, registerAndLogin, type TestUser } from '../helpers/auth.js';
import { testStores } from '../helpers/stores.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { AUTHZ_TEST_ENV, createApiKey, invoiceInput, seedInvoice, snapshot } from './fixtures.js';
import { matrixCells, type Caller, type MatrixCell } from './matrix.js';

const PROBLEM_TYPE: Record<number, RegExp> = {
  401: /\/unauthorized$/,
  403: /\/forbidden$/,
  404: /\/not-found$/,
};

describe.each(testStores())('authorization matrix (%s)', (store) => {
  let t: TestApp;
  let team: Record<'owner' | 'admin' | 'member' | 'viewer', TestUser>;
  let bystander: TestUser;
  let other: TestUser;
  const keys = new Map<Caller, string>();

  beforeAll(async () => {
    t = await createTestApp({ store, env: { ...AUTHZ_TEST_ENV } });
    team = await createTeam(t.app, t.context);
    other = await registerAndLogin(t.app);
    // A second member: the owner of "same-org" invoices.
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: team.owner.headers,
      payload: {
        email: `bystander-${randomBytes(4).toString('hex')}@example.test`,
        name: 'B',
        role: 'member',
      },
    });
    const bystanderUser = res.json<{ user: { id: string } }>().user;
    bystander = { ...team.member, userId: bystanderUser.id };
    for (const scope of ['invoices:read', 'invoices:write', 'security-events:read'] as const)
      keys.set(`key:${scope}`, await createApiKey(t.app, team.admin, [scope]));
  });
  afterAll(async () => {
    const secrets = [
      ...keys.values(),
      ...[...Object.values(team), other].map((u) => u.accessToken),
    ];
    expect(t.logs.leaked(secrets)).toEqual([]);
    await t.close();
  });

  function headersOf(caller: Caller): Record<string, string> {
    if (caller === 'anonymous') return {};
    if (caller.startsWith('key:')) return { 'x-api-key': keys.get(caller) ?? '' };
    return { ...team[caller as keyof typeof team].headers };
  }

  /** Whose object is "own" for this caller: an API key's is its creator's (an admin). */
  function ownerOf(caller: Caller): TestUser {
    if (caller === 'anonymous' || caller.startsWith('key:')) return team.admin;
    return team[caller as keyof typeof team];
  }

  async function targetId(cell: MatrixCell): Promise<string> {
    const owner =
      cell.object === 'same-org'
        ? bystander
        : cell.object === 'other-org'
          ? other
          : ownerOf(cell.caller);
    if (cell.resource === 'invoice') {
      const status = cell.object === 'own-final' ? 'paid' : 'draft';
      // The bystander's role is member; other-org's is owner.
      const role = owner === other ? 'owner' : owner === bystander ? 'member' : owner.role;
      return seedInvoice(
        t.context,
        { userId: owner.userId, organizationId: owner.organizationId, role },
        status,
      );
    }
    if (cell.object === 'own') return owner.userId;
    // A fresh member to change or delete (deleting must not eat the fixtures).
    const user = await t.context.auth.users.createUser({
      organizationId: owner.organizationId,
      email: `target-${randomBytes(6).toString('hex')}@example.test`,
      name: 'Target',
      role: 'member',
      passwordHash: null,
    });
    return user.id;
  }

  function bodyOf(cell: MatrixCell): Record<string, unknown> | undefined {
    if (cell.method === 'GET' || cell.method === 'DELETE') return undefined;
    if (cell.path === '/v1/invoices') return { ...invoiceInput() };
    if (cell.path === '/v1/invoices/:id') return { customerName: 'Changed Name' };
    if (cell.path === '/v1/users')
      return {
        email: `inv-${randomBytes(6).toString('hex')}@example.test`,
        name: 'N',
        role: 'viewer',
      };
    return { role: 'viewer' };
  }

  it.each(matrixCells())('$method $path as $caller on $object -> $status', async (cell) => {
    const id = cell.resource === 'none' ? undefined : await targetId(cell);
    const url = id === undefined ? cell.path : cell.path.replace(':id', id);
    const before = await snapshot(t.context);
    const body = bodyOf(cell);
    const res = await t.app.inject({
      method: cell.method,
      url,
      headers: headersOf(cell.caller),
      ...(body === undefined ? {} : { payload: body }),
    });
    expect(res.statusCode, res.body).toBe(cell.status);
    if (cell.status >= 400) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json<{ type: string }>().type).toMatch(PROBLEM_TYPE[cell.status] ?? /./);
      if (cell.status === 401) expect(res.headers['www-authenticate']).toBe('Bearer');
      // Denied calls leave no side effect.
      expect(await snapshot(t.context)).toBe(before);
    } else if (cell.method === 'GET' && id !== undefined) {
      expect(res.json<{ id: string }>().id).toBe(id);
    }
  });
});
