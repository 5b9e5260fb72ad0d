import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createAppContext, type AppContext } from '../../src/app/context.js';
import { buildApp } from '../../src/app/http/build-app.js';
import type { LimitsOptions } from '../../src/app/limits/create-limits.js';
import { loadConfig } from '../../src/kit/index.js';
import { captureLogs, type CapturedLogs } from '../helpers/capture-logs.js';
import { TEST_ARGON2 } from '../helpers/test-app.js';

export interface LimitsApp {
  readonly app: FastifyInstance;
  readonly context: AppContext;
  readonly logs: CapturedLogs;
  close(): Promise<void>;
}

/** The reference app with limits options (delay recorder, Redis prefix) the shared helper lacks. */
export async function createLimitsApp(
  env: Record<string, string> = {},
  limits: LimitsOptions = {},
): Promise<LimitsApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-limits-'));
  const loaded = await loadConfig({
    NODE_ENV: 'test',
    RAMPART_DATA_DIR: dataDir,
    RAMPART_PORT: '0',
    RAMPART_HTTP_PORT: '0',
    ...env,
  });
  const logs = captureLogs();
  const context = await createAppContext(loaded, {
    logger: logs.logger,
    limits,
    auth: { testOnlyPasswordParameters: TEST_ARGON2 },
    ...(env.REDIS_URL === undefined
      ? {}
      : {
          auth: {
            testOnlyPasswordParameters: TEST_ARGON2,
            redisKeyPrefix: limits.redisKeyPrefix ?? 'rampart:',
          },
        }),
  });
  const app = buildApp(context);
  await app.ready();
  return {
    app,
    context,
    logs,
    async close() {
      await app.close();
      await context.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Security events of one type, straight from the table. */
export async function eventsOf(context: AppContext, type: string) {
  const rows = await context.database.db
    .selectFrom('security_events')
    .selectAll()
    .where('type', '=', type)
    .execute();
  return rows.map((row) => ({
    ...row,
    details: JSON.parse(row.details) as Record<string, unknown>,
  }));
}
