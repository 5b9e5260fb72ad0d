// Narrowing helpers for untrusted JSON (OpenAPI documents, response bodies). No `any`:
// every read goes through one of these and yields `undefined` when the shape is wrong.

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? (value as unknown[]) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Follows an internal JSON pointer (`#/components/schemas/X`); external refs are not fetched. */
export function resolvePointer(doc: JsonObject, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = asObject(node)?.[key];
    if (node === undefined) return undefined;
  }
  return node;
}

/** Resolves `$ref` chains (bounded, so a self-referencing document cannot loop forever). */
export function deref(doc: JsonObject, value: unknown): JsonObject | undefined {
  let node = asObject(value);
  for (let hops = 0; node !== undefined && typeof node.$ref === 'string' && hops < 20; hops += 1) {
    node = asObject(resolvePointer(doc, node.$ref));
  }
  return node;
}

/** The list of items in a collection response: a top-level array or the first array property (`data`, `items`…). */
export function listItems(body: unknown): unknown[] | undefined {
  const direct = asArray(body);
  if (direct) return direct;
  const object = asObject(body);
  if (!object) return undefined;
  for (const key of ['data', 'items', 'results', 'records']) {
    const found = asArray(object[key]);
    if (found) return found;
  }
  return Object.values(object)
    .map(asArray)
    .find((value) => value !== undefined);
}
