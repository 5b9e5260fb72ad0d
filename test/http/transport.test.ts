import { request as httpsRequest } from 'node:https';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/app/main.js';
import {
  NoHeaders,
  NoInput,
  Type,
  createPlainHttpListener,
  createRateLimiter,
  defineRoute,
} from '../../src/kit/index.js';
import { captureLogs } from '../helpers/capture-logs.js';
import { expectProblem, expectSecurityHeaders } from '../helpers/headers.js';
import { createKitServer } from '../helpers/kit-server.js';

const none = { params: NoInput, query: NoInput, body: NoInput, headers: NoHeaders };
const whoami = defineRoute({
  method: 'GET',
  url: '/v1/ip',
  operationId: 'ip',
  summary: 'Echoes the client IP',
  tags: ['test'],
  auth: 'public',
  permission: 'public',
  rateLimit: 'default',
  input: none,
  responses: { 200: Type.Object({ ip: Type.String() }) },
  handler: (ctx) => ({ status: 200, body: { ip: ctx.ip } }),
});
const slow = defineRoute({
  method: 'GET',
  url: '/v1/slow',
  operationId: 'slow',
  summary: 'Answers after 400 ms',
  tags: ['test'],
  auth: 'public',
  permission: 'public',
  rateLimit: 'default',
  input: none,
  responses: { 200: Type.Object({ done: Type.Boolean() }) },
  handler: async () => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return { status: 200, body: { done: true } };
  },
});

