// ENUM-1/2: login with an unknown email and with a known email and a wrong password must be
// indistinguishable by status, body and time. Samples interleave the two kinds so that load on
// the target affects both alike. Wrong passwords rotate over every known account so none gets
// more than four failures (API.md locks at five a minute). A throttled attempt is retried after
// Retry-After; only the final attempt's time is measured.
import { randomBytes } from 'node:crypto';
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import type { Exchange } from '../http/client.js';
import { asObject } from '../openapi/json.js';

/** Measured samples per kind: three per known account, at most six; plus one warm-up round. */
const SAMPLES_PER_ACCOUNT = 3;
const MAX_SAMPLES = 6;
/**
 * A timing signal needs all three: medians at least 50 ms and 1.5x apart, and no overlap at all
 * (every sample of the slow kind slower than every sample of the fast one). By chance alone, no
 * overlap happens 1 time in 10 with 3+3 samples and 1 in 460 with 6+6; the thresholds on top keep
 * a loaded machine's jitter from reading as a leak.
 */
const MIN_DIFF_MS = 50;
const MIN_RATIO = 1.5;
const VOLATILE_KEYS = new Set([
  'requestId',
  'request_id',
  'traceId',
  'instance',
  'timestamp',
  'time',
  'id',
]);

export const userEnumCheck: Check = {
  id: 'user-enum',
  title: 'Login does not reveal which accounts exist',
  section: 'Login and session',
  items: ['ENUM-1', 'ENUM-2'],
  async run(ctx: CheckContext) {
    const emails = [ctx.userA, ctx.userB, ctx.userLow].flatMap((p) =>
      p?.email === undefined ? [] : [p.email],
    );
    if (emails.length === 0) ctx.skip('needs a --login recipe (a known email)');
    const rounds = 1 + Math.min(MAX_SAMPLES, SAMPLES_PER_ACCOUNT * emails.length);
    const unknown: Exchange[] = [];
    const wrong: Exchange[] = [];
    for (let round = 0; round < rounds; round += 1) {
      unknown.push(await login(ctx, `rampart-audit-${randomBytes(6).toString('hex')}@example.com`));
      wrong.push(await login(ctx, emails[round % emails.length] ?? ''));
    }
    if ([...unknown, ...wrong].some((e) => e.status === 429)) {
      ctx.note('login stayed rate-limited during sampling; enumeration results are inconclusive');
      return;
    }
    const a = unknown[1];
    const b = wrong[1];
    if (!a || !b) return;
    if (a.status !== b.status || normalise(a) !== normalise(b)) {
      ctx.report('ENUM-1', {
        detail: `Unknown email answered HTTP ${a.status}, wrong password answered HTTP ${b.status}${a.status === b.status ? ' with a different body' : ''}.`,
        evidence: [a, b],
        location: `POST ${ctx.options.loginPath}`,
      });
    }
    // The first round warms up connections and caches; it is left out of the timing.
    const tUnknown = unknown.slice(1).map((e) => e.durationMs);
    const tWrong = wrong.slice(1).map((e) => e.durationMs);
    const [slow, fast] =
      median(tWrong) >= median(tUnknown) ? [tWrong, tUnknown] : [tUnknown, tWrong];
    const gap = median(slow) - median(fast);
    const separated = Math.min(...slow) > Math.max(...fast);
    if (
      !ctx.http.dryRun &&
      separated &&
      gap >= MIN_DIFF_MS &&
      median(slow) / Math.max(1, median(fast)) >= MIN_RATIO
    ) {
      const show = (values: number[]): string => values.map((v) => v.toFixed(0)).join(', ');
      ctx.report('ENUM-2', {
        detail: `Login failures take measurably different time: unknown email ${show(tUnknown)} ms, wrong password ${show(tWrong)} ms (interleaved; medians ${median(tUnknown).toFixed(0)} vs ${median(tWrong).toFixed(0)} ms, no overlap).`,
        evidence: [a, b],
        location: `POST ${ctx.options.loginPath} timing`,
      });
    }
  },
};

function login(ctx: CheckContext, email: string): Promise<Exchange> {
  return ctx.send({
    method: 'POST',
    path: ctx.options.loginPath,
    json: { email, password: `rampart-audit-wrong-${randomBytes(4).toString('hex')}` },
  });
}

function normalise(exchange: Exchange): string {
  const body = asObject(exchange.json);
  if (!body) return exchange.body.replace(/[0-9a-f-]{16,}/gi, '');
  return JSON.stringify(
    Object.entries(body)
      .filter(([key]) => !VOLATILE_KEYS.has(key))
      .sort(([x], [y]) => x.localeCompare(y)),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
