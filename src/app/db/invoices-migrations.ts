import { sql, type Kysely } from 'kysely';
import type { RampartMigration } from '../../kit/index.js';

/**
 * The database role the app switches to inside every tenant-scoped transaction on
 * PostgreSQL. It has no BYPASSRLS, so the row-level security policies below apply even
 * when the service connects as a superuser or as the tables' owner.
 */
export const APP_DB_ROLE = 'rampart_app';

/** Invoices, invitations and (PostgreSQL) row-level security. Never edit once shipped. */
export const AUTHZ_MIGRATIONS: readonly RampartMigration[] = [
  {
    name: '1100_authz_1_invoices',
    async up(db) {
      await db.schema
        .createTable('invoices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('customer_name', 'text', (c) => c.notNull())
        .addColumn('customer_email', 'text', (c) => c.notNull())
        .addColumn('amount_cents', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // Keyset pagination, newest first, for the two reaches (organization, own).
      await db.schema
        .createIndex('invoices_org_created')
        .on('invoices')
        .columns(['organization_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('invoices_org_owner_created')
        .on('invoices')
        .columns(['organization_id', 'owner_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('invoices_org_status_created')
        .on('invoices')
        .columns(['organization_id', 'status', 'created_at', 'id'])
        .execute();
    },
  },
  {
    name: '1100_authz_2_invitations',
    async up(db) {
      await db.schema
        .createTable('invitations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('invitations_user')
        .on('invitations')
        .columns(['user_id'])
        .execute();
    },
  },
  {
    name: '1100_authz_3_row_level_security',
    async up(db, dialect) {
      // SQLite has no row-level security: there the scoped query is the only wall.
      if (dialect === 'postgres') await enableRowLevelSecurity(db);
    },
  },
];

/**
 * Row-level security for invoices, keyed on the transaction-local setting
 * `rampart.org_id` (set with `set_config(…, true)` by the scoped repository). A query
 * without the setting sees no rows; with it, only that organization's rows.
 * Creating the role needs CREATEROLE; where the migration user lacks it, a DBA creates
 * `rampart_app` (NOLOGIN NOBYPASSRLS) beforehand and grants it to the service's user.
 */
async function enableRowLevelSecurity(db: Kysely<unknown>): Promise<void> {
  // Several services (or parallel test schemas) may race to create the cluster-wide role.
  await sql`
    do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'rampart_app') then
        begin
          create role rampart_app nologin nobypassrls;
        exception when duplicate_object or unique_violation then null;
        end;
      end if;
      if not pg_has_role(current_user, 'rampart_app', 'member') then
        execute format('grant rampart_app to %I', current_user);
      end if;
      execute format('grant usage on schema %I to rampart_app', current_schema());
    end $$`.execute(db);
  await sql`grant select, insert, update, delete on invoices to rampart_app`.execute(db);
  await sql`alter table invoices enable row level security`.execute(db);
  await sql`alter table invoices force row level security`.execute(db);
  await sql`
    create policy invoices_tenant on invoices
      using (organization_id = current_setting('rampart.org_id', true))
      with check (organization_id = current_setting('rampart.org_id', true))`.execute(db);
}
