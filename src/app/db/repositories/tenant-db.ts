import { sql, type Kysely } from 'kysely';
import { assertTenantScope, type Database, type TenantScope } from '../../../kit/index.js';
import type { AppTables } from '../schema.js';

/**
 * Runs tenant-table queries for one scope. On PostgreSQL: one transaction that first
 * switches to the `rampart_app` role (no BYPASSRLS) and sets `rampart.org_id` — both
 * transaction-local, in one statement — so row-level security enforces the tenant
 * underneath the scoped WHERE clauses. On SQLite the scoped queries are the only wall.
 */
export function inTenant<T>(
  database: Database<AppTables>,
  scope: TenantScope,
  run: (db: Kysely<AppTables>) => Promise<T>,
): Promise<T> {
  assertTenantScope(scope);
  if (database.dialect === 'sqlite') return run(database.db);
  return database.db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'rampart_app', true), set_config('rampart.org_id', ${scope.organizationId}, true)`.execute(
      trx,
    );
    return run(trx);
  });
}

/** Keyset position of a row sorted newest first. */
export interface After {
  readonly createdAt: string;
  readonly id: string;
}
