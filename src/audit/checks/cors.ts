// CORS-1..3: a hostile origin, the `null` origin and wildcard-with-credentials, on a simple
// request and on a preflight. No credentials are sent: the server's CORS answer does not need them.
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { header, type Exchange } from '../http/client.js';
import { probePath } from './paths.js';

const EVIL_ORIGIN = 'https://evil.rampart-audit.invalid';

export const corsCheck: Check = {
  id: 'cors',
  title: 'CORS origin handling',
  section: 'CORS',
  items: ['CORS-1', 'CORS-2', 'CORS-3'],
  async run(ctx: CheckContext) {
    const path = probePath(ctx);
    const simple = await ctx.send({ method: 'GET', path, headers: { origin: EVIL_ORIGIN } });
    const preflight = await ctx.send({
      method: 'OPTIONS',
      path,
      headers: {
        origin: EVIL_ORIGIN,
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'authorization',
      },
    });
    const nullOrigin = await ctx.send({ method: 'GET', path, headers: { origin: 'null' } });

    for (const [kind, exchange] of [
      ['request', simple],
      ['preflight', preflight],
    ] as const) {
      const allowOrigin = header(exchange, 'access-control-allow-origin');
      const credentials = allowsCredentials(exchange);
      if (allowOrigin === EVIL_ORIGIN) {
        ctx.report('CORS-1', {
          detail: `The ${kind} from ${EVIL_ORIGIN} was answered with Access-Control-Allow-Origin: ${allowOrigin}${credentials ? ' and Access-Control-Allow-Credentials: true, so any site can read authenticated responses' : ''}.`,
          evidence: [exchange],
          location: `${exchange.method} ${path}`,
          severity: credentials ? 'high' : 'medium',
        });
      }
      if (allowOrigin === '*' && credentials) {
        ctx.report('CORS-3', {
          detail: `The ${kind} was answered with Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true.`,
          evidence: [exchange],
          location: `${exchange.method} ${path}`,
        });
      }
    }
    if (header(nullOrigin, 'access-control-allow-origin') === 'null') {
      ctx.report('CORS-2', {
        detail: `Origin: null was allowed${allowsCredentials(nullOrigin) ? ' with credentials' : ''}.`,
        evidence: [nullOrigin],
        location: `GET ${path}`,
        severity: allowsCredentials(nullOrigin) ? 'high' : 'medium',
      });
    }
  },
};

function allowsCredentials(exchange: Exchange): boolean {
  return header(exchange, 'access-control-allow-credentials')?.toLowerCase() === 'true';
}
