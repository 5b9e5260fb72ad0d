import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare, prepareFirst } from '../../src/kit/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testStores } from '../helpers/stores.js';
import { seedInvoice } from '../authz/fixtures.js';

describe.each(testStores())('prepare(): compiled once, values still bound (%s)', (store) => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp({ store });
    id = await seedInvoice(t.context, { userId: 'usr_p', organizationId: 'org_p', role: 'member' });
  });
  afterAll(async () => t.close());

  it('maps named values to their positions, in any order of use', async () => {
    const { db } = t.context.database;
    // The query uses the placeholders in the reverse order of the names list.
    const byOwnerAndId = prepare(['id', 'owner'], (p) =>
      db.selectFrom('invoices').select('id').where('owner_id', '=', p.owner).where('id', '=', p.id),
    );
    expect(await byOwnerAndId(db, { id, owner: 'usr_p' })).toEqual([{ id }]);
    expect(await byOwnerAndId(db, { id, owner: 'usr_other' })).toEqual([]);
    // An injection payload is a value, not SQL.
    expect(await byOwnerAndId(db, { id: "' OR '1'='1", owner: "' OR '1'='1" })).toEqual([]);
  });

  it('prepareFirst() answers the one row or undefined, values still bound', async () => {
    const { db } = t.context.database;
    const byId = prepareFirst(['id', 'org'], (p) =>
      db
        .selectFrom('invoices')
        .select(['id', 'owner_id'])
        .where('organization_id', '=', p.org)
        .where('id', '=', p.id),
    );
    expect(await byId(db, { id, org: 'org_p' })).toEqual({ id, owner_id: 'usr_p' });
    expect(await byId(db, { id, org: 'org_other' })).toBeUndefined();
    expect(await byId(db, { id: "' OR '1'='1", org: "' OR '1'='1" })).toBeUndefined();
  });

  it('refuses a query that does not use every placeholder', () => {
    const { db } = t.context.database;
    expect(() =>
      prepare(['id', 'unused'], (p) =>
        db.selectFrom('invoices').select('id').where('id', '=', p.id),
      ),
    ).toThrow(/every placeholder/);
  });

  it('keeps a literal of the query as a bound constant', async () => {
    const { db } = t.context.database;
    const paid = prepare(['id'], (p) =>
      db.selectFrom('invoices').select('id').where('id', '=', p.id).where('status', '=', 'paid'),
    );
    const any = prepare(['id'], (p) =>
      db.selectFrom('invoices').select('id').where('id', '=', p.id),
    );
    expect(await any(db, { id })).toEqual([{ id }]);
    expect(await paid(db, { id })).toEqual([]);
  });

  it("never reads another request's uncommitted write (no fast path inside a transaction)", async () => {
    const { db } = t.context.database;
    const byId = prepare(['id'], (p) =>
      db.selectFrom('invoices').select('id').where('id', '=', p.id),
    );
    const ghost = 'inv_uncommittedghost0000000';
    let pending: Promise<{ id: string }[]> | undefined;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('invoices')
          .values({
            id: ghost,
            organization_id: 'org_p',
            owner_id: 'usr_p',
            customer_name: 'Ghost',
            customer_email: 'ghost@example.com',
            amount_cents: 1,
            currency: 'EUR',
            status: 'draft',
            due_date: '2030-01-01',
            created_at: new Date().toISOString(),
            updated_at: new Date().toISOString(),
          })
          .execute();
        // Another request reads while this transaction is open, then it rolls back.
        pending = byId(db, { id: ghost });
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await pending).toEqual([]);
  });
});
