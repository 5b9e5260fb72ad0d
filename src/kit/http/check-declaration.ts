import type { RouteDeclaration } from './route.js';

/** Thrown at startup when a route is declared without one of its required parts. */
export class RouteDeclarationError extends Error {
  override readonly name = 'RouteDeclarationError';
  readonly code = 'ROUTE_DECLARATION_INVALID';
}

type SchemaNode = Record<string, unknown>;

/**
 * Refuses a route that lacks auth, permission, any input part, a response schema or a
 * rate-limit class, and input schemas that leave strings or arrays unbounded or objects
 * open. The message names the route and the missing part.
 */
export function checkDeclaration(route: RouteDeclaration): void {
  // Declarations may come from plain JS: read the fields defensively.
  const loose = route as unknown as Record<string, unknown>;
  const name = `${String(loose.method)} ${String(loose.url)}`;
  const fail = (part: string): never => {
    throw new RouteDeclarationError(`route ${name}: ${part}`);
  };
  const partial = route as Partial<RouteDeclaration>;
  if (typeof partial.operationId !== 'string' || partial.operationId === '')
    fail('missing operationId');
  if (typeof partial.summary !== 'string' || partial.summary === '') fail('missing summary');
  if (partial.auth === undefined) fail("missing auth ('public' or { principals: [...] })");
  if (
    partial.auth !== 'public' &&
    (typeof partial.auth !== 'object' || partial.auth.principals.length === 0)
  ) {
    fail('auth.principals must name at least one principal kind');
  }
  if (partial.permission === undefined || partial.permission === '') fail('missing permission');
  if ((partial.auth === 'public') !== (partial.permission === 'public')) {
    fail("permission 'public' goes with auth 'public' and only with it");
  }
  if (partial.rateLimit === undefined) fail('missing rateLimit class');
  if (partial.rateLimit === 'exempt' && partial.auth !== 'public')
    fail("rateLimit 'exempt' is only for public probes");
  if (partial.handler === undefined) fail('missing handler');
  const input = partial.input as Partial<RouteDeclaration['input']> | undefined;
  if (input === undefined) fail('missing input schemas (params, query, body, headers)');
  for (const part of ['params', 'query', 'body', 'headers'] as const) {
    const schema = input?.[part] as unknown;
    if (schema === undefined || schema === null || typeof schema !== 'object')
      fail(`missing input.${part} schema (use NoInput/NoHeaders)`);
    walk(schema as SchemaNode, `input.${part}`, part !== 'headers', fail);
  }
  // The URL's `:params` and the params schema must name the same fields.
  const urlParams = [...String(loose.url).matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]).sort();
  const schemaParams = Object.keys(
    (input?.params as { properties?: Record<string, unknown> } | undefined)?.properties ?? {},
  ).sort();
  if (urlParams.join(',') !== schemaParams.join(',')) {
    fail(
      `input.params must declare exactly the URL parameters (${urlParams.join(', ') || 'none'})`,
    );
  }
  const responses = partial.responses;
  if (responses === undefined || Object.keys(responses).length === 0)
    fail('missing response schemas');
  if (!Object.keys(responses ?? {}).some((status) => /^2\d\d$/.test(status)))
    fail('missing a 2xx response schema');
}

function walk(
  node: SchemaNode,
  at: string,
  closedObjects: boolean,
  fail: (part: string) => never,
): void {
  const type = node.type;
  if (
    type === 'string' &&
    node.maxLength === undefined &&
    node.enum === undefined &&
    node.const === undefined
  ) {
    fail(`${at}: string without maxLength`);
  }
  if (type === 'array' && node.maxItems === undefined) fail(`${at}: array without maxItems`);
  if (type === 'object' && closedObjects && node.additionalProperties !== false) {
    fail(`${at}: object must set additionalProperties: false so unknown fields are rejected`);
  }
  const properties = node.properties as Record<string, SchemaNode> | undefined;
  for (const [key, child] of Object.entries(properties ?? {}))
    walk(child, `${at}.${key}`, closedObjects, fail);
  if (node.items !== undefined && typeof node.items === 'object')
    walk(node.items as SchemaNode, `${at}[]`, closedObjects, fail);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = node[key] as SchemaNode[] | undefined;
    list?.forEach((child, i) => walk(child, `${at}.${key}[${i}]`, closedObjects, fail));
  }
}
