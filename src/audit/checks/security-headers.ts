// HDR-1 and HDR-3: the security headers of API.md on a success, an error (404 and 401) and a
// preflight, because frameworks often set them in a hook that error paths skip.
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { header, type Exchange } from '../http/client.js';
import { basePath, probePath } from './paths.js';

interface Rule {
  name: string;
  ok: (value: string | undefined) => boolean;
  expected: string;
}

const RULES: readonly Rule[] = [
  {
    name: 'x-content-type-options',
    ok: (v) => v?.toLowerCase() === 'nosniff',
    expected: 'nosniff',
  },
  { name: 'x-frame-options', ok: (v) => v?.toUpperCase() === 'DENY', expected: 'DENY' },
  {
    name: 'content-security-policy',
    ok: (v) =>
      v !== undefined && /default-src\s+'none'/i.test(v) && /frame-ancestors\s+'none'/i.test(v),
    expected: "default-src 'none'; frame-ancestors 'none'",
  },
  {
    name: 'referrer-policy',
    ok: (v) => v?.toLowerCase() === 'no-referrer',
    expected: 'no-referrer',
  },
  {
    name: 'permissions-policy',
    ok: (v) => v !== undefined && v.trim() !== '',
    expected: 'e.g. geolocation=(), camera=()',
  },
  { name: 'x-request-id', ok: (v) => v !== undefined && v.trim() !== '', expected: 'a request id' },
];

export const securityHeadersCheck: Check = {
  id: 'security-headers',
  title: 'Security headers on success, error and preflight responses',
  section: 'Security headers',
  items: ['HDR-1', 'HDR-3'],
  async run(ctx: CheckContext) {
    const path = probePath(ctx);
    const responses: [string, Exchange][] = [];
    if (ctx.userA && ctx.probe)
      responses.push([
        'authenticated success',
        await ctx.send({ method: 'GET', path, as: ctx.userA }),
      ]);
    else responses.push(['success', await ctx.send({ method: 'GET', path })]);
    responses.push([
      '404 error',
      await ctx.send({ method: 'GET', path: `${basePath(path)}/rampart-audit-not-found` }),
    ]);
    if (ctx.probe) responses.push(['401 error', await ctx.send({ method: 'GET', path })]);
    responses.push([
      'preflight',
      await ctx.send({
        method: 'OPTIONS',
        path,
        headers: {
          origin: 'https://rampart-audit.invalid',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      }),
    ]);

    for (const rule of RULES) {
      const failing = responses.filter(([, exchange]) => !rule.ok(header(exchange, rule.name)));
      if (failing.length === 0) continue;
      const kinds = failing.map(
        ([kind, exchange]) =>
          `${kind} (HTTP ${exchange.status}: ${header(exchange, rule.name) ?? 'absent'})`,
      );
      ctx.report('HDR-1', {
        detail: `${rule.name} should be "${rule.expected}" but is wrong or missing on: ${kinds.join(', ')}.`,
        evidence: failing.map(([, exchange]) => exchange),
        location: rule.name,
      });
    }

    const authResponses: [string, Exchange][] = responses.filter(
      ([kind]) => kind === 'authenticated success',
    );
    const login = ctx.userA?.login ?? ctx.userB?.login ?? ctx.userLow?.login;
    if (login) authResponses.push(['login', login]);
    for (const [kind, exchange] of authResponses) {
      const value = header(exchange, 'cache-control');
      if (value === undefined || !/no-store/i.test(value)) {
        ctx.report('HDR-3', {
          detail: `The ${kind} response has Cache-Control "${value ?? 'absent'}" instead of no-store.`,
          evidence: [exchange],
          location: `${exchange.method} ${new URL(exchange.url).pathname}`,
        });
      }
    }
  },
};
