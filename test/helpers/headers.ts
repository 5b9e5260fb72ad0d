import { expect } from 'vitest';

type Headers = Record<string, string | string[] | number | undefined>;

/** The header set API.md requires on every response. */
export function expectSecurityHeaders(headers: Headers, options: { hsts?: boolean } = {}): void {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(String(headers['permissions-policy'])).toContain('geolocation=()');
  expect(String(headers['permissions-policy'])).toContain('camera=()');
  expect(String(headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(headers['x-powered-by']).toBeUndefined();
  expect(headers.server).toBeUndefined();
  if (options.hsts === true) {
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  }
}

/** An RFC 9457 body with our envelope and nothing that leaks internals. */
export function expectProblem(
  res: { statusCode: number; headers: Headers; body: string },
  status: number,
  slug: string,
): Record<string, unknown> {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  expect(body.status).toBe(status);
  expect(body.type).toBe(`https://rampart.dev/problems/${slug}`);
  expect(typeof body.title).toBe('string');
  expect(body.requestId).toBe(res.headers['x-request-id']);
  expect(res.body).not.toMatch(
    /stack|at .+\.(ts|js):\d+|SELECT|sqlite|postgres|fastify|ajv|kysely|node_modules|\/home\/|\/src\//i,
  );
  return body;
}
