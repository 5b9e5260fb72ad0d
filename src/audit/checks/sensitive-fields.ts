// DATA-1: response bodies must not carry credential material or internal flags. Reads the
// principal's own profile and the lists it can see, then every JSON answer recorded so far
// (the OpenAPI document excepted: its schemas legitimately name `password` request fields).
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { is2xx, type Exchange } from '../http/client.js';
import { asObject } from '../openapi/json.js';

const SENSITIVE_KEY =
  /^(.*password.*|passwd|pwd|.*hash(ed)?|hash.*|.*secret.*|.*salt|pepper|internal.*|.*internal|is_?internal|.*private_?key.*|mfa_?seed|totp_?seed|otp_?seed)$/i;

export const sensitiveFieldsCheck: Check = {
  id: 'sensitive-fields',
  title: 'No sensitive fields in responses',
  section: 'Data exposure',
  items: ['DATA-1'],
  async run(ctx: CheckContext) {
    if (ctx.userA && ctx.api) {
      const reads = ctx.api.operations.filter(
        (op) => op.method === 'GET' && !op.isPublic && !op.path.includes('{'),
      );
      for (const op of reads.slice(0, 8))
        await ctx.send({ method: 'GET', path: op.path, as: ctx.userA });
    }
    const docPath = 'path' in ctx.options.openapi ? ctx.options.openapi.path : undefined;
    const seen = new Set<string>();
    for (const exchange of ctx.http.exchanges) {
      if (exchange.simulated || !is2xx(exchange) || exchange.json === undefined) continue;
      const pathname = new URL(exchange.url).pathname;
      if (pathname === docPath) continue;
      report(ctx, exchange, pathname, seen);
    }
  },
};

function report(ctx: CheckContext, exchange: Exchange, pathname: string, seen: Set<string>): void {
  const route = pathname.replace(/[^/]{16,}/g, '{id}');
  for (const { key, empty } of sensitiveKeys(exchange.json)) {
    const id = `${exchange.method} ${route} ${key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    ctx.report('DATA-1', {
      detail: `The response of ${exchange.method} ${route} has a field "${key}"${empty ? ' (empty, but the name shows the serializer passes internal fields through)' : ''}.`,
      evidence: [exchange],
      location: id,
      ...(empty ? { severity: 'low' as const } : {}),
    });
  }
}

/** Sensitive-looking keys anywhere in a JSON value (bounded depth and breadth). */
export function sensitiveKeys(value: unknown, depth = 0): { key: string; empty: boolean }[] {
  if (depth > 6) return [];
  if (Array.isArray(value))
    return value.slice(0, 20).flatMap((item) => sensitiveKeys(item, depth + 1));
  const object = asObject(value);
  if (!object) return [];
  return Object.entries(object).flatMap(([key, inner]) => [
    ...(SENSITIVE_KEY.test(key)
      ? [{ key, empty: inner === null || inner === '' || inner === undefined }]
      : []),
    ...sensitiveKeys(inner, depth + 1),
  ]);
}
