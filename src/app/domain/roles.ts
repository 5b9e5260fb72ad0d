import { defineRbac } from '../../kit/index.js';

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
