import { createDatabase, loadConfig } from '../kit/index.js';
import { migrate } from '../app/context.js';
import type { AppTables } from '../app/db/schema.js';

/** `rampart migrate`: applies pending migrations and prints their names. */
export async function runMigrate(): Promise<number> {
  const { config } = await loadConfig();
  const database = createDatabase<AppTables>({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
  });
  try {
    const applied = await migrate(database);
    process.stdout.write(
      applied.length === 0
        ? 'migrations: up to date\n'
        : `migrations applied: ${applied.join(', ')}\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
