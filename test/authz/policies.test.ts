import { describe, expect, it } from 'vitest';
import {
  assertTenantScope,
  denialError,
  intersectScopes,
  isTenantScope,
  mayManageRole,
  tenantScope,
  type TenantScope,
} from '../../src/kit/index.js';
import { invoicePolicy } from '../../src/app/domain/invoice-policy.js';
import type { Invoice, InvoiceStatus } from '../../src/app/domain/invoice.js';
import { grantableRoles, invoiceReach, rbac } from '../../src/app/domain/roles.js';
import { userPolicy } from '../../src/app/domain/user-policy.js';
import { keyPrincipal, userPrincipal } from './principals.js';

function invoice(
  ownerId: string,
  organizationId = 'org_A',
  status: InvoiceStatus = 'draft',
): Invoice {
  return {
    id: 'inv_x',
    organizationId,
    ownerId,
    customerName: 'c',
    customerEmail: 'c@example.com',
    amountCents: 1,
    currency: 'EUR',
    status,
    dueDate: '2030-01-01',
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-01T00:00:00.000Z',
  };
}

const reason = (d: { allow: boolean; reason?: string }) => (d.allow ? 'ALLOW' : d.reason);

describe('invoicePolicy', () => {
  it('checks tenant equality first: another tenant is TENANT_MISMATCH whatever else holds', () => {
    const owner = userPrincipal('owner', 'org_B');
    expect(reason(invoicePolicy(owner, 'read', invoice(owner.id, 'org_A')))).toBe(
      'TENANT_MISMATCH',
    );
    expect(reason(invoicePolicy(owner, 'update', invoice(owner.id, 'org_A', 'paid')))).toBe(
      'TENANT_MISMATCH',
    );
  });

  it.each([
    ['owner', 'ALLOW'],
    ['admin', 'ALLOW'],
    ['member', 'NOT_OWNER'],
    ['viewer', 'NOT_OWNER'],
  ])('%s reading a same-org invoice of someone else -> %s', (role, expected) => {
    expect(reason(invoicePolicy(userPrincipal(role), 'read', invoice('usr_other')))).toBe(expected);
  });

  it.each([
    ['member', 'read', 'ALLOW'],
    ['member', 'update', 'ALLOW'],
    ['member', 'delete', 'ALLOW'],
    ['viewer', 'read', 'ALLOW'],
    ['viewer', 'update', 'MISSING_PERMISSION'],
    ['viewer', 'delete', 'MISSING_PERMISSION'],
  ] as const)('%s %s on an own invoice -> %s', (role, action, expected) => {
    const p = userPrincipal(role);
    expect(reason(invoicePolicy(p, action, invoice(p.id)))).toBe(expected);
  });

  it.each(['paid', 'void'] as const)(
    'a %s invoice is immutable, even for the owner role',
    (status) => {
      const p = userPrincipal('owner');
      expect(reason(invoicePolicy(p, 'update', invoice(p.id, 'org_A', status)))).toBe('IMMUTABLE');
      expect(reason(invoicePolicy(p, 'delete', invoice(p.id, 'org_A', status)))).toBe('IMMUTABLE');
      expect(reason(invoicePolicy(p, 'read', invoice(p.id, 'org_A', status)))).toBe('ALLOW');
    },
  );

  it('create needs invoices:write; an unknown role has no rights and reaches only its own', () => {
    expect(reason(invoicePolicy(userPrincipal('member'), 'create', undefined))).toBe('ALLOW');
    expect(reason(invoicePolicy(userPrincipal('viewer'), 'create', undefined))).toBe(
      'MISSING_PERMISSION',
    );
    expect(reason(invoicePolicy(userPrincipal('root'), 'read', invoice('usr_other')))).toBe(
      'NOT_OWNER',
    );
    const root = userPrincipal('root');
    expect(reason(invoicePolicy(root, 'read', invoice(root.id)))).toBe('MISSING_PERMISSION');
    expect(reason(invoicePolicy(userPrincipal('owner'), 'update', undefined))).toBe('NO_RULE');
  });

  it('API-key scopes intersect the role: a read-only key of an admin cannot write', () => {
    const key = keyPrincipal('admin', ['invoices:read']);
    expect(reason(invoicePolicy(key, 'read', invoice('usr_other')))).toBe('ALLOW');
    expect(reason(invoicePolicy(key, 'update', invoice('usr_other')))).toBe('MISSING_PERMISSION');
    // A scope the creator's role lacks grants nothing.
    expect([...intersectScopes(rbac.permissionsOf('viewer'), ['invoices:write', 'x'])]).toEqual([]);
    expect([...keyPrincipal('admin', ['users:write', 'bogus']).permissions]).toEqual([
      'users:write',
    ]);
  });

  it('maps denials to 404 (cannot see) or 403 (may not change)', () => {
    const p = userPrincipal('member');
    const hidden = invoicePolicy(p, 'update', invoice('usr_other'));
    const immutable = invoicePolicy(p, 'update', invoice(p.id, 'org_A', 'void'));
    expect(denialError(hidden).status).toBe(404);
    expect(denialError(invoicePolicy(p, 'read', invoice(p.id, 'org_B'))).status).toBe(404);
    expect(denialError(immutable).status).toBe(403);
    expect(denialError(immutable).code).toBe('FORBIDDEN');
  });
});

