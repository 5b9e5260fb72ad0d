import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../src/app/context.js';
import { buildApp } from '../../src/app/http/build-app.js';
import { createRedis, loadConfig } from '../../src/kit/index.js';
import { MANY_LOGINS_ENV, registerAndLogin } from '../helpers/auth.js';
import { captureLogs } from '../helpers/capture-logs.js';
import { createPgSchema, redisPrefix, testStores } from '../helpers/stores.js';
import { TEST_ARGON2 } from '../helpers/test-app.js';

const redisUrl = process.env.REDIS_URL;
if (redisUrl === undefined || redisUrl === '')
  console.log('[skip] multi-instance revocation: REDIS_URL is not set');

interface Instance {
  readonly app: FastifyInstance;
  readonly context: AppContext;
}

describe.skipIf(redisUrl === undefined || redisUrl === '').each(testStores())(
  'two instances, one database, one Redis prefix (%s)',
  (store) => {
    const prefix = redisPrefix();
    let dataDir: string;
    let schema: { schema: string; drop: () => Promise<void> } | undefined;
    let a: Instance;
    let b: Instance;

    async function instance(): Promise<Instance> {
      const loaded = await loadConfig({
        NODE_ENV: 'test',
        RAMPART_DATA_DIR: dataDir, // same dev signing keys for both instances
        RAMPART_TLS: 'self',
        RAMPART_PORT: '0',
        RAMPART_HTTP_PORT: '0',
        REDIS_URL: redisUrl ?? '',
        ...(schema === undefined ? {} : { DATABASE_URL: process.env.DATABASE_URL ?? '' }),
        ...MANY_LOGINS_ENV,
      });
      const context = await createAppContext(loaded, {
        logger: captureLogs().logger,
        ...(schema === undefined ? {} : { schema: schema.schema }),
        auth: { testOnlyPasswordParameters: TEST_ARGON2, redisKeyPrefix: prefix },
        limits: { redisKeyPrefix: prefix },
      });
      const app = buildApp(context);
      await app.ready();
      return { app, context };
    }

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'rampart-multi-'));
      if (store === 'postgres') schema = await createPgSchema();
      a = await instance();
      b = await instance();
    });
    afterAll(async () => {
      for (const i of [a, b]) {
        await i.app.close();
        await i.context.close();
      }
      const redis = createRedis(redisUrl ?? '', { keyPrefix: '' });
      await new Promise((resolve) => redis.once('ready', resolve));
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await schema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const me = (i: Instance, token: string) =>
      i.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });

    async function msUntilRefused(i: Instance, token: string): Promise<number> {
      const start = Date.now();
      while (Date.now() - start < 3000) {
        if ((await me(i, token)).statusCode === 401) return Date.now() - start;
        await new Promise((r) => setTimeout(r, 20));
      }
      return Number.POSITIVE_INFINITY;
    }

    it('logout on A makes the token fail on B within 1 s (B had it cached)', async () => {
      const user = await registerAndLogin(a.app);
      expect((await me(b, user.accessToken)).statusCode).toBe(200); // verified and cached on B
      const res = await a.app.inject({
        method: 'POST',
        url: '/v1/auth/logout',
        headers: user.headers,
      });
      expect(res.statusCode).toBe(204);
      expect(await msUntilRefused(b, user.accessToken)).toBeLessThan(1000);
    });

    it('logout-all and a role change on A reach B within 1 s', async () => {
      const user = await registerAndLogin(a.app);
      const demoted = await registerAndLogin(b.app);
      expect((await me(b, user.accessToken)).statusCode).toBe(200);
      expect((await me(a, demoted.accessToken)).statusCode).toBe(200);
      await a.app.inject({ method: 'POST', url: '/v1/auth/logout-all', headers: user.headers });
      await b.context.auth.revokeAllForUser(demoted.userId, 'role_changed', {});
      expect(await msUntilRefused(b, user.accessToken)).toBeLessThan(1000);
      expect(await msUntilRefused(a, demoted.accessToken)).toBeLessThan(1000);
    });

    it('a refresh token rotated on A is detected as reused on B', async () => {
      const user = await registerAndLogin(a.app);
      const first = await a.app.inject({
        method: 'POST',
        url: '/v1/auth/refresh',
        headers: { cookie: user.cookie },
      });
      expect(first.statusCode).toBe(200);
      const reuse = await b.app.inject({
        method: 'POST',
        url: '/v1/auth/refresh',
        headers: { cookie: user.cookie },
      });
      expect(reuse.statusCode).toBe(401);
      expect(
        await msUntilRefused(a, first.json<{ accessToken: string }>().accessToken),
      ).toBeLessThan(1000);
    });
  },
);
