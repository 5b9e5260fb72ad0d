import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KIT_MIGRATIONS,
  SecurityEvents,
  createDatabase,
  runMigrations,
  type Database,
  type KitTables,
} from '../../src/kit/index.js';
import { captureLogs } from '../helpers/capture-logs.js';
import { createPgSchema, testStores } from '../helpers/stores.js';

describe.each(testStores())('store contract on %s: migrations and security events', (store) => {
  let database: Database<KitTables>;
  let drop: (() => Promise<void>) | undefined;
  const logs = captureLogs();
  beforeAll(async () => {
    if (store === 'postgres') {
      const pg = await createPgSchema();
      drop = pg.drop;
      database = createDatabase<KitTables>({
        databaseUrl: process.env.DATABASE_URL,
        dataDir: '',
        schema: pg.schema,
      });
    } else {
      database = createDatabase<KitTables>({
        dataDir: mkdtempSync(join(tmpdir(), 'rampart-store-')),
      });
    }
  });
  afterAll(async () => {
    await database.close();
    await drop?.();
  });

  it('migrates once, even when two runs race', async () => {
    const runs = await Promise.all([
      runMigrations(database.db as never, database.dialect, KIT_MIGRATIONS),
      runMigrations(database.db as never, database.dialect, KIT_MIGRATIONS),
    ]);
    expect(runs.flat()).toEqual(['0001_kit_security_events']);
    expect(await runMigrations(database.db as never, database.dialect, KIT_MIGRATIONS)).toEqual([]);
  });

  it('stores a security event durably with its context and safe details', async () => {
    const events = new SecurityEvents(database.db, logs.logger);
    const seen: string[] = [];
    events.onEvent((e) => seen.push(e.type));
    await events.record(
      'auth.login.failed',
      { organizationId: 'org_1', principalId: 'usr_1', ip: '203.0.113.1', requestId: 'req-1' },
      { reason: 'bad_password' },
    );
    const rows = await database.db
      .selectFrom('security_events')
      .selectAll()
      .where('request_id', '=', 'req-1')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: 'auth.login.failed',
      organization_id: 'org_1',
      principal_id: 'usr_1',
      ip: '203.0.113.1',
    });
    expect(JSON.parse(rows[0]?.details ?? '{}')).toEqual({ reason: 'bad_password' });
    expect(rows[0]?.id).toMatch(/^evt_[0-9A-Za-z]{22}$/);
    expect(seen).toEqual(['auth.login.failed']);
  });

  it('treats injection strings as literals', async () => {
    const hostile = "x' OR '1'='1'; drop table security_events; --";
    const rows = await database.db
      .selectFrom('security_events')
      .select('id')
      .where('request_id', '=', hostile)
      .execute();
    expect(rows).toEqual([]);
    expect(await database.db.selectFrom('security_events').select('id').execute()).toHaveLength(1);
  });

  it('never throws when the store is gone: the failure is logged', async () => {
    const broken = createDatabase<KitTables>({ dataDir: '', sqliteFile: ':memory:' });
    await broken.close();
    const events = new SecurityEvents(broken.db, logs.logger);
    await expect(events.record('store.unavailable', {}, { store: 'sql' })).resolves.toBeUndefined();
    expect(logs.text()).toContain('security event could not be stored');
  });
});
