import {
  KIT_MIGRATIONS,
  SecurityEvents,
  createDatabase,
  createLogger,
  runMigrations,
  type CredentialGuard,
  type Database,
  type LoadedConfig,
  type Logger,
} from '../kit/index.js';
import { createAuth, type AppAuth, type AuthOptions } from './auth/create-auth.js';
import { createApiKeys, type ApiKeysOptions, type AppApiKeys } from './api-keys/create-api-keys.js';
import { APP_MIGRATIONS } from './db/migrations.js';
import type { AppTables } from './db/schema.js';
import { createAppLimits, type AppLimits, type LimitsOptions } from './limits/create-limits.js';

/** The composition root: everything a request handler may need, built once. */
export interface AppContext {
  readonly loaded: LoadedConfig;
  readonly logger: Logger;
  readonly database: Database<AppTables>;
  readonly events: SecurityEvents;
  /** Identity: authenticator, tokens, sessions, revocation (src/app/auth). */
  readonly auth: AppAuth;
  /** API keys: service, authenticator, revokeAllCreatedBy (src/app/api-keys). */
  readonly apiKeys: AppApiKeys;
  /** Brute-force defence around credential checks; replaced by the limits capability. */
  credentialGuard: CredentialGuard;
  /** Abuse protection: request limiter, brute-force guard and their store (src/app/limits). */
  readonly limits: AppLimits;
  close(): Promise<void>;
}

export interface ContextOptions {
  readonly logger?: Logger;
  /** Overrides the SQLite file name (tests use `:memory:`). */
  readonly sqliteFile?: string;
  /** PostgreSQL schema (tests isolate themselves). */
  readonly schema?: string;
  /** Identity options (test-only password cost, Redis prefix, OIDC fetcher). */
  readonly auth?: AuthOptions;
  /** API-key options (test-only clock, Redis prefix, cache bounds). */
  readonly apiKeys?: ApiKeysOptions;
  /** Limits options (test-only clock, delay recorder, Redis prefix). */
  readonly limits?: LimitsOptions;
}

export async function createAppContext(
  loaded: LoadedConfig,
  options: ContextOptions = {},
): Promise<AppContext> {
  const { config } = loaded;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const database = createDatabase<AppTables>({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    ...(options.sqliteFile === undefined ? {} : { sqliteFile: options.sqliteFile }),
    ...(options.schema === undefined ? {} : { schema: options.schema }),
  });
  await migrate(database);
  const events = new SecurityEvents(database.db, logger);
  const auth = await createAuth(loaded, database.db, events, { logger, ...options.auth });
  const apiKeys = await createApiKeys(loaded, database.db, events, logger, options.apiKeys);
  auth.authenticator.setApiKeyAuthenticator(apiKeys.authenticator);
  const limits = createAppLimits(config, events, logger, options.limits);
  return {
    loaded,
    logger,
    database,
    events,
    auth,
    apiKeys,
    credentialGuard: limits.credentialGuard,
    limits,
    async close() {
      await limits.close();
      await apiKeys.close();
      await auth.close();
      await database.close();
    },
  };
}

export async function migrate(database: Database<AppTables>): Promise<string[]> {
  return runMigrations(database.db as never, database.dialect, [
    ...KIT_MIGRATIONS,
    ...APP_MIGRATIONS,
  ]);
}
