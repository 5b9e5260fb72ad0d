import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as invoicesModule from '../../src/app/db/repositories/invoices.js';
import * as securityEventsModule from '../../src/app/db/repositories/security-events.js';
import * as usersAdminModule from '../../src/app/db/repositories/users-admin.js';
import { tenantScope, type TenantScope } from '../../src/kit/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { principalOf } from './fixtures.js';

/**
 * Proves that tenant data cannot be read unscoped: the repository modules export only
 * factories, every method of what they build takes a TenantScope first (type-level, and
 * at run time a forged scope is refused before any query), and no other app file names
 * the invoice table.
 */
describe('scoped data access', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const modules = {
    invoices: invoicesModule,
    'users-admin': usersAdminModule,
    'security-events': securityEventsModule,
  };

  it('repository modules export no query function, only factories (and error classes)', () => {
    for (const [name, module] of Object.entries(modules)) {
      const functions = Object.entries(module).filter(([, v]) => typeof v === 'function');
      for (const [exported] of functions)
        expect(exported, `${name} exports ${exported}`).toMatch(/^create\w+Repository$|Error$/);
    }
  });

  it('every repository method refuses a forged scope before touching the database', async () => {
    const forged = {
      organizationId: 'org_x',
      ownerId: undefined,
      actorId: 'usr_x',
    } as unknown as TenantScope;
    const repositories = {
      invoices: invoicesModule.createInvoiceRepository(t.context.database),
      users: usersAdminModule.createUsersAdminRepository(t.context.database),
      events: securityEventsModule.createSecurityEventsRepository(t.context.database),
    };
    let methods = 0;
    for (const [name, repository] of Object.entries(repositories)) {
      for (const [method, fn] of Object.entries(repository as unknown as Record<string, unknown>)) {
        expect(typeof fn).toBe('function');
        const call = (fn as (...args: unknown[]) => Promise<unknown>)(
          forged,
          'inv_x',
          { limit: 1 },
          {},
        );
        await expect(call, `${name}.${method}`).rejects.toThrow(/TenantScope/);
        methods++;
      }
    }
    expect(methods).toBeGreaterThanOrEqual(13);
  });

  it('does not type-check with a plain object where a scope is required', async () => {
    const invoices = invoicesModule.createInvoiceRepository(t.context.database);
    // @ts-expect-error -- a TenantScope is only obtainable from tenantScope(principal)
    await expect(invoices.findById({ organizationId: 'org_x' }, 'inv_x')).rejects.toThrow();
    const scope = tenantScope(principalOf('usr_a', 'org_A', 'member'), 'own');
    expect(await invoices.findById(scope, 'inv_x')).toBeUndefined();
  });

  it('no app file outside the invoice repository names the invoices table', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts') && !path.endsWith(join('repositories', 'invoices.ts'))) {
          const text = readFileSync(path, 'utf8');
          if (/(selectFrom|updateTable|deleteFrom|insertInto)\(\s*['"]invoices['"]/.test(text))
            offenders.push(path);
        }
      }
    };
    walk(join(import.meta.dirname, '../../src/app'));
    expect(offenders).toEqual([]);
  });
});
