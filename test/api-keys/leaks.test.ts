import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskCredential } from '../../src/kit/index.js';
import { registerAndLogin, type TestUser } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A key sent in a header, the query string and a body, valid or tampered, must never
 * appear in a log line, an error body or a security event: only its masked form may.
 */
describe('API keys are never logged, echoed or stored in events', () => {
  let t: TestApp;
  let owner: TestUser;
  let key: string;
  const bodies: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerAndLogin(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: owner.headers,
      payload: { name: 'leak test', scopes: ['invoices:read', 'invoices:write'] },
    });
    key = res.json<{ key: string }>().key;
  });
  afterAll(async () => t.close());

  const tampered = () => key.slice(0, 40) + (key[40] === 'a' ? 'b' : 'a') + key.slice(41);

  it('refuses a key in the query string with 400 credential-in-query', async () => {
    for (const url of [
      `/v1/invoices?api_key=${key}`,
      `/v1/invoices?x=${key}`,
      `/v1/invoices?limit=5&key=${tampered()}`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      bodies.push(res.body);
      expect(res.statusCode).toBe(400);
      expect(res.json<{ type: string }>().type).toBe(
        'https://rampart.dev/problems/credential-in-query',
      );
    }
  });

  it('uses and refuses keys in headers without echoing them', async () => {
    const ok = await t.app.inject({
      method: 'GET',
      url: '/v1/invoices',
      headers: { 'x-api-key': key },
    });
    expect(ok.statusCode).toBe(200);
    for (const headers of [
      { 'x-api-key': tampered() },
      { authorization: `Bearer ${tampered()}` },
      { 'x-api-key': `${key}x` },
      { 'x-api-key': key, authorization: `Bearer ${key}` },
    ]) {
      const res = await t.app.inject({ method: 'GET', url: '/v1/invoices', headers });
      bodies.push(res.body);
      expect(res.statusCode).toBe(401);
    }
  });

  it('a key in a request body is refused as an unknown field without echoing it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': key },
      payload: {
        customerName: 'ACME',
        customerEmail: 'a@acme.example',
        amountCents: 1,
        currency: 'EUR',
        dueDate: '2030-01-01',
        apiKey: key,
      },
    });
    bodies.push(res.body);
    expect(res.statusCode).toBe(400);
    const named = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: owner.headers,
      payload: { name: key, scopes: ['nope', key] },
    });
    bodies.push(named.body);
    expect(named.statusCode).toBe(400);
  });

  it('no log line, error body or security event contains the key (masked form only)', async () => {
    const secrets = [key, tampered(), key.slice(31, 74)];
    expect(t.logs.leaked(secrets)).toEqual([]);
    for (const body of bodies) for (const s of secrets) expect(body).not.toContain(s);
    const events = await t.context.database.db.selectFrom('security_events').selectAll().execute();
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'api_key.created',
        'api_key.verify_failed',
        'request.credential_in_query',
      ]),
    );
    const text = JSON.stringify(events);
    for (const s of secrets) expect(text).not.toContain(s);
    // The masked form is what a human sees, and it cannot authenticate.
    const masked = maskCredential(key);
    expect(masked).toMatch(/^sk_test_[0-9A-Za-z]{2}…[0-9A-Za-z]{4}$/);
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/invoices',
      headers: { 'x-api-key': masked },
    });
    expect(res.statusCode).toBe(401);
  });
});
