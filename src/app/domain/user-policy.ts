import {
  allow,
  actingUserId,
  deny,
  firstDenial,
  hasPermissionDecision,
  mayManageRole,
  sameTenant,
  type Decision,
  type Principal,
} from '../../kit/index.js';
import { rbac } from './roles.js';

export type UserAction = 'read' | 'create' | 'update' | 'delete';

/** What the policy needs to know about the target user. */
export interface UserTarget {
  readonly id: string;
  readonly organizationId: string;
  readonly role: string;
}

/**
 * The ABAC rule for managing people, in order: tenant equality; the permission;
 * the hierarchy (an actor manages and grants only roles strictly below its own, so an
 * owner may add admins, an admin manages members and viewers, nobody makes owners);
 * nobody changes their own role or deletes themselves here (an organization could lose
 * its last owner, and self-service has its own routes).
 *
 * `newRole` is the role being granted by `create` or `update`, when there is one.
 */
export function userPolicy(
  principal: Principal,
  action: UserAction,
  target: UserTarget | undefined,
  newRole?: string,
): Decision {
  const permission = action === 'read' ? 'users:read' : 'users:write';
  if (principal.kind === 'apiKey') return deny('PRINCIPAL_KIND');
  if (target === undefined) {
    if (action !== 'create' || newRole === undefined) return deny('NO_RULE');
    return firstDenial(
      () => hasPermissionDecision(principal, permission),
      () => mayManageRole(rbac, principal.role, newRole),
    );
  }
  const self = target.id === actingUserId(principal);
  return firstDenial(
    () => sameTenant(principal, target),
    () => hasPermissionDecision(principal, permission),
    () => {
      if (action === 'read') return allow();
      if (self) return action === 'update' && newRole === undefined ? allow() : deny('SELF');
      return mayManageRole(rbac, principal.role, target.role);
    },
    () => (newRole === undefined ? allow() : mayManageRole(rbac, principal.role, newRole)),
  );
}
