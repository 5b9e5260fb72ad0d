// The speed goals of the open issues, checked against one run's summary. Ratios are
// printed by CPU µs/request (the figure to trust on a shared box) and by req/s.

const GOALS = [
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
    what: 'public route, limiter in Redis vs in-process',
    route: 'public',
    target: 'rampart-redis',
    base: 'rampart',
    min: 0.8,
  },
];

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : '—');

/** One table: goal, CPU ratio, req/s ratio, verdict by the CPU ratio. */
export function formatGoals(summary) {
  const lines = [
    '',
    '### Goals (ratio = how close to the baseline; by CPU µs/request, then req/s)',
    '',
  ];
  lines.push('| issue | goal | min | CPU ratio | req/s ratio | met |');
  lines.push('|---:|---|---:|---:|---:|:---:|');
  for (const g of GOALS) {
    const t = summary[g.route]?.[g.target];
    const b = summary[g.baseRoute ?? g.route]?.[g.base];
    if (t === undefined || b === undefined) {
      lines.push(`| ${g.issue} | ${g.what} | ${g.min} | — | — | not measured |`);
      continue;
    }
    const cpu = b.cpuUsPerReq / t.cpuUsPerReq;
    const rps = t.rps / b.rps;
    lines.push(
      `| ${g.issue} | ${g.what} | ${g.min} | ${fmt(cpu)} | ${fmt(rps)} | ${cpu >= g.min ? 'yes' : 'NO'} |`,
    );
  }
  return lines.join('\n');
}
