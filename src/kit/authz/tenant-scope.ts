import type { Principal } from './principal.js';
import type { Reach } from './policies.js';

declare const tenantScopeBrand: unique symbol;

/**
 * The only key to tenant data. Repositories take a `TenantScope` as their first
 * parameter and put it in every WHERE clause; it can be made only from an authenticated
 * Principal (the brand is not constructible by hand), so an unscoped read of a tenant
 * table does not type-check. A runtime brand also refuses forged objects.
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

/**
 * The runtime brand: a private field only this module can put on an object. `#minted in x`
 * cannot be satisfied by a literal, a cast, a spread copy or `Object.create` of the
 * prototype, and costs a fraction of a WeakSet registry (~0.1 vs ~0.6 µs per request).
 */
/** Only this module holds it: `new scope.constructor(...)` from outside cannot mint. */
const MINT: unique symbol = Symbol('tenant-scope-mint');

class MintedScope {
  readonly #minted = true;
  readonly organizationId: string;
  readonly ownerId: string | undefined;
  readonly actorId: string;
  readonly principal: Principal;

  constructor(
    mint: typeof MINT,
    principal: Principal,
    ownerId: string | undefined,
    actorId: string,
  ) {
    if (mint !== MINT) throw new Error('tenant scopes are made by tenantScope() only');
    this.organizationId = principal.organizationId;
    this.ownerId = ownerId;
    this.actorId = actorId;
    this.principal = principal;
    Object.freeze(this);
  }

  static isMinted(value: object): boolean {
    return #minted in value;
  }
}

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
  return new MintedScope(
    MINT,
    principal,
    reach === 'organization' ? undefined : actorId,
    actorId,
  ) as unknown as TenantScope;
}

/** A scope that came from {@link tenantScope}, not an object literal cast into shape. */
export function isTenantScope(value: unknown): value is TenantScope {
  return typeof value === 'object' && value !== null && MintedScope.isMinted(value);
}

/** Throws on a forged scope: repositories call it first, so a cast cannot bypass the brand. */
export function assertTenantScope(value: unknown): asserts value is TenantScope {
  if (!isTenantScope(value))
    throw new Error('tenant data requires a TenantScope made from a Principal');
}
