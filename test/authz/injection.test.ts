import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, registerAndLogin, type TestUser } from '../helpers/auth.js';
import { testStores } from '../helpers/stores.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { AUTHZ_TEST_ENV, invoiceInput, seedInvoice } from './fixtures.js';

/** SQL, NoSQL-operator and unicode payloads; each must be 400 or a literal, never 500. */
const PAYLOADS: readonly unknown[] = [
  "' OR '1'='1",
  "' OR 1=1 --",
  '1; DROP TABLE invoices;--',
  ';--',
  '" OR ""="',
  "inv_' UNION SELECT * FROM users --",
  '%',
  '_',
  '*',
  '\\',
  '\u0000',
  'a\u0000b',
  '\u202egnp.exe',
  'ｉｎｖ＿',
  '\ud800',
  'é'.normalize('NFD'),
  '${7*7}',
  '../../etc/passwd',
  { $gt: '' },
  { $ne: null },
  ['a', 'b'],
  null,
  true,
  12,
];

function asQuery(value: unknown): string {
  try {
    return encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value));
  } catch {
    // A lone surrogate has no UTF-8 form: send the bytes of one as invalid UTF-8.
    return '%ED%A0%80';
  }
}

describe.each(testStores())('injection payloads on every string parameter (%s)', (store) => {
  let t: TestApp;
  let team: Record<'owner' | 'admin' | 'member' | 'viewer', TestUser>;
  let other: TestUser;
  let ownCount: number;

  beforeAll(async () => {
    t = await createTestApp({ store, env: { ...AUTHZ_TEST_ENV } });
    team = await createTeam(t.app, t.context);
    other = await registerAndLogin(t.app);
    await seedInvoice(t.context, team.admin);
    await seedInvoice(t.context, other);
    ownCount = (
      await t.app.inject({
        method: 'GET',
        url: '/v1/invoices?limit=100',
        headers: team.admin.headers,
      })
    ).json<{
      data: unknown[];
    }>().data.length;
  });
  afterAll(async () => {
    expect(t.logs.leaked([...Object.values(team), other].map((u) => u.accessToken))).toEqual([]);
    await t.close();
  });

  function expectSafe(status: number, body: string, label: string) {
    expect([200, 201, 400, 404], `${label} -> ${status} ${body}`).toContain(status);
    // Random ids, one-time tokens and the random addresses below may spell anything
    // ("inv_…SqlB…", an invitation token "…DisqLPb…"): they are removed before the scan.
    const text = body
      .replace(/\b(?:inv|org|usr|key|evt)_[0-9A-Za-z]{22}\b/g, '<id>')
      .replace(/"token":"[A-Za-z0-9_-]{43}"/g, '"token":"<token>"')
      .replace(/"email":"p-[a-z0-9]+@example\.test"/g, '"email":"<random>"');
    expect(text).not.toMatch(/sql|sqlite|syntax|postgres|relation|stack|kysely/i);
  }

  it.each(PAYLOADS.map((p) => [JSON.stringify(p), p]))('path ids: %s', async (_label, payload) => {
    for (const base of ['/v1/invoices/', '/v1/users/']) {
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        if (base === '/v1/users/' && method === 'GET') continue;
        const res = await t.app.inject({
          method,
          url: base + asQuery(payload),
          headers: team.owner.headers,
          ...(method === 'PATCH'
            ? { payload: base.includes('users') ? { name: 'x' } : { customerName: 'x' } }
            : {}),
        });
        expectSafe(res.statusCode, res.body, `${method} ${base}`);
        expect(res.statusCode).not.toBe(200);
      }
    }
  });

  it.each(PAYLOADS.map((p) => [JSON.stringify(p), p]))(
    'query parameters: %s',
    async (_label, payload) => {
      for (const query of ['status', 'cursor', 'limit']) {
        for (const path of ['/v1/invoices', '/v1/users', '/v1/security-events']) {
          const res = await t.app.inject({
            method: 'GET',
            url: `${path}?${query}=${asQuery(payload)}`,
            headers: team.owner.headers,
          });
          expectSafe(res.statusCode, res.body, `${path}?${query}`);
          if (res.statusCode === 200 && path === '/v1/invoices')
            expect(res.json<{ data: unknown[] }>().data.length).toBeLessThanOrEqual(ownCount);
        }
      }
      const typed = await t.app.inject({
        method: 'GET',
        url: `/v1/security-events?type=${asQuery(payload)}`,
        headers: team.owner.headers,
      });
      expectSafe(typed.statusCode, typed.body, 'security-events?type');
    },
  );

  it.each(PAYLOADS.map((p) => [JSON.stringify(p), p]))(
    'body fields: %s',
    async (_label, payload) => {
      for (const field of [
        'customerName',
        'customerEmail',
        'currency',
        'dueDate',
        'status',
        'amountCents',
      ]) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/invoices',
          headers: team.member.headers,
          payload: { ...invoiceInput(), [field]: payload },
        });
        expectSafe(res.statusCode, res.body, `invoice.${field}`);
        if (res.statusCode === 201)
          expect(res.json<Record<string, unknown>>()[field], 'stored as a literal').toEqual(
            payload,
          );
      }
      for (const field of ['email', 'name', 'role']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/users',
          headers: team.admin.headers,
          payload: {
            email: `p-${Math.random().toString(36).slice(2)}@example.test`,
            name: 'N',
            role: 'viewer',
            [field]: payload,
          },
        });
        expectSafe(res.statusCode, res.body, `user.${field}`);
      }
      for (const field of ['token', 'password']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/auth/accept-invitation',
          payload: {
            token: 'x'.repeat(43),
            password: 'a long enough passphrase 9',
            [field]: payload,
          },
        });
        expectSafe(res.statusCode, res.body, `accept.${field}`);
      }
      // Never more rows: the admin still sees only their organization's invoices.
      const list = await t.app.inject({
        method: 'GET',
        url: '/v1/invoices?limit=100',
        headers: team.admin.headers,
      });
      const orgs = new Set(
        list.json<{ data: { organizationId: string }[] }>().data.map((i) => i.organizationId),
      );
      expect([...orgs]).toEqual([team.admin.organizationId]);
    },
  );
});
