import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MANY_LOGINS_ENV,
  createTeam,
  login,
  registerAndLogin,
  type TestUser,
} from '../helpers/auth.js';
import { testStores } from '../helpers/stores.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { waitForEvents, type StoredEvent } from './events.js';

const PASSWORD = 'correct horse battery staple 42';

describe.each(testStores())('users admin and invitations (%s)', (store) => {
  let t: TestApp;
  let team: Record<'owner' | 'admin' | 'member' | 'viewer', TestUser>;
  let other: TestUser;
  const secrets: string[] = [PASSWORD];

  beforeAll(async () => {
    t = await createTestApp({ store, env: { ...MANY_LOGINS_ENV } });
    team = await createTeam(t.app, t.context);
    other = await registerAndLogin(t.app);
  });
  afterAll(async () => {
    for (const u of [...Object.values(team), other]) secrets.push(u.accessToken, u.password);
    expect(t.logs.leaked(secrets)).toEqual([]);
    await t.close();
  });

  const invite = (
    by: TestUser,
    role: string,
    email = `new-${Math.random().toString(36).slice(2)}@example.test`,
  ) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: by.headers,
      payload: { email, name: 'New Person', role },
    });

  const events = (type: string, where?: (e: StoredEvent) => boolean) =>
    waitForEvents(t.context, type, where);

  it('admin invites a member: 201 {user, invitation}; token stored only as a hash', async () => {
    const res = await invite(team.admin, 'member');
    expect(res.statusCode).toBe(201);
    const body = res.json<{
      user: Record<string, unknown>;
      invitation: { token: string; expiresAt: string };
    }>();
    secrets.push(body.invitation.token);
    expect(Object.keys(body.user).sort()).toEqual(
      ['createdAt', 'email', 'id', 'name', 'organizationId', 'role'].sort(),
    );
    expect(body.user.organizationId).toBe(team.admin.organizationId);
    expect(body.user.role).toBe('member');
    const ttl = Date.parse(body.invitation.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(72 * 3600 * 1000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(72 * 3600 * 1000);
    const rows = await t.context.database.db.selectFrom('invitations').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(body.invitation.token);
    expect((await events('user.invited')).length).toBeGreaterThan(0);
  });

  it('invitations die with their sender: removing or demoting the inviting admin voids them', async () => {
    const fresh = await createTeam(t.app, t.context);
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await invite(fresh.admin, 'member');
      expect(res.statusCode).toBe(201);
      tokens.push(res.json<{ invitation: { token: string } }>().invitation.token);
    }
    secrets.push(...tokens);
    const accept = (token: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/auth/accept-invitation',
        payload: { token, password: PASSWORD },
      });
    // Demoted to member: may no longer grant "member" (roles strictly below one's own).
    const demote = await t.app.inject({
      method: 'PATCH',
      url: `/v1/users/${fresh.admin.userId}`,
      headers: fresh.owner.headers,
      payload: { role: 'member' },
    });
    expect(demote.statusCode).toBe(200);
    expect((await accept(tokens[0] ?? '')).statusCode).toBe(400);
    const remove = await t.app.inject({
      method: 'DELETE',
      url: `/v1/users/${fresh.admin.userId}`,
      headers: fresh.owner.headers,
    });
    expect(remove.statusCode).toBe(204);
    const gone = await accept(tokens[1] ?? '');
    expect(gone.statusCode).toBe(400);
    expect(gone.json<{ type: string }>().type).toMatch(/invitation-invalid$/);
  });

  it('emails are not held forever: a removed user or a lapsed invitation frees the address', async () => {
    const email = `squat-${Math.random().toString(36).slice(2)}@example.test`;
    const first = await invite(team.admin, 'member', email);
    expect(first.statusCode).toBe(201);
    secrets.push(first.json<{ invitation: { token: string } }>().invitation.token);
    // While the invitation is open the address is taken.
    expect((await invite(other, 'member', email)).statusCode).toBe(409);
    // Once it lapses, the owner of the address can register.
    await t.context.database.db
      .updateTable('invitations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', first.json<{ user: { id: string } }>().user.id)
      .execute();
    const registered = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email, password: PASSWORD, name: 'Real Owner', organizationName: 'Mine' },
    });
    expect(registered.statusCode).toBe(201);
    // A removed member's address can be invited again.
    const again = `again-${Math.random().toString(36).slice(2)}@example.test`;
    const invited = await invite(team.admin, 'viewer', again);
    const id = invited.json<{ user: { id: string } }>().user.id;
    secrets.push(invited.json<{ invitation: { token: string } }>().invitation.token);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/v1/users/${id}`,
      headers: team.admin.headers,
    });
    expect(removed.statusCode).toBe(204);
    const reinvited = await invite(team.admin, 'viewer', again);
    expect(reinvited.statusCode).toBe(201);
    secrets.push(reinvited.json<{ invitation: { token: string } }>().invitation.token);
  });

  it('accept-invitation sets the password once; the token is single-use; then login works', async () => {
    const res = await invite(team.owner, 'viewer');
    const { user, invitation } = res.json<{
      user: { id: string; email: string };
      invitation: { token: string };
    }>();
    secrets.push(invitation.token);
    const weak = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/accept-invitation',
      payload: { token: invitation.token, password: 'password' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('body.password');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/accept-invitation',
      payload: { token: invitation.token, password: PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ id: string; role: string }>()).toMatchObject({ id: user.id, role: 'viewer' });
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/accept-invitation',
      payload: { token: invitation.token, password: PASSWORD },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json<{ type: string }>().type).toMatch(/invitation-invalid$/);
    const session = await login(t.app, user.email, PASSWORD);
    secrets.push(session.accessToken);
    expect(session.accessToken.length).toBeGreaterThan(20);
  });

  it('an unknown or expired invitation token is 400 invitation-invalid, without hashing', async () => {
    const res = await invite(team.owner, 'member');
    const { invitation } = res.json<{ invitation: { token: string } }>();
    secrets.push(invitation.token);
    await t.context.database.db
      .updateTable('invitations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    for (const token of [invitation.token, 'x'.repeat(43)]) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/accept-invitation',
        payload: { token, password: PASSWORD },
      });
      expect(r.statusCode).toBe(400);
      expect(r.json<{ type: string }>().type).toMatch(/invitation-invalid$/);
    }
  });

  it.each([
    ['admin', 'admin', 403],
    ['admin', 'owner', 403],
    ['owner', 'owner', 403],
    ['member', 'viewer', 403],
    ['owner', 'admin', 201],
  ] as const)('%s inviting a %s -> %i', async (by, role, status) => {
    const res = await invite(team[by], role);
    expect(res.statusCode).toBe(status);
    if (status === 201)
      secrets.push(res.json<{ invitation: { token: string } }>().invitation.token);
  });

  it('rejects extra fields on invite and update, naming them, applying nothing', async () => {
    const before = await t.context.database.db.selectFrom('users').select('id').execute();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: team.admin.headers,
      payload: {
        email: 'x@example.test',
        name: 'X',
        role: 'member',
        organizationId: other.organizationId,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: { path: string }[] }>().errors).toEqual([
      { path: 'body.organizationId', message: 'is not allowed' },
    ]);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/v1/users/${team.member.userId}`,
      headers: team.admin.headers,
      payload: { name: 'Renamed', status: 'active' },
    });
    expect(patch.statusCode).toBe(400);
    expect(await t.context.database.db.selectFrom('users').select('id').execute()).toHaveLength(
      before.length,
    );
  });

  it('lists users of the own organization only, paginated, no hashes', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/users?limit=2',
      headers: team.admin.headers,
    });
    expect(res.statusCode).toBe(200);
    const page = res.json<{ data: Record<string, unknown>[]; nextCursor: string | null }>();
    expect(page.data).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    expect(res.body).not.toMatch(/password|hash|status/i);
    const seen = new Set(page.data.map((u) => u.id));
    let cursor = page.nextCursor;
    while (cursor !== null) {
      const next = await t.app.inject({
        method: 'GET',
        url: `/v1/users?limit=2&cursor=${cursor}`,
        headers: team.admin.headers,
      });
      expect(next.statusCode).toBe(200);
      const p = next.json<{
        data: { id: string; organizationId: string }[];
        nextCursor: string | null;
      }>();
      for (const u of p.data) {
        expect(u.organizationId).toBe(team.admin.organizationId);
        expect(seen.has(u.id)).toBe(false);
        seen.add(u.id);
      }
      cursor = p.nextCursor;
    }
    expect(seen.has(other.userId)).toBe(false);
    // The other organization's cursor is refused, not served.
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/v1/users?limit=2&cursor=${page.nextCursor ?? ''}`,
      headers: other.headers,
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json<{ type: string }>().type).toMatch(/bad-cursor$/);
  });

  it('a role change revokes the target sessions at once and is recorded', async () => {
    const team2 = await createTeam(t.app, t.context);
    const before = await t.app.inject({
      method: 'GET',
      url: '/v1/invoices',
      headers: team2.member.headers,
    });
    expect(before.statusCode).toBe(200);
    const started = Date.now();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/v1/users/${team2.member.userId}`,
      headers: team2.admin.headers,
      payload: { role: 'viewer' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ role: string }>().role).toBe('viewer');
    const after = await t.app.inject({
      method: 'GET',
      url: '/v1/invoices',
      headers: team2.member.headers,
    });
    expect(after.statusCode).toBe(401);
    expect(Date.now() - started).toBeLessThan(1000);
    const inOrg = (e: StoredEvent) => e.organization_id === team2.admin.organizationId;
    expect((await events('user.role_changed', inOrg)).some(inOrg)).toBe(true);
    // Logging in again yields the new role's rights: a viewer cannot create.
    const session = await login(t.app, team2.member.email, team2.member.password);
    secrets.push(session.accessToken, team2.member.accessToken);
    const create = await t.app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { authorization: `Bearer ${session.accessToken}` },
      payload: {
        customerName: 'a',
        customerEmail: 'a@example.com',
        amountCents: 1,
        currency: 'EUR',
        dueDate: '2030-01-01',
      },
    });
    expect(create.statusCode).toBe(403);
  });

  it('deletion revokes at once, hides the user (404) and blocks login', async () => {
    const team2 = await createTeam(t.app, t.context);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/v1/users/${team2.viewer.userId}`,
      headers: team2.admin.headers,
    });
    expect(res.statusCode).toBe(204);
    const after = await t.app.inject({
      method: 'GET',
      url: '/v1/invoices',
      headers: team2.viewer.headers,
    });
    expect(after.statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/v1/users/${team2.viewer.userId}`,
      headers: team2.admin.headers,
    });
    expect(again.statusCode).toBe(404);
    await expect(login(t.app, team2.viewer.email, team2.viewer.password)).rejects.toThrow(/401/);
    expect((await events('user.deleted')).length).toBeGreaterThan(0);
    secrets.push(team2.viewer.accessToken);
  });

  it('nobody changes their own role or deletes themselves; admins cannot touch owners', async () => {
    const self = await t.app.inject({
      method: 'PATCH',
      url: `/v1/users/${team.owner.userId}`,
      headers: team.owner.headers,
      payload: { role: 'admin' },
    });
    expect(self.statusCode).toBe(403);
    const rename = await t.app.inject({
      method: 'PATCH',
      url: `/v1/users/${team.admin.userId}`,
      headers: team.admin.headers,
      payload: { name: 'Me Myself' },
    });
    expect(rename.statusCode).toBe(200);
    const ownerHit = await t.app.inject({
      method: 'DELETE',
      url: `/v1/users/${team.owner.userId}`,
      headers: team.admin.headers,
    });
    expect(ownerHit.statusCode).toBe(403);
    const tooLow = (e: StoredEvent) => e.details.includes('ROLE_TOO_LOW');
    expect((await events('authz.denied', tooLow)).some(tooLow)).toBe(true);
  });

  it("another organization's user is 404 and recorded as cross-tenant", async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/v1/users/${other.userId}`,
      headers: team.owner.headers,
      payload: { role: 'viewer' },
    });
    expect(res.statusCode).toBe(404);
    const inOrg = (e: StoredEvent) => e.organization_id === team.owner.organizationId;
    expect((await events('authz.cross_tenant_denied', inOrg)).some(inOrg)).toBe(true);
  });

  it('security events: admin+ only, own organization, paginated', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/security-events?limit=3',
      headers: team.admin.headers,
    });
    expect(res.statusCode).toBe(200);
    const page = res.json<{ data: { type: string }[]; nextCursor: string | null }>();
    expect(page.data).toHaveLength(3);
    expect(page.nextCursor).not.toBeNull();
    const filtered = await t.app.inject({
      method: 'GET',
      url: '/v1/security-events?type=user.invited',
      headers: team.admin.headers,
    });
    const types = filtered.json<{ data: { type: string }[] }>().data.map((e) => e.type);
    expect(new Set(types)).toEqual(new Set(['user.invited']));
    const mine = await t.app.inject({
      method: 'GET',
      url: '/v1/security-events',
      headers: other.headers,
    });
    expect(mine.json<{ data: { requestId: string }[] }>().data.length).toBeLessThan(
      page.data.length + 100,
    );
    const member = await t.app.inject({
      method: 'GET',
      url: '/v1/security-events',
      headers: team.member.headers,
    });
    expect(member.statusCode).toBe(403);
  });
});
