import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../src/app/context.js';
import { buildApp } from '../../src/app/http/build-app.js';
import { loadConfig } from '../../src/kit/index.js';
import { registerAndLogin, type TestUser } from '../helpers/auth.js';
import { captureLogs } from '../helpers/capture-logs.js';
import { createPgSchema, redisPrefix } from '../helpers/stores.js';
import { TEST_ARGON2 } from '../helpers/test-app.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const enabled =
  databaseUrl !== undefined && databaseUrl !== '' && redisUrl !== undefined && redisUrl !== '';
if (!enabled)
  console.log(
    '[skip] API key revocation across instances: DATABASE_URL and REDIS_URL are not both set',
  );

interface Instance {
  readonly app: FastifyInstance;
  readonly context: AppContext;
}

/**
 * Two instances sharing one PostgreSQL schema and one Redis prefix (as two processes
 * behind a load balancer would): a key revoked or rotated on A is refused by B within
 * 1 s, although B had it in its verified-key cache.
 */
describe.skipIf(!enabled)('API key revocation across instances (PostgreSQL + Redis)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-apikeys-'));
  const prefix = redisPrefix();
  const logs = captureLogs();
  let drop: () => Promise<void> = () => Promise.resolve();
  let a: Instance;
  let b: Instance;
  let owner: TestUser;

  async function instance(schema: string): Promise<Instance> {
    const loaded = await loadConfig({
      NODE_ENV: 'test',
      RAMPART_DATA_DIR: dataDir, // same dev peppers and signing keys for both
      RAMPART_TLS: 'self',
      RAMPART_PORT: '0',
      RAMPART_HTTP_PORT: '0',
      DATABASE_URL: databaseUrl ?? '',
      REDIS_URL: redisUrl ?? '',
    });
    const context = await createAppContext(loaded, {
      logger: logs.logger,
      schema,
      auth: { redisKeyPrefix: prefix, testOnlyPasswordParameters: TEST_ARGON2 },
      limits: { redisKeyPrefix: prefix },
      apiKeys: { redisKeyPrefix: prefix },
    });
    const app = buildApp(context);
    await app.ready();
    return { app, context };
  }

  beforeAll(async () => {
    const pg = await createPgSchema();
    drop = pg.drop;
    a = await instance(pg.schema);
    b = await instance(pg.schema);
    owner = await registerAndLogin(a.app);
  });

  afterAll(async () => {
    for (const i of [a, b]) {
      await i.app.close();
      await i.context.close();
    }
    await drop();
    const redis = new Redis(redisUrl ?? '');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function newKey(): Promise<{ id: string; key: string }> {
    const res = await a.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: owner.headers,
      payload: { name: 'worker', scopes: ['invoices:read'] },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; key: string }>();
  }

  const use = (i: Instance, key: string) =>
    i.app.inject({ method: 'GET', url: '/v1/invoices', headers: { 'x-api-key': key } });

  it('a key revoked on A is refused by B within 1 s, although B had it cached', async () => {
    const { id, key } = await newKey();
    expect((await use(b, key)).statusCode).toBe(200);
    expect((await use(b, key)).statusCode).toBe(200);
    expect(b.context.apiKeys.cache.size).toBeGreaterThan(0);
    const del = await a.app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${id}`,
      headers: owner.headers,
    });
    expect(del.statusCode).toBe(204);
    const revokedAt = Date.now();
    expect((await use(a, key)).statusCode).toBe(401);
    await expect
      .poll(async () => (await use(b, key)).statusCode, { timeout: 1000, interval: 50 })
      .toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(1000);
    expect(logs.leaked([key])).toEqual([]);
  });

  it('a rotation without grace on A ends the old key on B within 1 s; the new key works on B', async () => {
    const { id, key } = await newKey();
    expect((await use(b, key)).statusCode).toBe(200);
    const res = await a.app.inject({
      method: 'POST',
      url: `/v1/api-keys/${id}/rotate`,
      headers: owner.headers,
      payload: { gracePeriodSeconds: 0 },
    });
    expect(res.statusCode).toBe(201);
    const fresh = res.json<{ key: string }>().key;
    await expect
      .poll(async () => (await use(b, key)).statusCode, { timeout: 1000, interval: 50 })
      .toBe(401);
    expect((await use(b, fresh)).statusCode).toBe(200);
    expect(logs.leaked([key, fresh])).toEqual([]);
  });
});
