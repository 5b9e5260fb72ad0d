// Unit tests of the auditor's building blocks: bounds, origin pinning, masking, schema sampling,
// the OpenAPI model, argument parsing, token variants and leak patterns.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseArgs } from '../../src/audit/args.js';
import { buildVariants } from '../../src/audit/checks/jwt-variants.js';
import { findLeaks } from '../../src/audit/checks/leak-patterns.js';
import { sensitiveKeys } from '../../src/audit/checks/sensitive-fields.js';
import { HttpClient } from '../../src/audit/http/client.js';
import { SecretMasker, maskSetCookie } from '../../src/audit/http/mask.js';
import { BudgetExhaustedError, Pacer, RequestBudget } from '../../src/audit/http/pacer.js';
import { buildModel } from '../../src/audit/openapi/model.js';
import { sampleValue } from '../../src/audit/openapi/sample.js';
import { AuditUsageError, resolveOptions } from '../../src/audit/options.js';
import { OwnObjects, idOf } from '../../src/audit/own-objects.js';
import type { Exchange } from '../../src/audit/http/client.js';
import type { Principal, SendSpec } from '../../src/audit/context.js';
import { OPENAPI } from '../fixtures/audit-target/openapi.js';

const doc = JSON.parse(JSON.stringify(OPENAPI)) as Record<string, unknown>;

describe('bounds', () => {
  test('the budget refuses the request after the last one', () => {
    const budget = new RequestBudget(2);
    budget.take();
    budget.take();
    expect(() => budget.take()).toThrow(BudgetExhaustedError);
  });

  test('reserved requests are held back until released for clean-up', () => {
    const budget = new RequestBudget(3);
    budget.reserve();
    budget.take();
    budget.take();
    expect(() => budget.take()).toThrow(BudgetExhaustedError);
    budget.release();
    expect(() => budget.take()).not.toThrow();
  });

  test('the pacer holds 60 requests at 200 rps to about 200 ms', async () => {
    const pacer = new Pacer(200);
    const started = performance.now();
    for (let i = 0; i < 60; i += 1) await pacer.acquire();
    // The bucket holds a tenth of a second's worth (20) up front; the other 40 come 5 ms apart.
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(180);
    expect(elapsed).toBeLessThan(1500);
  });
});

describe('the client only contacts the audited origin', () => {
  const client = new HttpClient({
    origin: 'https://127.0.0.1:8443',
    httpPort: 8080,
    ca: undefined,
    insecure: false,
    timeoutMs: 1000,
    maxRequests: 10,
    maxRps: 10,
    dryRun: true,
    loginPath: '/v1/auth/login',
    onWait: () => undefined,
  });

  test.each(['//evil.example/x', 'https://evil.example/x', 'v1/me'])('refuses %s', (path) => {
    expect(() => client.urlFor({ method: 'GET', path })).toThrow();
  });

  test('plain HTTP goes to the same host on --http-port', () => {
    expect(client.urlFor({ method: 'GET', path: '/v1/me', plainHttp: true }).href).toBe(
      'http://127.0.0.1:8080/v1/me',
    );
  });

  test('property: no path resolves outside the origin', () => {
    fc.assert(
      fc.property(fc.string(), (tail) => {
        try {
          return (
            client.urlFor({ method: 'GET', path: `/${tail}` }).origin === 'https://127.0.0.1:8443'
          );
        } catch {
          return true;
        }
      }),
    );
  });
});

describe('masking', () => {
  test('known secrets, JWTs, API keys, passwords and cookie values are masked', () => {
    const masker = new SecretMasker();
    masker.add('hunter2-very-secret', 'password of user A');
    const jwt =
      'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c3JfMTIzNDU2Nzg5MCJ9.abcdefghijklmnopqrstuvwxyz0123456789';
    // A key-shaped value made at test time: no key literal lives in the repository.
    const key = ['sk', 'live', 'abcdefghijklmnopqrstuvwxyz0123'].join('_');
    const text = masker.mask(
      `pw=hunter2-very-secret Bearer ${jwt} key=${key} {"password":"other-secret"}`,
    );
    expect(text).toContain('«password of user A»');
    expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');
    expect(text).toContain('sk_live_ab…');
    expect(text).not.toContain('other-secret');
    expect(maskSetCookie('__Host-rampart_refresh=abc123; Path=/; Secure')).toBe(
      '__Host-rampart_refresh=«masked»; Path=/; Secure',
    );
  });
});

