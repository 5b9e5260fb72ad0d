import type { RampartMigration } from '../../kit/index.js';
import { API_KEY_MIGRATIONS } from '../api-keys/migrations.js';
import { IDENTITY_MIGRATIONS } from '../auth/identity-migration.js';
import { AUTHZ_MIGRATIONS } from './invoices-migrations.js';

/**
 * The reference app's migrations. Names start at 1000 so they sort after the kit's.
 * Each capability appends its own; a migration that has shipped is never edited.
 */
export const APP_MIGRATIONS: readonly RampartMigration[] = [
  ...IDENTITY_MIGRATIONS,
  ...AUTHZ_MIGRATIONS,
  ...API_KEY_MIGRATIONS,
];
