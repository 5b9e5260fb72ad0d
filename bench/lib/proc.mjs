// Process helpers: CPU pinning, /proc accounting, ports, readiness, shutdown.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const SERVER_CORE = 0;
export const LOADGEN_CORE = 1;

let tasksetCache;
/** True when `taskset` exists and the machine has at least two cores to pin to. */
export function hasTaskset() {
  if (tasksetCache === undefined) {
    const r = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
    tasksetCache = !r.error && r.status === 0;
  }
  return tasksetCache;
}

/** [cmd, args] prefixed with `taskset -c <core>` when available. taskset execs, so the pid is
 *  the program's own pid (and /proc/<pid>/stat is its CPU). */
export function pinned(core, cmd, args) {
  if (!hasTaskset()) return [cmd, args];
  return ['taskset', ['-c', String(core), cmd, ...args]];
}

/** Pins the current process (the harness) to a core, best effort. */
export function pinSelf(core) {
  if (!hasTaskset()) return false;
  const r = spawnSync('taskset', ['-p', '-c', String(core), String(process.pid)], {
    stdio: 'ignore',
  });
  return r.status === 0;
}

/**
 * Moves the local redis-server serving `port` (every thread of it) to `core` for the run
 * and returns a function that gives each thread back its previous affinity. The Redis-backed target talks to
 * that Redis; left free to run on the server core, Redis takes turns with the server under
 * test (its own CPU is not counted, but the server's caches and time slices are), and the
 * Redis target's CPU per request swung from 37 to 64 µs between rounds depending on where
 * the scheduler put Redis. In production Redis is another machine. Best effort: nothing
 * happens without taskset or pgrep. BENCH_PIN_REDIS=0 turns it off.
 */
export function pinLocalRedis(core, port) {
  const none = { pids: [], restore: () => undefined };
  if (!hasTaskset() || process.env.BENCH_PIN_REDIS === '0') return none;
  // The redis-server serving this port only (its command line reads `redis-server host:port`).
  const found = spawnSync('pgrep', ['-f', `^redis-server [^ ]*:${port}( |$)`], {
    encoding: 'utf8',
  });
  if (found.error || found.status !== 0) return none;
  const pids = found.stdout.split(/\s+/).filter(Boolean);
  /** Each thread's own CPU list, as it was. */
  const saved = [];
  for (const pid of pids) {
    let tids;
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const before = spawnSync('taskset', ['-p', '-c', tid], { encoding: 'utf8' });
      const list = /list:\s*(\S+)/.exec(before.stdout ?? '')?.[1];
      if (list === undefined) continue;
      const moved = spawnSync('taskset', ['-p', '-c', String(core), tid], { stdio: 'ignore' });
      if (moved.status === 0) saved.push([tid, list]);
    }
  }
  let restored = false;
  return {
    pids,
    restore: () => {
      if (restored) return;
      restored = true;
      for (const [tid, list] of saved)
        spawnSync('taskset', ['-p', '-c', list, tid], { stdio: 'ignore' });
    },
  };
}

/**
 * Spawns a server pinned to SERVER_CORE. stdout goes to /dev/null (access logs are produced and
 * written, as in production, but not kept), stderr to `logFile` for diagnostics.
 */
export function spawnServer(cmd, args, { env, cwd, logFile }) {
  // BENCH_NODE_FLAGS: extra node flags for every server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`
  // to profile the servers under the benchmark's own load; node refuses these in NODE_OPTIONS).
  const flags =
    cmd === process.execPath ? (env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean) : [];
  const [c, a] = pinned(SERVER_CORE, cmd, [...flags, ...args]);
  const out = openSync('/dev/null', 'w');
  const err = openSync(logFile, 'a');
  const child = spawn(c, a, { env, cwd, stdio: ['ignore', out, err] });
  closeSync(out);
  closeSync(err);
  child.logFile = logFile;
  child.exited = null;
  child.once('exit', (code, signal) => {
    child.exited = { code, signal };
  });
  return child;
}

let clkTck;
export function clockTicks() {
  if (clkTck === undefined) {
    const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    clkTck = Number(r.stdout?.trim()) || 100;
  }
  return clkTck;
}

/** utime+stime of a process (all its threads), in microseconds. null if unreadable. */
export function cpuMicros(pid) {
  const split = cpuSplitMicros(pid);
  return split === null ? null : split.user + split.system;
}

/** User and system CPU µs of a process (all its threads): where a difference lives. */
export function cpuSplitMicros(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    const tick = 1e6 / clockTicks();
    return { user: Number(fields[11]) * tick, system: Number(fields[12]) * tick };
  } catch {
    return null;
  }
}

export function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export function hasProcfs() {
  return cpuMicros(process.pid) !== null;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `url` until it answers 200, the child exits, or `timeoutMs` passes. */
export async function waitReady(child, url, headers, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exited)
      return {
        ok: false,
        reason: `exited (code ${child.exited.code}, signal ${child.exited.signal})`,
      };
    try {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return { ok: true };
      last = `status ${res.status}`;
    } catch (e) {
      last = e.cause?.code ?? e.name ?? 'error';
    }
    await sleep(100);
  }
  return { ok: false, reason: `not up within ${Math.round(timeoutMs / 1000)} s (last: ${last})` };
}

/** SIGTERM, then SIGKILL after `graceMs`. Only ever signals the given child's own pid. */
export async function stopChild(child, graceMs = 3000) {
  if (!child || child.exited) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => {
    if (!child.exited) child.kill('SIGKILL');
  }, graceMs);
  await done;
  clearTimeout(t);
}

export function tailFile(file, lines = 8) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Busy and total time of one core since boot, in µs, from /proc/stat (null if unreadable). */
export function coreTimes(core) {
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`cpu${core} `));
    if (!line) return null;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal (guest is inside user)
    const idle = v[3] + v[4]; // idle + iowait
    const k = 1e6 / clockTicks();
    return { busyUs: (total - idle) * k, totalUs: total * k };
  } catch {
    return null;
  }
}
