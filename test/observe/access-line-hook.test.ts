import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NoHeaders,
  NoInput,
  Type,
  createServer,
  defineRoute,
  toConfig,
} from '../../src/kit/index.js';
import { captureLogs, type CapturedLogs } from '../helpers/capture-logs.js';

/**
 * The access line is written by the code that sends (decision 0006; before that from an
 * onSend hook, decision 0005), with the kit's own start time. An
 * onResponse hook would make Fastify attach and remove a 'finish' and an 'error' listener
 * on every response (Fastify skips both when no onResponse hook exists); that bookkeeping
 * cost more than the line itself. These tests pin both halves: no listener beyond what
 * bare Fastify attaches, and the line still carries the real status and duration.
 */
const none = { params: NoInput, query: NoInput, body: NoInput, headers: NoHeaders };
const Ok = Type.Object({ ok: Type.Boolean() });
/** What every route of this file shares: public, default limits, no input. */
const publicRoute = {
  tags: ['test'],
  auth: 'public',
  permission: 'public',
  rateLimit: 'default',
  input: none,
} as const;

const routes = [
  defineRoute({
    method: 'GET',
    url: '/v1/slow',
    operationId: 'slow',
    summary: 'Answers after 40 ms',
    ...publicRoute,
    responses: { 200: Ok },
    handler: async () => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      return { status: 200, body: { ok: true } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/broken',
    operationId: 'broken',
    summary: 'Throws',
    ...publicRoute,
    responses: { 200: Ok },
    handler: () => {
      throw new Error('boom');
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/bad-header',
    operationId: 'badHeader',
    summary: 'Sets a header value with CR/LF (a handler echoing client data)',
    ...publicRoute,
    responses: { 200: Ok },
    handler: (ctx) => {
      ctx.header('x-echo', 'a\r\nset-cookie: session=evil');
      return { status: 200, body: { ok: true } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/json-stream-fails',
    operationId: 'jsonStreamFails',
    summary: 'A JSON route whose handler returns a stream that fails',
    ...publicRoute,
    responses: { 200: Ok },
    handler: () => ({
      status: 200,
      body: new Readable({
        read() {
          this.destroy(new Error('disk gone'));
        },
      }) as unknown as { ok: boolean },
    }),
  }),
  ...(
    [
      // A stream that fails before its first chunk: the error handler answers 500.
      [
        '/v1/stream-fails',
        () =>
          new Readable({
            read() {
              this.destroy(new Error('disk gone'));
            },
          }),
      ],
      // A body Fastify refuses after onSend (not a string, Buffer or stream): 500.
      ['/v1/not-text', () => 42],
      ['/v1/stream-ok', () => Readable.from(['streamed ', 'text'])],
    ] as const
  ).map(([url, body]) =>
    defineRoute({
      method: 'GET',
      url,
      operationId: url.replace(/\W/g, ''),
      summary: 'Plain text',
      ...publicRoute,
      responses: { 200: Type.String({ maxLength: 100 }) },
      contentType: 'text/plain; charset=utf-8',
      handler: () => ({ status: 200, body: body() as unknown as string }),
    }),
  ),
];

/** 'finish' + 'error' listeners on the raw response while the handler runs. */
function recordListeners(app: FastifyInstance, into: number[]): void {
  app.addHook('preHandler', (_request, reply, done) => {
    into.push(reply.raw.listenerCount('finish') + reply.raw.listenerCount('error'));
    done();
  });
}

describe('access line: written without response listeners', () => {
  let app: FastifyInstance;
  let logs: CapturedLogs;
  const kitCounts: number[] = [];

  beforeAll(async () => {
    logs = captureLogs();
    app = createServer({
      config: toConfig({ NODE_ENV: 'test', RAMPART_DATA_DIR: '/tmp/rampart-kit-test' }),
      logger: logs.logger,
      routes,
      openapi: { title: 'kit test', version: '0.0.0' },
      readiness: () => Promise.resolve({ ready: true, checks: { database: 'ok' } }),
    });
    recordListeners(app, kitCounts);
    await app.ready();
  });
  afterAll(async () => app.close());

  it('attaches no more listeners to the response than bare Fastify does', async () => {
    const bare = Fastify({ logger: false });
    const bareCounts: number[] = [];
    recordListeners(bare, bareCounts);
    bare.get('/v1/slow', () => ({ ok: true }));
    await bare.inject({ method: 'GET', url: '/v1/slow' });
    await bare.close();

    await app.inject({ method: 'GET', url: '/v1/slow' });
    expect(bareCounts).toHaveLength(1);
    expect(kitCounts.at(-1)).toBe(bareCounts[0]);
  });

  it('runs one onRequest hook per route and no onSend or onResponse hook of its own', async () => {
    // Decision 0006: the first checks run inside each route's one hook, and the access line
    // is written by the code that sends.
    const probe = createServer({
      config: toConfig({ NODE_ENV: 'test', RAMPART_DATA_DIR: '/tmp/rampart-kit-test' }),
      logger: logs.logger,
      routes,
      openapi: { title: 'kit test', version: '0.0.0' },
      readiness: () => Promise.resolve({ ready: true, checks: { database: 'ok' } }),
    });
    await probe.ready();
    const printed = probe.printRoutes({ includeHooks: true, commonPrefix: false });
    await probe.close();
    const hookLines = printed.split('\n').filter((line) => line.includes('• ('));
    expect(hookLines.length).toBeGreaterThan(10);
    for (const line of hookLines) {
      // Fastify's own HEAD route strips the body in an onSend hook; nothing else may appear.
      expect(line).toMatch(
        /• \(onRequest\) \["(admitAndGuard|admitOnly)\(\)"\]$|• \(onSend\) \["headRouteOnSendHandler\(\)"\]$/,
      );
    }
  });

  it('logs the real status and duration of each response', async () => {
    const before = logs.lines.length;
    await app.inject({ method: 'GET', url: '/v1/slow' });
    await app.inject({ method: 'GET', url: '/v1/broken' });
    await app.inject({ method: 'GET', url: '/v1/missing' });
    const lines = logs.lines
      .slice(before)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.path !== undefined);
    expect(lines.map((l) => [l.path, l.statusCode])).toEqual([
      ['/v1/slow', 200],
      ['/v1/broken', 500],
      ['/v1/missing', 404],
    ]);
    expect(lines[0]?.durationMs).toBeGreaterThanOrEqual(35);
    expect(lines[2]?.durationMs).toBeLessThan(35);
  });

  it('writes exactly one line for every other way a request is answered', async () => {
    const cases = [
      // Refused by the router before any hook (malformed percent-encoding): no line before.
      { method: 'GET', url: '/v1/%E0%A4%A', status: 400 },
      { method: 'HEAD', url: '/healthz', status: 200 },
      { method: 'DELETE', url: '/healthz', status: 405 },
      { method: 'OPTIONS', url: '/healthz', status: 204 },
      { method: 'GET', url: `/v1/${'x'.repeat(3000)}`, status: 414 },
      { method: 'POST', url: '/healthz', status: 415 },
      // Answered again by the error handler after the first send was handed over.
      { method: 'GET', url: '/v1/stream-fails', status: 500 },
      { method: 'GET', url: '/v1/not-text', status: 500 },
      { method: 'GET', url: '/v1/stream-ok', status: 200 },
      // Refused when the handler sets it, so the error answer is not broken too.
      { method: 'GET', url: '/v1/bad-header', status: 500 },
      { method: 'GET', url: '/v1/json-stream-fails', status: 500 },
    ] as const;
    for (const c of cases) {
      const before = logs.lines.length;
      const res = await app.inject({
        method: c.method,
        url: c.url,
        ...(c.method === 'POST' ? { headers: { 'content-type': 'text/plain' }, payload: 'x' } : {}),
      });
      expect(res.statusCode).toBe(c.status);
      expect(res.headers['set-cookie']).toBeUndefined();
      const lines = logs.lines
        .slice(before)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.path !== undefined);
      expect(lines.map((l) => [l.method, l.statusCode, l.requestId])).toEqual([
        [c.method, c.status, res.headers['x-request-id']],
      ]);
    }
  });
});

describe('access line: a process that exits without closing the server', () => {
  it('still writes the batch it was holding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-exit-'));
    const file = join(dir, 'out.log');
    const script = join(dir, 'exit.mjs');
    const kit = resolve('dist/kit/index.js');
    // The built kit (npm test builds first): a server answers one request, then the process
    // exits at once, as a crash or a process.exit() elsewhere would.
    writeFileSync(
      script,
      `import { createLogger, logDestination, createServer, toConfig } from ${JSON.stringify(kit)};
const destination = logDestination(${JSON.stringify(file)});
await new Promise((resolve) => destination.once('ready', resolve));
const app = createServer({
  config: toConfig({ NODE_ENV: 'test', RAMPART_DATA_DIR: ${JSON.stringify(dir)} }),
  logger: createLogger({ destination }),
  routes: [],
  openapi: { title: 't', version: '1' },
  readiness: () => Promise.resolve({ ready: true, checks: {} }),
});
await app.ready();
const res = await app.inject({ method: 'GET', url: '/healthz?probe=last-words' });
process.stdout.write(res.headers['x-request-id']);
process.exit(0);
`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [script]);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const ids = lines.map((l) => (JSON.parse(l) as { requestId?: string }).requestId);
    expect(stdout).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids).toContain(stdout);
  });
});
