/** Who is calling. One type for people, machines and external-OIDC callers. */
export type PrincipalKind = 'user' | 'apiKey' | 'oidc';

export interface Principal {
  readonly kind: PrincipalKind;
  /** `usr_…` for users and OIDC-mapped users, `key_…` for API keys. */
  readonly id: string;
  readonly organizationId: string;
  /** For a user, their role; for an API key, the role of the key's creator at creation. */
  readonly role: string;
  /** What this principal may do: role rights, intersected with key scopes for API keys. */
  readonly permissions: ReadonlySet<string>;
  /** The user behind the call (for an API key: its creator). */
  readonly userId: string | undefined;
  /** Refresh-session id carried by the access token, for revocation. */
  readonly sessionId: string | undefined;
}

/** Deny by default: an absent principal or an unlisted permission is a no. */
export function hasPermission(principal: Principal | undefined, permission: string): boolean {
  return principal !== undefined && principal.permissions.has(permission);
}
