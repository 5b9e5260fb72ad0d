// ENUM-1/2: login with an unknown email and with a known email and a wrong password must be
// indistinguishable by status, body and time. Samples interleave the two kinds so that load on
// the target affects both alike; only four failures hit the known account (API.md locks at five).
// A throttled attempt is retried after Retry-After; only the final attempt's time is measured.
import { randomBytes } from 'node:crypto';
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import type { Exchange } from '../http/client.js';
import { asObject } from '../openapi/json.js';

const ROUNDS = 4;
/** Timing difference that counts as a signal: both absolute and relative, to ride over jitter. */
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
    const known = [ctx.userA, ctx.userB, ctx.userLow].find((p) => p?.email !== undefined);
    if (!known?.email) ctx.skip('needs a --login recipe (a known email)');
    const unknown: Exchange[] = [];
    const wrong: Exchange[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      unknown.push(await login(ctx, `rampart-audit-${randomBytes(6).toString('hex')}@example.com`));
      wrong.push(await login(ctx, known.email));
    }
    if ([...unknown, ...wrong].some((e) => e.status === 429)) {
      ctx.note('login was rate-limited during sampling; enumeration results are inconclusive');
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
    const tUnknown = median(unknown.slice(1).map((e) => e.durationMs));
    const tWrong = median(wrong.slice(1).map((e) => e.durationMs));
    const slow = Math.max(tUnknown, tWrong);
    const fast = Math.max(1, Math.min(tUnknown, tWrong));
    if (!ctx.http.dryRun && slow - fast >= MIN_DIFF_MS && slow / fast >= MIN_RATIO) {
      ctx.report('ENUM-2', {
        detail: `Median login time: unknown email ${tUnknown.toFixed(0)} ms, wrong password ${tWrong.toFixed(0)} ms (${ROUNDS - 1} samples each, interleaved).`,
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
