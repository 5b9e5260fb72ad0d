import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvoiceRepository } from '../../src/app/db/repositories/invoices.js';
import { tenantScope } from '../../src/kit/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { invoiceInput, principalOf } from '../authz/fixtures.js';

const url = process.env.DATABASE_URL;
if (url === undefined || url === '')
  console.log('[skip] row-level security: DATABASE_URL is not set (SQLite has no RLS)');

/**
 * The second wall on PostgreSQL: even a query with no tenant filter at all, run through
 * the app's database role, sees only the organization set for the transaction.
 */
describe.skipIf(url === undefined || url === '')(
  'PostgreSQL row-level security on invoices',
  () => {
    let t: TestApp;
    const orgA = 'org_rlsAAAAAAAAAAAAAAAAAAAA';
    const orgB = 'org_rlsBBBBBBBBBBBBBBBBBBBB';

    beforeAll(async () => {
      t = await createTestApp({ store: 'postgres' });
      const invoices = createInvoiceRepository(t.context.database);
      const a = principalOf('usr_a', orgA, 'admin');
      const b = principalOf('usr_b', orgB, 'admin');
      await invoices.createMany(tenantScope(a, 'organization'), [invoiceInput(), invoiceInput()]);
      await invoices.createMany(tenantScope(b, 'organization'), [invoiceInput()]);
    });
    afterAll(async () => t.close());

    /** Runs `body` as the app role in one transaction, optionally with a tenant set. */
    function asAppRole<T>(
      orgId: string | undefined,
      body: (trx: typeof t.context.database.db) => Promise<T>,
    ) {
      return t.context.database.db.transaction().execute(async (trx) => {
        await sql`select set_config('role', 'rampart_app', true)`.execute(trx);
        if (orgId !== undefined)
          await sql`select set_config('rampart.org_id', ${orgId}, true)`.execute(trx);
        return body(trx);
      });
    }

    it('the app role is neither superuser nor BYPASSRLS; the table forces RLS', async () => {
      const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
      select rolsuper, rolbypassrls from pg_roles where rolname = 'rampart_app'`.execute(
        t.context.database.db,
      );
      expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
      const table = await sql<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>`
      select relrowsecurity, relforcerowsecurity from pg_class
      where relname = 'invoices' and relnamespace = current_schema()::regnamespace`.execute(
        t.context.database.db,
      );
      expect(table.rows).toEqual([{ relrowsecurity: true, relforcerowsecurity: true }]);
    });

    it('a deliberately unscoped query with no tenant set returns nothing', async () => {
      const rows = await asAppRole(undefined, (trx) =>
        trx.selectFrom('invoices').select('id').execute(),
      );
      expect(rows).toEqual([]);
    });

    it('an unscoped query with a tenant set returns only that tenant', async () => {
      const rows = await asAppRole(orgA, (trx) =>
        trx.selectFrom('invoices').select('organization_id').execute(),
      );
      expect(rows).toHaveLength(2);
      expect(new Set(rows.map((r) => r.organization_id))).toEqual(new Set([orgA]));
    });

    it("another tenant's rows can be neither changed nor deleted, and none can be planted", async () => {
      const updated = await asAppRole(orgA, (trx) =>
        trx
          .updateTable('invoices')
          .set({ customer_name: 'pwned' })
          .where('organization_id', '=', orgB)
          .executeTakeFirst(),
      );
      expect(updated.numUpdatedRows).toBe(0n);
      const deleted = await asAppRole(orgA, (trx) => trx.deleteFrom('invoices').executeTakeFirst());
      expect(deleted.numDeletedRows).toBe(2n); // only A's own rows were reachable
      await expect(
        asAppRole(orgA, (trx) =>
          trx
            .insertInto('invoices')
            .values({
              id: 'inv_planted00000000000000',
              organization_id: orgB,
              owner_id: 'usr_a',
              customer_name: 'x',
              customer_email: 'x@example.com',
              amount_cents: 1,
              currency: 'EUR',
              status: 'draft',
              due_date: '2030-01-01',
              created_at: '2030-01-01T00:00:00.000Z',
              updated_at: '2030-01-01T00:00:00.000Z',
            })
            .execute(),
        ),
      ).rejects.toThrow(/row-level security/);
      const bRows = await asAppRole(orgB, (trx) =>
        trx.selectFrom('invoices').select(['customer_name']).execute(),
      );
      expect(bRows).toHaveLength(1);
      expect(bRows[0]?.customer_name).not.toBe('pwned');
    });

    it('the setting is transaction-local: it does not leak to the next use of the connection', async () => {
      await asAppRole(orgB, (trx) => trx.selectFrom('invoices').select('id').execute());
      const leaked = await sql<{ org: string | null; role: string }>`
      select current_setting('rampart.org_id', true) as org, current_user as role`.execute(
        t.context.database.db,
      );
      expect(leaked.rows[0]?.org ?? '').toBe('');
      expect(leaked.rows[0]?.role).not.toBe('rampart_app');
    });
  },
);
