import {
  allow,
  deny,
  firstDenial,
  hasPermissionDecision,
  ownerOrReach,
  sameTenant,
  type Decision,
  type Principal,
} from '../../kit/index.js';
import { IMMUTABLE_STATUSES, type Invoice } from './invoice.js';
import { invoiceReach } from './roles.js';

export type InvoiceAction = 'read' | 'create' | 'update' | 'delete';

const PERMISSION: Readonly<Record<InvoiceAction, string>> = {
  read: 'invoices:read',
  create: 'invoices:write',
  update: 'invoices:write',
  delete: 'invoices:write',
};

/**
 * The ABAC rule for one invoice, in order: tenant equality; visibility (members and
 * viewers reach only their own); the permission (API-key scopes already intersected);
 * immutability of paid and void invoices for changes. `create` has no object yet and
 * checks the permission only (the new invoice is owned by the caller, in its tenant).
 *
 * Visibility comes before the permission on purpose: an invoice the caller cannot see
 * answers 404 whatever its rights, so a 403 never confirms that it exists.
 */
export function invoicePolicy(
  principal: Principal,
  action: InvoiceAction,
  invoice: Invoice | undefined,
): Decision {
  if (invoice === undefined)
    return action === 'create'
      ? hasPermissionDecision(principal, PERMISSION.create)
      : deny('NO_RULE');
  return firstDenial(
    () => sameTenant(principal, invoice),
    () => ownerOrReach(principal, invoice, invoiceReach),
    () => hasPermissionDecision(principal, PERMISSION[action]),
    () =>
      action !== 'read' && IMMUTABLE_STATUSES.has(invoice.status) ? deny('IMMUTABLE') : allow(),
  );
}