function get(url: string, options: { ca?: Buffer; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; headers: IncomingMessage['headers']; body: string }>(
    (resolve, reject) => {
      const fn = url.startsWith('https') ? httpsRequest : httpRequest;
      const req = fn(url, { ca: options.ca, headers: options.headers, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('transport: HTTPS as the service runs it', () => {
  let service: RunningService;
  let ca: Buffer;
  let port: number;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-tls-'));
    service = await startService(
      { NODE_ENV: 'development', RAMPART_DATA_DIR: dir, RAMPART_PORT: '0', RAMPART_HTTP_PORT: '0' },
      { logger: captureLogs().logger },
    );
    ca = readFileSync(join(dir, 'dev-cert.pem'));
    port = (service.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => service.stop());

  it('serves HTTPS verifiable with the printed certificate, with HSTS', async () => {
    const res = await get(`https://127.0.0.1:${port}/healthz`, { ca });
    expect(res.status).toBe(200);
    expectSecurityHeaders(res.headers, { hsts: true });
  });

  function handshake(options: Record<string, unknown>) {
    return new Promise<{ protocol: string | null; cipher: string } | Error>((resolve) => {
      const socket = tlsConnect(
        { host: '127.0.0.1', port, ca, servername: 'localhost', ...options },
        () => {
          resolve({ protocol: socket.getProtocol(), cipher: socket.getCipher().name });
          socket.end();
        },
      );
      socket.on('error', (error: Error) => resolve(error));
    });
  }

  it('prefers TLS 1.3', async () => {
    expect(await handshake({})).toMatchObject({ protocol: 'TLSv1.3' });
  });

  it('accepts TLS 1.2 only with forward-secret AEAD ciphers', async () => {
    const ok = await handshake({ maxVersion: 'TLSv1.2' });
    expect(ok).toMatchObject({ protocol: 'TLSv1.2' });
    expect((ok as { cipher: string }).cipher).toMatch(/^ECDHE-.*(GCM|CHACHA20)/);
    for (const cipher of [
      'AES128-SHA',
      'ECDHE-ECDSA-AES128-SHA',
      'AES256-GCM-SHA384',
      'ECDHE-ECDSA-AES128-SHA256',
    ]) {
      expect(await handshake({ maxVersion: 'TLSv1.2', ciphers: cipher })).toBeInstanceOf(Error);
    }
  });

  it.each(['TLSv1', 'TLSv1.1'] as const)('refuses %s', async (version) => {
    const result = await handshake({
      minVersion: version,
      maxVersion: version,
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    expect(result).toBeInstanceOf(Error);
  });
});

describe('transport: the plain-HTTP listener never serves the API', () => {
  const logs = captureLogs();
  const server = createPlainHttpListener('https://api.example.com', logs.logger);
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(['/', '/docs'])('redirects the page %s to HTTPS with 308', async (path) => {
    const res = await get(`${base}${path}`);
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe(`https://api.example.com${path}`);
    expectSecurityHeaders(res.headers);
  });

  it('refuses /v1 with 403 https-required, without reading or logging credentials', async () => {
    const token = 'eyJhbGciOiJFUzI1NiJ9.leaked-over-http.sig';
    const res = await get(`${base}/v1/me`, {
      headers: { authorization: `Bearer ${token}`, 'x-api-key': 'sk_live_leak' },
    });
    expectSecurityHeaders(res.headers);
    expectProblem(
      { statusCode: res.status, headers: res.headers, body: res.body },
      403,
      'https-required',
    );
    expect(logs.leaked([token, 'sk_live_leak'])).toEqual([]);
  });

  it('does not redirect to a host taken from the request (no open redirect)', async () => {
    const res = await get(`${base}/docs`, { headers: { host: 'evil.example.com' } });
    expect(res.headers.location).toBe('https://api.example.com/docs');
  });
});

describe('transport: trusted proxies', () => {
  it('ignores X-Forwarded-For from an untrusted peer', async () => {
    const s = await createKitServer([whoami]);
    const res = await s.app.inject({
      method: 'GET',
      url: '/v1/ip',
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-for': '1.2.3.4' },
    });
    expect(res.json()).toEqual({ ip: '203.0.113.9' });
    await s.app.close();
  });

  it('in proxy mode, serves only trusted proxies forwarding https, using the right-most untrusted hop', async () => {
    const s = await createKitServer([whoami], {
      RAMPART_TLS: 'proxy',
      RAMPART_TRUSTED_PROXIES: '10.0.0.0/8',
    });
    const direct = await s.app.inject({
      method: 'GET',
      url: '/v1/ip',
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expectProblem(direct, 403, 'https-required');
    const plain = await s.app.inject({
      method: 'GET',
      url: '/v1/ip',
      remoteAddress: '10.0.0.2',
      headers: { 'x-forwarded-proto': 'http' },
    });
    expectProblem(plain, 403, 'https-required');
    const ok = await s.app.inject({
      method: 'GET',
      url: '/v1/ip',
      remoteAddress: '10.0.0.2',
      headers: {
        'x-forwarded-proto': 'https',
        'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.0.0.3',
      },
    });
    expect(ok.statusCode).toBe(200);
    // 6.6.6.6 was written by the client itself; the first untrusted hop from the right is the client.
    expect(ok.json()).toEqual({ ip: '198.51.100.7' });
    expectSecurityHeaders(ok.headers, { hsts: true });
    await s.app.close();
  });
});

describe('transport: a body sent to an unknown path', () => {
  it('is refused by the first checks before it is read or parsed', async () => {
    // The first checks run before body parsing on unknown paths too: a refused peer cannot
    // make the server parse up to the body limit, and the refusal is the same as on a route.
    const s = await createKitServer([whoami], {
      RAMPART_TLS: 'proxy',
      RAMPART_TRUSTED_PROXIES: '10.0.0.0/8',
    });
    const post = (url: string, remoteAddress: string, payload: string) =>
      s.app.inject({
        method: 'POST',
        url,
        remoteAddress,
        headers: { 'x-forwarded-proto': 'https', 'content-type': 'application/json' },
        payload,
      });
    expectProblem(await post('/v1/nope', '203.0.113.9', '{broken'), 403, 'https-required');
    expectProblem(
      await post('/v1/nope', '203.0.113.9', '{"__proto__":{"x":1}}'),
      403,
      'https-required',
    );
    expectProblem(
      await post('/v1/nope', '203.0.113.9', `"${'x'.repeat(200_000)}"`),
      403,
      'https-required',
    );
    expectProblem(
      await post(`/v1/${'x'.repeat(3000)}`, '10.0.0.2', '{broken'),
      414,
      'uri-too-long',
    );
    const credential = await post('/v1/nope?access_token=abc', '10.0.0.2', '{broken');
    expectProblem(credential, 400, 'credential-in-query');
    // From an admitted peer, an unknown path is a 404 with the header set: its body is
    // never read, so a broken one changes nothing.
    const broken = await post('/v1/nope', '10.0.0.2', '{broken');
    expectProblem(broken, 404, 'not-found');
    expectSecurityHeaders(broken.headers, { hsts: true });
    await s.app.close();
  });
});

describe('transport: a forwarded client address that is not an address', () => {
  it('counts as the proxy: no junk identity in logs, events or limiter keys, and no fresh budget', async () => {
    const s = await createKitServer(
      [whoami],
      { RAMPART_TLS: 'proxy', RAMPART_TRUSTED_PROXIES: '10.0.0.0/8' },
      {
        limiter: createRateLimiter({
          policy: {
            global: { limit: 1000 },
            ip: { limit: 100 },
            principal: { limit: 100 },
            authIp: { limit: 10 },
          },
        }),
      },
    );
    const remaining: number[] = [];
    for (const junk of ['not-an-address', `x${'y'.repeat(4000)}`, '999.1.1.1', '1.2.3.4:80']) {
      const res = await s.app.inject({
        method: 'GET',
        url: '/v1/ip',
        remoteAddress: '10.0.0.2',
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': junk },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ip: '10.0.0.2' });
      remaining.push(Number(res.headers['x-ratelimit-remaining']));
    }
    // One budget, the proxy's: each request took from the same one.
    expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
    expect(new Set(remaining).size).toBe(remaining.length);
    expect(s.logs.leaked(['not-an-address', 'yyyyyyyy', '999.1.1.1'])).toEqual([]);
    await s.app.close();
  });
});

describe('transport: limits and lifecycle', () => {
  it('cuts off a slowloris client trickling headers', async () => {
    const s = await createKitServer(
      [whoami],
      {},
      { transport: { headersTimeoutMs: 1000, requestTimeoutMs: 2000 } },
    );
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (s.app.server.address() as AddressInfo).port;
    const started = Date.now();
    const closedAfter = await new Promise<number>((resolve) => {
      const socket = netConnect(port, '127.0.0.1', () => {
        socket.write('GET /v1/ip HTTP/1.1\r\nHost: x\r\n');
        const timer = setInterval(() => socket.writable && socket.write('X-a: b\r\n'), 150);
        socket.on('close', () => {
          clearInterval(timer);
          resolve(Date.now() - started);
        });
      });
      socket.on('error', () => undefined);
    });
    expect(closedAfter).toBeLessThan(4000);
    await s.app.close();
  });

  it('drains in-flight requests on close and refuses new ones', async () => {
    const s = await createKitServer([slow]);
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
    const inFlight = get(`${base}/v1/slow`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = s.app.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ done: true });
    await closing;
    await expect(get(`${base}/v1/slow`)).rejects.toThrow();
  });

  it('answers 503 on /readyz when the database is unreachable', async () => {
    const s = await createKitServer(
      [],
      {},
      { readiness: () => Promise.resolve({ ready: false, checks: { database: 'down' } }) },
    );
    const res = await s.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', checks: { database: 'down' } });
    await s.app.close();
  });

  it('answers 431 with the header set for oversized headers', async () => {
    const s = await createKitServer([whoami], {}, { transport: { maxHeaderBytes: 4096 } });
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (s.app.server.address() as AddressInfo).port;
    const res = await get(`http://127.0.0.1:${port}/v1/ip`, {
      headers: { 'x-big': 'a'.repeat(8000) },
    });
    expect(res.status).toBe(431);
    expectSecurityHeaders(res.headers);
    await s.app.close();
  });
});
