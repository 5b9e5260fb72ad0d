export { hasPermission, type Principal, type PrincipalKind } from './principal.js';
export { defineRbac, type Rbac, type RoleTable } from './rbac.js';
export {
  allow,
  deny,
  firstDenial,
  hidesExistence,
  type Decision,
  type DenyReason,
} from './decision.js';
export {
  actingUserId,
  hasPermissionDecision,
  intersectScopes,
  mayManageRole,
  ownerOrReach,
  sameTenant,
  type OwnedObject,
  type Reach,
  type TenantObject,
} from './policies.js';
export { assertTenantScope, isTenantScope, tenantScope, type TenantScope } from './tenant-scope.js';
export {
  CURSOR_MAX_LENGTH,
  createCursorCodec,
  cursorBinding,
  type CursorCodec,
  type CursorPosition,
} from './cursor.js';
export { PAGE_LIMIT, PAGE_QUERY, decodeKeyset, pageOf, toPage } from './pagination.js';
export { denialError } from './enforce.js';
