// AUTH-1: every operation the OpenAPI document does not declare public (`security: []`) must
// answer 401 without credentials. Destructive operations are only sent against audit objects.
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { is2xx } from '../http/client.js';
import { idOf } from '../own-objects.js';
import { DESTRUCTIVE, opName, targetFor } from './targets.js';

export const authnRequiredCheck: Check = {
  id: 'authn-required',
  title: 'Authentication required on every non-public operation',
  section: 'Authentication',
  items: ['AUTH-1'],
  async run(ctx: CheckContext) {
    if (!ctx.api) ctx.skip('needs the OpenAPI document');
    const secured = ctx.api.operations.filter(
      (op) => !op.isPublic && !['OPTIONS', 'HEAD', 'TRACE'].includes(op.method),
    );
    if (secured.length === 0) ctx.skip('the OpenAPI document declares no secured operation');
    const odd: string[] = [];
    for (const op of secured) {
      const target = await targetFor(ctx, op);
      if (DESTRUCTIVE.has(op.method) && !target.ownObject) {
        ctx.note(
          `${opName(op)} not sent: it is destructive and no object of the audit fits its path`,
        );
        continue;
      }
      const exchange = await ctx.send({
        method: op.method,
        path: target.path,
        ...(target.body === undefined ? {} : { json: target.body }),
      });
      if (is2xx(exchange)) {
        ctx.report('AUTH-1', {
          detail: `${opName(op)} answered ${exchange.status} without any credentials.`,
          evidence: [exchange],
          location: opName(op),
        });
        // A wrongly accepted write still leaves an object behind: adopt it so clean-up deletes it.
        const resource = ctx.api.resources.find((r) => r.create === op);
        const created = resource ? idOf(exchange) : undefined;
        if (resource && created !== undefined && ctx.userA)
          ctx.objects.track(resource, created, ctx.userA);
        if (op.method === 'DELETE' && target.id !== undefined) ctx.objects.markDeleted(target.id);
      } else if (exchange.status === 429) {
        ctx.note(`${opName(op)}: rate-limited (429), inconclusive`);
      } else if (exchange.status !== 401) {
        odd.push(`${opName(op)} -> ${exchange.status}`);
      }
    }
    if (odd.length > 0)
      ctx.note(
        `answered without credentials with a status other than 401 (no bypass, but check the order of auth and validation): ${odd.join(', ')}`,
      );
  },
};
