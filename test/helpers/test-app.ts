import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createAppContext, type AppContext } from '../../src/app/context.js';
import { buildApp, type BuildOptions } from '../../src/app/http/build-app.js';
import type { AuthOptions } from '../../src/app/auth/create-auth.js';
import type { ApiKeysOptions } from '../../src/app/api-keys/create-api-keys.js';
import { loadConfig } from '../../src/kit/index.js';
import { captureLogs, type CapturedLogs } from './capture-logs.js';
import { createPgSchema, redisPrefix, type StoreKind } from './stores.js';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly context: AppContext;
  readonly logs: CapturedLogs;
  readonly dataDir: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly store?: StoreKind;
  /** Extra environment (RAMPART_*), on top of a development-mode base. */
  readonly env?: Record<string, string>;
  readonly build?: BuildOptions;
  /** Identity options; by default passwords use the cheap test-only argon2 cost. */
  readonly auth?: AuthOptions;
  /** Use the production argon2 cost (the login-timing test needs it). */
  readonly realPasswordHashing?: boolean;
  /** API-key options (clock, Redis prefix, cache bounds). */
  readonly apiKeys?: ApiKeysOptions;
}

/** Cheap argon2id for tests only (1 MiB, t=1): production uses OWASP m=19 MiB, t=2. */
export const TEST_ARGON2 = Object.freeze({ memoryCost: 1024, timeCost: 1, parallelism: 1 });

/**
 * The reference app in-process, in development mode, on a fresh store (SQLite in a temp
 * folder, or its own PostgreSQL schema), with captured logs. Use `app.inject(...)`.
 * Keys and secrets are generated at test time into the temp folder.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-test-'));
  const pgSchema = options.store === 'postgres' ? await createPgSchema() : undefined;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    RAMPART_DATA_DIR: dataDir,
    RAMPART_TLS: 'self',
    RAMPART_PORT: '0',
    RAMPART_HTTP_PORT: '0',
    // Load shedding reacts to event-loop lag, which a busy 2-core CI box produces on its
    // own; the suites that test shedding turn it on explicitly.
    RAMPART_LIMIT_EVENT_LOOP_DELAY_MS: '0',
    ...(pgSchema === undefined ? {} : { DATABASE_URL: process.env.DATABASE_URL ?? '' }),
    ...options.env,
  };
  const loaded = await loadConfig(env);
  const logs = captureLogs();
  // With REDIS_URL, each test app keeps its keys under its own prefix (limits would
  // otherwise be shared by every app on 127.0.0.1); multi-instance tests share one by
  // passing the same auth or apiKeys prefix to both apps.
  const prefix = options.auth?.redisKeyPrefix ?? options.apiKeys?.redisKeyPrefix ?? redisPrefix();
  const context = await createAppContext(loaded, {
    logger: logs.logger,
    apiKeys: { redisKeyPrefix: prefix, ...options.apiKeys },
    limits: { redisKeyPrefix: prefix },
    auth: {
      redisKeyPrefix: prefix,
      ...(options.realPasswordHashing === true ? {} : { testOnlyPasswordParameters: TEST_ARGON2 }),
      ...options.auth,
    },
    ...(pgSchema === undefined ? {} : { schema: pgSchema.schema }),
  });
  const app = buildApp(context, options.build);
  await app.ready();
  return {
    app,
    context,
    logs,
    dataDir,
    async close() {
      await app.close();
      await context.close();
      await pgSchema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
