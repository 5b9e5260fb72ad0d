// The speed goals of the open issues, checked against one run's summary. Ratios are
// printed by CPU µs/request (the figure to trust on a shared box) and by req/s.
import { median } from './report.mjs';

export const GOALS = [
  {
    issue: 2,
    what: 'public route, full pipeline vs bare Fastify',
    route: 'public',
    target: 'rampart',
    base: 'fastify-bare',
    min: 0.7,
  },
  {
    issue: 3,
    what: 'GET /v1/me (JWT) vs bare Fastify',
    route: 'me',
    target: 'rampart',
    base: 'fastify-bare',
    min: 0.65,
  },
  {
    issue: 3,
    what: 'GET /v1/me (JWT) vs Fastify + plugins',
    route: 'me',
    target: 'rampart',
    base: 'fastify-plugins',
    min: 2,
  },
  {
    issue: 4,
    what: 'invoice by API key vs by JWT',
    route: 'invoiceKey',
    target: 'rampart',
    base: 'rampart',
    baseRoute: 'invoice',
    min: 0.95,
  },
  {
    issue: 5,
    what: 'GET /v1/invoices/:id (JWT) vs bare Fastify',
    route: 'invoice',
    target: 'rampart',
    base: 'fastify-bare',
    min: 0.65,
  },
  {
    issue: 5,
    what: 'GET /v1/invoices/:id (JWT) vs Fastify + plugins',
    route: 'invoice',
    target: 'rampart',
    base: 'fastify-plugins',
    min: 2,
  },
  {
    issue: 5,
    what: 'list of 100 vs bare Fastify',
    route: 'list',
    target: 'rampart',
    base: 'fastify-bare',
    min: 0.5,
  },
  {
    issue: 6,
    what: 'public route, in-process limiter cost (admit-all ÷ with limiter; 0.95 = adds ≤ 5 %)',
    route: 'public',
    target: 'rampart',
    base: 'rampart-admit-all',
    min: 0.95,
  },
  {
    issue: 6,
    what: 'public route, limiter in Redis vs in-process',
    route: 'public',
    target: 'rampart-redis',
    base: 'rampart',
    min: 0.8,
  },
];

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : '—');

/**
 * Per-round CPU ratios of one goal: the baseline's and the target's samples of the same
 * round ran minutes apart at most, so their ratio is less exposed to the box drifting
 * (this VM's per-request CPU moves by ±20 % over minutes) than a ratio of two medians.
 */
function pairedRatios(samples, g) {
  const out = [];
  for (const t of samples) {
    if (t.route !== g.route || t.target !== g.target) continue;
    const b = samples.find(
      (x) => x.round === t.round && x.route === (g.baseRoute ?? g.route) && x.target === g.base,
    );
    if (b !== undefined && t.cpuUsPerReq > 0) out.push(b.cpuUsPerReq / t.cpuUsPerReq);
  }
  return out.sort((a, b) => a - b);
}

/**
 * One table: goal, CPU ratio of the medians, the median of per-round (paired) CPU ratios
 * with their range, req/s ratio. A goal is met only when both CPU figures reach it.
 */
export function formatGoals(summary, samples = []) {
  const lines = [
    '',
    '### Goals (ratio = how close to the baseline; by CPU µs/request, then req/s)',
    '',
  ];
  lines.push('| issue | goal | min | CPU ratio | paired CPU ratio (range) | req/s ratio | met |');
  lines.push('|---:|---|---:|---:|---|---:|:---:|');
  for (const g of GOALS) {
    const t = summary[g.route]?.[g.target];
    const b = summary[g.baseRoute ?? g.route]?.[g.base];
    if (t === undefined || b === undefined) {
      lines.push(`| ${g.issue} | ${g.what} | ${g.min} | — | — | — | not measured |`);
      continue;
    }
    const cpu = b.cpuUsPerReq / t.cpuUsPerReq;
    const rps = t.rps / b.rps;
    const paired = pairedRatios(samples, g);
    const pairedMedian = median(paired);
    const pairedText =
      paired.length === 0
        ? '—'
        : `${fmt(pairedMedian)} (${fmt(paired[0])}–${fmt(paired[paired.length - 1])})`;
    const met = cpu >= g.min && (paired.length === 0 || pairedMedian >= g.min);
    lines.push(
      `| ${g.issue} | ${g.what} | ${g.min} | ${fmt(cpu)} | ${pairedText} | ${fmt(rps)} | ${met ? 'yes' : 'NO'} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The goals measured side by side: target and baseline loaded at the same time, both
 * servers on the same core, each with its own load generator. Whatever the box does during
 * the window (a noisy neighbour, a slower phase) it does to both, so their CPU µs/request
 * ratio holds still where sequential windows drift by ±20 % within minutes. Goals whose
 * target and baseline are one server (two routes of it) cannot be split this way.
 */
/** Whether a goal gets side-by-side windows in this mode (`same`: our own variants only). */
export function measuredSideBySide(goal, mode) {
  if (mode === '0' || goal.base === goal.target) return false;
  const ours = (name) => name.startsWith('rampart');
  return mode === 'all' || (ours(goal.target) && ours(goal.base));
}

export function formatSideBySide(results, mode = 'same') {
  const lines = [
    '',
    '### Goals measured side by side (both servers loaded at once on one core; CPU µs/request ratio per round)',
    '',
    '| issue | goal | min | median ratio (range) | target µs / baseline µs (medians) | met |',
    '|---:|---|---:|---|---|:---:|',
  ];
  for (const g of GOALS) {
    const r = results.find((x) => x.goal === g);
    if (r === undefined || r.ratios.length === 0) {
      const why =
        g.base === g.target
          ? 'one server: sequential only'
          : !measuredSideBySide(g, mode)
            ? 'another stack: sequential only (BENCH_SIDE_BY_SIDE=all)'
            : 'not measured';
      lines.push(`| ${g.issue} | ${g.what} | ${g.min} | — | — | ${why} |`);
      continue;
    }
    const sorted = [...r.ratios].sort((a, b) => a - b);
    const m = median(sorted);
    lines.push(
      `| ${g.issue} | ${g.what} | ${g.min} | ${fmt(m)} (${fmt(sorted[0])}–${fmt(sorted[sorted.length - 1])}) | ${median(r.targetUs).toFixed(1)} / ${median(r.baseUs).toFixed(1)} | ${m >= g.min ? 'yes' : 'NO'} |`,
    );
  }
  return lines.join('\n');
}
