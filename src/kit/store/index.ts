export { createDatabase, type Database, type DatabaseOptions, type Dialect } from './database.js';
export { runMigrations, type RampartMigration } from './migrations.js';
export { KIT_MIGRATIONS, type KitTables, type SecurityEventsTable } from './kit-migrations.js';
export { createRedis, type Redis } from './redis.js';
export { prepare, prepareFirst } from './prepared-query.js';
