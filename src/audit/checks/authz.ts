// AUTHZ-1..3: objects created by user A through the API are read, changed, listed and deleted by
// user B of another tenant (BOLA) and changed/deleted by the lower-privileged user (BFLA);
// privileged-looking reads are tried by the lower-privileged user too. Every destructive request
// targets an object this audit created.
import type { Check } from '../check.js';
import type { CheckContext, Principal } from '../context.js';
import { is2xx, type Exchange } from '../http/client.js';
import { asObject, listItems } from '../openapi/json.js';
import { fillPath, type Resource } from '../openapi/model.js';
import { sampleValue } from '../openapi/sample.js';

/** Paths that usually hold administrative functions; a lower-privileged user should not read them. */
const PRIVILEGED_PATH =
  /\/(users|members|admin|api-keys|apikeys|keys|security-events|audit-logs?|roles|settings|billing|organizations?)(\/|$)/i;
const MAX_RESOURCES = 3;

export const authzCheck: Check = {
  id: 'authz',
  title: 'Object- and function-level authorization (BOLA, BFLA)',
  section: 'Authorization',
  items: ['AUTHZ-1', 'AUTHZ-2', 'AUTHZ-3'],
  async run(ctx: CheckContext) {
    if (!ctx.api) ctx.skip('needs the OpenAPI document');
    const userA = ctx.userA;
    if (!userA) ctx.skip('needs user A (--token/--login)');
    if (!ctx.userB && !ctx.userLow)
      ctx.skip(
        'needs user B of another tenant (--token-b/--login-b) or a lower-privileged user (--token-low/--login-low)',
      );
    if (ctx.api.resources.length === 0)
      ctx.note(
        'no creatable resource (POST collection with a /{id} item path) in the OpenAPI document',
      );
    for (const resource of ctx.api.resources.slice(0, MAX_RESOURCES)) {
      if (ctx.userB) await crossTenant(ctx, resource, userA, ctx.userB);
      if (ctx.userLow) await lowerPrivilege(ctx, resource, userA, ctx.userLow);
    }
    if (ctx.userLow) await privilegedReads(ctx, userA, ctx.userLow);
  },
};

async function crossTenant(
  ctx: CheckContext,
  resource: Resource,
  owner: Principal,
  other: Principal,
): Promise<void> {
  const { id, exchange: created } = await ctx.objects.create(resource, owner);
  if (id === undefined) {
    ctx.note(
      `could not create ${resource.collectionPath} as user A (HTTP ${created.status}); BOLA not tested there`,
    );
    return;
  }
  const itemPath = fillPath(resource.itemPath, { [resource.idParam]: id });
  const bola = (verb: string, exchange: Exchange): void =>
    ctx.report('AUTHZ-1', {
      detail: `User B (another tenant) could ${verb} an object of user A: ${exchange.method} answered ${exchange.status}.`,
      evidence: [created, exchange],
      location: `${exchange.method} ${resource.itemPath}`,
    });

  if (resource.read) {
    const own = await ctx.send({ method: 'GET', path: itemPath, as: owner });
    if (!is2xx(own))
      ctx.note(
        `user A cannot read its own ${resource.itemPath} (HTTP ${own.status}); BOLA read results may be meaningless`,
      );
    const read = await ctx.send({ method: 'GET', path: itemPath, as: other });
    if (is2xx(read)) bola('read', read);
    else if (read.status === 403)
      ctx.report('AUTHZ-3', {
        detail: `Another tenant's object answered 403, confirming that the id exists.`,
        evidence: [read],
        location: `GET ${resource.itemPath}`,
      });
  }
  if (resource.list) {
    const list = await ctx.send({ method: 'GET', path: resource.collectionPath, as: other });
    if (is2xx(list) && JSON.stringify(listItems(list.json) ?? []).includes(id)) {
      ctx.report('AUTHZ-1', {
        detail: `User B's list of ${resource.collectionPath} contains the object ${id} of user A.`,
        evidence: [list],
        location: `GET ${resource.collectionPath}`,
      });
    }
  }
  if (resource.update) {
    const body = sampleValue(ctx.api?.doc ?? {}, resource.update.requestSchema);
    const update = await ctx.send({
      method: resource.update.method,
      path: itemPath,
      json: asObject(body) ?? {},
      as: other,
    });
    if (is2xx(update)) bola('change', update);
  }
  if (resource.remove) {
    const remove = await ctx.send({ method: 'DELETE', path: itemPath, as: other });
    if (is2xx(remove)) {
      bola('delete', remove);
      ctx.objects.markDeleted(id);
    }
  }
}

async function lowerPrivilege(
  ctx: CheckContext,
  resource: Resource,
  owner: Principal,
  low: Principal,
): Promise<void> {
  if (!resource.update && !resource.remove) return;
  const { id, exchange: created } = await ctx.objects.create(resource, owner);
  if (id === undefined) return;
  const itemPath = fillPath(resource.itemPath, { [resource.idParam]: id });
  const attempts: Exchange[] = [];
  if (resource.update) {
    const body = sampleValue(ctx.api?.doc ?? {}, resource.update.requestSchema);
    attempts.push(
      await ctx.send({
        method: resource.update.method,
        path: itemPath,
        json: asObject(body) ?? {},
        as: low,
      }),
    );
  }
  if (resource.remove) attempts.push(await ctx.send({ method: 'DELETE', path: itemPath, as: low }));
  for (const exchange of attempts.filter(is2xx)) {
    if (exchange.method === 'DELETE') ctx.objects.markDeleted(id);
    ctx.report('AUTHZ-2', {
      detail: `The lower-privileged user could ${exchange.method === 'DELETE' ? 'delete' : 'change'} an object created by user A (HTTP ${exchange.status}).`,
      evidence: [created, exchange],
      location: `${exchange.method} ${resource.itemPath}`,
    });
  }
}

async function privilegedReads(ctx: CheckContext, owner: Principal, low: Principal): Promise<void> {
  const reads = (ctx.api?.operations ?? []).filter(
    (op) =>
      op.method === 'GET' &&
      !op.isPublic &&
      !op.path.includes('{') &&
      PRIVILEGED_PATH.test(op.path),
  );
  for (const op of reads.slice(0, 5)) {
    const asOwner = await ctx.send({ method: 'GET', path: op.path, as: owner });
    // Only a function user A may use and the low user may not is a real privilege boundary.
    if (!is2xx(asOwner)) continue;
    const asLow = await ctx.send({ method: 'GET', path: op.path, as: low });
    if (is2xx(asLow)) {
      ctx.report('AUTHZ-2', {
        detail: `The lower-privileged user could use the administrative read GET ${op.path} (HTTP ${asLow.status}).`,
        evidence: [asLow],
        location: `GET ${op.path}`,
      });
    }
  }
}
