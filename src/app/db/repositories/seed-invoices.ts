import { tenantScope, type Database, type Principal } from '../../../kit/index.js';
import { INVOICE_STATUSES, type InvoiceInput } from '../../domain/invoice.js';
import { invoiceReach } from '../../domain/roles.js';
import type { AppTables } from '../schema.js';
import { createInvoiceRepository } from './invoices.js';

/**
 * Seeds `count` invoices owned by `principal`, through the scoped repository (benchmarks,
 * demos). Statuses cycle through draft/sent/paid/void; every value is synthetic.
 *
 * @example
 * await seedInvoices(context.database, principal, 100_000);
 */
export async function seedInvoices(
  database: Database<AppTables>,
  principal: Principal,
  count: number,
): Promise<number> {
  const scope = tenantScope(principal, invoiceReach(principal.role));
  const inputs: InvoiceInput[] = Array.from({ length: count }, (_, i) => ({
    customerName: `Customer ${i}`,
    customerEmail: `billing${i}@customer.example`,
    amountCents: 1000 + (i % 100_000),
    currency: 'EUR',
    dueDate: '2030-06-30',
    status: INVOICE_STATUSES[i % INVOICE_STATUSES.length] ?? 'draft',
  }));
  return createInvoiceRepository(database).createMany(scope, inputs);
}
