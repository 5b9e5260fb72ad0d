import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createLimitsApp, eventsOf, type LimitsApp } from '../limits/limits-app.js';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer) console.log('[skip] limits outage: redis-server is not installed');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** A throwaway Redis without persistence, owned by this test. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start')), 5000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe.skipIf(!hasRedisServer)(
  'Redis outage: fail closed for auth, fall back elsewhere, recover',
  () => {
    let redis: ChildProcess | undefined;
    let t: LimitsApp | undefined;
    afterAll(async () => {
      await t?.close();
      if (redis !== undefined) await stopRedis(redis);
    });

    it('degrades, answers 503 on auth, keeps limits in-process, and recovers by itself', async () => {
      const port = await freePort();
      redis = await startRedis(port);
      t = await createLimitsApp(
        { REDIS_URL: `redis://127.0.0.1:${port}`, RAMPART_LIMIT_IP_PER_MIN: '3' },
        { redisKeyPrefix: 'outage-test:' },
      );
      const { app, context } = t;
      await until(() => context.limits.redisState() === 'ok', 'redis ready');
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
      expect(
        (await app.inject({ method: 'GET', url: '/openapi.json' })).headers[
          'x-ratelimit-remaining'
        ],
      ).toBe('2');

      await stopRedis(redis);
      await until(() => context.limits.redisState() === 'degraded', 'redis down');

      // Authentication throttling fails closed…
      const login = await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: 'someone@example.com', password: 'Whatever-password-1!' },
      });
      expect(login.statusCode).toBe(503);
      expect(login.headers['retry-after']).toBe('5');
      expect(login.json<{ type: string }>().type).toBe('https://rampart.dev/problems/unavailable');
      await expect(
        context.credentialGuard.before({
          account: 'a@example.com',
          ip: '192.0.2.1',
          requestId: 'r',
        }),
      ).rejects.toMatchObject({ code: 'UNAVAILABLE', headers: { 'retry-after': '5' } });
      // …other routes fall back to in-process limits (still limited, not open).
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await app.inject({ method: 'GET', url: '/openapi.json' })).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const degraded = await app.inject({ method: 'GET', url: '/readyz' });
      expect(degraded.statusCode).toBe(200);
      expect(degraded.json()).toEqual({
        status: 'ready',
        checks: { database: 'ok', redis: 'degraded' },
      });

      redis = await startRedis(port);
      await until(() => context.limits.redisState() === 'ok', 'redis reconnect', 15_000);
      const again = await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: 'someone@example.com', password: 'Whatever-password-1!' },
      });
      expect(again.statusCode).toBe(401);
      await sleep(50); // events are written asynchronously
      expect((await eventsOf(context, 'store.unavailable')).map((e) => e.details)).toEqual([
        { store: 'redis' },
      ]);
      expect((await eventsOf(context, 'store.recovered')).map((e) => e.details)).toEqual([
        { store: 'redis' },
      ]);
    });
  },
);
