// RATE-1/2: limited responses advertise their budget, and a bounded burst at one cheap endpoint
// (at most 150 requests, stopped at the first 429) is throttled with Retry-After. Runs last among
// the active checks because a successful result throttles the auditor's own address.
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { header, type Exchange } from '../http/client.js';
import { probePath } from './paths.js';

const MAX_BURST = 150;
const HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

export const rateLimitCheck: Check = {
  id: 'rate-limit',
  title: 'Rate limiting under a bounded burst',
  section: 'Rate limiting',
  items: ['RATE-1', 'RATE-2'],
  provokesThrottling: true,
  async run(ctx: CheckContext) {
    const path = probePath(ctx);
    const first = await ctx.send({ method: 'GET', path, retryOn429: false });
    const missing = HEADERS.filter((name) => header(first, name) === undefined);
    if (missing.length > 0 && first.status !== 429) {
      ctx.report('RATE-1', {
        detail: `GET ${path} carries no ${missing.join(', ')}.`,
        evidence: [first],
        location: `GET ${path}`,
      });
    }
    const remaining = Number(header(first, 'x-ratelimit-remaining') ?? NaN);
    if (Number.isFinite(remaining) && remaining >= MAX_BURST) {
      ctx.note(
        `X-RateLimit-Remaining is ${remaining}, above the burst bound of ${MAX_BURST}; the 429 was not provoked`,
      );
      return;
    }
    // Keep a few requests of the budget for the clean-up that follows.
    const burst = Math.min(MAX_BURST, ctx.http.budget.remaining - 5);
    let throttled: Exchange | undefined = first.status === 429 ? first : undefined;
    let sent = 1;
    for (; sent < burst && !throttled; sent += 1) {
      const exchange = await ctx.send({ method: 'GET', path, retryOn429: false });
      if (exchange.status === 429) throttled = exchange;
    }
    if (!throttled) {
      ctx.report('RATE-2', {
        detail: `${sent} unauthenticated requests to GET ${path} at up to ${ctx.options.maxRps}/s were all served; no 429.`,
        evidence: [first],
        location: `GET ${path}`,
      });
      return;
    }
    ctx.note(`first 429 after ${sent} requests`);
    const retryAfter = header(throttled, 'retry-after');
    if (retryAfter === undefined || !/^\s*\d+\s*$/.test(retryAfter)) {
      ctx.report('RATE-2', {
        detail: `The 429 carries ${retryAfter === undefined ? 'no Retry-After' : `Retry-After "${retryAfter}" (not seconds)`}.`,
        evidence: [throttled],
        location: `GET ${path} 429`,
        severity: 'low',
      });
    }
  },
};
