import {
  NoHeaders,
  NoInput,
  RampartError,
  createCursorCodec,
  cursorBinding,
  decodeKeyset,
  defineRoute,
  denialError,
  tenantScope,
  toPage,
  type Principal,
  type RouteDeclaration,
} from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';
import { createInvoiceRepository } from '../../../db/repositories/invoices.js';
import { recordDenial, recordMiss, type RequestWhere } from '../../../domain/authz-events.js';
import { invoicePolicy, type InvoiceAction } from '../../../domain/invoice-policy.js';
import { invoiceReach } from '../../../domain/roles.js';
import {
  CreateInvoiceBody,
  InvoicePage,
  InvoiceParams,
  InvoiceSchema,
  ListInvoicesQuery,
  UpdateInvoiceBody,
} from './schemas.js';

const AUTH = { principals: ['user', 'apiKey', 'oidc'] } as const;
const TAGS = ['invoices'];

/**
 * The invoice resource (API.md). Two layers: the route declares the permission (the kit
 * refuses callers without it, 403, before any lookup); the handler reads through the
 * tenant scope (organization, and owner for members and viewers), so another tenant's or
 * an invisible invoice is a miss (404); then the ABAC policy runs on the loaded object
 * (paid/void immutable, 403).
 */
export function invoiceRoutes(context: AppContext): RouteDeclaration[] {
  const invoices = createInvoiceRepository(context.database);
  const cursors = createCursorCodec(context.loaded.secrets.cursorKey.reveal());
  const { events } = context;
  const scopeOf = (principal: Principal) => tenantScope(principal, invoiceReach(principal.role));

  /** Loads an invoice the caller can see and may act on, or throws 404/403 (recorded). */
  async function authorized(
    principal: Principal,
    id: string,
    action: InvoiceAction,
    where: RequestWhere,
  ) {
    const scope = scopeOf(principal);
    const invoice = await invoices.findById(scope, id);
    if (invoice === undefined) {
      recordMiss(events, principal, where, await invoices.classifyMiss(scope, id), 'invoice');
      throw new RampartError('NOT_FOUND');
    }
    const decision = invoicePolicy(principal, action, invoice);
    if (!decision.allow) {
      recordDenial(events, principal, where, decision);
      throw denialError(decision);
    }
    return { scope, invoice };
  }

  /** A write that found nothing although the policy allowed it: raced with a change. */
  async function raced(principal: Principal, id: string, where: RequestWhere): Promise<never> {
    await authorized(principal, id, 'update', where);
    throw new RampartError('CONFLICT', { internal: 'invoice changed during the request' });
  }

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/invoices',
      operationId: 'listInvoices',
      summary: 'List invoices the caller can see, newest first',
      tags: TAGS,
      auth: AUTH,
      permission: 'invoices:read',
      input: { params: NoInput, query: ListInvoicesQuery, body: NoInput, headers: NoHeaders },
      responses: { 200: InvoicePage },
      rateLimit: 'default',
      async handler(ctx) {
        const { limit, cursor, status } = ctx.query;
        const scope = scopeOf(ctx.principal);
        const binding = cursorBinding('invoices', scope, { status });
        const after = decodeKeyset(cursors, binding, cursor);
        const rows = await invoices.list(scope, { limit: limit + 1, status, after });
        return { status: 200, body: toPage(cursors, binding, rows, limit) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/invoices',
      operationId: 'createInvoice',
      summary: 'Create an invoice owned by the caller',
      tags: TAGS,
      auth: AUTH,
      permission: 'invoices:write',
      input: { params: NoInput, query: NoInput, body: CreateInvoiceBody, headers: NoHeaders },
      responses: { 201: InvoiceSchema },
      rateLimit: 'default',
      async handler(ctx) {
        const decision = invoicePolicy(ctx.principal, 'create', undefined);
        if (!decision.allow) throw denialError(decision);
        const invoice = await invoices.create(scopeOf(ctx.principal), ctx.body);
        return { status: 201, body: invoice };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/invoices/:id',
      operationId: 'getInvoice',
      summary: 'Read one invoice',
      tags: TAGS,
      auth: AUTH,
      permission: 'invoices:read',
      input: { params: InvoiceParams, query: NoInput, body: NoInput, headers: NoHeaders },
      responses: { 200: InvoiceSchema },
      rateLimit: 'default',
      async handler(ctx) {
        const where = { ip: ctx.ip, requestId: ctx.requestId, route: 'GET /v1/invoices/:id' };
        const { invoice } = await authorized(ctx.principal, ctx.params.id, 'read', where);
        return { status: 200, body: invoice };
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/v1/invoices/:id',
      operationId: 'updateInvoice',
      summary: 'Change an invoice (not once paid or void)',
      tags: TAGS,
      auth: AUTH,
      permission: 'invoices:write',
      input: { params: InvoiceParams, query: NoInput, body: UpdateInvoiceBody, headers: NoHeaders },
      responses: { 200: InvoiceSchema },
      rateLimit: 'default',
      async handler(ctx) {
        const where = { ip: ctx.ip, requestId: ctx.requestId, route: 'PATCH /v1/invoices/:id' };
        const { scope } = await authorized(ctx.principal, ctx.params.id, 'update', where);
        const updated = await invoices.update(scope, ctx.params.id, ctx.body);
        if (updated === undefined) return raced(ctx.principal, ctx.params.id, where);
        return { status: 200, body: updated };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/invoices/:id',
      operationId: 'deleteInvoice',
      summary: 'Delete an invoice (not once paid or void)',
      tags: TAGS,
      auth: AUTH,
      permission: 'invoices:write',
      input: { params: InvoiceParams, query: NoInput, body: NoInput, headers: NoHeaders },
      responses: { 204: null },
      rateLimit: 'default',
      async handler(ctx) {
        const where = { ip: ctx.ip, requestId: ctx.requestId, route: 'DELETE /v1/invoices/:id' };
        const { scope } = await authorized(ctx.principal, ctx.params.id, 'delete', where);
        if (!(await invoices.remove(scope, ctx.params.id)))
          return raced(ctx.principal, ctx.params.id, where);
        return { status: 204 };
      },
    }),
  ];
}
