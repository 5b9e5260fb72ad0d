// HTTP-1: the plain-HTTP listener must never serve the API. The probe carries a canary bearer
// value, never a real credential, because a flawed listener would receive it in clear text.
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { header, is2xx } from '../http/client.js';

export const CANARY_TOKEN = 'rampart-audit-canary-not-a-credential';

export const plainHttpCheck: Check = {
  id: 'plain-http',
  title: 'Plain-HTTP listener does not serve the API',
  section: 'Transport',
  items: ['HTTP-1'],
  async run(ctx: CheckContext) {
    const path = ctx.probe?.path ?? '/v1/';
    if (new URL(ctx.options.origin).protocol === 'http:') {
      const exchange = await ctx.send({
        method: 'GET',
        path,
        headers: { authorization: `Bearer ${CANARY_TOKEN}` },
      });
      ctx.report('HTTP-1', {
        detail: 'The audited origin itself is plain HTTP: every credential travels in clear text.',
        evidence: [exchange],
        location: `${ctx.options.origin}${path}`,
      });
      return;
    }
    if (ctx.options.httpPort === undefined)
      ctx.skip('no --http-port given; the plain-HTTP listener was not tested');
    const exchange = await ctx.send({
      method: 'GET',
      path,
      plainHttp: true,
      headers: { authorization: `Bearer ${CANARY_TOKEN}` },
    });
    const location = `http :${ctx.options.httpPort} GET ${path}`;
    if (is2xx(exchange) || exchange.status === 401) {
      // 401 is as bad as 200 here: the listener read and judged the credential, so a valid one
      // leaked over HTTP would have worked. API.md wants 403 before credentials are looked at.
      ctx.report('HTTP-1', {
        detail: `GET ${path} over plain HTTP answered ${exchange.status}: the API itself is served without TLS${exchange.status === 401 ? ' (it evaluated the bearer credential)' : ''}.`,
        evidence: [exchange],
        location,
      });
    } else if (exchange.status !== 403 && (exchange.status < 300 || exchange.status >= 400)) {
      // Neither refused nor redirected: see whether a public document is served in clear text.
      const docPath = 'path' in ctx.options.openapi ? ctx.options.openapi.path : '/openapi.json';
      const doc = await ctx.send({ method: 'GET', path: docPath, plainHttp: true });
      if (is2xx(doc)) {
        ctx.report('HTTP-1', {
          detail: `Plain HTTP answered GET ${path} with ${exchange.status} and served GET ${docPath} (${doc.status}): the application is reachable without TLS.`,
          evidence: [exchange, doc],
          location,
        });
      } else {
        ctx.note(
          `plain-HTTP GET ${path} answered ${exchange.status}; expected 403 https-required or a redirect to HTTPS`,
        );
      }
    } else if (exchange.status >= 300 && exchange.status < 400) {
      const target = header(exchange, 'location') ?? '';
      if (!target.startsWith('https://')) {
        ctx.report('HTTP-1', {
          detail: `Plain-HTTP ${path} redirects to "${target}", not to an https:// URL.`,
          evidence: [exchange],
          location,
          severity: 'medium',
        });
      } else {
        ctx.note(
          `plain-HTTP ${path} redirects to HTTPS (${exchange.status}); a 403 makes clients that leak tokens over HTTP fail loudly instead`,
        );
      }
    }
  },
};
