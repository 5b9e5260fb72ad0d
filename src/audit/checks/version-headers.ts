// HDR-2: passive — every response the audit received is read for headers that advertise the
// software and version behind the API (a gift to whoever scans for a known CVE).
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { header } from '../http/client.js';

const ALWAYS_REVEALING = ['x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version', 'x-generator'];

export const versionHeadersCheck: Check = {
  id: 'version-headers',
  title: 'No version-revealing headers',
  section: 'Security headers',
  items: ['HDR-2'],
  // Sends nothing: it reads what the other checks received.
  async run(ctx: CheckContext) {
    const real = ctx.http.exchanges.filter((e) => !e.simulated);
    if (real.length === 0) ctx.skip('no responses recorded to inspect');
    for (const exchange of real) {
      const server = header(exchange, 'server');
      if (server !== undefined && /\d/.test(server)) {
        ctx.report('HDR-2', {
          detail: `Server: ${server} reveals a version.`,
          evidence: [exchange],
          location: `Server: ${server}`,
        });
      }
      for (const name of ALWAYS_REVEALING) {
        const value = header(exchange, name);
        if (value !== undefined)
          ctx.report('HDR-2', {
            detail: `${name}: ${value} reveals the software stack.`,
            evidence: [exchange],
            location: `${name}: ${value}`,
          });
      }
    }
    return Promise.resolve();
  },
};
