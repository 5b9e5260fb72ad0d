import type { FastifyInstance } from 'fastify';
import {
  createServer,
  toConfig,
  type Config,
  type RouteDeclaration,
  type ServerOptions,
} from '../../src/kit/index.js';
import { captureLogs, type CapturedLogs } from './capture-logs.js';

export interface KitServer {
  readonly app: FastifyInstance;
  readonly logs: CapturedLogs;
  readonly config: Config;
}

/**
 * The kit's HTTP core alone, with test routes: for properties of the pipeline that do
 * not depend on the reference app.
 */
export async function createKitServer(
  routes: readonly RouteDeclaration[],
  env: Record<string, string> = {},
  extra: Partial<ServerOptions> = {},
): Promise<KitServer> {
  const config = toConfig({ NODE_ENV: 'test', RAMPART_DATA_DIR: '/tmp/rampart-kit-test', ...env });
  const logs = captureLogs();
  const app = createServer({
    config,
    logger: logs.logger,
    routes,
    openapi: { title: 'kit test', version: '0.0.0' },
    readiness: () => Promise.resolve({ ready: true, checks: { database: 'ok' } }),
    ...extra,
  });
  await app.ready();
  return { app, logs, config };
}
