// MASS-1: privileged fields the request schema does not allow are sent on create and update of
// audit-owned objects. API.md wants them rejected (400); accepted is a finding, applied is worse.
import { isDeepStrictEqual } from 'node:util';
import type { Check } from '../check.js';
import type { CheckContext, Principal } from '../context.js';
import { is2xx } from '../http/client.js';
import { asObject } from '../openapi/json.js';
import { fillPath, type Resource } from '../openapi/model.js';
import { propertyNames } from '../openapi/sample.js';

/** Made-up values: an applied field must never move a real object into a real tenant. */
const PRIVILEGED_FIELDS: Record<string, unknown> = {
  role: 'owner',
  isAdmin: true,
  organizationId: 'org_rampartaudit00000000000000',
  ownerId: 'usr_rampartaudit00000000000000',
  id: 'rampart-audit-forged-id',
  tenantId: 'rampart-audit-tenant',
  permissions: ['*'],
};

export const massAssignmentCheck: Check = {
  id: 'mass-assignment',
  title: 'Mass assignment of privileged fields',
  section: 'Authorization',
  items: ['MASS-1'],
  async run(ctx: CheckContext) {
    if (!ctx.api) ctx.skip('needs the OpenAPI document');
    if (!ctx.userA) ctx.skip('needs user A (--token/--login)');
    if (ctx.api.resources.length === 0) ctx.skip('no creatable resource in the OpenAPI document');
    for (const resource of ctx.api.resources.slice(0, 3))
      await probeResource(ctx, resource, ctx.userA);
  },
};

async function probeResource(
  ctx: CheckContext,
  resource: Resource,
  user: Principal,
): Promise<void> {
  const allowed = propertyNames(ctx.api?.doc ?? {}, resource.create.requestSchema);
  const extras = Object.entries(PRIVILEGED_FIELDS).filter(([name]) => !allowed.has(name));
  const { id: baseId, exchange: baseExchange } = await ctx.objects.create(resource, user);
  if (baseId === undefined) {
    ctx.note(
      `a valid create of ${resource.collectionPath} failed (HTTP ${baseExchange.status}); mass assignment not tested there`,
    );
    return;
  }
  for (const [name, value] of extras) {
    const { exchange } = await ctx.objects.create(resource, user, { [name]: value });
    if (exchange.status >= 500) {
      ctx.report('MASS-1', {
        detail: `Adding "${name}" to a valid create body caused HTTP ${exchange.status}: the field reached deeper layers unvalidated.`,
        evidence: [exchange],
        location: `POST ${resource.collectionPath} ${name}`,
        severity: 'medium',
      });
    } else if (is2xx(exchange)) {
      const applied = isDeepStrictEqual(asObject(exchange.json)?.[name], value);
      ctx.report('MASS-1', {
        detail: applied
          ? `The extra field "${name}" was accepted and applied (the response shows the forged value).`
          : `The extra field "${name}" was accepted (HTTP ${exchange.status}) instead of rejected with 400.`,
        evidence: [exchange],
        location: `POST ${resource.collectionPath} ${name}`,
        severity: applied ? 'high' : 'medium',
      });
    }
  }
  if (!resource.update) return;
  const updateAllowed = propertyNames(ctx.api?.doc ?? {}, resource.update.requestSchema);
  const updateExtras = Object.fromEntries(
    extras.filter(([name]) => !updateAllowed.has(name) && name !== 'id'),
  );
  const update = await ctx.send({
    method: resource.update.method,
    path: fillPath(resource.itemPath, { [resource.idParam]: baseId }),
    json: updateExtras,
    as: user,
  });
  if (is2xx(update)) {
    const body = asObject(update.json);
    const applied = Object.keys(updateExtras).filter((name) =>
      isDeepStrictEqual(body?.[name], updateExtras[name]),
    );
    ctx.report('MASS-1', {
      detail:
        applied.length > 0
          ? `${resource.update.method} applied privileged fields: ${applied.join(', ')}.`
          : `${resource.update.method} with only privileged fields (${Object.keys(updateExtras).join(', ')}) was accepted instead of rejected with 400.`,
      evidence: [update],
      location: `${resource.update.method} ${resource.itemPath}`,
      severity: applied.length > 0 ? 'high' : 'medium',
    });
  }
}
