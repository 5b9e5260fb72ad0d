// INJ-1: classic SQL/NoSQL probes in query and path parameters of read operations. A sign is a
// 5xx, a database error string, or a tautology returning more rows than the plain value did.
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { is2xx, type Exchange } from '../http/client.js';
import { asArray, listItems } from '../openapi/json.js';
import { fillPath, type Operation } from '../openapi/model.js';
import { scalarText } from '../openapi/sample.js';
import { findLeaks } from './leak-patterns.js';

const PAYLOADS = ["'", "' OR '1'='1", '" OR "1"="1', '{"$gt":""}'];
const TAUTOLOGIES = new Set(["' OR '1'='1", '" OR "1"="1', '{"$gt":""}']);
const SKIP_PARAMS = /^(limit|pageSize|page_size|perPage|per_page|size|top|count|max)$/;

export const injectionCheck: Check = {
  id: 'injection',
  title: 'Injection probes on parameters',
  section: 'Input handling',
  items: ['INJ-1'],
  async run(ctx: CheckContext) {
    if (!ctx.api) ctx.skip('needs the OpenAPI document');
    const userA = ctx.userA;
    if (!userA) ctx.skip('needs user A (--token/--login)');
    const lists = ctx.api.operations.filter(
      (op) => op.method === 'GET' && !op.path.includes('{') && !op.isPublic,
    );
    for (const op of lists.slice(0, 5)) {
      for (const param of op.parameters
        .filter((p) => p.in === 'query' && !SKIP_PARAMS.test(p.name))
        .slice(0, 4)) {
        const plain = scalarText(asArray(param.schema?.enum)?.[0], 'rampart-audit');
        const baseline = await ctx.send({
          method: 'GET',
          path: `${op.path}?${param.name}=${encodeURIComponent(plain)}`,
          as: userA,
        });
        const baseCount = is2xx(baseline) ? listItems(baseline.json)?.length : undefined;
        for (const payload of PAYLOADS) {
          const exchange = await ctx.send({
            method: 'GET',
            path: `${op.path}?${param.name}=${encodeURIComponent(plain + payload)}`,
            as: userA,
          });
          judge(
            ctx,
            exchange,
            `${op.path} ?${param.name}`,
            TAUTOLOGIES.has(payload) ? baseCount : undefined,
            baseline,
          );
        }
      }
    }
    for (const resource of ctx.api.resources.slice(0, 3)) {
      const read: Operation | undefined = resource.read;
      if (!read) continue;
      for (const payload of PAYLOADS) {
        const exchange = await ctx.send({
          method: 'GET',
          path: fillPath(read.path, { [resource.idParam]: `rampart-audit${payload}` }),
          as: userA,
        });
        if (is2xx(exchange)) {
          ctx.report('INJ-1', {
            detail: `GET ${read.path} with id "rampart-audit${payload}" answered ${exchange.status}: the id is interpreted, not matched.`,
            evidence: [exchange],
            location: `GET ${read.path} {${resource.idParam}}`,
          });
        } else judge(ctx, exchange, `${read.path} {${resource.idParam}}`, undefined, undefined);
      }
    }
  },
};

function judge(
  ctx: CheckContext,
  exchange: Exchange,
  where: string,
  baseCount: number | undefined,
  baseline: Exchange | undefined,
): void {
  const leaks = findLeaks(exchange.body).filter((kind) => kind === 'SQL or database error');
  if (exchange.status >= 500 || leaks.length > 0) {
    ctx.report('INJ-1', {
      detail: `An injection probe on ${where} caused HTTP ${exchange.status}${leaks.length > 0 ? ' with a database error in the body' : ''}.`,
      evidence: [exchange],
      location: `GET ${where}`,
      severity: leaks.length > 0 ? 'high' : 'medium',
    });
    return;
  }
  const count = is2xx(exchange) ? listItems(exchange.json)?.length : undefined;
  if (baseCount !== undefined && count !== undefined && count > baseCount && baseline) {
    ctx.report('INJ-1', {
      detail: `A tautology on ${where} returned ${count} items where the plain value returned ${baseCount}.`,
      evidence: [baseline, exchange],
      location: `GET ${where}`,
    });
  }
}
