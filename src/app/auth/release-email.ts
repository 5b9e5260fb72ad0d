import { sql, type Kysely } from 'kysely';
import type { AppTables } from '../db/schema.js';
import { normalizeEmail } from './users-repository.js';

/**
 * An invited person whose every invitation lapsed does not hold their email forever: the
 * pending row is retired (status deleted, email tombstoned) so the address can register
 * or be invited again. Accepted users and open invitations are untouched.
 */
export async function releaseExpiredInvitee(
  db: Kysely<AppTables>,
  email: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ status: 'deleted', email: sql<string>`id || '@deleted.invalid'`, updated_at: now })
    .where('email', '=', normalizeEmail(email))
    .where('status', '=', 'invited')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('invitations')
            .select('invitations.id')
            .whereRef('invitations.user_id', '=', 'users.id')
            .where('invitations.used_at', 'is', null)
            .where('invitations.expires_at', '>', now),
        ),
      ),
    )
    .execute();
}
