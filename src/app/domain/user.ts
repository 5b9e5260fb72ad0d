import type { Role } from './roles.js';

/** A user as the API shows it (API.md): never a hash, a status flag or a secret. */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly organizationId: string;
  readonly createdAt: string;
}

export interface UserChanges {
  readonly name?: string;
  readonly role?: Role;
}

/** Invitations are valid for 72 h (API.md). */
export const INVITATION_TTL_SECONDS = 72 * 3600;
