#!/usr/bin/env node
// `npm run bench`: runs our service and the peer apps side by side and prints ratios.
// See bench/README.md for the method, the knobs and how to read the output.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, release, platform } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedBenchDatabase } from './seed.mjs';
import { generateBenchKeys, signBenchToken, SUPPORTED_ALGS } from './keys.mjs';
import { formatGoals, formatSideBySide, GOALS, measuredSideBySide } from './lib/goals.mjs';
import { BASELINES, defaultTargets, ROUTE_LABELS, ROUTES } from './targets.mjs';
import { selectLoadgen } from './lib/loadgen.mjs';
import {
  clockTicks,
  coreTimes,
  cpuMicros,
  cpuSplitMicros,
  freePort,
  hasProcfs,
  hasTaskset,
  LOADGEN_CORE,
  pinLocalRedis,
  pinSelf,
  rssKiB,
  SERVER_CORE,
  stopChild,
  tailFile,
  waitReady,
} from './lib/proc.mjs';
import { formatRouteTable, LEGEND, median, summarize } from './lib/report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const quick = env.BENCH_QUICK === '1';
const num = (name, dflt) => {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${v}`);
  return n;
};
const list = (name) =>
  env[name]
    ? env[name]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;

const cfg = {
  quick,
  rounds: Math.round(num('BENCH_ROUNDS', quick ? 1 : 3)),
  durationS: Math.round(num('BENCH_DURATION', quick ? 1 : 5)),
  warmupS: Math.round(num('BENCH_WARMUP', quick ? 1 : 2)),
  connections: Math.round(num('BENCH_CONNECTIONS', 50)),
  alg: env.BENCH_ALG ?? 'ES256',
  invoices: Math.round(num('BENCH_INVOICES', 100_000)),
  targets: list('BENCH_TARGETS'),
  routes: list('BENCH_ROUTES') ?? [...ROUTES],
  loadgen: env.BENCH_LOADGEN ?? null,
  keepTmp: env.BENCH_KEEP_TMP === '1',
  // After the sequential rounds, each goal's target and baseline once more, loaded at the same time.
  // `same` (default): goals comparing two builds of our own service; `all`: every goal; `0`: none.
  sideBySide: ['0', 'same', 'all'].includes(env.BENCH_SIDE_BY_SIDE)
    ? env.BENCH_SIDE_BY_SIDE
    : 'same',
  startTimeoutS: 15,
};
if (!SUPPORTED_ALGS.includes(cfg.alg))
  throw new Error(`BENCH_ALG must be one of ${SUPPORTED_ALGS.join(', ')}`);
for (const r of cfg.routes)
  if (!ROUTES.includes(r)) throw new Error(`unknown route ${r} (routes: ${ROUTES.join(', ')})`);

const log = (...a) => console.log(...a);
const startedAt = new Date();
const tmpDir = mkdtempSync(join(tmpdir(), 'rampart-bench-'));
const running = [];

let restoreRedis = () => undefined;

async function cleanup() {
  await Promise.all(running.map((t) => stopChild(t.child)));
  restoreRedis();
  if (!cfg.keepTmp) rmSync(tmpDir, { recursive: true, force: true });
}
// Redis gets its affinity back however the run ends (restore is synchronous and runs once).
process.once('exit', () => restoreRedis());
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    log(`\n${sig}: stopping servers`);
    cleanup().finally(() => process.exit(130));
  });
}

async function main() {
  const loadgen = selectLoadgen(cfg.loadgen);
  const pinnedSelf = pinSelf(LOADGEN_CORE);
  const ncpu = cpus().length;
  log('Rampart benchmark');
  log(
    `  node ${process.version}, ${platform()} ${release()}, ${ncpu} cores (${cpus()[0]?.model ?? '?'})`,
  );
  log(`  load generator: ${loadgen.label}, -c${cfg.connections}`);
  log(
    hasTaskset()
      ? `  pinning: servers on core ${SERVER_CORE}, load generator${pinnedSelf ? ' and harness' : ''} on core ${LOADGEN_CORE} (taskset)`
      : '  pinning: taskset not found — nothing pinned, figures are noisier',
  );
  const loadStart = loadavg();
  log(`  load average at start: ${loadStart.map((x) => x.toFixed(2)).join(' ')} (${ncpu} cores)`);
  if (ncpu < 2) log('  WARNING: fewer than 2 cores; server and load generator share a core');
  if (!hasProcfs()) log('  WARNING: /proc not readable — no CPU µs/request');
  log(
    `  ${cfg.rounds} round(s) × (warm-up ${cfg.warmupS} s + measured ${cfg.durationS} s), JWT ${cfg.alg}, ${cfg.invoices.toLocaleString('en-US')} invoices${quick ? ' [BENCH_QUICK]' : ''}`,
  );

  // Data, keys, token -------------------------------------------------------------------------
  const dbFile = join(tmpDir, 'bench.db');
  const seed = seedBenchDatabase(dbFile, { invoices: cfg.invoices });
  log(
    `  seeded ${seed.invoices.toLocaleString('en-US')} invoices in ${seed.organizations.length} organizations (${seed.seconds.toFixed(1)} s)`,
  );
  const keys = generateBenchKeys(cfg.alg);
  const token = await signBenchToken(keys, {
    sub: seed.benchUser.id,
    org: seed.benchUser.organizationId,
    role: seed.benchUser.role,
  });
  const ctx = {
    root,
    tmpDir,
    dbFile,
    seed,
    keys,
    alg: cfg.alg,
    token,
    invoices: cfg.invoices,
    env: { ...env },
  };

  // Targets ------------------------------------------------------------------------------------
  let targets = defaultTargets();
  if (cfg.targets) {
    const unknown = cfg.targets.filter((n) => !targets.some((t) => t.name === n));
    if (unknown.length) throw new Error(`unknown target(s) ${unknown.join(', ')}`);
    targets = targets.filter((t) => cfg.targets.includes(t.name));
  }
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (
    targets.some((t) => t.name.includes('redis')) &&
    /^rediss?:\/\/([^@/]*@)?(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(redisUrl)
  ) {
    const pin = pinLocalRedis(LOADGEN_CORE, new URL(redisUrl).port || '6379');
    restoreRedis = pin.restore;
    if (pin.pids.length > 0)
      log(
        `  redis-server (pid ${pin.pids.join(', ')}) moved to core ${LOADGEN_CORE} for the run, off the server core (BENCH_PIN_REDIS=0 to leave it)`,
      );
  }
  const targetInfo = [];
  log('');
  for (const t of targets) {
    const info = {
      name: t.name,
      description: t.description,
      status: 'skipped',
      reason: null,
      routes: {},
    };
    targetInfo.push(info);
    const why = t.unavailable(ctx);
    if (why) {
      info.reason = why;
      log(`${t.name}: skipped (${why})`);
      continue;
    }
    const port = await freePort();
    const child = t.start(ctx, port);
    const baseUrl = `http://127.0.0.1:${port}`;
    const ready = await waitReady(
      child,
      `${baseUrl}${t.ready.path}`,
      t.ready.headers,
      cfg.startTimeoutS * 1000,
    );
    if (!ready.ok) {
      await stopChild(child);
      info.reason = ready.reason;
      const tail = tailFile(child.logFile, 6);
      log(
        `${t.name}: skipped (${ready.reason})${tail ? `\n    ${tail.replace(/\n/g, '\n    ')}` : ''}`,
      );
      continue;
    }
    const routes = await t.routes(ctx, baseUrl);
    const usable = {};
    for (const route of cfg.routes) {
      const r = routes[route];
      if (!r || r.skip) {
        info.routes[route] = { skip: r?.skip ?? 'route not declared' };
        continue;
      }
      const check = await sanityCheck(route, baseUrl, r);
      if (!check.ok) {
        info.routes[route] = { skip: check.reason };
        continue;
      }
      info.routes[route] = { path: r.paths[0], paths: r.paths.length, warning: check.warning };
      usable[route] = r;
    }
    info.status = 'running';
    info.pid = child.pid;
    running.push({ target: t, child, baseUrl, routes: usable, info });
    const skipped = Object.entries(info.routes).filter(([, v]) => v.skip);
    log(
      `${t.name}: up on ${baseUrl} (pid ${child.pid})${skipped.length ? `; routes skipped: ${skipped.map(([k, v]) => `${k} (${v.skip})`).join('; ')}` : ''}`,
    );
    for (const [k, v] of Object.entries(info.routes))
      if (v.warning) log(`  ${k}: warning: ${v.warning}`);
  }
  if (running.length === 0) throw new Error('no target could be started');
  for (const [k, name] of Object.entries(BASELINES)) {
    if (!running.some((r) => r.target.name === name))
      log(`note: baseline ${name} not running — ×${k} ratios will be empty`);
  }

  // Measurement --------------------------------------------------------------------------------
  const runs = running.flatMap((r) => Object.keys(r.routes)).length;
  const estimate = cfg.rounds * runs * (cfg.warmupS + cfg.durationS + 0.2);
  log(
    `\n${runs} (target, route) pairs × ${cfg.rounds} round(s): about ${Math.ceil(estimate / 60)} min\n`,
  );
  const samples = [];
  for (let round = 1; round <= cfg.rounds; round++) {
    for (const route of cfg.routes) {
      // Rotate the target order every round so no target always runs first (or right after a
      // particular other one).
      const order = running.map((_, i) => running[(i + round - 1) % running.length]);
      for (const r of order) {
        const spec = r.routes[route];
        if (!spec) continue;
        if (r.child.exited) {
          log(
            `[${round}/${cfg.rounds}] ${route.padEnd(7)} ${r.target.name.padEnd(16)} server exited — skipped`,
          );
          continue;
        }
        const tag = `${r.target.name}-${route}`;
        const base = {
          baseUrl: r.baseUrl,
          paths: spec.paths,
          headers: spec.headers,
          connections: cfg.connections,
          tmpDir,
          tag,
        };
        try {
          await loadgen.run({ ...base, durationS: cfg.warmupS });
          const k0 = hasTaskset() ? coreTimes(SERVER_CORE) : null;
          const l0 = hasTaskset() ? coreTimes(LOADGEN_CORE) : null;
          const s0 = cpuSplitMicros(r.child.pid);
          const res = await loadgen.run({ ...base, durationS: cfg.durationS });
          const s1 = cpuSplitMicros(r.child.pid);
          const c0 = s0 === null ? null : s0.user + s0.system;
          const c1 = s1 === null ? null : s1.user + s1.system;
          const k1 = hasTaskset() ? coreTimes(SERVER_CORE) : null;
          const l1 = hasTaskset() ? coreTimes(LOADGEN_CORE) : null;
          const cpuUs = c0 !== null && c1 !== null ? c1 - c0 : Number.NaN;
          // Anything else that ran on the server's core during the window (other processes on
          // a shared box): it steals time from the server and makes req/s noisy.
          const otherPct =
            k0 && k1
              ? Math.max(0, ((k1.busyUs - k0.busyUs - cpuUs) / (k1.totalUs - k0.totalUs)) * 100)
              : Number.NaN;
          const sample = {
            round,
            route,
            target: r.target.name,
            ...res,
            cpuUs,
            cpuUsPerReq: res.requests > 0 ? cpuUs / res.requests : Number.NaN,
            // The same split into user and kernel time (JSON only).
            userUsPerReq: s0 && s1 && res.requests > 0 ? (s1.user - s0.user) / res.requests : null,
            systemUsPerReq:
              s0 && s1 && res.requests > 0 ? (s1.system - s0.system) / res.requests : null,
            cpuPct: (cpuUs / (res.durationS * 1e6)) * 100,
            otherPct,
            // How busy the load generator's core was (wrk/autocannon + anything else there):
            // near 100 % with an unsaturated server means the load generator was the limit.
            loadgenCorePct:
              l0 && l1 ? ((l1.busyUs - l0.busyUs) / (l1.totalUs - l0.totalUs)) * 100 : Number.NaN,
            rssKiB: rssKiB(r.child.pid),
          };
          samples.push(sample);
          log(
            `[${round}/${cfg.rounds}] ${route.padEnd(7)} ${r.target.name.padEnd(16)} ${Math.round(sample.rps).toLocaleString('en-US').padStart(7)} req/s  p99 ${sample.p99Ms.toFixed(1).padStart(6)} ms  ${sample.cpuUsPerReq.toFixed(0).padStart(5)} µs/req  CPU ${sample.cpuPct.toFixed(0).padStart(3)}%  other ${Number.isFinite(otherPct) ? otherPct.toFixed(0).padStart(2) : ' ?'}%  lg-core ${Number.isFinite(sample.loadgenCorePct) ? sample.loadgenCorePct.toFixed(0).padStart(3) : '  ?'}%${sample.non2xx || sample.errors ? `  non-2xx ${sample.non2xx} errors ${sample.errors}` : ''}`,
          );
        } catch (e) {
          log(
            `[${round}/${cfg.rounds}] ${route} ${r.target.name}: load generator failed: ${e.message}`,
          );
        }
      }
    }
  }

  // Goals side by side ---------------------------------------------------------------------------
  /** Stops a target and starts it again on the same port and data (its routes stay valid). */
  const restart = async (r) => {
    await stopChild(r.child);
    const child = r.target.start(ctx, Number(new URL(r.baseUrl).port));
    const ready = await waitReady(
      child,
      `${r.baseUrl}${r.target.ready.path}`,
      r.target.ready.headers,
      cfg.startTimeoutS * 1000,
    );
    if (!ready.ok) throw new Error(`${r.target.name} did not restart: ${ready.reason}`);
    r.child = child;
  };
  const sideBySide = [];
  if (cfg.sideBySide !== '0') {
    log('\nGoals side by side (target and baseline loaded at the same time):');
    for (const goal of GOALS) {
      // Two different stacks sharing one core do not share it evenly: the one with the larger
      // code and heap loses more to the other's cache traffic (rampart vs bare Fastify reads
      // ~0.1 lower side by side than in sequential windows), so by default only our own
      // variants, which have the same footprint, are compared this way.
      if (!measuredSideBySide(goal, cfg.sideBySide)) continue;
      const t = running.find((r) => r.target.name === goal.target);
      const b = running.find((r) => r.target.name === goal.base);
      const tSpec = t?.routes[goal.route];
      const bSpec = b?.routes[goal.baseRoute ?? goal.route];
      if (!tSpec || !bSpec || t.child.exited || b.child.exited) continue;
      const result = { goal, ratios: [], targetUs: [], baseUs: [] };
      sideBySide.push(result);
      const half = Math.max(1, Math.round(cfg.connections / 2));
      const load = (r, spec, route, durationS) =>
        loadgen.run({
          baseUrl: r.baseUrl,
          paths: spec.paths,
          headers: spec.headers,
          connections: half,
          tmpDir,
          tag: `pair-${r.target.name}-${route}`,
          durationS,
        });
      for (let round = 1; round <= cfg.rounds; round++) {
        try {
          // Fresh processes for every window: two processes of the very same build differ by up
          // to ~10 % in CPU per request for their whole life (address-space layout, JIT and GC
          // history), so the ratio of one pair of processes carries that luck. New pairs each
          // round average it out; the sequential rounds above keep one process per target.
          await Promise.all([restart(t), restart(b)]);
          // A fresh process compiles its hot paths under the warm-up load: 3 s more than usual.
          await Promise.all([
            load(t, tSpec, goal.route, cfg.warmupS + 3),
            load(b, bSpec, goal.baseRoute ?? goal.route, cfg.warmupS + 3),
          ]);
          const t0 = cpuMicros(t.child.pid);
          const b0 = cpuMicros(b.child.pid);
          const [tr, br] = await Promise.all([
            load(t, tSpec, goal.route, cfg.durationS),
            load(b, bSpec, goal.baseRoute ?? goal.route, cfg.durationS),
          ]);
          const tUs = (cpuMicros(t.child.pid) - t0) / tr.requests;
          const bUs = (cpuMicros(b.child.pid) - b0) / br.requests;
          if (!(tUs > 0 && bUs > 0) || tr.non2xx || br.non2xx) continue;
          result.ratios.push(bUs / tUs);
          result.targetUs.push(tUs);
          result.baseUs.push(bUs);
          log(
            `[side ${round}/${cfg.rounds}] #${goal.issue} ${goal.route.padEnd(7)} ${goal.target} ${tUs.toFixed(1)} µs/req, ${goal.base} ${bUs.toFixed(1)} µs/req: ratio ${(bUs / tUs).toFixed(2)}`,
          );
        } catch (e) {
          log(`[side ${round}/${cfg.rounds}] #${goal.issue} ${goal.route}: failed: ${e.message}`);
        }
      }
    }
  }

  // Report -------------------------------------------------------------------------------------
  const names = running.map((r) => r.target.name);
  const summary = summarize(samples, cfg.routes, names);
  log(
    `\n## Results (${cfg.alg}, ${loadgen.name}, -c${cfg.connections}, ${cfg.rounds} round(s) × ${cfg.durationS} s)\n`,
  );
  for (const t of targetInfo.filter((i) => i.status !== 'running'))
    log(`${t.name}: skipped (${t.reason})`);
  for (const route of cfg.routes) {
    log('');
    log(formatRouteTable(route, ROUTE_LABELS[route], summary[route], names));
    const skipped = targetInfo.filter((i) => i.routes[route]?.skip);
    for (const i of skipped) log(`> ${i.name}: skipped (${i.routes[route].skip})`);
  }
  log(formatGoals(summary, samples));
  if (cfg.sideBySide !== '0') log(formatSideBySide(sideBySide, cfg.sideBySide));
  log(`\n${LEGEND}`);
  const otherMedian = median(samples.map((x) => x.otherPct));
  if (otherMedian >= 20) {
    log(
      `\nWARNING: the box was busy — other processes took a median ${otherMedian.toFixed(0)}% of the server core during the ` +
        `measurements (load average now ${loadavg()[0].toFixed(1)}). req/s and p99 are unreliable, and CPU µs/request is ` +
        'inflated too (preemption, cold caches); compare only figures from the same run, or rerun on a quiet box.',
    );
  }

  const finishedAt = new Date();
  const resultsDir = join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        config: { ...cfg },
        environment: {
          node: process.version,
          platform: `${platform()} ${release()}`,
          cpus: ncpu,
          cpuModel: cpus()[0]?.model,
          loadgen: { name: loadgen.name, version: loadgen.version, threads: 1 },
          taskset: hasTaskset(),
          serverCore: hasTaskset() ? SERVER_CORE : null,
          loadgenCore: hasTaskset() ? LOADGEN_CORE : null,
          clockTicks: clockTicks(),
          loadavgStart: loadStart,
          loadavgEnd: loadavg(),
          otherPctMedian: median(samples.map((x) => x.otherPct)),
        },
        seed: {
          invoices: seed.invoices,
          organizations: seed.organizations.map((o) => ({
            id: o.id,
            users: o.users.length,
            invoices: o.invoiceCount,
          })),
          seconds: seed.seconds,
          invoicePathsPerRun: seed.benchInvoiceIds.length,
        },
        targets: targetInfo,
        summary,
        samples,
        sideBySide: sideBySide.map((r) => ({
          issue: r.goal.issue,
          what: r.goal.what,
          route: r.goal.route,
          target: r.goal.target,
          base: r.goal.base,
          min: r.goal.min,
          ratios: r.ratios,
          targetUsPerReq: r.targetUs,
          baseUsPerReq: r.baseUs,
        })),
      },
      null,
      2,
    )}\n`,
  );
  log(
    `\nresults: ${relative(process.cwd(), file)}  (total ${((finishedAt - startedAt) / 1000).toFixed(0)} s)`,
  );
}

/** One request before measuring: a route that does not answer 200 with the expected body is
 *  skipped (measuring 401s or 404s would flatter the target). */
async function sanityCheck(route, baseUrl, spec) {
  try {
    const res = await fetch(`${baseUrl}${spec.paths[0]}`, {
      headers: spec.headers,
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    if (res.status !== 200)
      return { ok: false, reason: `sanity check: ${spec.paths[0]} answered ${res.status}` };
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: true, warning: 'response is not JSON' };
    }
    const need = {
      me: ['id', 'email', 'name', 'role', 'organizationId', 'createdAt'],
      invoice: [
        'id',
        'organizationId',
        'ownerId',
        'customerName',
        'amountCents',
        'currency',
        'status',
      ],
    }[route];
    if (need) {
      const missing = need.filter((k) => !(k in body));
      if (missing.length) return { ok: true, warning: `response lacks ${missing.join(', ')}` };
    }
    if (route === 'list' && !(Array.isArray(body.data) && body.data.length === 100)) {
      return {
        ok: true,
        warning: `list page has ${Array.isArray(body.data) ? body.data.length : 'no'} items, expected 100`,
      };
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: `sanity check failed: ${e.message}` };
  }
}

try {
  await main();
} catch (e) {
  console.error(`bench failed: ${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
