import { defineRbac, type Reach } from '../../kit/index.js';

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'invoices:read',
  'invoices:write',
  'users:read',
  'users:write',
  'api-keys:manage',
  'security-events:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * The role -> permission table of API.md. "Own invoices only" for members and viewers is
 * not a permission: it is an ABAC rule applied with the loaded object and in the query.
 */
export const rbac = defineRbac<Role, Permission>({
  order: ROLES,
  permissions: {
    owner: [
      'invoices:read',
      'invoices:write',
      'users:read',
      'users:write',
      'api-keys:manage',
      'security-events:read',
    ],
    admin: [
      'invoices:read',
      'invoices:write',
      'users:read',
      'users:write',
      'api-keys:manage',
      'security-events:read',
    ],
    member: ['invoices:read', 'invoices:write'],
    viewer: ['invoices:read'],
  },
});

/** Scopes an API key may carry: a subset of its creator's rights, never key or user management. */
export const API_KEY_SCOPES = [
  'invoices:read',
  'invoices:write',
  'security-events:read',
] as const satisfies readonly Permission[];

/**
 * How far each role reaches over invoices (API.md: viewers read and members change only
 * their own; admins and owners act on every invoice of the organization). Data, like the
 * permission table, and rendered with it into docs/authorization.md. An API key reaches
 * as far as its creator's role.
 */
export const INVOICE_REACH: Readonly<Record<Role, Reach>> = Object.freeze({
  owner: 'organization',
  admin: 'organization',
  member: 'own',
  viewer: 'own',
});

/** The reach of a role; an unknown role reaches only its own (deny by default). */
export function invoiceReach(role: string): Reach {
  return rbac.isRole(role) ? INVOICE_REACH[role] : 'own';
}

/** Roles a role may grant and manage through the API: strictly below it, with users:write. */
export function grantableRoles(role: string): Role[] {
  if (!rbac.permissionsOf(role).has('users:write')) return [];
  const rank = rbac.rank(role);
  return ROLES.filter((r) => rbac.rank(r) < rank);
}
