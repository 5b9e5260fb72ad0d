import type { Database } from '../../../kit/index.js';
import type { User } from '../../domain/user.js';
import type { AppTables } from '../schema.js';

/** An open invitation found by its token hash (nothing else identifies it). */
export interface OpenInvitation {
  readonly id: string;
  readonly userId: string;
  readonly email: string;
  /** The invited role, and the current role of whoever sent the invitation. */
  readonly role: string;
  readonly inviterRole: string;
}

/**
 * Invitation acceptance. This is the one tenant-data path without a TenantScope, by
 * design: the caller is anonymous and the one-time token *is* the capability. It is
 * looked up by the SHA-256 of the token (never the token itself), and only an unused,
 * unexpired invitation of a still-invited user matches — and only while the person who
 * sent it is still an active member of the organization (the caller also checks that
 * the inviter may still grant the role: removing or demoting an admin voids the
 * invitations they handed out).
 */
export interface InvitationsRepository {
  findOpen(tokenHash: string, now: string): Promise<OpenInvitation | undefined>;
  /** Consumes the invitation and activates the user, atomically; undefined if it lost a race. */
  accept(invitation: OpenInvitation, passwordHash: string, now: string): Promise<User | undefined>;
}

export function createInvitationsRepository(database: Database<AppTables>): InvitationsRepository {
  const { db } = database;
  return Object.freeze({
    async findOpen(tokenHash, now) {
      const row = await db
        .selectFrom('invitations')
        .innerJoin('users', 'users.id', 'invitations.user_id')
        .innerJoin('users as inviter', 'inviter.id', 'invitations.created_by')
        .select([
          'invitations.id as id',
          'invitations.user_id as userId',
          'users.email as email',
          'users.role as role',
          'inviter.role as inviterRole',
        ])
        .where('invitations.token_hash', '=', tokenHash)
        .where('invitations.used_at', 'is', null)
        .where('invitations.expires_at', '>', now)
        .where('users.status', '=', 'invited')
        .whereRef('users.organization_id', '=', 'invitations.organization_id')
        .where('inviter.status', '=', 'active')
        .whereRef('inviter.organization_id', '=', 'invitations.organization_id')
        .executeTakeFirst();
      return row;
    },

    async accept(invitation, passwordHash, now) {
      return db
        .transaction()
        .execute(async (trx) => {
          const used = await trx
            .updateTable('invitations')
            .set({ used_at: now })
            .where('id', '=', invitation.id)
            .where('used_at', 'is', null)
            .where('expires_at', '>', now)
            .executeTakeFirst();
          if (used.numUpdatedRows === 0n) return undefined;
          const user = await trx
            .updateTable('users')
            .set({ password_hash: passwordHash, status: 'active', updated_at: now })
            .where('id', '=', invitation.userId)
            .where('status', '=', 'invited')
            .returning(['id', 'email', 'name', 'role', 'organization_id', 'created_at'])
            .executeTakeFirst();
          // Deleted while invited: roll the consumption back, answer "invalid".
          if (user === undefined) throw new InvitationGone();
          return {
            id: user.id,
            email: user.email,
            name: user.name,
            role: user.role,
            organizationId: user.organization_id,
            createdAt: user.created_at,
          };
        })
        .catch((error: unknown) => {
          if (error instanceof InvitationGone) return undefined;
          throw error;
        });
    },
  } satisfies InvitationsRepository);
}

class InvitationGone extends Error {}
