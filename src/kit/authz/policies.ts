import { allow, deny, type Decision } from './decision.js';
import type { Principal } from './principal.js';
import type { Rbac } from './rbac.js';

/** The attributes of a tenant object that generic policies look at. */
export interface TenantObject {
  readonly organizationId: string;
}

export interface OwnedObject extends TenantObject {
  readonly ownerId: string;
}

/**
 * How far a role reaches over owned objects of its organization: every object, or only
 * the ones it owns. Data per role (e.g. `{ admin: 'organization', member: 'own' }`),
 * rendered into the authorization docs with the role table.
 */
export type Reach = 'organization' | 'own';

/** Tenant equality: always the first check. Unknown or empty organizations deny. */
export function sameTenant(principal: Principal, object: TenantObject): Decision {
  return principal.organizationId !== '' && principal.organizationId === object.organizationId
    ? allow()
    : deny('TENANT_MISMATCH');
}

/** The user an action is attributed to: the user, or an API key's creator. */
export function actingUserId(principal: Principal): string {
  return principal.userId ?? principal.id;
}

/**
 * Ownership for roles whose reach is `own`; roles that reach the whole organization pass.
 * An unknown role's reach is `own` (deny by default).
 */
export function ownerOrReach(
  principal: Principal,
  object: OwnedObject,
  reach: (role: string) => Reach,
): Decision {
  if (reach(principal.role) === 'organization') return allow();
  return object.ownerId === actingUserId(principal) ? allow() : deny('NOT_OWNER');
}

/** The route-level permission, as a policy step (API-key scopes are already intersected). */
export function hasPermissionDecision(principal: Principal, permission: string): Decision {
  return principal.permissions.has(permission) ? allow() : deny('MISSING_PERMISSION');
}

/**
 * Role hierarchy rule for managing people: an actor manages only roles strictly below
 * its own, and grants only roles strictly below its own. With `owner > admin > member >
 * viewer` this gives "owner may add admins; admin manages member and viewer only; nobody
 * creates owners through the API". An unknown role on either side denies.
 */
export function mayManageRole<R extends string, P extends string>(
  rbac: Rbac<R, P>,
  actorRole: string,
  targetRole: string,
): Decision {
  const actor = rbac.rank(actorRole);
  const target = rbac.rank(targetRole);
  if (actor < 0 || target < 0) return deny('NO_RULE');
  return target < actor ? allow() : deny('ROLE_TOO_LOW');
}

/**
 * Effective permissions of an API key: the scopes it was given intersected with the
 * rights of its creator's role. A scope the role lacks (or an unknown scope) grants nothing.
 */
export function intersectScopes<P extends string>(
  roleRights: ReadonlySet<P>,
  scopes: readonly string[],
): ReadonlySet<P> {
  const out = new Set<P>();
  for (const scope of scopes) if (roleRights.has(scope as P)) out.add(scope as P);
  return Object.freeze(out);
}