describe('schema sampling', () => {
  test('a sampled create body satisfies every constraint of the schema', () => {
    const body = sampleValue(doc, { $ref: '#/components/schemas/InvoiceCreate' }) as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({
      customerName: 'Rampart Audit',
      amountCents: 1000,
      currency: 'EUR',
      dueDate: '2030-01-31',
      status: 'draft',
    });
    expect(body.customerEmail).toMatch(/^rampart-audit-.+@example\.com$/);
  });

  test('patterns, bounds and read-only properties are respected', () => {
    const schema = {
      type: 'object',
      properties: {
        code: { type: 'string', pattern: '^[A-Z]{3}$' },
        n: { type: 'integer', minimum: 5, maximum: 7 },
        id: { type: 'string', readOnly: true },
      },
    };
    expect(sampleValue({}, schema)).toEqual({ code: 'EUR', n: 7 });
  });
});

describe('OpenAPI model', () => {
  const model = buildModel(doc);
  test('security: [] makes an operation public, the global requirement secures the rest', () => {
    const pub = model.operations.filter((op) => op.isPublic).map((op) => `${op.method} ${op.path}`);
    expect(pub.sort()).toEqual([
      'GET /.well-known/jwks.json',
      'GET /healthz',
      'POST /v1/auth/login',
    ]);
  });
  test('a collection with POST and an item path is a resource', () => {
    expect(
      model.resources.map((r) => [
        r.collectionPath,
        r.itemPath,
        r.idParam,
        r.update?.method,
        r.remove?.method,
      ]),
    ).toEqual([['/v1/invoices', '/v1/invoices/{id}', 'id', 'PATCH', 'DELETE']]);
  });
});

describe('arguments', () => {
  test('output flags take an optional file; timeouts accept ms and s', () => {
    const args = parseArgs(
      ['https://h:1', '--json', '--sarif=out.sarif', '--timeout', '500ms', '--only', 'cors, jwt'],
      {},
    );
    expect(args.outputs).toEqual({ json: '-', sarif: 'out.sarif' });
    expect(args.input.timeoutMs).toBe(500);
    expect(args.input.only).toEqual(['cors', 'jwt']);
  });
  test('login recipes split at the first colon only', () => {
    expect(parseArgs(['https://h:1', '--login', 'a@b.c:pa:ss'], {}).input.userA).toEqual({
      kind: 'login',
      email: 'a@b.c',
      password: 'pa:ss',
    });
  });
  test('options are validated once and frozen', () => {
    expect(() => resolveOptions({ target: 'https://h:1/some/path' })).toThrow(AuditUsageError);
    expect(() => resolveOptions({ target: 'https://h:1', maxRps: 0 })).toThrow(AuditUsageError);
    expect(Object.isFrozen(resolveOptions({ target: 'https://h:1' }))).toBe(true);
  });
});

describe('JWT variants', () => {
  const enc = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const token = `${enc({ alg: 'ES256', kid: 'k1', typ: 'JWT' })}.${enc({ sub: 'usr_1', exp: 4102444800 })}.${'s'.repeat(86)}`;
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
    y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    kid: 'k1',
  };
  const variants = buildVariants({ token, jwks: [jwk], otherSubject: 'usr_2' });

  test('every variant differs from the valid token, and each family is present', () => {
    expect(variants.every((v) => v.token !== token)).toBe(true);
    expect(new Set(variants.map((v) => v.itemId))).toEqual(
      new Set(['JWT-1', 'JWT-2', 'JWT-3', 'JWT-4']),
    );
    expect(variants.filter((v) => v.itemId === 'JWT-3')).toHaveLength(3);
  });

  test('alg none variants carry a case variant of none', () => {
    const algs = variants
      .filter((v) => v.itemId === 'JWT-1')
      .map(
        (v) =>
          (
            JSON.parse(Buffer.from(v.token.split('.')[0] ?? '', 'base64url').toString()) as {
              alg: string;
            }
          ).alg,
      );
    expect(new Set(algs)).toEqual(new Set(['none', 'None', 'NONE', 'nOnE']));
  });
});

