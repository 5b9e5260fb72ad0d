import { createHash } from 'node:crypto';
import type { Agent } from 'node:https';
import {
  createHttpsJsonFetcher,
  createOidcVerifier,
  type AuthRequest,
  type Config,
  type JsonFetcher,
  type Principal,
  type SecurityEvents,
} from '../../kit/index.js';
import { rbac } from '../domain/roles.js';
import { invalidToken } from './user-token-authenticator.js';
import type { UsersRepository } from './users-repository.js';

/** A verified external caller and when its token expires (the cache honours it). */
export interface ExternalPrincipal {
  readonly principal: Principal;
  readonly expiresAtMs: number;
}

export interface OidcOptions {
  /** HTTPS agent for the provider (a private CA in tests or on-premises providers). */
  readonly httpsAgent?: Agent;
  /** Replaces the HTTPS fetcher entirely (tests). */
  readonly fetchJson?: JsonFetcher;
  readonly unknownKidCooldownMs?: number;
}

/**
 * OIDC resource-server mode: a token of the configured provider becomes an `oidc`
 * Principal when its organization claim names an existing organization and its role
 * claim is a known role. Anything else is the same 401 as any bad token.
 */
export function createOidcPrincipals(
  oidc: NonNullable<Config['oidc']>,
  users: UsersRepository,
  events: SecurityEvents,
  options: OidcOptions = {},
): (token: string, request: AuthRequest) => Promise<ExternalPrincipal> {
  const verify = createOidcVerifier({
    issuer: oidc.issuer,
    audience: oidc.audience,
    fetchJson:
      options.fetchJson ??
      createHttpsJsonFetcher(options.httpsAgent === undefined ? {} : { agent: options.httpsAgent }),
    ...(options.unknownKidCooldownMs === undefined
      ? {}
      : { unknownKidCooldownMs: options.unknownKidCooldownMs }),
  });
  const reject = (reason: string, request: AuthRequest) => {
    void events.record(
      'auth.token.rejected',
      { ip: request.ip, requestId: request.requestId },
      { reason: `oidc_${reason}` },
    );
    return invalidToken(`oidc token refused: ${reason}`);
  };
  return async function oidcPrincipal(token, request) {
    let claims: Record<string, unknown>;
    try {
      claims = await verify(token);
    } catch {
      throw reject('verification', request);
    }
    const organizationId = claims[oidc.organizationClaim];
    const role = claims[oidc.roleClaim];
    const sub = claims.sub;
    if (typeof organizationId !== 'string' || typeof role !== 'string' || typeof sub !== 'string')
      throw reject('unmapped', request);
    if (!rbac.isRole(role)) throw reject('unknown_role', request);
    if (organizationId.length > 64 || !(await users.organizationExists(organizationId)))
      throw reject('unknown_organization', request);
    const principal: Principal = Object.freeze({
      kind: 'oidc' as const,
      // Stable and opaque per (issuer, subject): never collides with our own ids.
      id: `ext_${createHash('sha256').update(`${oidc.issuer}\n${sub}`).digest('base64url').slice(0, 22)}`,
      userId: undefined,
      organizationId,
      role,
      permissions: rbac.permissionsOf(role),
      sessionId: undefined,
    });
    const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now();
    return { principal, expiresAtMs: Math.min(exp, Date.now() + 60_000) };
  };
}
