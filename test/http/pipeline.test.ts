import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NoHeaders,
  NoInput,
  RampartError,
  Type,
  defineRoute,
  type Limiter,
} from '../../src/kit/index.js';
import { expectProblem, expectSecurityHeaders } from '../helpers/headers.js';
import { createKitServer, type KitServer } from '../helpers/kit-server.js';

const Thing = Type.Object({ id: Type.String(), name: Type.String() });
const none = { params: NoInput, query: NoInput, body: NoInput, headers: NoHeaders };
const SQL_AND_PATH = "SELECT * FROM users WHERE email = 'x' failed at /home/app/src/db/users.ts:42";

const routes = [
  defineRoute({
    method: 'GET',
    url: '/v1/things/:id',
    operationId: 'getThing',
    summary: 'A thing',
    tags: ['test'],
    auth: 'public',
    permission: 'public',
    rateLimit: 'default',
    input: {
      ...none,
      params: Type.Object({ id: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
    },
    responses: { 200: Thing },
    // The row carries a secret the schema does not list: it must never reach the client.
    handler: (ctx) => ({
      status: 200,
      body: {
        id: ctx.params.id,
        name: 'thing',
        passwordHash: '$argon2id$v=19$secret',
        internalFlag: true,
      },
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/things',
    operationId: 'createThing',
    summary: 'Create a thing',
    tags: ['test'],
    auth: 'public',
    permission: 'public',
    rateLimit: 'default',
    input: {
      ...none,
      body: Type.Object(
        {
          name: Type.String({ maxLength: 20 }),
          count: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
        },
        { additionalProperties: false },
      ),
    },
    responses: { 201: Thing },
    handler: (ctx) => ({ status: 201, body: { id: 'thing_1', name: ctx.body.name } }),
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/boom',
    operationId: 'boom',
    summary: 'Throws',
    tags: ['test'],
    auth: 'public',
    permission: 'public',
    rateLimit: 'default',
    input: none,
    responses: { 200: Thing },
    handler: () => {
      throw new Error(SQL_AND_PATH);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/limited',
    operationId: 'limited',
    summary: 'Always limited',
    tags: ['test'],
    auth: 'public',
    permission: 'public',
    rateLimit: 'default',
    input: none,
    responses: { 200: Thing },
    handler: () => ({ status: 200, body: { id: 'x', name: 'y' } }),
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/optional',
    operationId: 'optionalBody',
    summary: 'Body with optional fields only',
    tags: ['test'],
    auth: 'public',
    permission: 'public',
    rateLimit: 'default',
    input: {
      ...none,
      body: Type.Object(
        { grace: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })) },
        { additionalProperties: false },
      ),
    },
    responses: { 201: Type.Object({ grace: Type.Integer() }) },
    handler: (ctx) => ({ status: 201, body: { grace: ctx.body.grace ?? 0 } }),
  }),
];

const limiter: Limiter = {
  check: (req) =>
    req.routeId === 'GET /v1/limited'
      ? {
          headers: {
            'x-ratelimit-limit': '1',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': '1',
          },
          error: new RampartError('RATE_LIMITED', { headers: { 'retry-after': '7' } }),
        }
      : { headers: {} },
};

describe('kit HTTP pipeline: headers and problem bodies on every response', () => {
  let s: KitServer;
  beforeAll(async () => {
    s = await createKitServer(
      routes,
      { RAMPART_CORS_ORIGINS: 'https://app.example.com' },
      { limiter },
    );
  });
  afterAll(async () => s.app.close());

  it('200 carries the full header set and never sends fields the schema does not list', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/v1/things/abc' });
    expect(res.statusCode).toBe(200);
    expectSecurityHeaders(res.headers);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({ id: 'abc', name: 'thing' });
    expect(res.body).not.toContain('argon2');
    expect(res.body).not.toContain('internalFlag');
  });

  it('404 for an unknown path', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/v1/nope' });
    expectSecurityHeaders(res.headers);
    expectProblem(res, 404, 'not-found');
  });

  it('405 with Allow for a known path and another method', async () => {
    const res = await s.app.inject({ method: 'DELETE', url: '/v1/things/abc' });
    expectSecurityHeaders(res.headers);
    expectProblem(res, 405, 'method-not-allowed');
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it.each(['TRACE', 'PUT'])('405 with Allow for %s on a known path', async (method) => {
    const res = await s.app.inject({ method: method as 'PUT', url: '/v1/things/abc' });
    expectProblem(res, 405, 'method-not-allowed');
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('413 for a body over the limit', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/v1/things',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(200 * 1024) }),
    });
    expectSecurityHeaders(res.headers);
    expectProblem(res, 413, 'payload-too-large');
  });

  it('415 for a body that is not JSON', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/v1/things',
      headers: { 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expectSecurityHeaders(res.headers);
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it.each(['utf-7', 'utf-16', 'iso-8859-1'])('415 for a JSON body labelled %s', async (charset) => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/v1/things',
      headers: { 'content-type': `application/json; charset=${charset}` },
      payload: '{"name":"x"}',
    });
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it('accepts a JSON body labelled UTF-8', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/v1/things',
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      payload: '{"name":"x"}',
    });
    expect(res.statusCode).toBe(201);
  });

  it('masks a credential pasted into the URL path in the access line', async () => {
    const key = `sk_live_${'a'.repeat(22)}_${'b'.repeat(43)}_cccccc`;
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    await s.app.inject({ method: 'GET', url: `/v1/things/${key}` });
    await s.app.inject({ method: 'GET', url: `/v1/things/${jwt}` });
    expect(s.logs.leaked([key, jwt, 'b'.repeat(43)])).toEqual([]);
  });

  it('400 for malformed JSON, without echoing parser internals', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/v1/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "x",',
    });
    expectSecurityHeaders(res.headers);
    const body = expectProblem(res, 400, 'malformed-json');
    expect(JSON.stringify(body)).not.toMatch(/Unexpected|position|JSON\.parse/);
  });

  it.each([
    ['__proto__', '{"name":"x","__proto__":{"isAdmin":true}}'],
    ['constructor.prototype', '{"name":"x","constructor":{"prototype":{"isAdmin":true}}}'],
  ])('rejects prototype poisoning (%s)', async (_label, payload) => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/v1/things',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expectSecurityHeaders(res.headers);
    expectProblem(res, 400, 'malformed-json');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('400 naming an unknown field, and a wrongly typed one, without coercion', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/v1/things',
      payload: { name: 'x', ownerId: 'usr_1', count: '3' },
    });
    const body = expectProblem(res, 400, 'validation-failed');
    const paths = (body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toContain('body.ownerId');
    expect(paths).toContain('body.count');
  });

  it('a body whose fields are all optional may be omitted, but not malformed', async () => {
    const empty = await s.app.inject({ method: 'POST', url: '/v1/optional' });
    expect(empty.statusCode).toBe(201);
    expect(empty.json()).toEqual({ grace: 0 });
    const extra = await s.app.inject({
      method: 'POST',
      url: '/v1/optional',
      payload: { role: 'owner' },
    });
    expectProblem(extra, 400, 'validation-failed');
  });

  it('a route that takes no query refuses any query parameter by name', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/v1/things/a?filter[$gt]=x' });
    const body = expectProblem(res, 400, 'validation-failed');
    expect(body.errors).toEqual([{ path: 'query.filter[$gt]', message: 'is not allowed' }]);
  });

  it('429 with Retry-After, rate-limit headers and a problem body', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/v1/limited' });
    expectSecurityHeaders(res.headers);
    expectProblem(res, 429, 'rate-limited');
    expect(res.headers['retry-after']).toBe('7');
    expect(res.headers['x-ratelimit-limit']).toBe('1');
  });

  it('500 answers the generic message; the SQL and path go only to the log', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/v1/boom' });
    expectSecurityHeaders(res.headers);
    const body = expectProblem(res, 500, 'internal');
    expect(body.title).toBe('An unexpected error occurred.');
    expect(res.body).not.toContain('users');
    const logged = s.logs.lines.find((l) => l.includes('unhandled error'));
    expect(logged).toContain('/home/app/src/db/users.ts');
    expect(logged).toContain(res.headers['x-request-id']);
  });

  it('preflight from an allowed origin answers only the route methods', async () => {
    const res = await s.app.inject({
      method: 'OPTIONS',
      url: '/v1/things/abc',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    expect(res.statusCode).toBe(204);
    expectSecurityHeaders(res.headers);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(res.headers['access-control-allow-methods']).toBe('GET, HEAD');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
  });

  it('preflight for a method the route lacks is refused without CORS headers', async () => {
    const res = await s.app.inject({
      method: 'OPTIONS',
      url: '/v1/things/abc',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'DELETE' },
    });
    expectSecurityHeaders(res.headers);
    expectProblem(res, 403, 'cross-site-request');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it.each([
    'https://evil.example.com',
    'null',
    'https://app.example.com.evil.com',
    'http://app.example.com',
  ])('an unlisted origin (%s) gets no CORS headers', async (origin) => {
    const simple = await s.app.inject({ method: 'GET', url: '/v1/things/a', headers: { origin } });
    expect(simple.statusCode).toBe(200);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    expect(simple.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await s.app.inject({
      method: 'OPTIONS',
      url: '/v1/things/a',
      headers: { origin, 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses credentials in the query string and never logs them', async () => {
    const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c3JfMSJ9.c2lnbmF0dXJl';
    for (const url of [
      `/v1/things/a?access_token=${token}`,
      `/v1/things/a?q=${token}`,
      '/v1/things/a?api_key=abc123secret',
    ]) {
      const res = await s.app.inject({ method: 'GET', url });
      expectProblem(res, 400, 'credential-in-query');
    }
    expect(s.logs.leaked([token, 'abc123secret'])).toEqual([]);
  });

  it('414 for an over-long URL', async () => {
    const res = await s.app.inject({ method: 'GET', url: `/v1/things/${'a'.repeat(3000)}` });
    expectSecurityHeaders(res.headers);
    expectProblem(res, 414, 'uri-too-long');
  });

  it('writes one access line per request with the fixed fields and no query values', async () => {
    const before = s.logs.lines.length;
    const res = await s.app.inject({
      method: 'GET',
      url: '/v1/things/a?color=secret-ish-value',
      headers: { 'user-agent': 'evil\r\n{"level":"info","forged":true}' },
    });
    const lines = s.logs.lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? {};
    expect(Object.keys(line).sort()).toEqual(
      [
        'durationMs',
        'ip',
        'level',
        'method',
        'path',
        'requestId',
        'statusCode',
        'timestamp',
        'userAgent',
      ].sort(),
    );
    expect(line.path).toBe('/v1/things/a');
    expect(line.requestId).toBe(res.headers['x-request-id']);
    expect(line.userAgent).toBe('evil\r\n{"level":"info","forged":true}');
    expect(s.logs.lines.some((l) => l.startsWith('{"level":"info","forged"'))).toBe(false);
    expect(s.logs.text()).not.toContain('secret-ish-value');
  });

  it('ignores an inbound X-Request-Id', async () => {
    const res = await s.app.inject({
      method: 'GET',
      url: '/v1/things/a',
      headers: { 'x-request-id': 'forged' },
    });
    expect(res.headers['x-request-id']).not.toBe('forged');
  });
});