describe('userPolicy (role hierarchy)', () => {
  const target = (role: string, organizationId = 'org_A') => ({
    id: `usr_${role}_target`,
    organizationId,
    role,
  });

  it.each([
    ['owner', 'admin', 'ALLOW'],
    ['owner', 'member', 'ALLOW'],
    ['owner', 'owner', 'ROLE_TOO_LOW'],
    ['admin', 'member', 'ALLOW'],
    ['admin', 'viewer', 'ALLOW'],
    ['admin', 'admin', 'ROLE_TOO_LOW'],
    ['admin', 'owner', 'ROLE_TOO_LOW'],
    ['member', 'viewer', 'MISSING_PERMISSION'],
    ['admin', 'superuser', 'NO_RULE'],
  ])('%s inviting a %s -> %s', (actor, role, expected) => {
    expect(reason(userPolicy(userPrincipal(actor), 'create', undefined, role))).toBe(expected);
  });

  it.each([
    ['admin', 'owner', 'delete', undefined, 'ROLE_TOO_LOW'],
    ['admin', 'admin', 'update', undefined, 'ROLE_TOO_LOW'],
    ['admin', 'member', 'update', 'admin', 'ROLE_TOO_LOW'],
    ['admin', 'member', 'update', 'viewer', 'ALLOW'],
    ['admin', 'member', 'delete', undefined, 'ALLOW'],
    ['owner', 'admin', 'update', 'member', 'ALLOW'],
    ['owner', 'member', 'update', 'owner', 'ROLE_TOO_LOW'],
    ['owner', 'owner', 'delete', undefined, 'ROLE_TOO_LOW'],
    ['admin', 'owner', 'read', undefined, 'ALLOW'],
  ] as const)('%s -> %s target: %s (role %s) -> %s', (actor, role, action, newRole, expected) => {
    expect(reason(userPolicy(userPrincipal(actor), action, target(role), newRole))).toBe(expected);
  });

  it('another tenant first; no self role change or self deletion; no API keys', () => {
    const admin = userPrincipal('owner');
    expect(reason(userPolicy(admin, 'update', target('member', 'org_B'), 'viewer'))).toBe(
      'TENANT_MISMATCH',
    );
    const self = { id: admin.id, organizationId: 'org_A', role: 'owner' };
    expect(reason(userPolicy(admin, 'update', self, 'admin'))).toBe('SELF');
    expect(reason(userPolicy(admin, 'delete', self))).toBe('SELF');
    expect(reason(userPolicy(admin, 'update', self))).toBe('ALLOW');
    expect(
      reason(userPolicy(keyPrincipal('owner', ['users:read']), 'read', target('member'))),
    ).toBe('PRINCIPAL_KIND');
  });

  it('grantable roles are strictly below the actor', () => {
    expect(grantableRoles('owner')).toEqual(['admin', 'member', 'viewer']);
    expect(grantableRoles('admin')).toEqual(['member', 'viewer']);
    expect(grantableRoles('viewer')).toEqual([]);
    expect(reason(mayManageRole(rbac, 'nobody', 'viewer'))).toBe('NO_RULE');
  });
});

describe('tenantScope', () => {
  it('scopes members and viewers to their own objects, admins to the organization', () => {
    const member = userPrincipal('member');
    expect(tenantScope(member, invoiceReach(member.role)).ownerId).toBe(member.id);
    const admin = userPrincipal('admin');
    expect(tenantScope(admin, invoiceReach(admin.role)).ownerId).toBeUndefined();
    expect(invoiceReach('nobody')).toBe('own');
  });

  it('refuses a forged scope object even when cast into shape', () => {
    const forged = { organizationId: 'org_B', ownerId: undefined } as unknown as TenantScope;
    expect(isTenantScope(forged)).toBe(false);
    expect(() => assertTenantScope(forged)).toThrow(/TenantScope/);
    expect(() => tenantScope(userPrincipal('admin', ''), 'organization')).toThrow();
  });

  it('refuses copies of a real scope: spread, prototype clone, structuredClone', () => {
    const real = tenantScope(userPrincipal('admin'), 'organization');
    expect(isTenantScope(real)).toBe(true);
    expect(Object.isFrozen(real)).toBe(true);
    const copies: unknown[] = [
      { ...real, organizationId: 'org_B' },
      Object.assign(Object.create(Object.getPrototypeOf(real) as object) as object, real),
      Object.setPrototypeOf({ organizationId: 'org_B' }, Object.getPrototypeOf(real) as object),
      structuredClone({ ...real, principal: undefined }),
    ];
    for (const copy of copies) expect(isTenantScope(copy)).toBe(false);
  });

  it("cannot be minted through a real scope's constructor", () => {
    const real = tenantScope(userPrincipal('member'), 'own');
    const Ctor = (real as unknown as { constructor: new (...args: unknown[]) => unknown })
      .constructor;
    const victim = userPrincipal('owner', 'org_victim');
    expect(() => new Ctor(victim, undefined, victim.id)).toThrow(/tenantScope\(\)/);
    expect(() => new Ctor(Symbol('tenant-scope-mint'), victim, undefined, victim.id)).toThrow();
  });
});
