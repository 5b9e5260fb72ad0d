import { existsSync, unwatchFile, watchFile } from 'node:fs';
import type { Kysely } from 'kysely';
import {
  KeyRing,
  RefreshSessions,
  SessionRevocations,
  createAccessTokenVerifier,
  createMemoryRevocationFeed,
  createPasswordHasher,
  createRedis,
  createRedisRevocationFeed,
  devSecretsFile,
  readDevSigningKeys,
  signAccessToken,
  type Argon2Parameters,
  type EventContext,
  type IssuedAccessToken,
  type LoadedConfig,
  type Logger,
  type PasswordHasher,
  type Redis,
  type SecurityEvents,
} from '../../kit/index.js';
import { AppAuthenticator } from './authenticator.js';
import type { IdentityTables } from './identity-tables.js';
import { createOidcPrincipals, type OidcOptions } from './oidc-principals.js';
import { UsersRepository } from './users-repository.js';
import { UserTokenAuthenticator } from './user-token-authenticator.js';

export interface AccessTokenRequest {
  readonly userId: string;
  readonly organizationId: string;
  readonly role: string;
  readonly sessionId: string;
}

/** Identity services of the app, built once in the composition root. */
export interface AppAuth {
  readonly authenticator: AppAuthenticator;
  readonly keyRing: KeyRing;
  readonly passwords: PasswordHasher;
  readonly sessions: RefreshSessions;
  readonly revocations: SessionRevocations;
  readonly users: UsersRepository;
  issueAccessToken(request: AccessTokenRequest): Promise<IssuedAccessToken>;
  /** Revokes one session (logout): its access tokens fail within 1 s on every instance. */
  revokeSession(sessionId: string, reason: string, context: EventContext): Promise<void>;
  /**
   * Revokes every session of a user and their access tokens (logout-all, user deletion,
   * role change): effective within 1 s on every instance.
   */
  revokeAllForUser(userId: string, reason: string, context: EventContext): Promise<void>;
  /** Swaps the signing key set (after `rampart keys rotate`), without a restart. */
  reloadSigningKeys(privateJwks: readonly Record<string, unknown>[]): void;
  close(): Promise<void>;
}

export interface AuthOptions {
  /** Cheaper argon2 for test suites ONLY; a code option, never an environment variable. */
  readonly testOnlyPasswordParameters?: Argon2Parameters;
  /** Redis key prefix (tests isolate themselves); default `rampart:`. */
  readonly redisKeyPrefix?: string;
  /** Where key reloads and their failures are reported. */
  readonly logger?: Logger;
  /** OIDC resource-server mode (used when config.oidc is set): HTTPS agent, cooldown. */
  readonly oidc?: OidcOptions;
}

const CLOCK_SKEW_SECONDS = 30;

export async function createAuth(
  loaded: LoadedConfig,
  db: Kysely<IdentityTables>,
  events: SecurityEvents,
  options: AuthOptions = {},
): Promise<AppAuth> {
  const { config, secrets } = loaded;
  const keyRing = new KeyRing(secrets.signingKeys.reveal());
  const passwords = await createPasswordHasher(
    options.testOnlyPasswordParameters === undefined
      ? {}
      : { testOnlyWeakParameters: options.testOnlyPasswordParameters },
  );
  const sessions = new RefreshSessions(db, {
    idleSeconds: config.refreshIdleSeconds,
    absoluteSeconds: config.refreshAbsoluteSeconds,
  });
  const retainMs = (config.accessTokenTtlSeconds + CLOCK_SKEW_SECONDS) * 1000;
  let redis: Redis | undefined;
  if (config.redisUrl !== undefined)
    redis = createRedis(config.redisUrl, { keyPrefix: options.redisKeyPrefix ?? 'rampart:' });
  // Feed first, then the database: a revocation between the two is seen by both, not neither.
  const feed =
    redis === undefined ? createMemoryRevocationFeed() : await createRedisRevocationFeed(redis);
  const revocations = new SessionRevocations(feed, retainMs);
  revocations.addLocal(await sessions.revokedSince(new Date(Date.now() - retainMs)));
  const verify = createAccessTokenVerifier({
    ring: keyRing,
    issuer: config.issuer,
    audience: config.audience,
    algorithms: ['ES256', 'EdDSA'],
    maxAgeSeconds: config.accessTokenTtlSeconds,
    clockSkewSeconds: CLOCK_SKEW_SECONDS,
  });
  const users = new UsersRepository(db);
  const external =
    config.oidc === undefined
      ? undefined
      : createOidcPrincipals(config.oidc, users, events, options.oidc);
  const tokens = new UserTokenAuthenticator({
    verify,
    revocations,
    events,
    isSessionActive: (sid) => sessions.isActive(sid),
    ...(external === undefined ? {} : { fallback: external }),
  });
  const stopWatching = watchDevKeys(loaded, keyRing, tokens, options.logger);
  const settings = {
    issuer: config.issuer,
    audience: config.audience,
    ttlSeconds: config.accessTokenTtlSeconds,
  };
  return {
    authenticator: new AppAuthenticator(tokens),
    keyRing,
    passwords,
    sessions,
    revocations,
    users,
    issueAccessToken: (request) =>
      signAccessToken(keyRing, settings, {
        subject: request.userId,
        organizationId: request.organizationId,
        role: request.role,
        sessionId: request.sessionId,
      }),
    async revokeSession(sessionId, reason, context) {
      await sessions.revokeSession(sessionId, reason);
      await revocations.revoke([sessionId]);
      await events.record('auth.session.revoked', context, { sessionId, reason });
    },
    async revokeAllForUser(userId, reason, context) {
      const ids = await sessions.revokeAllForUser(userId, reason);
      await revocations.revoke(ids);
      await events.record('auth.sessions.revoked_all', context, { reason, count: ids.length });
    },
    reloadSigningKeys(privateJwks) {
      keyRing.replace(privateJwks);
    },
    async close() {
      stopWatching();
      await revocations.close();
      redis?.disconnect();
    },
  };
}

/**
 * Development: when the signing keys come from the generated key file, reload them when
 * `rampart keys rotate` rewrites it, so rotation needs no restart. A bad file keeps the
 * current keys. Production keys come from the environment: rotate by rolling restart.
 */
function watchDevKeys(
  loaded: LoadedConfig,
  keyRing: KeyRing,
  tokens: UserTokenAuthenticator,
  logger: Logger | undefined,
): () => void {
  const { config, secrets } = loaded;
  const file = devSecretsFile(config.dataDir);
  if (config.mode === 'production' || !secrets.devGenerated || !existsSync(file)) return () => {};
  const kids = (keys: readonly Record<string, unknown>[]) => keys.map((k) => String(k.kid)).join();
  try {
    if (kids(readDevSigningKeys(config.dataDir)) !== kids(secrets.signingKeys.reveal()))
      return () => {}; // keys came from the environment, not from this file
  } catch {
    return () => {};
  }
  const reload = () => {
    try {
      keyRing.replace(readDevSigningKeys(config.dataDir));
      tokens.clear();
      logger?.info({ kids: keyRing.publicJwks().keys.map((k) => k.kid) }, 'signing keys reloaded');
    } catch (error) {
      logger?.error({ err: error }, 'signing keys not reloaded: the key file is invalid');
    }
  };
  watchFile(file, { interval: 250, persistent: false }, reload);
  return () => unwatchFile(file, reload);
}
