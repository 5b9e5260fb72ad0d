import type { Principal } from './principal.js';
import type { Reach } from './policies.js';

declare const tenantScopeBrand: unique symbol;

/**
 * The only key to tenant data. Repositories take a `TenantScope` as their first
 * parameter and put it in every WHERE clause; it can be made only from an authenticated
 * Principal (the brand is not constructible by hand), so an unscoped read of a tenant
 * table does not type-check. A runtime registry also refuses forged objects.
 */
export interface TenantScope {
  readonly [tenantScopeBrand]: true;
  readonly organizationId: string;
  /** Set when the principal's role only reaches its own objects. */
  readonly ownerId: string | undefined;
  /** The acting user (the API key's creator for a key); used as owner of new objects. */
  readonly actorId: string;
  readonly principal: Principal;
}

const minted = new WeakSet<object>();

/**
 * Makes the scope of a principal's data access. `reach` says whether the role sees every
 * object of its organization or only its own.
 *
 * @example
 * const scope = tenantScope(ctx.principal, invoiceReach(ctx.principal.role));
 * const invoice = await invoices.findById(scope, id);
 */
export function tenantScope(principal: Principal, reach: Reach): TenantScope {
  if (principal.organizationId === '')
    throw new Error('a principal without an organization has no tenant scope');
  const actorId = principal.userId ?? principal.id;
  const scope = Object.freeze({
    organizationId: principal.organizationId,
    ownerId: reach === 'organization' ? undefined : actorId,
    actorId,
    principal,
  }) as unknown as TenantScope;
  minted.add(scope);
  return scope;
}

/** A scope that came from {@link tenantScope}, not an object literal cast into shape. */
export function isTenantScope(value: unknown): value is TenantScope {
  return typeof value === 'object' && value !== null && minted.has(value);
}

/** Throws on a forged scope: repositories call it first, so a cast cannot bypass the brand. */
export function assertTenantScope(value: unknown): asserts value is TenantScope {
  if (!isTenantScope(value))
    throw new Error('tenant data requires a TenantScope made from a Principal');
}
