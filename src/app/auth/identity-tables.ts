import type { RefreshSessionsTable } from '../../kit/index.js';

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: string;
}

export type UserRole = 'owner' | 'admin' | 'member' | 'viewer';
export type UserStatus = 'active' | 'invited' | 'deleted';

export interface UsersTable {
  id: string;
  organization_id: string;
  /** Stored lower-cased; unique. */
  email: string;
  name: string;
  role: UserRole;
  /** Null while invited (not yet accepted). */
  password_hash: string | null;
  status: UserStatus;
  created_at: string;
  updated_at: string;
}

/** The identity tables (migration 1000_identity_core). Others query them; shapes are fixed. */
export interface IdentityTables {
  organizations: OrganizationsTable;
  users: UsersTable;
  refresh_sessions: RefreshSessionsTable;
}
