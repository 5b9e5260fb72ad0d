import { afterEach, describe, expect, it } from 'vitest';
import { testCredentials } from '../helpers/auth.js';
import { createLimitsApp, eventsOf, type LimitsApp } from './limits-app.js';

let t: LimitsApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('POST /v1/auth/login brute-force defence (end to end)', () => {
  it('5 failures per account+IP, then 429 even with the right password; other IPs unaffected', async () => {
    const delays: number[] = [];
    t = await createLimitsApp(
      { RAMPART_TRUSTED_PROXIES: '10.0.0.0/8' },
      {
        sleep: (ms) => {
          delays.push(ms);
          return Promise.resolve();
        },
      },
    );
    const app = t.app;
    const { email, password } = testCredentials('victim');
    const registered = await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email, password, name: 'Victim', organizationName: 'Victim Org' },
    });
    expect(registered.statusCode).toBe(201);
    const wrong = 'Wrong-password-9!x';
    const attacker = (pw: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        remoteAddress: '10.0.0.5',
        headers: { 'x-forwarded-for': '203.0.113.66' },
        payload: { email, password: pw },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attacker(wrong)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(delays).toEqual([250, 500, 1000]);
    const locked = await attacker(password);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toMatch(/^(59|60)$/);
    expect(locked.json<{ type: string }>().type).toBe('https://rampart.dev/problems/rate-limited');
    // The owner, from their own address, is not locked out by the attacker.
    const owner = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      remoteAddress: '10.0.0.5',
      headers: { 'x-forwarded-for': '198.51.100.20' },
      payload: { email, password },
    });
    expect(owner.statusCode).toBe(200);
    const started = await eventsOf(t.context, 'auth.lockout.started');
    expect(started.map((e) => [e.ip, e.details])).toEqual([
      ['203.0.113.66', { scope: 'account_ip', seconds: 60 }],
    ]);
    expect(t.logs.leaked([password, wrong])).toEqual([]);
  });
});
