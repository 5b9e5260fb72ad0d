// Micro-benchmark: limiter checks per second, Rampart's GCRA limiter vs rate-limiter-flexible,
// in one run; plus heap per key with 1,000,000 distinct client keys.
// Usage: npm run build && npm run bench:limiter   (node --expose-gc for the heap figure)
// Set REDIS_URL to add the Redis store (64 checks in flight) next to RateLimiterRedis.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

const root = resolve(import.meta.dirname, '..', '..');
const entry = resolve(root, 'dist', 'kit', 'index.js');
if (!existsSync(entry)) {
  console.error('bench:limiter needs the build: run `npm run build` first');
  process.exit(1);
}
const kit = await import(entry);
const N = Number(process.env.LIMITER_BENCH_CHECKS ?? 1_000_000);
const KEYS = Number(process.env.LIMITER_BENCH_KEYS ?? 10_000);
const policy = {
  global: { limit: 1e9 },
  ip: { limit: 1e9 },
  principal: { limit: 1e9 },
  authIp: { limit: 1e9 },
};
const ips = Array.from(
  { length: KEYS },
  (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
);

function report(name, checks, ms) {
  const perSec = Math.round((checks / ms) * 1000);
  console.log(
    `${name.padEnd(48)} ${String(perSec).padStart(10)} checks/s  ${((ms * 1000) / checks).toFixed(3)} µs/check`,
  );
  return perSec;
}

// Rampart in-process: every check evaluates two levels (global + ip), synchronously.
const limiter = kit.createRateLimiter({ policy });
for (let i = 0; i < 100_000; i++)
  limiter.check({
    routeClass: 'default',
    routeId: 'b',
    ip: ips[i % KEYS],
    principal: undefined,
    requestId: 'r',
  });
let start = performance.now();
for (let i = 0; i < N; i++)
  limiter.check({
    routeClass: 'default',
    routeId: 'b',
    ip: ips[i % KEYS],
    principal: undefined,
    requestId: 'r',
  });
const ours = report('rampart GCRA memory (2 levels, headers)', N, performance.now() - start);

// rate-limiter-flexible memory: one level per limiter, promise per check; two limiters for parity.
const rlfGlobal = new RateLimiterMemory({ points: 1e9, duration: 60 });
const rlfIp = new RateLimiterMemory({ points: 1e9, duration: 60 });
const M = Math.min(N, 300_000);
start = performance.now();
for (let i = 0; i < M; i++) {
  await rlfGlobal.consume('g');
  await rlfIp.consume(ips[i % KEYS]);
}
const theirs = report(
  'rate-limiter-flexible memory (2 levels, awaited)',
  M,
  performance.now() - start,
);
console.log(`ratio rampart / rate-limiter-flexible (memory): ${(ours / theirs).toFixed(1)}x`);

if (process.env.REDIS_URL) {
  const redis = kit.createRedis(process.env.REDIS_URL, {
    keyPrefix: `bench-limiter:${process.pid}:`,
  });
  await new Promise((r) => redis.once('ready', r));
  const shared = kit.createRateLimiter({ policy, store: new kit.RedisRateStore(redis) });
  const R = 50_000;
  const inflight = 64;
  start = performance.now();
  for (let i = 0; i < R; i += inflight) {
    await Promise.all(
      Array.from({ length: inflight }, (_, j) =>
        shared.check({
          routeClass: 'default',
          routeId: 'b',
          ip: ips[(i + j) % KEYS],
          principal: undefined,
          requestId: 'r',
        }),
      ),
    );
  }
  const oursRedis = report(
    'rampart GCRA redis (2 levels, 1 round trip, 64 in flight)',
    R,
    performance.now() - start,
  );
  const rlfRedis = new RateLimiterRedis({
    storeClient: redis,
    points: 1e9,
    duration: 60,
    keyPrefix: 'rlf',
  });
  start = performance.now();
  for (let i = 0; i < R; i += inflight) {
    await Promise.all(
      Array.from({ length: inflight }, (_, j) =>
        Promise.all([rlfRedis.consume('g'), rlfRedis.consume(ips[(i + j) % KEYS])]),
      ),
    );
  }
  const theirsRedis = report(
    'rate-limiter-flexible redis (2 levels, 64 in flight)',
    R,
    performance.now() - start,
  );
  console.log(
    `ratio rampart / rate-limiter-flexible (redis): ${(oursRedis / theirsRedis).toFixed(1)}x`,
  );
  const keys = await redis.keys('*');
  if (keys.length > 0)
    await redis.del(...keys.map((k) => k.slice(`bench-limiter:${process.pid}:`.length)));
  await redis.quit();
}

// Memory: 1,000,000 distinct client IPs in the in-process store.
if (typeof globalThis.gc === 'function') {
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const store = new kit.MemoryRateStore();
  // One request per key per hour: every key stays live for the whole measurement.
  const big = kit.createRateLimiter({
    policy: { ...policy, ip: { limit: 1, periodMs: 3_600_000 } },
    store,
  });
  for (let i = 0; i < 1_000_000; i++) {
    big.check({
      routeClass: 'default',
      routeId: 'b',
      ip: `${10 + (i >> 24)}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      principal: undefined,
      requestId: 'r',
    });
  }
  globalThis.gc();
  const bytes = process.memoryUsage().heapUsed - before;
  console.log(
    `heap with ${store.size} keys: ${(bytes / 1048576).toFixed(1)} MiB (${Math.round(bytes / store.size)} bytes/key)`,
  );
} else {
  console.log('heap per key: run with node --expose-gc to measure');
}
