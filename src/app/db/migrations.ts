import type { RampartMigration } from '../../kit/index.js';

/**
 * The reference app's migrations. Names start at 1000 so they sort after the kit's.
 * Each capability appends its own; a migration that has shipped is never edited.
 */
export const APP_MIGRATIONS: readonly RampartMigration[] = [];
