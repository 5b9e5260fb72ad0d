// Load generators: wrk (preferred, `-t1`) or autocannon in a separate Node process, both pinned
// to LOADGEN_CORE. Each run returns the same shape:
//   { requests, durationS, rps, p50Ms, p99Ms, non2xx, errors }
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { LOADGEN_CORE, pinned } from './proc.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function wrkVersion() {
  const r = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (r.error) return null;
  const m = /wrk\s+(\S+)/.exec(`${r.stdout}${r.stderr}`);
  return m ? m[1] : 'unknown';
}

function autocannonVersion() {
  try {
    return createRequire(import.meta.url)('autocannon/package.json').version;
  } catch {
    return null;
  }
}

/**
 * Picks the load generator: BENCH_LOADGEN=wrk|autocannon forces one; otherwise wrk when
 * installed, else autocannon.
 */
export function selectLoadgen(forced) {
  const wrk = wrkVersion();
  if (forced === 'wrk' && !wrk) throw new Error('BENCH_LOADGEN=wrk but wrk is not installed');
  if (wrk && forced !== 'autocannon') {
    return { name: 'wrk', version: wrk, label: `wrk ${wrk} (-t1)`, run: runWrk };
  }
  const ac = autocannonVersion();
  if (!ac) throw new Error('neither wrk nor autocannon is available');
  return {
    name: 'autocannon',
    version: ac,
    label: `autocannon ${ac} (separate Node process, one thread)${wrk ? '' : ' — wrk not installed'}`,
    run: runAutocannon,
  };
}

const luaString = (s) =>
  `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

function collect(child) {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/**
 * @param {{ baseUrl: string, paths: string[], headers: Record<string,string>, connections: number,
 *           durationS: number, tmpDir: string, tag: string }} o
 */
export async function runWrk(o) {
  const script = join(o.tmpDir, `wrk-${o.tag}.lua`);
  const lines = [];
  for (const [k, v] of Object.entries(o.headers))
    lines.push(`wrk.headers[${luaString(k)}] = ${luaString(v)}`);
  if (o.paths.length > 1) {
    lines.push(`local paths = {${o.paths.map(luaString).join(',')}}`);
    lines.push('local n = #paths');
    lines.push('local i = 0');
    lines.push('request = function()');
    lines.push('  i = i % n + 1');
    lines.push('  return wrk.format(nil, paths[i])');
    lines.push('end');
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format(\'BENCHJSON {"requests":%d,"durationUs":%d,"bytes":%d,"non2xx":%d,' +
      '"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d}\\n\',',
    '    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,',
    '    latency:percentile(50), latency:percentile(99), latency.max))',
    'end',
  );
  writeFileSync(script, `${lines.join('\n')}\n`);
  const url = `${o.baseUrl}${o.paths[0]}`;
  const d = Math.max(1, Math.round(o.durationS));
  const [cmd, args] = pinned(LOADGEN_CORE, 'wrk', [
    '-t1',
    `-c${o.connections}`,
    `-d${d}s`,
    '--timeout',
    '10s',
    '-s',
    script,
    url,
  ]);
  const { code, out, err } = await collect(spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  const m = /BENCHJSON (\{.*\})/.exec(out);
  if (code !== 0 || !m) throw new Error(`wrk failed (exit ${code}): ${err || out}`);
  const r = JSON.parse(m[1]);
  const durationS = r.durationUs / 1e6;
  return {
    requests: r.requests,
    durationS,
    rps: r.requests / durationS,
    p50Ms: r.p50Us / 1000,
    p99Ms: r.p99Us / 1000,
    non2xx: r.non2xx,
    errors: r.connect + r.read + r.write + r.timeout,
  };
}

export async function runAutocannon(o) {
  const config = JSON.stringify({
    url: o.baseUrl,
    paths: o.paths,
    headers: o.headers,
    connections: o.connections,
    duration: Math.max(1, Math.round(o.durationS)),
  });
  const [cmd, args] = pinned(LOADGEN_CORE, process.execPath, [
    join(here, 'autocannon-worker.mjs'),
    config,
  ]);
  const { code, out, err } = await collect(spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  const m = /BENCHJSON (\{.*\})/.exec(out);
  if (code !== 0 || !m) throw new Error(`autocannon worker failed (exit ${code}): ${err || out}`);
  return JSON.parse(m[1]);
}
