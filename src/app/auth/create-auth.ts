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
  signAccessToken,
  type Argon2Parameters,
  type EventContext,
  type IssuedAccessToken,
  type LoadedConfig,
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
      await revocations.close();
      redis?.disconnect();
    },
  };
}
