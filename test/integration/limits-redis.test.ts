import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RedisBruteForceStore,
  RedisRateStore,
  createBruteForceGuard,
  createRateLimiter,
  createRedis,
  type Redis,
} from '../../src/kit/index.js';
import { redisPrefix } from '../helpers/stores.js';

const url = process.env.REDIS_URL;
if (url === undefined || url === '') console.log('[skip] limits on Redis: REDIS_URL is not set');

describe.skipIf(url === undefined || url === '')('limits shared through Redis', () => {
  const prefix = redisPrefix();
  const clients: Redis[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 3; i++) clients.push(createRedis(url ?? '', { keyPrefix: prefix }));
    await Promise.all(clients.map((c) => new Promise((resolve) => c.once('ready', resolve))));
  });
  afterAll(async () => {
    const keys = await clients[0]?.keys(`${prefix}*`);
    if (keys !== undefined && keys.length > 0)
      await clients[0]?.del(...keys.map((k) => k.slice(prefix.length)));
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('three instances admit, in total, the global and per-IP limits within 2 % under concurrent load', async () => {
    const limiters = clients.map((redis) =>
      createRateLimiter({
        policy: {
          global: { limit: 1000, periodMs: 3_600_000 },
          ip: { limit: 300, periodMs: 3_600_000 },
          principal: { limit: 1000 },
          authIp: { limit: 30 },
        },
        store: new RedisRateStore(redis),
      }),
    );
    // 3 instances x 1500 requests, 64 in flight each; 10 client IPs, one of them heavy.
    let admittedAll = 0;
    let admittedHeavy = 0;
    await Promise.all(
      limiters.map(async (limiter, instance) => {
        for (let batch = 0; batch < 1500 / 64 + 1; batch++) {
          const decisions = await Promise.all(
            Array.from({ length: 64 }, (_, i) => {
              const heavy = (batch + i) % 2 === 0;
              const ip = heavy ? '203.0.113.1' : `198.51.100.${(i % 9) + 1}`;
              return Promise.resolve(
                limiter.check({
                  routeClass: 'default',
                  routeId: 'GET /x',
                  ip,
                  principal: undefined,
                  requestId: `${instance}-${batch}-${i}`,
                }),
              ).then((d) => ({ heavy, ok: d.error === undefined }));
            }),
          );
          for (const d of decisions) {
            if (d.ok) admittedAll++;
            if (d.ok && d.heavy) admittedHeavy++;
          }
        }
      }),
    );
    console.log(
      `[report] 3 instances on Redis: global admitted ${admittedAll} (limit 1000), heavy IP ${admittedHeavy} (limit 300)`,
    );
    // Hour-long periods: refill during the run is < 1 request, so the budget is the limit.
    expect(Math.abs(admittedAll - 1000) / 1000).toBeLessThanOrEqual(0.02);
    expect(Math.abs(admittedHeavy - 300) / 300).toBeLessThanOrEqual(0.02);
  });

  it('decides the requests of one loop turn in one script call, in order, as separate calls would', async () => {
    const redis = clients[0] as Redis;
    const store = new RedisRateStore(redis, { maxBatch: 8 });
    // Script calls are counted from Redis itself (MONITOR), by this test's keys.
    const watcher = createRedis(url ?? '');
    const monitor = await watcher.monitor();
    let calls = 0;
    monitor.on('monitor', (_time: string, args: string[]) => {
      const name = args[0]?.toLowerCase();
      if (
        (name === 'evalsha' || name === 'eval') &&
        args.some((a) => a.startsWith(`${prefix}batch:`))
      )
        calls++;
    });
    const settled = () => new Promise((resolve) => setTimeout(resolve, 200));
    // Leaving auto-pipelining is this client's setting, not every client's.
    const other = createRedis(url ?? '');
    expect(other.options.autoPipeliningIgnoredCommands).not.toContain('rampartGcraBatch');
    other.disconnect();
    try {
      // Limit 5 per hour on one key plus a roomy second level: 20 requests in one turn.
      const spec = (key: string) => [
        { key: `batch:${key}`, intervalMs: 720_000, periodMs: 3_600_000, shadow: false },
        { key: `batch:${key}:wide`, intervalMs: 1_000, periodMs: 3_600_000, shadow: false },
      ];
      // The first call loads the script (EVALSHA, then EVAL): not counted.
      await store.consume(spec('warm-up'));
      await settled();
      calls = 0;
      // Loop turns are counted while the batch is answered: it is answered a few requests
      // per turn, so the loop reads (and sends on) new requests in between.
      let turn = 0;
      let counting = true;
      const tick = () => {
        turn++;
        if (counting) setImmediate(tick);
      };
      setImmediate(tick);
      const answeredIn: number[] = [];
      const together = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.consume(spec('a')).then((outcome) => {
            answeredIn[i] = turn;
            return outcome;
          }),
        ),
      );
      counting = false;
      await settled();
      expect(calls).toBe(3); // 8 + 8 + 4
      // The first batch (8 requests, one reply) was answered over more than one loop turn.
      expect(new Set(answeredIn.slice(0, 8)).size).toBeGreaterThan(1);
      const oneByOne = [];
      for (let i = 0; i < 20; i++) oneByOne.push(await store.consume(spec('b')));
      await settled();
      expect(calls).toBe(23);
      const shape = (outcomes: typeof together) =>
        outcomes.map((o) => [o.admitted, o.oks.join(), o.tats.map((t) => Math.round(t - o.now))]);
      const expected = Array.from({ length: 20 }, (_, i) => i < 5);
      expect(together.map((o) => o.admitted)).toEqual(expected);
      // Same decisions and TATs (relative to the store clock, within the run's few ms).
      const near = (x: number[], y: number[]) =>
        x.every((v, i) => Math.abs(v - (y[i] ?? 0)) < 1000);
      for (let i = 0; i < 20; i++) {
        const [a, aOks, aTats] = shape(together)[i] as [boolean, string, number[]];
        const [b, bOks, bTats] = shape(oneByOne)[i] as [boolean, string, number[]];
        expect([a, aOks]).toEqual([b, bOks]);
        expect(near(aTats, bTats)).toBe(true);
      }
      // A refused request consumed nothing: the wide level counted only the 5 admitted.
      expect(Math.round(((together[19]?.tats[1] ?? 0) - (together[19]?.now ?? 0)) / 1000)).toBe(5);

      // A key Redis refuses (a hash where a TAT should be: WRONGTYPE) fails its own request
      // only; the others of the batch are decided, and the failed one wrote nothing.
      await redis.hset('batch:bad', 'x', '1');
      const mixed = await Promise.allSettled([
        store.consume(spec('ok-1')),
        store.consume([
          ...spec('half'),
          ...spec('bad')
            .slice(0, 1)
            .map((l) => ({ ...l, key: 'batch:bad' })),
        ]),
        store.consume(spec('ok-2')),
      ]);
      expect(mixed.map((m) => m.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(mixed.map((m) => (m.status === 'fulfilled' ? m.value.admitted : null))).toEqual([
        true,
        null,
        true,
      ]);
      expect(await redis.exists('batch:half', 'batch:half:wide')).toBe(0);

      // A failing call fails every request of its batch (the limiter's outage policy follows):
      // a script call on a connection that is gone.
      const lost = createRedis(url ?? '', { keyPrefix: prefix });
      await new Promise((resolve) => lost.once('ready', resolve));
      const lostStore = new RedisRateStore(lost);
      lost.disconnect();
      const failed = await Promise.allSettled([1, 2, 3].map(() => lostStore.consume(spec('c'))));
      expect(failed.map((f) => f.status)).toEqual(['rejected', 'rejected', 'rejected']);
    } finally {
      monitor.disconnect();
      watcher.disconnect();
    }
  });

  it('the brute-force guard holds across instances and parallel attempts', async () => {
    const guards = clients.map((redis) =>
      createBruteForceGuard({
        failuresPerPair: 5,
        store: new RedisBruteForceStore(redis),
        sleep: () => Promise.resolve(),
      }),
    );
    const attempt = { account: 'victim@example.com', ip: '203.0.113.50', requestId: 'r' };
    const results = await Promise.allSettled(
      Array.from(
        { length: 30 },
        (_, i) => (guards[i % 3] ?? guards[0])?.before(attempt) ?? Promise.resolve(),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' ? rejected.reason : undefined).toMatchObject({
      code: 'RATE_LIMITED',
    });
    // Lockout reported once across instances; success from the pair resets it.
    const lockouts = await Promise.all(guards.map((g) => g.failed(attempt)));
    expect(lockouts).toHaveLength(3);
    const other = { account: 'victim@example.com', ip: '198.51.100.7', requestId: 'r' };
    await expect(guards[1]?.before(other)).resolves.toBeUndefined();
  });
});
