// Valid request bodies generated from JSON Schema, so the auditor can create objects of any API
// it is pointed at. Prefers the document's own examples and defaults; otherwise picks the most
// ordinary value that satisfies the constraints. Also builds the wrong-type twin of a body.
import { randomUUID } from 'node:crypto';
import { asArray, asNumber, asObject, asString, deref, type JsonObject } from './json.js';

let counter = 0;

/**
 * Which enum member to take. The first is the usual choice; the last is the fallback when a
 * server refuses the first for policy reasons (roles are often listed most-privileged first).
 */
export type EnumPick = 'first' | 'last';

export function sampleValue(
  doc: JsonObject,
  schemaRef: unknown,
  name = '',
  depth = 0,
  pick: EnumPick = 'first',
): unknown {
  const schema = deref(doc, schemaRef);
  if (!schema || depth > 8) return null;
  if ('const' in schema) return schema.const;
  const examples = asArray(schema.examples);
  if (examples && examples.length > 0) return examples[0];
  if ('example' in schema) return schema.example;
  if ('default' in schema) return schema.default;
  const choices = asArray(schema.enum);
  if (choices && choices.length > 0)
    return pick === 'first' ? choices[0] : choices[choices.length - 1];
  const allOf = asArray(schema.allOf);
  if (allOf) return sampleValue(doc, mergeAllOf(doc, allOf), name, depth + 1, pick);
  const alternative = asArray(schema.oneOf)?.[0] ?? asArray(schema.anyOf)?.[0];
  if (alternative !== undefined) return sampleValue(doc, alternative, name, depth + 1, pick);
  switch (schemaType(schema)) {
    case 'object':
      return sampleObject(doc, schema, depth, pick);
    case 'array': {
      const size = Math.max(1, asNumber(schema.minItems) ?? 1);
      return Array.from({ length: size }, () =>
        sampleValue(doc, schema.items, name, depth + 1, pick),
      );
    }
    case 'integer':
      return Math.round(sampleNumber(schema, 1000));
    case 'number':
      return sampleNumber(schema, 1000);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return sampleString(schema, name);
  }
}

function sampleObject(
  doc: JsonObject,
  schema: JsonObject,
  depth: number,
  pick: EnumPick,
): JsonObject {
  const out: JsonObject = {};
  for (const [key, raw] of Object.entries(asObject(schema.properties) ?? {})) {
    const prop = deref(doc, raw);
    // readOnly properties are server-assigned; sending them would be a mass-assignment attempt.
    if (prop?.readOnly === true) continue;
    out[key] = sampleValue(doc, prop, key, depth + 1, pick);
  }
  return out;
}

export function schemaType(schema: JsonObject): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  const list = asArray(type)?.filter((t) => t !== 'null');
  if (list?.[0] !== undefined) return asString(list[0]);
  if (schema.properties !== undefined) return 'object';
  return undefined;
}

function mergeAllOf(doc: JsonObject, parts: unknown[]): JsonObject {
  const merged: JsonObject = { type: 'object', properties: {}, required: [] };
  for (const part of parts) {
    const schema = deref(doc, part);
    if (!schema) continue;
    Object.assign(merged.properties as JsonObject, asObject(schema.properties) ?? {});
    (merged.required as unknown[]).push(...(asArray(schema.required) ?? []));
  }
  return merged;
}

function sampleNumber(schema: JsonObject, preferred: number): number {
  let low = asNumber(schema.minimum) ?? -Infinity;
  let high = asNumber(schema.maximum) ?? Infinity;
  const exclusiveLow = asNumber(schema.exclusiveMinimum);
  const exclusiveHigh = asNumber(schema.exclusiveMaximum);
  if (exclusiveLow !== undefined) low = Math.max(low, exclusiveLow + 1);
  if (exclusiveHigh !== undefined) high = Math.min(high, exclusiveHigh - 1);
  return Math.min(Math.max(preferred, low), high);
}

function sampleString(schema: JsonObject, name: string): string {
  const min = asNumber(schema.minLength) ?? 0;
  const max = asNumber(schema.maxLength) ?? 200;
  counter += 1;
  switch (asString(schema.format)) {
    case 'email':
      return `rampart-audit-${Date.now().toString(36)}${counter}@example.com`;
    case 'date':
      return '2030-01-31';
    case 'date-time':
      return '2030-01-31T12:00:00Z';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'uuid':
      return randomUUID();
    default:
      break;
  }
  const pattern = asString(schema.pattern);
  const candidates = [
    ...(/currency/i.test(name) ? ['EUR', 'USD'] : []),
    'Rampart Audit',
    'rampart-audit',
    'EUR',
    'abc',
    'ABC',
    'a',
    '1',
    'A1',
    '2030-01-31',
    'aaaaaaaaaaaaaaaa',
    '0000000000000000',
  ];
  const fits = (value: string): boolean =>
    value.length >= min &&
    value.length <= max &&
    (pattern === undefined || safeTest(pattern, value));
  const found = candidates.find(fits);
  if (found !== undefined) return found;
  return 'rampart-audit'.padEnd(min, 'x').slice(0, Math.max(min, Math.min(max, 13)));
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return false;
  }
}

/** A body of the right shape whose every property has the wrong JSON type. */
export function wrongTypes(doc: JsonObject, schemaRef: unknown): JsonObject {
  const schema = deref(doc, schemaRef);
  const out: JsonObject = {};
  for (const [key, raw] of Object.entries(asObject(schema?.properties) ?? {})) {
    const prop = deref(doc, raw);
    const type = prop ? schemaType(prop) : undefined;
    out[key] =
      type === 'string' || type === undefined
        ? 12345
        : type === 'object'
          ? 7
          : type === 'array'
            ? 'not-an-array'
            : 'not-a-number';
  }
  return out;
}

/** Property names the request schema accepts at the top level. */
export function propertyNames(doc: JsonObject, schemaRef: unknown): Set<string> {
  return new Set(Object.keys(asObject(deref(doc, schemaRef)?.properties) ?? {}));
}

/** A JSON scalar as query or path text; objects and absent values fall back. */
export function scalarText(value: unknown, fallback: string): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : fallback;
}
