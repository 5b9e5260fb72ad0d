import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/app/context.js';
import { createInvoiceRepository } from '../../src/app/db/repositories/invoices.js';
import type { InvoiceInput, InvoiceStatus } from '../../src/app/domain/invoice.js';
import { invoiceReach, rbac } from '../../src/app/domain/roles.js';
import { tenantScope, type Principal } from '../../src/kit/index.js';

/** Limits high enough for suites that send hundreds of requests from one IP. */
export const AUTHZ_TEST_ENV: Readonly<Record<string, string>> = Object.freeze({
  RAMPART_LIMIT_IP_PER_MIN: '1000000',
  RAMPART_LIMIT_GLOBAL_PER_MIN: '10000000',
  RAMPART_LIMIT_PRINCIPAL_PER_MIN: '1000000',
  RAMPART_LIMIT_AUTH_IP_PER_MIN: '1000000',
  RAMPART_LIMIT_LOGIN_IP_FAILURES_PER_MIN: '1000000',
});

export function invoiceInput(overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
    customerName: 'Acme GmbH',
    customerEmail: 'billing@acme.example',
    amountCents: 12_345,
    currency: 'EUR',
    dueDate: '2030-06-30',
    ...overrides,
  };
}

/** The principal of a stored user, as the authenticator would build it. */
export function principalOf(userId: string, organizationId: string, role: string): Principal {
  return {
    kind: 'user',
    id: userId,
    organizationId,
    role,
    permissions: rbac.permissionsOf(role),
    userId,
    sessionId: undefined,
  };
}

/** Seeds one invoice owned by a user, through the scoped repository. */
export async function seedInvoice(
  context: AppContext,
  owner: { userId: string; organizationId: string; role: string },
  status: InvoiceStatus = 'draft',
): Promise<string> {
  const principal = principalOf(owner.userId, owner.organizationId, owner.role);
  const invoice = await createInvoiceRepository(context.database).create(
    tenantScope(principal, invoiceReach(owner.role)),
    invoiceInput({ status }),
  );
  return invoice.id;
}

/** Creates an API key through `POST /v1/api-keys` as `by`; returns the full key. */
export async function createApiKey(
  app: FastifyInstance,
  by: { headers: { authorization: string } },
  scopes: readonly string[],
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/api-keys',
    headers: by.headers,
    payload: { name: `test ${scopes.join(' ')}`, scopes },
  });
  if (res.statusCode !== 201)
    throw new Error(`api key creation failed: ${res.statusCode} ${res.body}`);
  return res.json<{ key: string }>().key;
}

/** Every row of the tables a denied call must leave untouched, in a stable order. */
export async function snapshot(context: AppContext): Promise<string> {
  const { db } = context.database;
  const [invoices, users, invitations] = await Promise.all([
    db.selectFrom('invoices').selectAll().orderBy('id').execute(),
    db.selectFrom('users').selectAll().orderBy('id').execute(),
    db.selectFrom('invitations').selectAll().orderBy('id').execute(),
  ]);
  return JSON.stringify({ invoices, users, invitations });
}
