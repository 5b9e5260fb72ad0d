// The audited API as the auditor sees it: operations with their effective security, and
// "resources" (a collection path with POST and its `/{id}` item path) that BOLA, mass-assignment
// and clean-up work on. Built from the OpenAPI document only.
import { asArray, asObject, asString, deref, type JsonObject } from './json.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: JsonObject | undefined;
}

export interface Operation {
  method: string;
  /** Path template, e.g. `/v1/invoices/{id}`. */
  path: string;
  operationId: string | undefined;
  /** `security: []` (or no requirement anywhere) makes an operation public. */
  isPublic: boolean;
  parameters: Parameter[];
  requestSchema: JsonObject | undefined;
}

export interface Resource {
  collectionPath: string;
  itemPath: string;
  idParam: string;
  create: Operation;
  list: Operation | undefined;
  read: Operation | undefined;
  update: Operation | undefined;
  remove: Operation | undefined;
}

export interface ApiModel {
  doc: JsonObject;
  operations: Operation[];
  resources: Resource[];
}

export function buildModel(doc: JsonObject): ApiModel {
  const globalSecurity = asArray(doc.security);
  const operations: Operation[] = [];
  for (const [path, rawItem] of Object.entries(asObject(doc.paths) ?? {})) {
    const item = deref(doc, rawItem);
    if (!item) continue;
    const shared = parameters(doc, item.parameters);
    for (const method of METHODS) {
      const op = asObject(item[method]);
      if (!op) continue;
      const security = asArray(op.security) ?? globalSecurity;
      const own = parameters(doc, op.parameters);
      const merged = [
        ...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)),
        ...own,
      ];
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: asString(op.operationId),
        // An empty requirement object ({}) inside the list also means "anonymous allowed" (OAS 3.1 §4.8.30).
        isPublic:
          security === undefined ||
          security.length === 0 ||
          security.some((req) => Object.keys(asObject(req) ?? {}).length === 0),
        parameters: merged,
        requestSchema: jsonBodySchema(doc, op.requestBody),
      });
    }
  }
  return { doc, operations, resources: findResources(operations) };
}

function parameters(doc: JsonObject, value: unknown): Parameter[] {
  return (asArray(value) ?? []).flatMap((raw) => {
    const p = deref(doc, raw);
    const name = asString(p?.name);
    const location = asString(p?.in);
    if (!p || name === undefined || location === undefined) return [];
    return [{ name, in: location, required: p.required === true, schema: deref(doc, p.schema) }];
  });
}

function jsonBodySchema(doc: JsonObject, value: unknown): JsonObject | undefined {
  const content = asObject(deref(doc, value)?.content);
  if (!content) return undefined;
  const key = Object.keys(content).find((type) => /json/i.test(type));
  return key === undefined ? undefined : deref(doc, asObject(content[key])?.schema);
}

function findResources(operations: Operation[]): Resource[] {
  const resources: Resource[] = [];
  for (const create of operations) {
    if (create.method !== 'POST' || create.isPublic || create.requestSchema === undefined) continue;
    const itemOps = operations.filter(
      (op) =>
        op.path.startsWith(`${create.path}/{`) &&
        /^\/\{[^}/]+\}$/.test(op.path.slice(create.path.length)),
    );
    const first = itemOps[0];
    if (!first) continue;
    const find = (method: string): Operation | undefined =>
      itemOps.find((op) => op.method === method);
    resources.push({
      collectionPath: create.path,
      itemPath: first.path,
      idParam: first.path.slice(create.path.length + 2, -1),
      create,
      list: operations.find((op) => op.method === 'GET' && op.path === create.path),
      read: find('GET'),
      update: find('PATCH') ?? find('PUT'),
      remove: find('DELETE'),
    });
  }
  return resources;
}

/** Fills `{param}` placeholders; values are URL-encoded. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    encodeURIComponent(values[name] ?? 'rampart-audit-missing'),
  );
}
