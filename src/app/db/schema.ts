import type { KitTables } from '../../kit/index.js';
import type { ApiKeyTables } from '../api-keys/tables.js';
import type { IdentityTables } from '../auth/identity-tables.js';
import type { AuthzTables } from './invoices-schema.js';

/** Every table the app reads or writes, as Kysely sees it. Capabilities extend it. */
export type AppTables = KitTables & IdentityTables & AuthzTables & ApiKeyTables;
