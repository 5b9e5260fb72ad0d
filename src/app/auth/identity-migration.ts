import { sql } from 'kysely';
import type { RampartMigration } from '../../kit/index.js';

/** Organizations, users and refresh sessions. Shipped: never edit, add a new migration. */
export const IDENTITY_MIGRATIONS: readonly RampartMigration[] = [
  {
    name: '1000_identity_core',
    async up(db) {
      await db.schema
        .createTable('organizations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) =>
          c.notNull().check(sql`role in ('owner', 'admin', 'member', 'viewer')`),
        )
        .addColumn('password_hash', 'text')
        .addColumn('status', 'text', (c) =>
          c
            .notNull()
            .defaultTo('active')
            .check(sql`status in ('active', 'invited', 'deleted')`),
        )
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('users_org_created')
        .on('users')
        .columns(['organization_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createTable('refresh_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('family_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('absolute_expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_reason', 'text')
        .addColumn('replaced_by', 'text')
        .execute();
      await db.schema
        .createIndex('refresh_sessions_family')
        .on('refresh_sessions')
        .column('family_id')
        .execute();
      await db.schema
        .createIndex('refresh_sessions_user')
        .on('refresh_sessions')
        .column('user_id')
        .execute();
      await db.schema
        .createIndex('refresh_sessions_revoked')
        .on('refresh_sessions')
        .column('revoked_at')
        .execute();
    },
  },
];
