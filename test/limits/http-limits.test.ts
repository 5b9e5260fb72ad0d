import { afterEach, describe, expect, it } from 'vitest';
import { createLimitsApp, eventsOf, type LimitsApp } from './limits-app.js';

let t: LimitsApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const PROBLEM = 'application/problem+json';

describe('limits on every route of the reference app', () => {
  it('adds X-RateLimit-* and IETF fields to limited routes and 404s, none to the probes', async () => {
    t = await createLimitsApp();
    const now = Math.floor(Date.now() / 1000);
    for (const url of ['/openapi.json', '/v1/no-such-thing']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['x-ratelimit-limit']).toBe('100');
      expect(res.headers['x-ratelimit-remaining']).toMatch(/^9\d$/);
      const reset = Number(res.headers['x-ratelimit-reset']);
      expect(reset).toBeGreaterThanOrEqual(now);
      expect(reset).toBeLessThanOrEqual(now + 61);
      expect(res.headers['ratelimit-policy']).toBe('"global";q=10000;w=60, "ip";q=100;w=60');
      expect(res.headers.ratelimit).toMatch(/^"ip";r=9\d;t=\d+$/);
    }
    for (const url of ['/healthz', '/readyz']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });

  it('answers 429 problem+json with Retry-After once the per-IP budget is spent', async () => {
    t = await createLimitsApp({ RAMPART_LIMIT_IP_PER_MIN: '3' });
    for (let i = 0; i < 3; i++) {
      expect((await t.app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
    }
    const res = await t.app.inject({ method: 'GET', url: '/v1/unknown' });
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toBe(`${PROBLEM}; charset=utf-8`);
    expect(res.headers['retry-after']).toBe('20');
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(res.headers['x-request-id']).toBeTypeOf('string');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.json()).toEqual({
      type: 'https://rampart.dev/problems/rate-limited',
      title: 'Too many requests.',
      status: 429,
      requestId: res.headers['x-request-id'],
    });
    const exceeded = await eventsOf(t.context, 'rate_limit.exceeded');
    expect(exceeded).toHaveLength(1);
    expect(exceeded[0]?.details).toEqual({ level: 'ip', route: 'not-found' });
  });

  it('405s and preflights count too: no method buys a fresh budget', async () => {
    t = await createLimitsApp({ RAMPART_LIMIT_IP_PER_MIN: '3' });
    const trace = await t.app.inject({ method: 'TRACE', url: '/v1/invoices' });
    expect(trace.statusCode).toBe(405);
    expect(trace.headers['x-ratelimit-remaining']).toBe('2');
    const options = await t.app.inject({ method: 'OPTIONS', url: '/v1/invoices' });
    expect(options.statusCode).toBe(204);
    expect(options.headers['x-ratelimit-remaining']).toBe('1');
    await t.app.inject({ method: 'GET', url: '/openapi.json' });
    for (const method of ['TRACE', 'OPTIONS', 'PUT'] as const) {
      const res = await t.app.inject({ method, url: '/v1/invoices' });
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
    }
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/invoices',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(429);
  });

  it('shadow mode reports (headers, event) without refusing', async () => {
    t = await createLimitsApp({ RAMPART_LIMIT_IP_PER_MIN: '2', RAMPART_LIMIT_SHADOW: 'ip' });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await t.app.inject({ method: 'GET', url: '/openapi.json' });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(last?.headers['x-ratelimit-remaining']).toBe('0');
    const exceeded = await eventsOf(t.context, 'rate_limit.exceeded');
    expect(exceeded.map((e) => e.details.level)).toEqual(['ip:shadow']);
    expect(t.logs.text()).toContain('rate limit level in shadow mode');
  });
});

describe('client identity: spoofed forwarding headers buy nothing', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    t = await createLimitsApp({ RAMPART_LIMIT_IP_PER_MIN: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/openapi.json',
        remoteAddress: '198.51.100.1',
        headers: { 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `203.0.113.${i}` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('through a trusted proxy uses the right-most untrusted hop, not the spoofable left', async () => {
    t = await createLimitsApp({
      RAMPART_LIMIT_IP_PER_MIN: '3',
      RAMPART_TRUSTED_PROXIES: '10.0.0.0/8',
    });
    const via = (xff: string) =>
      t?.app.inject({
        method: 'GET',
        url: '/openapi.json',
        remoteAddress: '10.0.0.5',
        headers: { 'x-forwarded-for': xff },
      });
    const spoofed: number[] = [];
    // The client prepends a fresh fake address each time; the proxy appends the real one.
    for (let i = 0; i < 5; i++)
      spoofed.push((await via(`1.2.3.${i}, 203.0.113.9`))?.statusCode ?? 0);
    expect(spoofed).toEqual([200, 200, 200, 429, 429]);
    // Another real client behind the same proxy has its own budget.
    expect((await via('203.0.113.10'))?.statusCode).toBe(200);
    // Chained trusted proxies are skipped: 10.1.1.1 is a proxy, 203.0.113.9 the client.
    expect((await via('203.0.113.9, 10.1.1.1'))?.statusCode).toBe(429);
  });

  it('keys IPv6 clients by /64', async () => {
    t = await createLimitsApp({ RAMPART_LIMIT_IP_PER_MIN: '2' });
    const from = (remoteAddress: string) =>
      t?.app.inject({ method: 'GET', url: '/openapi.json', remoteAddress });
    expect((await from('2001:db8:5:6::1'))?.statusCode).toBe(200);
    expect((await from('2001:db8:5:6::2'))?.statusCode).toBe(200);
    expect((await from('2001:db8:5:6:aaaa:bbbb:cccc:dddd'))?.statusCode).toBe(429);
    expect((await from('2001:db8:5:7::1'))?.statusCode).toBe(200);
  });
});
