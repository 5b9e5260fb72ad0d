import {
  assertTenantScope,
  randomId,
  type Database,
  type TenantScope,
} from '../../../kit/index.js';
import type { UserRole } from '../../auth/identity-tables.js';
import { releaseExpiredInvitee } from '../../auth/release-email.js';
import { normalizeEmail } from '../../auth/users-repository.js';
import type { MissKind } from '../../domain/authz-events.js';
import type { User } from '../../domain/user.js';
import type { AppTables } from '../schema.js';
import { sql } from 'kysely';
import type { After } from './tenant-db.js';

const COLUMNS = ['id', 'email', 'name', 'role', 'organization_id', 'created_at'] as const;

interface Row {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  organization_id: string;
  created_at: string;
}

/** Thrown by `invite` when the email belongs to an account (any organization): 409. */
export class EmailInUseError extends Error {
  override readonly name = 'EmailInUseError';
}

export interface NewInvitation {
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly tokenHash: string;
  readonly expiresAt: string;
}

/**
 * Administration of the people of one organization. Every method takes the admin's
 * {@link TenantScope} first and filters by its organization; deleted users are invisible.
 * Writes carry the role the policy saw (`expectedRole`), so a concurrent promotion of the
 * target cannot turn an allowed change into one above the actor's rank.
 */
export interface UsersAdminRepository {
  list(scope: TenantScope, query: { limit: number; after?: After | undefined }): Promise<User[]>;
  findById(scope: TenantScope, id: string): Promise<User | undefined>;
  invite(scope: TenantScope, input: NewInvitation): Promise<User>;
  update(
    scope: TenantScope,
    id: string,
    expectedRole: string,
    changes: { name?: string | undefined; role?: UserRole | undefined },
  ): Promise<User | undefined>;
  remove(scope: TenantScope, id: string, expectedRole: string): Promise<boolean>;
  classifyMiss(scope: TenantScope, id: string): Promise<MissKind>;
}

export function createUsersAdminRepository(database: Database<AppTables>): UsersAdminRepository {
  const { db } = database;
  return Object.freeze({
    async list(scope, { limit, after }) {
      assertTenantScope(scope);
      let query = db
        .selectFrom('users')
        .select(COLUMNS)
        .where('organization_id', '=', scope.organizationId)
        .where('status', '<>', 'deleted');
      if (after !== undefined)
        query = query.where((eb) =>
          eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)),
        );
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toUser);
    },

    async findById(scope, id) {
      assertTenantScope(scope);
      const row = await db
        .selectFrom('users')
        .select(COLUMNS)
        .where('id', '=', id)
        .where('organization_id', '=', scope.organizationId)
        .where('status', '<>', 'deleted')
        .executeTakeFirst();
      return row === undefined ? undefined : toUser(row);
    },

    async invite(scope, input) {
      assertTenantScope(scope);
      const now = new Date().toISOString();
      const row = {
        id: randomId('usr'),
        organization_id: scope.organizationId,
        email: normalizeEmail(input.email),
        name: input.name,
        role: input.role,
        password_hash: null,
        status: 'invited' as const,
        created_at: now,
        updated_at: now,
      };
      await releaseExpiredInvitee(db, row.email, now);
      const taken = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', row.email)
        .executeTakeFirst();
      if (taken !== undefined) throw new EmailInUseError('email in use');
      try {
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('users').values(row).execute();
          await trx
            .insertInto('invitations')
            .values({
              id: randomId('ivt'),
              organization_id: scope.organizationId,
              user_id: row.id,
              token_hash: input.tokenHash,
              expires_at: input.expiresAt,
              used_at: null,
              created_by: scope.actorId,
              created_at: now,
            })
            .execute();
        });
      } catch (error) {
        // Lost a race for the same email: the unique index said no.
        const raced = await db
          .selectFrom('users')
          .select('id')
          .where('email', '=', row.email)
          .executeTakeFirst();
        if (raced !== undefined) throw new EmailInUseError('email in use');
        throw error;
      }
      return toUser(row);
    },

    async update(scope, id, expectedRole, changes) {
      assertTenantScope(scope);
      const row = await db
        .updateTable('users')
        .set({
          ...(changes.name === undefined ? {} : { name: changes.name }),
          ...(changes.role === undefined ? {} : { role: changes.role }),
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', id)
        .where('organization_id', '=', scope.organizationId)
        .where('status', '<>', 'deleted')
        .where('role', '=', expectedRole as UserRole)
        .returning(COLUMNS)
        .executeTakeFirst();
      return row === undefined ? undefined : toUser(row);
    },

    async remove(scope, id, expectedRole) {
      assertTenantScope(scope);
      const result = await db
        .updateTable('users')
        // The email is released (replaced by a unique tombstone): a removed person can
        // be invited again or register elsewhere; the row stays for the audit trail.
        .set({
          status: 'deleted',
          password_hash: null,
          email: sql<string>`id || '@deleted.invalid'`,
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', id)
        .where('organization_id', '=', scope.organizationId)
        .where('status', '<>', 'deleted')
        .where('role', '=', expectedRole as UserRole)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async classifyMiss(scope, id) {
      assertTenantScope(scope);
      // A boolean for the security event only; no row leaves this function.
      const elsewhere = await db
        .selectFrom('users')
        .select('id')
        .where('id', '=', id)
        .where('organization_id', '<>', scope.organizationId)
        .executeTakeFirst();
      return elsewhere === undefined ? 'absent' : 'other_tenant';
    },
  } satisfies UsersAdminRepository);
}

function toUser(row: Row): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organizationId: row.organization_id,
    createdAt: row.created_at,
  };
}
