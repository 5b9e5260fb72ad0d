import {
  RampartError,
  VerifiedTokenCache,
  type AccessTokenVerifier,
  type AuthRequest,
  type Principal,
  type SecurityEvents,
  type SessionRevocations,
  type TokenRejection,
} from '../../kit/index.js';
import { rbac } from '../domain/roles.js';

/** Thrown for every refused bearer token: one status, one body, whatever the reason. */
export function invalidToken(internal: string): RampartError {
  return new RampartError('AUTH_INVALID', {
    internal,
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
  });
}

const B64TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

/** RFC 6750 `b64token`: the only syntax a Bearer credential may have. */
export function isB64Token(credential: string): boolean {
  return B64TOKEN.test(credential);
}

/** The refusal of an Authorization value that is not a well-formed Bearer credential. */
export function notBearer(): RampartError {
  return invalidToken('Authorization is not a Bearer credential');
}

const FOREIGN = new Set<TokenRejection>(['unknown_kid', 'algorithm', 'type']);

interface CachedPrincipal {
  readonly principal: Principal;
  readonly sessionId: string | undefined;
}

export interface UserTokenAuthenticatorOptions {
  readonly verify: AccessTokenVerifier;
  readonly revocations: SessionRevocations;
  readonly events: SecurityEvents;
  /** Slow path when revocations from other instances may be missing: ask the database. */
  readonly isSessionActive: (sessionId: string) => Promise<boolean>;
  /** Tokens this verifier does not know (another issuer's kid) go here, e.g. OIDC. */
  readonly fallback?: (
    token: string,
    request: AuthRequest,
  ) => Promise<{ principal: Principal; expiresAtMs: number }>;
}

/**
 * Our own access tokens: a verified-token cache keyed by SHA-256 of the token (until
 * `exp`) in front of the synchronous verifier, and a revocation check on every request.
 * A cache hit with fresh revocation state returns the Principal synchronously.
 */
export class UserTokenAuthenticator {
  readonly #options: UserTokenAuthenticatorOptions;
  readonly #cache = new VerifiedTokenCache<CachedPrincipal>();

  constructor(options: UserTokenAuthenticatorOptions) {
    this.#options = options;
  }

  authenticate(token: string, request: AuthRequest): Principal | Promise<Principal> {
    const key = VerifiedTokenCache.keyOf(token);
    let entry = this.#cache.get(key);
    if (entry === undefined) {
      if (!isB64Token(token)) throw notBearer();
      const result = this.#options.verify(token);
      if (!result.valid) {
        // Not one of our keys (or not our algorithm/type): maybe the OIDC provider's token.
        if (FOREIGN.has(result.reason) && this.#options.fallback !== undefined)
          return this.#viaFallback(token, key, request);
        throw this.#reject(result.reason, request);
      }
      const { claims } = result;
      const principal: Principal = Object.freeze({
        kind: 'user' as const,
        id: claims.sub,
        userId: claims.sub,
        organizationId: claims.org,
        role: claims.role,
        permissions: rbac.permissionsOf(claims.role),
        sessionId: claims.sid,
      });
      entry = { principal, sessionId: claims.sid };
      this.#cache.set(key, entry, claims.exp * 1000);
    }
    return this.#checkRevocation(entry, request);
  }

  /** Drops every cached verification (key-set reload, tests). */
  clear(): void {
    this.#cache.clear();
  }

  #checkRevocation(entry: CachedPrincipal, request: AuthRequest): Principal | Promise<Principal> {
    const sid = entry.sessionId;
    if (sid === undefined) return entry.principal;
    if (this.#options.revocations.isRevoked(sid)) throw this.#reject('revoked', request);
    if (this.#options.revocations.isFresh()) return entry.principal;
    // Shared revocation state is stale (Redis down): fail safe by asking the database.
    return this.#options.isSessionActive(sid).then((active) => {
      if (!active) throw this.#reject('revoked', request);
      return entry.principal;
    });
  }

  async #viaFallback(token: string, key: string, request: AuthRequest): Promise<Principal> {
    const fallback = this.#options.fallback;
    if (fallback === undefined) throw this.#reject('unknown_kid', request);
    // Cached until the token's exp, at most a minute: organization checks are re-run then.
    const { principal, expiresAtMs } = await fallback(token, request);
    this.#cache.set(key, { principal, sessionId: undefined }, expiresAtMs);
    return principal;
  }

  #reject(reason: TokenRejection | 'revoked', request: AuthRequest): RampartError {
    void this.#options.events.record(
      'auth.token.rejected',
      { ip: request.ip, requestId: request.requestId },
      { reason },
    );
    return invalidToken(`access token refused: ${reason}`);
  }
}
