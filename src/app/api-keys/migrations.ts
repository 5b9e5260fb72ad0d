import type { RampartMigration } from '../../kit/index.js';

/**
 * The API key table. No foreign keys to users/organizations: the creator's row may be
 * soft-deleted and the key row must stay for the audit trail (keys are revoked, never
 * deleted). Never edit once shipped.
 */
export const API_KEY_MIGRATIONS: readonly RampartMigration[] = [
  {
    name: '1200_apikeys_1_table',
    async up(db) {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('last4', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('pepper_version', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('last_used_at', 'text')
        .addColumn('grace_ends_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('rotated_from', 'text')
        .execute();
      // The masked list: newest first, per organization (keyset pagination).
      await db.schema
        .createIndex('api_keys_org_created')
        .on('api_keys')
        .columns(['organization_id', 'created_at', 'id'])
        .execute();
      // Revoking every key of a creator (user deletion).
      await db.schema
        .createIndex('api_keys_creator')
        .on('api_keys')
        .columns(['created_by'])
        .execute();
    },
  },
];
