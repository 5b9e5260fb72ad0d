// PAGE-1: list operations must refuse page sizes beyond their bound (API.md: 1–100, 400 otherwise,
// never clamped silently). -1 is tried too: some databases read `LIMIT -1` as "no limit".
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { is2xx } from '../http/client.js';
import { listItems } from '../openapi/json.js';

const PAGE_PARAMS = /^(limit|pageSize|page_size|perPage|per_page|size|top|count|max)$/;

export const pageSizeCheck: Check = {
  id: 'page-size',
  title: 'Page sizes are bounded',
  section: 'Data exposure',
  items: ['PAGE-1'],
  async run(ctx: CheckContext) {
    if (!ctx.api) ctx.skip('needs the OpenAPI document');
    const lists = ctx.api.operations.filter(
      (op) =>
        op.method === 'GET' &&
        !op.path.includes('{') &&
        op.parameters.some((p) => p.in === 'query' && PAGE_PARAMS.test(p.name)),
    );
    if (lists.length === 0) ctx.skip('no list operation with a page-size parameter');
    for (const op of lists.slice(0, 5)) {
      if (!op.isPublic && !ctx.userA) continue;
      const param =
        op.parameters.find((p) => p.in === 'query' && PAGE_PARAMS.test(p.name))?.name ?? 'limit';
      for (const value of ['1000', '-1']) {
        const exchange = await ctx.send({
          method: 'GET',
          path: `${op.path}?${param}=${value}`,
          as: op.isPublic ? 'anonymous' : (ctx.userA ?? 'anonymous'),
        });
        if (is2xx(exchange)) {
          const count = listItems(exchange.json)?.length;
          ctx.report('PAGE-1', {
            detail: `GET ${op.path}?${param}=${value} was served (HTTP ${exchange.status}${count === undefined ? '' : `, ${count} items`}) instead of refused with 400.`,
            evidence: [exchange],
            location: `GET ${op.path} ${param}=${value}`,
          });
        }
      }
    }
  },
};
