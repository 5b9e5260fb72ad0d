import type { RampartMigration } from './migrations.js';

/** The kit's own tables. App migrations sort after these (their names start at 1000). */
export const KIT_MIGRATIONS: readonly RampartMigration[] = [
  {
    name: '0001_kit_security_events',
    async up(db) {
      await db.schema
        .createTable('security_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('organization_id', 'text')
        .addColumn('principal_id', 'text')
        .addColumn('ip', 'text')
        .addColumn('request_id', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('security_events_org_time')
        .on('security_events')
        .columns(['organization_id', 'created_at', 'id'])
        .execute();
    },
  },
];

export interface SecurityEventsTable {
  id: string;
  type: string;
  organization_id: string | null;
  principal_id: string | null;
  ip: string | null;
  request_id: string | null;
  details: string;
  created_at: string;
}

export interface KitTables {
  security_events: SecurityEventsTable;
}
