import { intersectScopes, randomId, type Principal } from '../../src/kit/index.js';
import { rbac, type Role } from '../../src/app/domain/roles.js';

/** A hand-built user principal of a role, for unit tests of pure policies. */
export function userPrincipal(
  role: string,
  organizationId = 'org_A',
  id: string = randomId('usr'),
): Principal {
  return {
    kind: 'user',
    id,
    organizationId,
    role,
    permissions: rbac.permissionsOf(role),
    userId: id,
    sessionId: undefined,
  };
}

/** An API key principal: its creator's role rights intersected with its scopes. */
export function keyPrincipal(
  role: Role,
  scopes: readonly string[],
  organizationId = 'org_A',
  creatorId: string = randomId('usr'),
): Principal {
  return {
    kind: 'apiKey',
    id: randomId('key'),
    organizationId,
    role,
    permissions: intersectScopes(rbac.permissionsOf(role), scopes),
    userId: creatorId,
    sessionId: undefined,
  };
}
