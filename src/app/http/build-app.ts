import {
  createServer,
  type Authenticator,
  type Limiter,
  type ServerOptions,
} from '../../kit/index.js';
import type { AppContext } from '../context.js';
import { appRoutes } from './routes/index.js';

export const API_INFO = {
  title: 'Rampart reference invoicing API',
  version: '1.0.0',
  description: 'A multi-tenant invoicing API built on the Rampart kit. Contract: API.md.',
};

export interface BuildOptions {
  readonly authenticator?: Authenticator;
  readonly limiter?: Limiter;
  readonly transport?: ServerOptions['transport'];
}

/** Builds the Fastify instance of the reference service (not listening yet). */
export function buildApp(context: AppContext, options: BuildOptions = {}) {
  const { config, tls } = context.loaded;
  return createServer({
    config,
    logger: context.logger,
    tls,
    routes: appRoutes(context),
    events: context.events,
    authenticator: options.authenticator ?? context.auth.authenticator,
    limiter: options.limiter ?? context.limits.limiter,
    loadShedding: { maxEventLoopDelayMs: config.limits.maxEventLoopDelayMs },
    ...(options.transport === undefined ? {} : { transport: options.transport }),
    openapi: API_INFO,
    readiness: async () => {
      const redis = context.limits.redisState();
      const shared = redis === undefined ? {} : { redis };
      try {
        await context.database.ping();
        return { ready: redis !== 'down', checks: { database: 'ok', ...shared } };
      } catch {
        return { ready: false, checks: { database: 'down', ...shared } };
      }
    },
  });
}
