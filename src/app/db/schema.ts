import type { KitTables } from '../../kit/index.js';

/** Every table the app reads or writes, as Kysely sees it. Capabilities extend it. */
export type AppTables = KitTables;
