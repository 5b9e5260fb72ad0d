// HSTS-1: every HTTPS response, success or error, carries a long-lived HSTS policy (RFC 6797 §6.1).
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { header, type Exchange } from '../http/client.js';
import { probePath } from './paths.js';

const ONE_YEAR = 31_536_000;

export const hstsCheck: Check = {
  id: 'hsts',
  title: 'Strict-Transport-Security',
  section: 'Transport',
  items: ['HSTS-1'],
  async run(ctx: CheckContext) {
    if (new URL(ctx.options.origin).protocol !== 'https:') ctx.skip('target is not https://');
    const success = await ctx.send({
      method: 'GET',
      path: probePath(ctx),
      as: ctx.userA ?? 'anonymous',
    });
    const error = await ctx.send({
      method: 'GET',
      path: `/rampart-audit-not-found-${Date.now().toString(36)}`,
    });
    for (const [kind, exchange] of [
      ['success', success],
      ['error', error],
    ] as const)
      judge(ctx, kind, exchange);
  },
};

function judge(ctx: CheckContext, kind: string, exchange: Exchange): void {
  const report = (itemId: string, input: Parameters<CheckContext['report']>[1]): void => {
    ctx.report(itemId, input);
  };
  const value = header(exchange, 'strict-transport-security');
  const location = `${exchange.method} ${new URL(exchange.url).pathname} (${kind})`;
  if (value === undefined) {
    report('HSTS-1', {
      detail: `No Strict-Transport-Security header on the ${kind} response (HTTP ${exchange.status}).`,
      evidence: [exchange],
      location,
    });
    return;
  }
  const maxAge = Number(/max-age\s*=\s*"?(\d+)/i.exec(value)?.[1] ?? '0');
  const problems = [
    ...(maxAge < ONE_YEAR ? [`max-age=${maxAge} is below one year`] : []),
    ...(/includesubdomains/i.test(value) ? [] : ['includeSubDomains is missing']),
  ];
  if (problems.length > 0)
    report('HSTS-1', {
      detail: `Weak HSTS policy "${value}": ${problems.join(', ')}.`,
      evidence: [exchange],
      location,
      severity: 'low',
    });
}