describe('leak and sensitive-field patterns', () => {
  test('stack traces, SQL errors and library names are recognised', () => {
    expect(findLeaks('Error: boom\n    at Object.<anonymous> (/app/src/server.js:10:5)')).toEqual(
      expect.arrayContaining(['stack trace', 'file path']),
    );
    expect(findLeaks('SQLITE_ERROR: near "x": syntax error')).toContain('SQL or database error');
    expect(findLeaks('{"code":"FST_ERR_CTP_INVALID_MEDIA_TYPE"}')).toContain(
      'library or framework name',
    );
  });
  test('a clean problem body reveals nothing', () => {
    expect(
      findLeaks(
        JSON.stringify({
          type: 'https://rampart.dev/problems/validation',
          title: 'The request is invalid',
          status: 400,
          requestId: 'a1b2',
          errors: [{ path: '/amountCents', message: 'is invalid' }],
        }),
      ),
    ).toEqual([]);
  });
  test('sensitive keys are found at any depth, ordinary ones are not', () => {
    expect(
      sensitiveKeys({ data: [{ id: 'u', passwordHash: 'x', profile: { apiSecret: 'y' } }] }).map(
        (k) => k.key,
      ),
    ).toEqual(['passwordHash', 'apiSecret']);
    expect(
      sensitiveKeys({
        id: 'u',
        email: 'e',
        name: 'n',
        role: 'owner',
        organizationId: 'o',
        createdAt: 't',
        accessToken: 'jwt',
      }),
    ).toEqual([]);
  });
});

describe('objects the audit creates', () => {
  const exchange = (status: number, json: unknown): Exchange => ({
    seq: 1,
    check: 't',
    method: 'POST',
    url: 'https://h/x',
    requestHeaders: {},
    requestBody: undefined,
    status,
    headers: {},
    body: JSON.stringify(json),
    json,
    durationMs: 1,
    simulated: false,
    superseded: false,
  });

  test('ids are found at the top level or in a nested object (e.g. an invitation answer)', () => {
    expect(idOf(exchange(201, { id: 'inv_1' }))).toBe('inv_1');
    expect(idOf(exchange(201, { user: { id: 'usr_1' }, invitation: { token: 't' } }))).toBe(
      'usr_1',
    );
  });

  test('a create refused for its first enum members is retried once with the last ones, and cleaned up', async () => {
    const users = {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        role: { type: 'string', enum: ['owner', 'admin', 'viewer'] },
      },
    };
    const model = buildModel({
      paths: {
        '/users': {
          post: {
            security: [{ b: [] }],
            requestBody: { content: { 'application/json': { schema: users } } },
          },
        },
        '/users/{id}': { delete: { security: [{ b: [] }] } },
      },
    });
    const resource = model.resources[0];
    if (!resource) throw new Error('no resource');
    const sent: SendSpec[] = [];
    const send = (spec: SendSpec): Promise<Exchange> => {
      sent.push(spec);
      if (spec.method === 'DELETE') return Promise.resolve(exchange(204, undefined));
      const role = (spec.json as { role: string }).role;
      return Promise.resolve(
        role === 'viewer' ? exchange(201, { user: { id: 'usr_9' } }) : exchange(403, {}),
      );
    };
    const budget = new RequestBudget(10);
    const objects = new OwnObjects(send, budget, model.doc);
    const owner = { label: 'user A' } as Principal;
    const { id } = await objects.create(resource, owner);
    expect(id).toBe('usr_9');
    expect(sent.map((s) => (s.json as { role?: string } | undefined)?.role)).toEqual([
      'owner',
      'viewer',
    ]);
    await objects.cleanup();
    expect(sent.at(-1)).toMatchObject({ method: 'DELETE', path: '/users/usr_9' });
    expect(objects.leftovers).toEqual([]);
  });
});
