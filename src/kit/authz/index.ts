export { hasPermission, type Principal, type PrincipalKind } from './principal.js';
export { defineRbac, type Rbac, type RoleTable } from './rbac.js';
