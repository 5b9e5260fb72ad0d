import { describe, expect, it } from 'vitest';
import {
  MemoryRateStore,
  RampartError,
  createRateLimiter,
  ipKey,
  type LimitDecision,
  type Principal,
  type RateExceeded,
  type RateOutcome,
  type RateStore,
} from '../../src/kit/index.js';
import { fakeClock } from './fake-clock.js';

const policy = {
  global: { limit: 10_000 },
  ip: { limit: 100 },
  principal: { limit: 1000 },
  authIp: { limit: 30 },
};

const user: Principal = {
  kind: 'user',
  id: 'usr_a',
  organizationId: 'org_a',
  role: 'member',
  permissions: new Set(),
  userId: 'usr_a',
  sessionId: 'ses_a',
};

function request(
  ip = '203.0.113.7',
  principal?: Principal,
  routeClass: 'default' | 'auth' = 'default',
) {
  return { routeClass, routeId: 'GET /v1/x', ip, principal, requestId: 'req' };
}

/** The in-process limiter answers synchronously: no promise on the hot path. */
function sync(decision: LimitDecision | Promise<LimitDecision>): LimitDecision {
  if (decision instanceof Promise) throw new Error('expected a synchronous decision');
  return decision;
}

describe('GCRA limiter: smooth, not fixed windows', () => {
  it('admits the limit at a window boundary only once, not twice (fixed windows admit 2x)', () => {
    const clock = fakeClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    const limiter = createRateLimiter({ policy, store: new MemoryRateStore({ clock: clock.now }) });
    // A fixed one-minute window starting at 12:00:00 resets at 12:01:00. The attacker sends
    // 100 just before the boundary and 100 just after.
    clock.set(Date.UTC(2026, 0, 1, 12, 0, 59, 900));
    let before = 0;
    for (let i = 0; i < 100; i++) if (sync(limiter.check(request())).error === undefined) before++;
    clock.set(Date.UTC(2026, 0, 1, 12, 1, 0, 100));
    let after = 0;
    for (let i = 0; i < 100; i++) if (sync(limiter.check(request())).error === undefined) after++;
    expect(before).toBe(100);
    // 200 ms at the sustained rate of 100/min (one per 600 ms) buys nothing more.
    expect(after).toBe(0);
  });

  it('admits at most limit + elapsed x rate to a client that sends continuously', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ policy, store: new MemoryRateStore({ clock: clock.now }) });
    let admitted = 0;
    // 10 requests a second for 2 minutes = 1200 attempts.
    for (let i = 0; i < 1200; i++) {
      if (sync(limiter.check(request())).error === undefined) admitted++;
      clock.advance(100);
    }
    // Burst of 100, then one per 600 ms over 120 s = 200 more.
    expect(admitted).toBeGreaterThanOrEqual(299);
    expect(admitted).toBeLessThanOrEqual(301);
  });
});

