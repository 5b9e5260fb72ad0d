import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
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
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'rampart_migration',
    migrationLockTableName: 'rampart_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
