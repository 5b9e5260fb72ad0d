import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, registerAndLogin, type TestUser } from '../helpers/auth.js';
import { testStores } from '../helpers/stores.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { waitForEvents, type StoredEvent } from './events.js';
import { AUTHZ_TEST_ENV, invoiceInput, seedInvoice, snapshot } from './fixtures.js';

interface Page {
  data: { id: string; organizationId: string; ownerId: string; status: string }[];
  nextCursor: string | null;
}

describe.each(testStores())('invoices (%s)', (store) => {
  let t: TestApp;
  let team: Record<'owner' | 'admin' | 'member' | 'viewer', TestUser>;
  let other: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ store, env: { ...AUTHZ_TEST_ENV } });
    team = await createTeam(t.app, t.context);
    other = await registerAndLogin(t.app);
  });
  afterAll(async () => {
    const secrets = [...Object.values(team), other].flatMap((u) => [u.accessToken, u.password]);
    expect(t.logs.leaked(secrets)).toEqual([]);
    await t.close();
  });

  const get = (url: string, as: TestUser) =>
    t.app.inject({ method: 'GET', url, headers: as.headers });
  const errorsOf = (body: string) =>
    (JSON.parse(body) as { errors?: { path: string; message: string }[] }).errors;

  it('creates an invoice owned by the caller, in the caller organization', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: team.member.headers,
      payload: invoiceInput(),
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(
      [
        'amountCents',
        'createdAt',
        'currency',
        'customerEmail',
        'customerName',
        'dueDate',
        'id',
        'organizationId',
        'ownerId',
        'status',
        'updatedAt',
      ].sort(),
    );
    expect(body).toMatchObject({
      ownerId: team.member.userId,
      organizationId: team.member.organizationId,
      status: 'draft',
    });
    expect(body.id).toMatch(/^inv_[0-9A-Za-z]{22}$/);
  });

  describe('mass assignment: fields outside the schema are rejected by name, nothing applied', () => {
    it.each(['ownerId', 'organizationId', 'role', 'id', 'createdAt', 'updatedAt', '__proto__x'])(
      'POST with %s -> 400',
      async (field) => {
        const before = await snapshot(t.context);
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/invoices',
          headers: team.member.headers,
          payload: { ...invoiceInput(), [field]: other.organizationId },
        });
        expect(res.statusCode).toBe(400);
        expect(res.json<{ type: string }>().type).toMatch(/validation-failed$/);
        expect(errorsOf(res.body)).toEqual([{ path: `body.${field}`, message: 'is not allowed' }]);
        expect(await snapshot(t.context)).toBe(before);
      },
    );

    it.each(['ownerId', 'organizationId', 'id', 'createdAt'])(
      'PATCH with %s -> 400',
      async (field) => {
        const id = await seedInvoice(t.context, team.member);
        const before = await snapshot(t.context);
        const res = await t.app.inject({
          method: 'PATCH',
          url: `/v1/invoices/${id}`,
          headers: team.member.headers,
          payload: { customerName: 'Changed', [field]: 'x' },
        });
        expect(res.statusCode).toBe(400);
        expect(errorsOf(res.body)).toEqual([{ path: `body.${field}`, message: 'is not allowed' }]);
        expect(await snapshot(t.context)).toBe(before);
      },
    );

    it('PATCH needs at least one field; values are type-checked, not coerced', async () => {
      const id = await seedInvoice(t.context, team.member);
      const empty = await t.app.inject({
        method: 'PATCH',
        url: `/v1/invoices/${id}`,
        headers: team.member.headers,
      });
      expect(empty.statusCode).toBe(400);
      for (const payload of [
        {},
        { amountCents: '100' },
        { amountCents: 1.5 },
        { currency: 'eur' },
        { status: 'paid ' },
      ]) {
        const res = await t.app.inject({
          method: 'PATCH',
          url: `/v1/invoices/${id}`,
          headers: team.member.headers,
          payload,
        });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      }
    });
  });

  it.each([
    ['customerName', ''],
    ['customerName', 'x'.repeat(201)],
    ['customerName', 'tab\there'],
    ['customerEmail', 'not-an-email'],
    ['customerEmail', `${'a'.repeat(250)}@x.io`],
    ['amountCents', -1],
    ['amountCents', 1_000_000_000_001],
    ['currency', 'EURO'],
    ['dueDate', '2030-02-30'],
    ['dueDate', '30.06.2030'],
    ['status', 'archived'],
  ])('bounds: %s = %j -> 400 naming the field', async (field, value) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: team.member.headers,
      payload: { ...invoiceInput(), [field]: value },
    });
    expect(res.statusCode).toBe(400);
    expect(errorsOf(res.body)?.some((e) => e.path === `body.${field}`)).toBe(true);
  });

  it.each(['paid', 'void'] as const)(
    'a %s invoice is immutable: PATCH and DELETE 403, row unchanged',
    async (status) => {
      const id = await seedInvoice(t.context, team.member, status);
      for (const as of [team.member, team.admin, team.owner]) {
        const before = await snapshot(t.context);
        const patch = await t.app.inject({
          method: 'PATCH',
          url: `/v1/invoices/${id}`,
          headers: as.headers,
          payload: { status: 'draft' },
        });
        expect(patch.statusCode).toBe(403);
        const del = await t.app.inject({
          method: 'DELETE',
          url: `/v1/invoices/${id}`,
          headers: as.headers,
        });
        expect(del.statusCode).toBe(403);
        expect(await snapshot(t.context)).toBe(before);
      }
      const immutable = (e: StoredEvent) => e.details.includes('IMMUTABLE');
      expect((await waitForEvents(t.context, 'authz.denied', immutable)).some(immutable)).toBe(
        true,
      );
      // Reading stays allowed.
      expect((await get(`/v1/invoices/${id}`, team.member)).statusCode).toBe(200);
    },
  );

  it('marking an invoice paid is allowed once; afterwards it is frozen', async () => {
    const id = await seedInvoice(t.context, team.member);
    const paid = await t.app.inject({
      method: 'PATCH',
      url: `/v1/invoices/${id}`,
      headers: team.member.headers,
      payload: { status: 'paid' },
    });
    expect(paid.statusCode).toBe(200);
    const again = await t.app.inject({
      method: 'PATCH',
      url: `/v1/invoices/${id}`,
      headers: team.member.headers,
      payload: { amountCents: 1 },
    });
    expect(again.statusCode).toBe(403);
  });

  it("another tenant's invoice is 404 exactly like a missing one, and recorded", async () => {
    const id = await seedInvoice(t.context, other);
    const foreign = await get(`/v1/invoices/${id}`, team.owner);
    const missing = await get('/v1/invoices/inv_0000000000000000000000', team.owner);
    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const strip = (b: string) => ({
      ...(JSON.parse(b) as Record<string, unknown>),
      requestId: undefined,
    });
    expect(strip(foreign.body)).toEqual(strip(missing.body));
    const inOrg = (e: StoredEvent) => e.organization_id === team.owner.organizationId;
    expect((await waitForEvents(t.context, 'authz.cross_tenant_denied', inOrg)).some(inOrg)).toBe(
      true,
    );
  });

  describe('lists', () => {
    let pageOwner: TestUser;
    beforeAll(async () => {
      pageOwner = (await createTeam(t.app, t.context)).member;
      for (let i = 0; i < 7; i++)
        await seedInvoice(t.context, pageOwner, i % 3 === 0 ? 'sent' : 'draft');
      await seedInvoice(t.context, other);
    });

    it('walks every own invoice exactly once with an opaque cursor; no total count', async () => {
      const seen: string[] = [];
      let url = '/v1/invoices?limit=3';
      for (;;) {
        const res = await get(url, pageOwner);
        expect(res.statusCode).toBe(200);
        const page = res.json<Page & Record<string, unknown>>();
        expect(Object.keys(page).sort()).toEqual(['data', 'nextCursor']);
        for (const inv of page.data) {
          expect(inv.ownerId).toBe(pageOwner.userId);
          seen.push(inv.id);
        }
        if (page.nextCursor === null) break;
        url = `/v1/invoices?limit=3&cursor=${encodeURIComponent(page.nextCursor)}`;
      }
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
    });

    it('default limit is 20; limit outside 1-100 is 400, never clamped', async () => {
      expect((await get('/v1/invoices', pageOwner)).statusCode).toBe(200);
      for (const limit of ['0', '101', '-1', '1e3', 'abc', '2.5', '']) {
        const res = await get(`/v1/invoices?limit=${limit}`, pageOwner);
        expect(res.statusCode, limit).toBe(400);
        expect(errorsOf(res.body)?.[0]?.path).toBe('query.limit');
      }
      expect((await get('/v1/invoices?limit=100', pageOwner)).statusCode).toBe(200);
      expect((await get('/v1/invoices?limit=1', pageOwner)).statusCode).toBe(200);
    });

    it('status filter is an enum', async () => {
      const res = await get('/v1/invoices?status=sent', pageOwner);
      expect(res.json<Page>().data.map((i) => i.status)).toEqual(['sent', 'sent', 'sent']);
      expect((await get('/v1/invoices?status=SENT', pageOwner)).statusCode).toBe(400);
      expect((await get('/v1/invoices?status=sent&status=paid', pageOwner)).statusCode).toBe(400);
    });

    it('a tampered cursor, or one replayed across tenants, owners or filters, is 400 BAD_CURSOR', async () => {
      const first = (await get('/v1/invoices?limit=2', pageOwner)).json<Page>();
      const cursor = first.nextCursor ?? '';
      const [payload = '', mac = ''] = cursor.split('.');
      const forged = Buffer.from(
        JSON.stringify(['9999-12-31T00:00:00.000Z', 'inv_zzzzzzzzzzzzzzzzzzzzzz']),
      ).toString('base64url');
      const cases: [TestUser, string][] = [
        [pageOwner, `${forged}.${mac}`],
        [pageOwner, `${payload}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`],
        [pageOwner, `${payload}x.${mac}`],
        [pageOwner, 'not-a-cursor'],
        [other, cursor],
        [team.member, cursor],
      ];
      for (const [as, c] of cases) {
        const res = await get(`/v1/invoices?limit=2&cursor=${encodeURIComponent(c)}`, as);
        expect(res.statusCode, c).toBe(400);
      }
      const bad = await get(`/v1/invoices?limit=2&cursor=${forged}.${mac}`, pageOwner);
      expect(bad.json<{ type: string }>().type).toMatch(/bad-cursor$/);
      const filtered = await get(`/v1/invoices?limit=2&status=draft&cursor=${cursor}`, pageOwner);
      expect(filtered.statusCode).toBe(400);
      // An admin of the same organization does not accept a member's cursor either.
      expect((await get(`/v1/invoices?limit=2&cursor=${cursor}`, team.admin)).statusCode).toBe(400);
    });
  });
});
