// ERR-1..3: provoke errors (malformed JSON, wrong types, huge values, wrong content type, unknown
// route, unsupported method) and read them for internals; then scan every error response the
// audit has seen so far, since any check may have provoked the revealing one.
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { header, is2xx, type Exchange } from '../http/client.js';
import { idOf } from '../own-objects.js';
import { asObject } from '../openapi/json.js';
import { sampleValue, wrongTypes } from '../openapi/sample.js';
import { findLeaks } from './leak-patterns.js';
import { basePath, nonce, probePath } from './paths.js';

export const errorLeakageCheck: Check = {
  id: 'error-leakage',
  title: 'Error responses leak no internals',
  section: 'Errors',
  items: ['ERR-1', 'ERR-2', 'ERR-3'],
  async run(ctx: CheckContext) {
    const path = probePath(ctx);
    const provoked: Exchange[] = [];
    provoked.push(
      await ctx.send({ method: 'GET', path: `${basePath(path)}/rampart-audit-${nonce()}` }),
    );
    const methodProbe = await ctx.send({
      method: 'TRACE',
      path,
      ...(ctx.userA ? { as: ctx.userA } : {}),
    });
    provoked.push(methodProbe);
    const api = ctx.api;
    const resource = api?.resources[0];
    if (api && resource && ctx.userA) {
      const doc = api.doc;
      const valid = asObject(sampleValue(doc, resource.create.requestSchema)) ?? {};
      const huge = Object.fromEntries(
        Object.entries(valid).map(([key, value]) => [
          key,
          typeof value === 'number' ? 1e308 : typeof value === 'string' ? 'A'.repeat(5000) : value,
        ]),
      );
      const bodies: { label: string; body: string; type?: string }[] = [
        { label: 'malformed JSON', body: '{"rampart-audit": ' },
        {
          label: 'wrong types',
          body: JSON.stringify(wrongTypes(doc, resource.create.requestSchema)),
        },
        { label: 'huge values', body: JSON.stringify(huge) },
        { label: 'wrong content type', body: 'rampart-audit=1', type: 'text/plain' },
      ];
      for (const { label, body, type } of bodies) {
        const exchange = await ctx.send({
          method: 'POST',
          path: resource.collectionPath,
          body,
          headers: { 'content-type': type ?? 'application/json' },
          as: ctx.userA,
        });
        provoked.push(exchange);
        const created = is2xx(exchange) ? idOf(exchange) : undefined;
        if (created !== undefined) {
          ctx.objects.track(resource, created, ctx.userA);
          ctx.note(
            `POST ${resource.collectionPath} with ${label} was accepted (HTTP ${exchange.status}); input validation looks missing`,
          );
        }
      }
      provoked.push(
        await ctx.send({
          method: 'GET',
          path: `${resource.collectionPath}/${'A'.repeat(300)}`,
          as: ctx.userA,
        }),
      );
    }

    if (methodProbe.status !== 405 || header(methodProbe, 'allow') === undefined) {
      ctx.report('ERR-3', {
        detail: `TRACE ${path} answered ${methodProbe.status}${header(methodProbe, 'allow') === undefined ? ' without an Allow header' : ''} instead of 405 with Allow.`,
        evidence: [methodProbe],
        location: `TRACE ${path}`,
      });
    }
    const notProblem = provoked.filter(
      (e) =>
        e.status >= 400 &&
        e.status !== 405 &&
        !/application\/problem\+json/i.test(header(e, 'content-type') ?? ''),
    );
    if (notProblem.length > 0) {
      ctx.report('ERR-2', {
        detail: `${notProblem.length} error response(s) are not application/problem+json: ${notProblem.map((e) => `${e.method} ${new URL(e.url).pathname.slice(0, 40)} -> ${e.status} ${header(e, 'content-type') ?? 'no content type'}`).join('; ')}.`,
        evidence: notProblem,
        location: 'error responses',
      });
    }
    scanErrors(ctx);
  },
};

/** Every error response so far (all checks), de-duplicated by leak kind and route. */
function scanErrors(ctx: CheckContext): void {
  for (const exchange of ctx.http.exchanges) {
    if (exchange.simulated || exchange.status < 400) continue;
    const leaks = findLeaks(`${exchange.body}\n${header(exchange, 'x-error') ?? ''}`);
    if (leaks.length === 0) continue;
    const route = new URL(exchange.url).pathname.replace(/[^/]{24,}/g, '…');
    ctx.report('ERR-1', {
      detail: `An HTTP ${exchange.status} error body reveals: ${leaks.join(', ')}.`,
      evidence: [exchange],
      location: `${exchange.method} ${route} (${leaks.join(', ')})`,
    });
  }
}
