// Statistics and the printed report.
import { BASELINES } from '../targets.mjs';

export function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export const SATURATED_PCT = 90;
export const NOISY_PCT = 5;

/** Medians per (route, target) from the raw samples, plus ratios against the baselines. */
export function summarize(samples, routes, targetNames) {
  const summary = {};
  for (const route of routes) {
    const row = {};
    for (const name of targetNames) {
      const s = samples.filter((x) => x.route === route && x.target === name);
      if (s.length === 0) continue;
      const rpsAll = s.map((x) => x.rps);
      const rps = median(rpsAll);
      row[name] = {
        rounds: s.length,
        rps,
        rpsMin: Math.min(...rpsAll),
        rpsMax: Math.max(...rpsAll),
        p50Ms: median(s.map((x) => x.p50Ms)),
        p99Ms: median(s.map((x) => x.p99Ms)),
        cpuUsPerReq: median(s.map((x) => x.cpuUsPerReq)),
        cpuPct: median(s.map((x) => x.cpuPct)),
        saturated: median(s.map((x) => x.cpuPct)) >= SATURATED_PCT,
        requests: s.reduce((a, x) => a + x.requests, 0),
        non2xx: s.reduce((a, x) => a + x.non2xx, 0),
        errors: s.reduce((a, x) => a + x.errors, 0),
        otherPct: median(s.map((x) => x.otherPct)),
        loadgenCorePct: median(s.map((x) => x.loadgenCorePct)),
        rssKiB: median(s.map((x) => x.rssKiB)),
      };
    }
    for (const [key, baseName] of Object.entries(BASELINES)) {
      const base = row[baseName];
      for (const r of Object.values(row)) {
        r[`rpsX_${key}`] = base ? r.rps / base.rps : Number.NaN;
        // CPU ratio: baseline µs ÷ target µs, i.e. "fraction of the baseline's efficiency"
        // (1.00 = as cheap as the baseline; 0.25 = four times the CPU per request).
        r[`cpuX_${key}`] = base ? base.cpuUsPerReq / r.cpuUsPerReq : Number.NaN;
      }
    }
    summary[route] = row;
  }
  return summary;
}

const int = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—');
const fix = (x, d) => (Number.isFinite(x) ? x.toFixed(d) : '—');

function table(header, rows, alignRight) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (alignRight[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (alignRight[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), sep, ...rows.map(line)].join('\n');
}

export function formatRouteTable(route, label, row, targetOrder) {
  const header = [
    'target',
    'req/s',
    '±',
    'p99 ms',
    'CPU µs/req',
    'CPU %',
    'sat',
    'req/s ×bare',
    'CPU ×bare',
    'req/s ×plugins',
    'CPU ×plugins',
    'non-2xx/err',
  ];
  const rows = [];
  for (const name of targetOrder) {
    const r = row[name];
    if (!r) continue;
    const spread = r.rps > 0 ? ((r.rpsMax - r.rpsMin) / 2 / r.rps) * 100 : Number.NaN;
    rows.push([
      name,
      int(r.rps),
      r.rounds > 1 ? `${fix(spread, 0)}%` : '—',
      fix(r.p99Ms, 1),
      fix(r.cpuUsPerReq, 0),
      fix(r.cpuPct, 0),
      r.saturated ? 'yes' : 'NO',
      fix(r.rpsX_bare, 2),
      fix(r.cpuX_bare, 2),
      fix(r.rpsX_plugins, 2),
      fix(r.cpuX_plugins, 2),
      `${r.non2xx}/${r.errors}`,
    ]);
  }
  const out = [
    `### ${route}: ${label}`,
    '',
    table(
      header,
      rows,
      header.map((_, i) => i > 0),
    ),
  ];
  const notes = [];
  const unsat = targetOrder.filter((n) => row[n] && !row[n].saturated);
  if (unsat.length) {
    const lg = unsat.filter((n) => row[n].loadgenCorePct >= SATURATED_PCT);
    notes.push(
      `not CPU-bound (< ${SATURATED_PCT}% of its core): ${unsat.join(', ')} — req/s understates what it can do; compare CPU µs/req.` +
        (lg.length
          ? ` The load generator's core was ≥ ${SATURATED_PCT}% busy for ${lg.join(', ')}: the load generator (or whatever shares its core) was the limit.`
          : ''),
    );
  }
  const noisy = targetOrder.filter((n) => row[n] && row[n].otherPct >= NOISY_PCT);
  if (noisy.length) {
    notes.push(
      `other processes used the server core during the window (median): ${noisy.map((n) => `${n} ${row[n].otherPct.toFixed(0)}%`).join(', ')} — req/s and p99 are depressed; CPU µs/req much less so.`,
    );
  }
  const bad = targetOrder.filter((n) => row[n] && (row[n].non2xx > 0 || row[n].errors > 0));
  if (bad.length)
    notes.push(
      `non-2xx answers or socket errors were counted for: ${bad.join(', ')} — their figures are suspect.`,
    );
  if (notes.length) out.push('', ...notes.map((n) => `> ${n}`));
  return out.join('\n');
}

export const LEGEND = [
  'req/s and p99: medians over rounds; ± = half the min–max spread of req/s across rounds.',
  'CPU µs/req: server process utime+stime over the measured window ÷ requests (median); the',
  'figure to trust on a noisy box. CPU %: of one core; sat = yes when ≥ 90 %. "other" (progress',
  'lines, JSON otherPct): time other processes spent on the server core during the window;',
  '"lg-core": how busy the load generator core was.',
  '×bare / ×plugins: req/s ratio = target ÷ baseline; CPU ratio = baseline µs ÷ target µs',
  '(1.00 = as cheap per request as the baseline, 0.25 = four times its CPU per request).',
].join('\n');