describe('headers and 429', () => {
  it('describes the tightest level with X-RateLimit-* (Reset in Unix seconds) and IETF fields', () => {
    const clock = fakeClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    const limiter = createRateLimiter({ policy, store: new MemoryRateStore({ clock: clock.now }) });
    const first = sync(limiter.check(request('203.0.113.7', user)));
    expect(first.error).toBeUndefined();
    expect(first.headers).toEqual({
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '99',
      // one request used: the bucket is full again 600 ms later.
      'x-ratelimit-reset': String(Date.UTC(2026, 0, 1, 12, 0, 1) / 1000),
      'ratelimit-policy': '"global";q=10000;w=60, "ip";q=100;w=60, "principal";q=1000;w=60',
      ratelimit: '"ip";r=99;t=1',
    });
  });

  it('refuses with RATE_LIMITED, Retry-After and headers of the refusing level', () => {
    const clock = fakeClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    const limiter = createRateLimiter({ policy, store: new MemoryRateStore({ clock: clock.now }) });
    for (let i = 0; i < 100; i++) expect(sync(limiter.check(request())).error).toBeUndefined();
    const refused = sync(limiter.check(request()));
    expect(refused.error).toBeInstanceOf(RampartError);
    expect(refused.error?.code).toBe('RATE_LIMITED');
    expect(refused.error?.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused.headers.ratelimit).toBe('"ip";r=0;t=1');
    expect(refused.error?.headers?.['retry-after']).toBe('1');
  });

  it('evaluates all levels together: a refused request consumes nothing anywhere', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({
      policy: { ...policy, global: { limit: 3 } },
      store: new MemoryRateStore({ clock: clock.now }),
    });
    for (let i = 0; i < 3; i++)
      expect(sync(limiter.check(request('198.51.100.1'))).error).toBeUndefined();
    // The global level refuses a fresh IP; that IP's own budget stays untouched.
    const refused = sync(limiter.check(request('198.51.100.2')));
    expect(refused.error?.code).toBe('RATE_LIMITED');
    expect(refused.headers.ratelimit?.startsWith('"global";r=0')).toBe(true);
    clock.advance(60_000);
    const later = sync(limiter.check(request('198.51.100.2')));
    expect(later.headers['x-ratelimit-remaining']).toBe('2');
  });

  it('limits a principal across IPs and keys IPv6 clients by /64', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({
      policy: { ...policy, principal: { limit: 2 } },
      store: new MemoryRateStore({ clock: clock.now }),
    });
    expect(sync(limiter.check(request('192.0.2.1', user))).error).toBeUndefined();
    expect(sync(limiter.check(request('192.0.2.2', user))).error).toBeUndefined();
    expect(sync(limiter.check(request('192.0.2.3', user))).error?.code).toBe('RATE_LIMITED');

    const v6 = createRateLimiter({
      policy: { ...policy, ip: { limit: 2 } },
      store: new MemoryRateStore({ clock: clock.now }),
    });
    expect(sync(v6.check(request('2001:db8:1:2::1'))).error).toBeUndefined();
    expect(sync(v6.check(request('2001:db8:1:2:ffff:ffff:ffff:fffe'))).error).toBeUndefined();
    // A new address in the same /64 is the same client.
    expect(sync(v6.check(request('2001:db8:1:2:dead:beef::9'))).error?.code).toBe('RATE_LIMITED');
    expect(sync(v6.check(request('2001:db8:1:3::1'))).error).toBeUndefined();
  });

  it('adds the stricter auth-ip level to route class auth', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({
      policy: { ...policy, authIp: { limit: 2 } },
      store: new MemoryRateStore({ clock: clock.now }),
    });
    sync(limiter.check(request('192.0.2.9', undefined, 'auth')));
    sync(limiter.check(request('192.0.2.9', undefined, 'auth')));
    const refused = sync(limiter.check(request('192.0.2.9', undefined, 'auth')));
    expect(refused.error?.code).toBe('RATE_LIMITED');
    expect(refused.headers['ratelimit-policy']).toContain('"auth-ip";q=2;w=60');
    // The default class on the same IP still has budget.
    expect(sync(limiter.check(request('192.0.2.9'))).error).toBeUndefined();
  });
});

describe('shadow mode', () => {
  it('reports a shadow level (headers, one event) but never blocks', () => {
    const clock = fakeClock();
    const events: RateExceeded[] = [];
    const limiter = createRateLimiter({
      policy: { ...policy, ip: { limit: 2 }, shadow: ['ip'] },
      store: new MemoryRateStore({ clock: clock.now }),
      onExceeded: (e) => events.push(e),
    });
    const decisions = Array.from({ length: 5 }, () => sync(limiter.check(request())));
    expect(decisions.every((d) => d.error === undefined)).toBe(true);
    expect(decisions[4]?.headers['x-ratelimit-remaining']).toBe('0');
    expect(decisions[4]?.headers.ratelimit?.startsWith('"ip";r=0')).toBe(true);
    // Three would-be refusals, one event (throttled per level and client).
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ level: 'ip', shadow: true });
  });

  it('refuses unknown shadow levels at construction', () => {
    expect(() => createRateLimiter({ policy: { ...policy, shadow: ['ipp' as 'ip'] } })).toThrow(
      /unknown level "ipp"/,
    );
  });
});

