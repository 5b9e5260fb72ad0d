import type { RouteDeclaration } from './route.js';

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

type Json = Record<string, unknown>;

const PROBLEM_SCHEMA: Json = {
  type: 'object',
  required: ['type', 'title', 'status', 'requestId'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (validation, malformed JSON, credential in query)',
  401: 'Missing or invalid credentials',
  403: 'Not allowed',
  404: 'Not found (also: exists but not visible to the caller)',
  405: 'Method not allowed',
  413: 'Body too large',
  415: 'Body is not application/json',
  429: 'Rate limited',
  500: 'Unexpected error',
  503: 'Temporarily unavailable',
};

/** Plain JSON copy of a TypeBox schema (drops its symbol keys). */
function plain(schema: unknown): Json {
  return JSON.parse(JSON.stringify(schema)) as Json;
}

function parameters(schema: unknown, location: 'path' | 'query' | 'header'): Json[] {
  const s = plain(schema);
  const properties = (s.properties ?? {}) as Record<string, Json>;
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries(properties).map(([name, prop]) => {
    const param: Json = {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      schema: prop,
    };
    if (typeof prop.description === 'string') param.description = prop.description;
    return param;
  });
}

function operation(route: RouteDeclaration): Json {
  const op: Json = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [...route.tags],
  };
  op.parameters = [
    ...parameters(route.input.params, 'path'),
    ...parameters(route.input.query, 'query'),
    ...parameters(route.input.headers, 'header'),
  ];
  const body = plain(route.input.body);
  if (Object.keys(body.properties ?? {}).length > 0) {
    op.requestBody = { required: true, content: { 'application/json': { schema: body } } };
  }
  const responses: Json = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    responses[status] =
      schema === null
        ? { description: 'No content' }
        : {
            description: 'Success',
            content: { [route.contentType ?? 'application/json']: { schema: plain(schema) } },
          };
  }
  const errors =
    route.auth === 'public'
      ? [400, 405, 413, 415, 429, 500]
      : [400, 401, 403, 404, 405, 413, 415, 429, 500];
  if (route.rateLimit === 'exempt') errors.splice(errors.indexOf(429), 1);
  for (const status of errors) {
    responses[String(status)] ??= { $ref: `#/components/responses/Problem${status}` };
  }
  op.responses = responses;
  if (route.auth === 'public') op.security = [];
  else {
    const schemes: Json[] = [{ bearerAuth: [] }];
    if (route.auth.principals.includes('apiKey')) schemes.push({ apiKeyHeader: [] });
    op.security = schemes;
  }
  op['x-rampart-permission'] = route.permission;
  op['x-rampart-rate-limit'] = route.rateLimit;
  return op;
}

/** OpenAPI 3.1 from the same declarations that validate and serialize: it cannot drift. */
export function buildOpenApi(
  routes: readonly RouteDeclaration[],
  info: OpenApiInfo,
  serverUrl: string,
): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  const responses: Json = {};
  for (const [status, description] of Object.entries(ERROR_DESCRIPTIONS)) {
    responses[`Problem${status}`] = {
      description,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return {
    openapi: '3.1.0',
    info: { ...info },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      responses,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Access token (JWT) or an API key',
        },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
  };
}
