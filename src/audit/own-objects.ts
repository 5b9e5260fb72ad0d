// Objects the audit created. Destructive requests (PATCH, PUT, DELETE) only ever target these,
// and every one still alive at the end is deleted again. One request of the budget is reserved
// per object at creation time, so clean-up can always run even when the budget is spent.
import { asObject } from './openapi/json.js';
import { fillPath, type Resource } from './openapi/model.js';
import { sampleValue, type EnumPick } from './openapi/sample.js';
import { header, is2xx, type Exchange } from './http/client.js';
import type { Principal, SendSpec } from './context.js';
import type { RequestBudget } from './http/pacer.js';

interface Created {
  resource: Resource;
  id: string;
  owner: Principal;
  deleted: boolean;
}

export class OwnObjects {
  private readonly created: Created[] = [];
  private readonly shared = new Map<string, string>();
  /** Per collection, the enum choice that the server accepted for a plain create. */
  private readonly picks = new Map<string, EnumPick>();
  readonly leftovers: string[] = [];

  constructor(
    private readonly send: (spec: SendSpec) => Promise<Exchange>,
    private readonly budget: RequestBudget,
    private readonly doc: Record<string, unknown>,
  ) {}

  /** A valid body for the create operation, from its schema. */
  body(
    resource: Resource,
    extra: Record<string, unknown> = {},
    pick = this.picks.get(resource.collectionPath) ?? 'first',
  ): Record<string, unknown> {
    const base = asObject(sampleValue(this.doc, resource.create.requestSchema, '', 0, pick)) ?? {};
    return { ...base, ...extra };
  }

  /** POSTs a new object; a 2xx answer registers it for clean-up whoever sent it. */
  async create(
    resource: Resource,
    as: Principal | 'anonymous',
    extra: Record<string, unknown> = {},
    cleanupAs?: Principal,
  ): Promise<{ exchange: Exchange; id: string | undefined }> {
    // Reserve the DELETE before the POST goes out, so the object can always be removed again.
    this.budget.reserve();
    let exchange: Exchange;
    try {
      exchange = await this.send({
        method: 'POST',
        path: resource.collectionPath,
        json: this.body(resource, extra),
        as,
      });
      // A plain create refused on policy or validation grounds gets one more try with the last
      // enum members (e.g. role "viewer" instead of "owner"); the working choice is remembered.
      const refused = [400, 403, 422].includes(exchange.status);
      if (Object.keys(extra).length === 0 && refused && !this.picks.has(resource.collectionPath)) {
        const retry = await this.send({
          method: 'POST',
          path: resource.collectionPath,
          json: this.body(resource, extra, 'last'),
          as,
        });
        this.picks.set(resource.collectionPath, is2xx(retry) ? 'last' : 'first');
        if (is2xx(retry)) exchange = retry;
      }
    } catch (error) {
      this.budget.release();
      throw error;
    }
    const id = is2xx(exchange) ? idOf(exchange) : undefined;
    const owner = as === 'anonymous' ? cleanupAs : as;
    if (id !== undefined && owner !== undefined)
      this.created.push({ resource, id, owner, deleted: false });
    else this.budget.release();
    return { exchange, id };
  }

  /**
   * Registers an object created by a request that should have been refused (e.g. an
   * unauthenticated POST). Its DELETE is reserved now, which may overdraw the budget by one.
   */
  track(resource: Resource, id: string, owner: Principal): void {
    this.budget.reserve();
    this.created.push({ resource, id, owner, deleted: false });
  }

  /** One long-lived object per resource, owned by user A, shared by the checks that only read it. */
  async ensure(resource: Resource, owner: Principal): Promise<string | undefined> {
    const known = this.shared.get(resource.collectionPath);
    if (known !== undefined && this.isAlive(known)) return known;
    const { id } = await this.create(resource, owner);
    if (id !== undefined) this.shared.set(resource.collectionPath, id);
    return id;
  }

  isOwn(id: string): boolean {
    return this.created.some((c) => c.id === id);
  }

  isAlive(id: string): boolean {
    return this.created.some((c) => c.id === id && !c.deleted);
  }

  markDeleted(id: string): void {
    for (const c of this.created)
      if (c.id === id && !c.deleted) {
        c.deleted = true;
        this.budget.release();
      }
  }

  /** Deletes what is left, with the reserved budget; anything that cannot be deleted is reported. */
  async cleanup(): Promise<void> {
    for (const c of this.created) {
      if (c.deleted) continue;
      c.deleted = true;
      if (!c.resource.remove) {
        this.leftovers.push(`${c.resource.itemPath} id=${c.id} (no DELETE operation)`);
        this.budget.release();
        continue;
      }
      this.budget.release();
      try {
        const exchange = await this.send({
          method: 'DELETE',
          path: fillPath(c.resource.itemPath, { [c.resource.idParam]: c.id }),
          as: c.owner,
        });
        // Nothing of ours deletes without markDeleted(), so even a 404 means the object was lost
        // to us (e.g. moved to another tenant by an accepted mass-assignment field), not gone.
        if (!is2xx(exchange))
          this.leftovers.push(
            `${c.resource.itemPath} id=${c.id} (DELETE answered ${exchange.status})`,
          );
      } catch (error) {
        this.leftovers.push(
          `${c.resource.itemPath} id=${c.id} (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    }
  }
}

/**
 * The id of a created object: `id` in the body, else `id` of the first nested object that has
 * one (`{ user: { id }, invitation: {…} }`, `{ data: { id } }`), else the last segment of `Location`.
 */
export function idOf(exchange: Exchange): string | undefined {
  const body = asObject(exchange.json);
  const candidates = [body, ...Object.values(body ?? {}).map(asObject)];
  for (const candidate of candidates) {
    const id = candidate?.id;
    if (typeof id === 'string' && id !== '') return id;
    if (typeof id === 'number') return String(id);
  }
  const location = header(exchange, 'location');
  return location?.split('/').filter(Boolean).pop();
}
