// AUTH-2: credentials in a URL end up in logs, proxies and browser history. A valid token or API
// key moved into the query string must not authenticate, and a request carrying one should be
// refused outright (API.md: 400) rather than served.
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { header, is2xx, type Exchange } from '../http/client.js';
import { CANARY_TOKEN } from './plain-http.js';

export const queryCredentialsCheck: Check = {
  id: 'query-credentials',
  title: 'Tokens and API keys in query strings are refused',
  section: 'Authentication',
  items: ['AUTH-2'],
  async run(ctx: CheckContext) {
    if (!ctx.probe) ctx.skip('needs a secured GET operation from the OpenAPI document');
    if (!ctx.userA && ctx.options.apiKey === undefined)
      ctx.skip('needs --token/--login or --api-key');
    const path = ctx.probe.path;
    const accepted: Exchange[] = [];
    if (ctx.userA) {
      for (const name of ['access_token', 'token']) {
        const exchange = await ctx.send({
          method: 'GET',
          path: `${path}?${name}=${encodeURIComponent(ctx.userA.token)}`,
        });
        if (is2xx(exchange)) accepted.push(exchange);
      }
      // The same valid header, plus a (worthless) token in the URL: the request should still be refused.
      const mixed = await ctx.send({
        method: 'GET',
        path: `${path}?access_token=${CANARY_TOKEN}`,
        as: ctx.userA,
      });
      if (is2xx(mixed)) {
        ctx.report('AUTH-2', {
          detail: `A request with access_token in its query string was served (${mixed.status}) instead of refused with 400.`,
          evidence: [mixed],
          location: `GET ${path}?access_token=`,
          severity: 'low',
        });
      }
    }
    if (ctx.options.apiKey !== undefined) {
      const keyPath = await apiKeyPath(ctx, ctx.options.apiKey);
      if (keyPath === undefined)
        ctx.note(
          '--api-key was not accepted in the X-API-Key header on any parameterless GET; query test skipped',
        );
      else {
        for (const name of ['api_key', 'apiKey']) {
          const exchange = await ctx.send({
            method: 'GET',
            path: `${keyPath}?${name}=${encodeURIComponent(ctx.options.apiKey)}`,
          });
          if (is2xx(exchange)) accepted.push(exchange);
        }
      }
    }
    if (accepted.length > 0) {
      const names = accepted.map((e) => new URL(e.url).searchParams.keys().next().value ?? '?');
      ctx.report('AUTH-2', {
        detail: `A credential in the query string authenticated the request (${names.join(', ')}).`,
        evidence: accepted,
        location: 'credential in query string',
        severity: 'high',
      });
    }
  },
};

/** The first parameterless secured GET the API key can read with the header, to test the same read via the URL. */
async function apiKeyPath(
  ctx: Parameters<Check['run']>[0],
  apiKey: string,
): Promise<string | undefined> {
  const candidates = (ctx.api?.operations ?? [])
    .filter((op) => op.method === 'GET' && !op.isPublic && !op.path.includes('{'))
    .slice(0, 4);
  for (const op of candidates) {
    const exchange = await ctx.send({
      method: 'GET',
      path: op.path,
      headers: { 'x-api-key': apiKey },
    });
    if (is2xx(exchange) && header(exchange, 'content-type') !== undefined) return op.path;
  }
  return undefined;
}
