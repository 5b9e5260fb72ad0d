// Turning an OpenAPI operation into a concrete request: path parameters filled with the id of an
// object the audit owns where possible (so destructive methods only ever touch audit objects),
// required query parameters and a valid body sampled from the schema.
import type { CheckContext } from '../context.js';
import { fillPath, type Operation, type Resource } from '../openapi/model.js';
import { sampleValue, scalarText } from '../openapi/sample.js';

export const DESTRUCTIVE = new Set(['DELETE', 'PATCH', 'PUT']);

export interface Target {
  path: string;
  body: unknown;
  /** Every path parameter points at an object this audit created. */
  ownObject: boolean;
  resource: Resource | undefined;
  id: string | undefined;
}

export async function targetFor(ctx: CheckContext, op: Operation): Promise<Target> {
  const doc = ctx.api?.doc ?? {};
  const resource = ctx.api?.resources.find(
    (r) => op.path === r.itemPath || op.path.startsWith(`${r.itemPath}/`),
  );
  const values: Record<string, string> = {};
  let id: string | undefined;
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  if (resource && ctx.userA) {
    id = await ctx.objects.ensure(resource, ctx.userA);
    if (id !== undefined) values[resource.idParam] = id;
  }
  for (const param of pathParams) {
    if (values[param.name] === undefined)
      values[param.name] = scalarText(sampleValue(doc, param.schema, param.name), 'rampart-audit');
  }
  const ownObject =
    pathParams.length > 0 &&
    id !== undefined &&
    pathParams.every((p) => p.name === resource?.idParam);
  const query = op.parameters
    .filter((p) => p.in === 'query' && p.required)
    .map(
      (p) =>
        `${encodeURIComponent(p.name)}=${encodeURIComponent(scalarText(sampleValue(doc, p.schema, p.name), '1'))}`,
    );
  const path = fillPath(op.path, values) + (query.length > 0 ? `?${query.join('&')}` : '');
  return {
    path,
    body: op.requestSchema === undefined ? undefined : sampleValue(doc, op.requestSchema),
    ownObject,
    resource,
    id,
  };
}

/** The operation as people read it, e.g. `DELETE /v1/invoices/{id}`. */
export function opName(op: Operation): string {
  return `${op.method} ${op.path}`;
}
