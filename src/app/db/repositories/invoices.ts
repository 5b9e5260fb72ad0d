import type { Kysely, Selectable } from 'kysely';
import {
  assertTenantScope,
  prepareFirst,
  randomId,
  type Database,
  type TenantScope,
} from '../../../kit/index.js';
import {
  IMMUTABLE_STATUSES,
  type Invoice,
  type InvoiceInput,
  type InvoicePatch,
  type InvoiceStatus,
} from '../../domain/invoice.js';
import type { MissKind } from '../../domain/authz-events.js';
import type { InvoicesTable } from '../invoices-schema.js';
import type { AppTables } from '../schema.js';
import { inTenant, type After } from './tenant-db.js';

/** Explicit columns, never `*`: a column added later is not served by accident. */
const COLUMNS = [
  'id',
  'organization_id',
  'owner_id',
  'customer_name',
  'customer_email',
  'amount_cents',
  'currency',
  'status',
  'due_date',
  'created_at',
  'updated_at',
] as const;

type Row = Pick<Selectable<InvoicesTable>, (typeof COLUMNS)[number]>;

const FINAL = [...IMMUTABLE_STATUSES];

export interface InvoiceListQuery {
  readonly limit: number;
  readonly status?: InvoiceStatus | undefined;
  readonly after?: After | undefined;
}

/**
 * Invoice data access. Every method takes a {@link TenantScope} first and puts its
 * organization (and owner, for roles that reach only their own) in the WHERE clause;
 * there is no unscoped read. Changes also refuse paid/void rows inside the statement,
 * so a concurrent "mark paid" cannot slip between the policy check and the write.
 */
export interface InvoiceRepository {
  findById(scope: TenantScope, id: string): Promise<Invoice | undefined>;
  list(scope: TenantScope, query: InvoiceListQuery): Promise<Invoice[]>;
  create(scope: TenantScope, input: InvoiceInput): Promise<Invoice>;
  createMany(scope: TenantScope, inputs: readonly InvoiceInput[]): Promise<number>;
  update(scope: TenantScope, id: string, patch: InvoicePatch): Promise<Invoice | undefined>;
  remove(scope: TenantScope, id: string): Promise<boolean>;
  /** After a scoped miss: was it another tenant's, a same-tenant invisible one, or nothing? */
  classifyMiss(scope: TenantScope, id: string): Promise<MissKind>;
}

