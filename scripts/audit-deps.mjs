#!/usr/bin/env node
// `npm audit --audit-level=high`, with the one failure mode we must not confuse with a pass.
//
// Outcomes (exactly one line starting "npm audit:" is printed):
//   - report received, no high/critical  -> "npm audit: passed (...)", exit 0
//   - report received, high/critical     -> "npm audit: FAILED ...", list, exit 1
//   - advisory service unreachable       -> "npm audit: SKIPPED — advisory service unreachable (<reason>)",
//     exit 0; exit 1 instead when RAMPART_AUDIT_REQUIRED=1 (set it where the service is
//     reachable, e.g. GitHub Actions, so an outage there is not silently tolerated)
//   - anything else (no lockfile, bad JSON, unknown error) -> "npm audit: FAILED ...", exit 1
// "Unreachable" means a network-level error (DNS, refused, reset, timeout, TLS) or an HTTP
// error status from the advisory endpoint itself (e.g. a proxy answering 405 to its POST).
// Extra arguments are passed to npm audit (e.g. --registry=... to test this script).
import { spawnSync } from 'node:child_process';

const TIMEOUT_MS = 180_000;
const NETWORK_ERROR =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT|ENETUNREACH|EHOSTUNREACH|EPROTO|ERR_SOCKET_TIMEOUT|UNABLE_TO_GET_ISSUER_CERT(?:_LOCALLY)?|SELF_SIGNED_CERT_IN_CHAIN|CERT_HAS_EXPIRED)\b|socket hang up|network timeout/i;

const required = process.env.RAMPART_AUDIT_REQUIRED === '1';

function skip(reason) {
  console.log(`npm audit: SKIPPED — advisory service unreachable (${reason})`);
  if (process.env.GITHUB_ACTIONS === 'true') {
    console.log(`::warning title=npm audit skipped::advisory service unreachable (${reason})`);
  }
  if (required) {
    console.error(
      'npm audit: RAMPART_AUDIT_REQUIRED=1, so an unreachable advisory service fails the run',
    );
    process.exit(1);
  }
  process.exit(0);
}

function fail(message, details = []) {
  console.log(`npm audit: FAILED — ${message}`);
  for (const line of details) console.log(`  ${line}`);
  process.exit(1);
}

const run = spawnSync(
  'npm',
  [
    'audit',
    '--json',
    '--audit-level=high',
    '--fetch-retries=1',
    '--fetch-timeout=30000',
    ...process.argv.slice(2),
  ],
  { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
);

if (run.error?.code === 'ETIMEDOUT' || run.signal === 'SIGTERM') {
  skip(`no answer within ${TIMEOUT_MS / 1000} s`);
}
if (run.error) fail(`could not run npm: ${run.error.message}`);

let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = undefined;
}

// A real report: npm audit JSON v2 has `vulnerabilities` and `metadata.vulnerabilities`.
if (report?.metadata?.vulnerabilities) {
  const counts = report.metadata.vulnerabilities;
  const summary = ['critical', 'high', 'moderate', 'low', 'info']
    .map((level) => `${counts[level] ?? 0} ${level}`)
    .join(', ');
  const serious = Object.values(report.vulnerabilities ?? {}).filter(
    (v) => v.severity === 'high' || v.severity === 'critical',
  );
  if ((counts.high ?? 0) + (counts.critical ?? 0) > 0 || serious.length > 0) {
    fail(
      `high/critical advisories (${summary})`,
      serious.map((v) => {
        const via = (v.via ?? [])
          .map((x) => (typeof x === 'string' ? `via ${x}` : (x.url ?? x.title ?? '')))
          .filter(Boolean)
          .join(', ');
        const fix = v.fixAvailable ? 'fix available' : 'no fix yet';
        return `${v.name} (${v.severity}${v.range ? `, ${v.range}` : ''}; ${fix}) ${via}`;
      }),
    );
  }
  console.log(
    `npm audit: passed (${report.metadata.dependencies?.total ?? '?'} dependencies; ${summary})`,
  );
  process.exit(0);
}

// An error report: npm prints {"message": ..., "error": {...}, "statusCode"?: n} on stdout.
const message = [report?.message, report?.error?.summary, report?.error?.detail, run.stderr]
  .filter(Boolean)
  .join('\n');
const network = message.match(NETWORK_ERROR);
if (network) {
  const reason = /reason: ([^\n]+)/.exec(message)?.[1] ?? network[0];
  skip(reason.trim());
}
if (typeof report?.statusCode === 'number' && /advisories|audit/i.test(report?.uri ?? message)) {
  const firstLine = String(report.message ?? '').split('\n')[0];
  skip(`advisory endpoint answered HTTP ${report.statusCode}: ${firstLine}`);
}
fail(
  `npm audit exited ${run.status} without a report`,
  message.split('\n').filter(Boolean).slice(0, 10),
);
