import type { Kysely } from 'kysely';
import {
  LastUsedRecorder,
  VerifiedKeyCache,
  createApiKeyHasher,
  createApiKeyVerifier,
  createMemoryRevocationSignal,
  createRedis,
  createRedisRevocationSignal,
  type CachedKey,
  type EventContext,
  type LoadedConfig,
  type Logger,
  type Principal,
  type Redis,
  type RevocationSignal,
  type SecurityEvents,
  type VerifiedKeyCacheOptions,
} from '../../kit/index.js';
import type { IdentityTables } from '../auth/identity-tables.js';
import { ApiKeyAuthenticator } from './authenticator.js';
import { apiKeyPrincipal, creatorProblem } from './principal.js';
import { ApiKeysRepository } from './repository.js';
import { ApiKeyService } from './service.js';
import type { ApiKeyTables } from './tables.js';

export interface ApiKeysOptions {
  /** Redis key prefix (tests isolate themselves); default `rampart:`. */
  readonly redisKeyPrefix?: string;
  readonly cache?: VerifiedKeyCacheOptions;
  /** lastUsedAt flush period in ms (default 5,000; each key written at most once a minute). */
  readonly lastUsedFlushMs?: number;
  readonly now?: () => number;
}

/** The API-key capability as the composition root holds it (`context.apiKeys`). */
export interface AppApiKeys {
  readonly service: ApiKeyService;
  readonly authenticator: ApiKeyAuthenticator;
  readonly cache: VerifiedKeyCache<CachedKey<Principal>>;
  readonly lastUsed: LastUsedRecorder;
  /** Revokes every key a user created (user deletion). See ApiKeyService. */
  revokeAllCreatedBy(userId: string, context: EventContext): Promise<number>;
  /** A creator's role or status changed: drop cached key principals everywhere. */
  creatorChanged(userId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Wires API keys: hasher (versioned peppers), verifier with its bounded cache, the
 * revocation epoch (memory, or Redis when `REDIS_URL` is set), lastUsed batching, the
 * service and the authenticator. It also follows identity's security events, so a
 * deleted user's keys are revoked and a role change reaches cached keys even if a
 * caller forgets to call the functions above.
 */
export async function createApiKeys(
  loaded: LoadedConfig,
  db: Kysely<ApiKeyTables & IdentityTables>,
  events: SecurityEvents,
  logger: Logger,
  options: ApiKeysOptions = {},
): Promise<AppApiKeys> {
  const { config, secrets } = loaded;
  const now = options.now ?? Date.now;
  const repository = new ApiKeysRepository(db);
  const hasher = createApiKeyHasher(secrets.apiKeyPeppers);
  const environment = config.mode === 'production' ? 'live' : 'test';
  let redis: Redis | undefined;
  let signal: RevocationSignal;
  if (config.redisUrl === undefined) signal = createMemoryRevocationSignal();
  else {
    redis = createRedis(config.redisUrl, { keyPrefix: options.redisKeyPrefix ?? 'rampart:' });
    const shared = createRedisRevocationSignal(redis, { now });
    await shared.ready();
    signal = shared;
  }
  const cache = new VerifiedKeyCache<CachedKey<Principal>>(options.cache);
  const verifier = createApiKeyVerifier({
    hasher,
    lookup: (keyId) => repository.findForVerification(keyId),
    accept: (key) => creatorProblem(key, environment),
    present: apiKeyPrincipal,
    signal,
    cache,
    now,
  });
  const lastUsed = new LastUsedRecorder({
    write: (batch) => repository.touchLastUsed(batch),
    onError: (error) => logger.error({ err: error }, 'api key lastUsedAt batch failed'),
    now,
    ...(options.lastUsedFlushMs === undefined ? {} : { flushEveryMs: options.lastUsedFlushMs }),
  });
  const service = new ApiKeyService({
    repository,
    hasher,
    events,
    signal,
    environment,
    forgetLocally: (keyId) => cache.deleteKey(keyId),
    now,
  });
  const authenticator = new ApiKeyAuthenticator(verifier, events, lastUsed);
  const apiKeys: AppApiKeys = {
    service,
    authenticator,
    cache,
    lastUsed,
    revokeAllCreatedBy: (userId, context) => service.revokeAllCreatedBy(userId, context),
    creatorChanged: () => service.creatorChanged(),
    async close() {
      await lastUsed.close();
      await signal.close();
      redis?.disconnect();
    },
  };
  events.onEvent((event) => {
    const userId = (event.details as { userId?: unknown }).userId;
    if (typeof userId !== 'string') return;
    const context = {
      organizationId: event.organizationId ?? undefined,
      principalId: event.principalId ?? undefined,
      requestId: event.requestId ?? undefined,
      ip: event.ip ?? undefined,
    };
    const follow =
      event.type === 'user.deleted'
        ? apiKeys.revokeAllCreatedBy(userId, context)
        : event.type === 'user.role_changed'
          ? apiKeys.creatorChanged(userId)
          : undefined;
    follow?.catch((error: unknown) =>
      logger.error({ err: error, eventId: event.id }, 'api keys could not follow a user change'),
    );
  });
  return apiKeys;
}
