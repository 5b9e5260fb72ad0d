import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './database.js';

/** A migration that may differ per dialect; names sort in the order they run. */
export interface RampartMigration {
  readonly name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/**
 * Runs every pending migration in name order inside Kysely's migration lock, so several
 * instances starting together migrate once. Throws with the failing migration's name.
 */
export async function runMigrations(
  db: Kysely<unknown>,
  dialect: Dialect,
  migrations: readonly RampartMigration[],
): Promise<string[]> {
  const provider: MigrationProvider = {
    getMigrations: () =>
      Promise.resolve(
        Object.fromEntries(
          migrations.map((m): [string, Migration] => [
            m.name,
            { up: (database) => m.up(database, dialect) },
          ]),
        ),
      ),
  };
  // Kysely looks for its bookkeeping tables in every schema unless told which one: a
  // sibling schema (another tenant's service, a parallel test) would hide ours.
  const schema =
    dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]
          ?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'rampart_migration',
    migrationLockTableName: 'rampart_migration_lock',
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