export function createInvoiceRepository(database: Database<AppTables>): InvoiceRepository {
  // The hot path (GET /v1/invoices/:id): compiled once per reach, one indexed read by
  // primary key, filtered by tenant (and owner) in the same statement.
  const byIdInOrganization = prepareFirst(['id', 'org'], (p) =>
    database.db
      .selectFrom('invoices')
      .select(COLUMNS)
      .where('id', '=', p.id)
      .where('organization_id', '=', p.org),
  );
  const byIdOwned = prepareFirst(['id', 'org', 'owner'], (p) =>
    database.db
      .selectFrom('invoices')
      .select(COLUMNS)
      .where('id', '=', p.id)
      .where('organization_id', '=', p.org)
      .where('owner_id', '=', p.owner),
  );
  const findOne = (db: Kysely<AppTables>, scope: TenantScope, id: string) =>
    scope.ownerId === undefined
      ? byIdInOrganization(db, { id, org: scope.organizationId })
      : byIdOwned(db, { id, org: scope.organizationId, owner: scope.ownerId });

  return Object.freeze({
    async findById(scope, id) {
      const row = await inTenant(database, scope, (db) => findOne(db, scope, id));
      return row === undefined ? undefined : toInvoice(row);
    },

    async list(scope, { limit, status, after }) {
      const rows = await inTenant(database, scope, (db) => {
        let query = db
          .selectFrom('invoices')
          .select(COLUMNS)
          .where('organization_id', '=', scope.organizationId);
        if (scope.ownerId !== undefined) query = query.where('owner_id', '=', scope.ownerId);
        if (status !== undefined) query = query.where('status', '=', status);
        if (after !== undefined) {
          query = query.where((eb) =>
            eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)),
          );
        }
        return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      });
      return rows.map(toInvoice);
    },

    async create(scope, input) {
      const row = newRow(scope, input);
      await inTenant(database, scope, (db) => db.insertInto('invoices').values(row).execute());
      return toInvoice(row);
    },

    async createMany(scope, inputs) {
      await inTenant(database, scope, async (db) => {
        // Batches keep each statement under SQLite's bound-parameter limit.
        for (let i = 0; i < inputs.length; i += 500) {
          const batch = inputs.slice(i, i + 500).map((input) => newRow(scope, input));
          await db.insertInto('invoices').values(batch).execute();
        }
      });
      return inputs.length;
    },

    async update(scope, id, patch) {
      const changes = {
        ...(patch.customerName === undefined ? {} : { customer_name: patch.customerName }),
        ...(patch.customerEmail === undefined ? {} : { customer_email: patch.customerEmail }),
        ...(patch.amountCents === undefined ? {} : { amount_cents: patch.amountCents }),
        ...(patch.currency === undefined ? {} : { currency: patch.currency }),
        ...(patch.dueDate === undefined ? {} : { due_date: patch.dueDate }),
        ...(patch.status === undefined ? {} : { status: patch.status }),
        updated_at: new Date().toISOString(),
      };
      const row = await inTenant(database, scope, (db) => {
        let query = db
          .updateTable('invoices')
          .set(changes)
          .where('id', '=', id)
          .where('organization_id', '=', scope.organizationId)
          .where('status', 'not in', FINAL);
        if (scope.ownerId !== undefined) query = query.where('owner_id', '=', scope.ownerId);
        return query.returning(COLUMNS).executeTakeFirst();
      });
      return row === undefined ? undefined : toInvoice(row);
    },

    async remove(scope, id) {
      const result = await inTenant(database, scope, (db) => {
        let query = db
          .deleteFrom('invoices')
          .where('id', '=', id)
          .where('organization_id', '=', scope.organizationId)
          .where('status', 'not in', FINAL);
        if (scope.ownerId !== undefined) query = query.where('owner_id', '=', scope.ownerId);
        return query.executeTakeFirst();
      });
      return result.numDeletedRows > 0n;
    },

    async classifyMiss(scope, id) {
      assertTenantScope(scope);
      // Runs outside the tenant transaction on purpose: it only answers "does this id
      // exist elsewhere", as a boolean, for the security event. No row leaves here.
      const elsewhere = await database.db
        .selectFrom('invoices')
        .select('id')
        .where('id', '=', id)
        .where('organization_id', '<>', scope.organizationId)
        .executeTakeFirst();
      if (elsewhere !== undefined) return 'other_tenant';
      if (scope.ownerId === undefined) return 'absent';
      const hidden = await inTenant(database, scope, (db) =>
        db
          .selectFrom('invoices')
          .select('id')
          .where('id', '=', id)
          .where('organization_id', '=', scope.organizationId)
          .where('owner_id', '<>', scope.ownerId ?? '')
          .executeTakeFirst(),
      );
      return hidden === undefined ? 'absent' : 'not_visible';
    },
  } satisfies InvoiceRepository);
}

function newRow(scope: TenantScope, input: InvoiceInput): Row {
  const now = new Date().toISOString();
  return {
    id: randomId('inv'),
    organization_id: scope.organizationId,
    owner_id: scope.actorId,
    customer_name: input.customerName,
    customer_email: input.customerEmail,
    amount_cents: input.amountCents,
    currency: input.currency,
    status: input.status ?? 'draft',
    due_date: input.dueDate,
    created_at: now,
    updated_at: now,
  };
}

function toInvoice(row: Row): Invoice {
  return {
    id: row.id,
    organizationId: row.organization_id,
    ownerId: row.owner_id,
    customerName: row.customer_name,
    customerEmail: row.customer_email,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    status: row.status as InvoiceStatus,
    dueDate: row.due_date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
