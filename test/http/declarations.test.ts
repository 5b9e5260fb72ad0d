import { describe, expect, it } from 'vitest';
import {
  NoHeaders,
  NoInput,
  RouteDeclarationError,
  Type,
  buildOpenApi,
  checkDeclaration,
  defineRoute,
  type RouteDeclaration,
} from '../../src/kit/index.js';
import { createKitServer } from '../helpers/kit-server.js';

const none = { params: NoInput, query: NoInput, body: NoInput, headers: NoHeaders };
const valid = defineRoute({
  method: 'POST',
  url: '/v1/widgets/:id',
  operationId: 'updateWidget',
  summary: 'Update a widget',
  tags: ['widgets'],
  auth: { principals: ['user'] },
  permission: 'widgets:write',
  rateLimit: 'default',
  input: {
    ...none,
    params: Type.Object({ id: Type.String({ maxLength: 30 }) }, { additionalProperties: false }),
    body: Type.Object({ name: Type.String({ maxLength: 10 }) }, { additionalProperties: false }),
  },
  responses: { 200: Type.Object({ id: Type.String() }) },
  handler: (ctx) => ({ status: 200, body: { id: ctx.params.id } }),
});

function without(part: string): RouteDeclaration {
  const copy: Record<string, unknown> = { ...valid };
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the test removes one named part
  delete copy[part];
  return copy as unknown as RouteDeclaration;
}

describe('route declarations are refused at startup when incomplete', () => {
  it.each([
    ['auth', /POST \/v1\/widgets\/:id: missing auth/],
    ['permission', /POST \/v1\/widgets\/:id: missing permission/],
    ['rateLimit', /POST \/v1\/widgets\/:id: missing rateLimit/],
    ['input', /POST \/v1\/widgets\/:id: missing input schemas/],
    ['responses', /POST \/v1\/widgets\/:id: missing response schemas/],
  ])('without %s', (part, message) => {
    expect(() => checkDeclaration(without(part))).toThrow(RouteDeclarationError);
    expect(() => checkDeclaration(without(part))).toThrow(message);
  });

  it.each(['params', 'query', 'body', 'headers'])('without input.%s', (part) => {
    const input: Record<string, unknown> = { ...valid.input };
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the test removes one named part
    delete input[part];
    expect(() => checkDeclaration({ ...valid, input } as unknown as RouteDeclaration)).toThrow(
      `route POST /v1/widgets/:id: missing input.${part} schema`,
    );
  });

  it('a string without maxLength', () => {
    const route = {
      ...valid,
      input: {
        ...valid.input,
        body: Type.Object({ name: Type.String() }, { additionalProperties: false }),
      },
    };
    expect(() => checkDeclaration(route)).toThrow(
      'route POST /v1/widgets/:id: input.body.name: string without maxLength',
    );
  });

  it('an array without maxItems', () => {
    const body = Type.Object(
      { tags: Type.Array(Type.String({ maxLength: 5 })) },
      { additionalProperties: false },
    );
    expect(() => checkDeclaration({ ...valid, input: { ...valid.input, body } })).toThrow(
      'input.body.tags: array without maxItems',
    );
  });

  it('an open body object', () => {
    const body = Type.Object({ name: Type.String({ maxLength: 5 }) });
    expect(() => checkDeclaration({ ...valid, input: { ...valid.input, body } })).toThrow(
      'input.body: object must set additionalProperties: false',
    );
  });

  it('params that do not match the URL', () => {
    expect(() =>
      checkDeclaration({ ...valid, input: { ...valid.input, params: NoInput } }),
    ).toThrow('input.params must declare exactly the URL parameters (id)');
  });

  it('public permission on an authenticated route', () => {
    expect(() => checkDeclaration({ ...valid, permission: 'public' })).toThrow(
      "permission 'public' goes with auth 'public'",
    );
  });

  it('the server refuses to build with an incomplete route', async () => {
    await expect(createKitServer([without('permission')])).rejects.toThrow('missing permission');
  });

  it('an authenticated route without an authenticator cannot be served', async () => {
    await expect(createKitServer([valid])).rejects.toThrow(
      'needs authentication but no authenticator',
    );
  });
});

describe('OpenAPI and docs come from the same declarations', () => {
  it('builds OpenAPI 3.1 with parameters, body, responses and security', () => {
    const doc = buildOpenApi([valid], { title: 't', version: '1' }, 'https://api.example.com');
    expect(doc.openapi).toBe('3.1.0');
    const op = (doc.paths as Record<string, Record<string, Record<string, unknown>>>)[
      '/v1/widgets/{id}'
    ]?.post;
    expect(op?.operationId).toBe('updateWidget');
    expect(op?.security).toEqual([{ bearerAuth: [] }]);
    expect(JSON.stringify(op?.requestBody)).toContain('"maxLength":10');
    expect(Object.keys(op?.responses as object)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '429']),
    );
  });

  it('serves /openapi.json and /docs under a strict CSP without scripts', async () => {
    const s = await createKitServer([]);
    const doc = await s.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json()).toMatchObject({ openapi: '3.1.0' });
    expect(doc.json<{ paths: Record<string, unknown> }>().paths['/healthz']).toBeDefined();
    const page = await s.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; frame-ancestors 'none'/,
    );
    expect(csp).not.toContain('script-src');
    expect(page.body).not.toContain('<script');
    expect(page.body).toContain('/healthz');
    await s.app.close();
  });
});