describe('outage policy', () => {
  class DownStore implements RateStore {
    readonly kind = 'redis';
    up = false;
    available() {
      return this.up;
    }
    consume(): Promise<RateOutcome> {
      return Promise.reject(new Error('connection lost'));
    }
  }

  it('fails closed for auth routes and falls back to in-process limits elsewhere', async () => {
    const store = new DownStore();
    const limiter = createRateLimiter({ policy: { ...policy, ip: { limit: 1 } }, store });
    const auth = await limiter.check(request('192.0.2.1', undefined, 'auth'));
    expect(auth.error?.code).toBe('UNAVAILABLE');
    expect(auth.error?.status).toBe(503);
    expect(auth.error?.headers?.['retry-after']).toBe('5');
    expect((await limiter.check(request())).error).toBeUndefined();
    expect((await limiter.check(request())).error?.code).toBe('RATE_LIMITED');
    expect(limiter.storeState()).toBe('degraded');
  });

  it('applies the policy when a call fails although the store looked available', async () => {
    const store = new DownStore();
    store.up = true;
    const errors: unknown[] = [];
    const limiter = createRateLimiter({ policy, store, onStoreError: (e) => errors.push(e) });
    expect((await limiter.check(request('192.0.2.1', undefined, 'auth'))).error?.code).toBe(
      'UNAVAILABLE',
    );
    expect((await limiter.check(request())).error).toBeUndefined();
    expect(errors).toHaveLength(2);
  });

  it('reports a failed batch once, not once per request in it', async () => {
    // A batching store (Redis) fails every request of a batch with the same error.
    const batchError = new Error('connection lost');
    const store: RateStore = {
      kind: 'redis',
      available: () => true,
      consume: () => Promise.reject(batchError),
    };
    const errors: unknown[] = [];
    const limiter = createRateLimiter({ policy, store, onStoreError: (e) => errors.push(e) });
    await Promise.all([1, 2, 3, 4].map(() => Promise.resolve(limiter.check(request()))));
    expect(errors).toEqual([batchError]);
  });

  it('open admits without limits, closed refuses everything', async () => {
    const open = createRateLimiter({ policy, store: new DownStore(), outage: 'open' });
    expect(await open.check(request())).toEqual({ headers: {} });
    const closed = createRateLimiter({ policy, store: new DownStore(), outage: 'closed' });
    expect((await closed.check(request())).error?.code).toBe('UNAVAILABLE');
    expect(closed.storeState()).toBe('down');
  });
});

describe('bounded memory', () => {
  it('drops idle keys by generations and caps the key count', () => {
    const clock = fakeClock();
    const store = new MemoryRateStore({ clock: clock.now, maxKeys: 1000 });
    const limiter = createRateLimiter({ policy, store });
    for (let i = 0; i < 5000; i++) sync(limiter.check(request(`10.0.${i >> 8}.${i & 255}`)));
    // At most two generations of at most maxKeys each.
    expect(store.size).toBeLessThanOrEqual(2000);
    // Two periods later every idle key is gone without any scan or timer.
    clock.advance(61_000);
    sync(limiter.check(request('192.0.2.1')));
    clock.advance(61_000);
    sync(limiter.check(request('192.0.2.1')));
    expect(store.size).toBe(2);
  });

  it('keeps a live key across generations (no fresh budget by rotation)', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({
      policy: { ...policy, ip: { limit: 2, periodMs: 60_000 } },
      store: new MemoryRateStore({ clock: clock.now }),
    });
    sync(limiter.check(request()));
    clock.advance(59_000);
    sync(limiter.check(request()));
    clock.advance(1_500); // rotation happens here
    sync(limiter.check(request()));
    expect(sync(limiter.check(request())).error?.code).toBe('RATE_LIMITED');
  });

  it('moves a key read from the previous generation instead of copying it', () => {
    const clock = fakeClock();
    const store = new MemoryRateStore({ clock: clock.now });
    const limiter = createRateLimiter({ policy, store });
    sync(limiter.check(request('198.51.100.1')));
    sync(limiter.check(request('198.51.100.2')));
    expect(store.size).toBe(3); // global + two clients
    clock.advance(61_000); // rotation: all three now live in the previous generation
    sync(limiter.check(request('198.51.100.1')));
    // global and .1 moved to the current generation, .2 stayed behind: still 3, not 5.
    expect(store.size).toBe(3);
    sync(limiter.check(request('198.51.100.1')));
    expect(store.size).toBe(3);
  });
});

describe('ipKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:DB8:0:0:1::1', '2001:db8:0:0::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b:1:2:3:4:1.2.3.4', '64:ff9b:1:2::/64'],
  ])('%s -> %s', (ip, key) => {
    expect(ipKey(ip)).toBe(key);
  });
});
