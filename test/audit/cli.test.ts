// The command-line contract: exit codes, output formats, dry run, bounds and usage errors.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CATALOGUE,
  runAudit,
  runAuditCli,
  type AuditReport,
  type CliIo,
} from '../../src/audit/index.js';
import { withFlaws } from '../fixtures/audit-target/flaws.js';
import { OPENAPI } from '../fixtures/audit-target/openapi.js';
import { startAuditTarget, type AuditTarget } from '../fixtures/audit-target/server.js';
import { inputFor } from './helpers.js';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    stdoutIsTty: false,
  };
  const code = await runAuditCli(argv, io);
  return { code, stdout, stderr };
}

let dir: string;
let caFile: string;
let openapiFile: string;
let twin: AuditTarget;

function argsFor(target: AuditTarget, ...extra: string[]): string[] {
  const { alice, bob, vera } = target.credentials;
  return [
    target.origin,
    '--cacert',
    caFile,
    '--http-port',
    String(target.httpPort),
    '--login',
    `${alice.email}:${alice.password}`,
    '--login-b',
    `${bob.email}:${bob.password}`,
    '--login-low',
    `${vera.email}:${vera.password}`,
    '--max-rps',
    '2000',
    ...extra,
  ];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-audit-'));
  twin = await startAuditTarget();
  caFile = join(dir, 'ca.pem');
  await writeFile(caFile, twin.ca);
  openapiFile = join(dir, 'openapi.json');
  await writeFile(openapiFile, JSON.stringify(OPENAPI));
});
afterAll(() => twin.close());

describe('usage errors exit 2', () => {
  test('--help lists the options and check ids and exits 0', async () => {
    const out = await cli(['--help']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('--max-requests');
    expect(out.stdout).toContain('rate-limit');
  });

  test('an unknown option suggests the closest one', async () => {
    const out = await cli(['https://127.0.0.1:1', '--tokn', 'x']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('did you mean --token?');
  });

  test('a missing target is a usage error', async () => {
    expect((await cli([])).code).toBe(2);
  });

  test('an OpenAPI URL on another origin is refused (the audit contacts one origin only)', async () => {
    const out = await cli([
      'https://127.0.0.1:1',
      '--openapi',
      'https://elsewhere.example/openapi.json',
    ]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('audited origin');
  });

  test('an unset env: credential is a usage error, not an empty secret', async () => {
    const out = await cli(['https://127.0.0.1:1', '--token', 'env:RAMPART_AUDIT_UNSET']);
    expect(out.code).toBe(2);
  });

  test('an unreachable target exits 2', async () => {
    const out = await cli(['https://127.0.0.1:1', '--quiet']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('cannot reach');
  });

  test('wrong login credentials exit 2', async () => {
    const out = await cli([
      twin.origin,
      '--cacert',
      caFile,
      '--login',
      'alice@tenant-a.test:wrong-password',
      '--quiet',
    ]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('login of user A');
    expect(out.stderr).not.toContain('wrong-password');
  });
});

describe('exit codes and formats', () => {
  test('a clean target exits 0 and writes SARIF 2.1.0 and JUnit files', async () => {
    const sarifFile = join(dir, 'clean.sarif');
    const junitFile = join(dir, 'clean.xml');
    const out = await cli(
      argsFor(twin, '--sarif=' + sarifFile, '--junit=' + junitFile, '--fail-on', 'info', '--quiet'),
    );
    expect(out.code).toBe(0);
    const sarif = JSON.parse(await readFile(sarifFile, 'utf8')) as {
      version: string;
      runs: { tool: { driver: { rules: unknown[] } }; results: unknown[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.tool.driver.rules).toHaveLength(CATALOGUE.length);
    expect(sarif.runs[0]?.results).toEqual([]);
    const junit = await readFile(junitFile, 'utf8');
    expect(junit).toMatch(/^<\?xml version="1.0"/);
    expect(junit).toContain('failures="0"');
    expect(junit).toContain('errors="0"');
    expect(out.stdout).toContain('Findings: 0 critical, 0 high, 0 medium, 0 low, 0 info');
  });

  test('findings at or above --fail-on exit 1; --json goes to stdout and the terminal report to stderr', async () => {
    const target = await startAuditTarget({ flaws: withFlaws('corsEcho', 'missingHsts') });
    try {
      const out = await cli(argsFor(target, '--json', '--only', 'cors,hsts'));
      expect(out.code).toBe(1);
      const report = JSON.parse(out.stdout) as AuditReport;
      expect(report.findings.map((f) => f.itemId).sort()).toEqual([
        'CORS-1',
        'CORS-1',
        'HSTS-1',
        'HSTS-1',
      ]);
      expect(out.stderr).toContain('✖ [HIGH] CORS-1');
      expect(out.stderr).toContain('Fix:');
    } finally {
      await target.close();
    }
  });

  test('findings below --fail-on exit 0', async () => {
    const target = await startAuditTarget({ flaws: withFlaws('missingHsts') });
    try {
      const medium = await cli(argsFor(target, '--only', 'hsts', '--quiet'));
      const high = await cli(argsFor(target, '--only', 'hsts', '--quiet', '--fail-on', 'high'));
      expect([medium.code, high.code]).toEqual([1, 0]);
    } finally {
      await target.close();
    }
  });

  test('SARIF results carry rule, level, location, fingerprint and masked evidence', async () => {
    const target = await startAuditTarget({ flaws: withFlaws('queryToken') });
    try {
      const out = await cli(argsFor(target, '--sarif', '--only', 'query-credentials', '--quiet'));
      const sarif = JSON.parse(out.stdout) as {
        runs: {
          results: {
            ruleId: string;
            level: string;
            locations: unknown[];
            partialFingerprints: Record<string, string>;
            properties: { evidence: { request: string }[] };
          }[];
        }[];
      };
      const result = sarif.runs[0]?.results.find((r) => r.level === 'error');
      expect(result?.ruleId).toBe('AUTH-2');
      expect(result?.locations.length).toBe(1);
      expect(Object.keys(result?.partialFingerprints ?? {})).toHaveLength(1);
      expect(result?.properties.evidence[0]?.request).toContain('«token of user A»');
    } finally {
      await target.close();
    }
  });
});

describe('safety', () => {
  test('--dry-run sends nothing and lists every request, destructive ones only against audit objects', async () => {
    const before = twin.stats();
    const out = await cli(argsFor(twin, '--dry-run', '--openapi', openapiFile));
    expect(out.code).toBe(0);
    expect(twin.stats()).toEqual(before);
    expect(out.stdout).toContain('[jwt] GET');
    expect(out.stdout).toContain('[rate-limit] GET');
    const destructive = out.stdout
      .split('\n')
      .filter((line) => / (DELETE|PATCH|PUT) https?:/.test(line));
    expect(destructive.length).toBeGreaterThan(0);
    // In a dry run the only ids are the placeholders the simulated creations returned.
    for (const line of destructive) expect(line).toContain('/placeholder-id');
    expect(out.stdout).not.toContain(twin.credentials.alice.password);
  });

  test('--max-requests is a hard bound, and objects created before it ran out are still deleted', async () => {
    const target = await startAuditTarget();
    try {
      const before = target.stats();
      const report = await runAudit(inputFor(target, { maxRequests: 40 }));
      expect(report.requestsSent).toBeLessThanOrEqual(40);
      expect(
        report.checks.some(
          (c) => c.status === 'error' && c.notes.some((n) => n.includes('--max-requests')),
        ),
      ).toBe(true);
      expect(target.stats().invoices).toBe(before.invoices);
    } finally {
      await target.close();
    }
  });

  test('credentials can come from the environment', async () => {
    // A fresh target: earlier tests used up alice's failed-login allowance on the shared twin.
    const target = await startAuditTarget();
    try {
      const { alice } = target.credentials;
      const out = await cli(
        [
          target.origin,
          '--cacert',
          caFile,
          '--login',
          'env:AUDIT_LOGIN',
          '--only',
          'jwt',
          '--quiet',
          '--max-rps',
          '2000',
        ],
        { AUDIT_LOGIN: `${alice.email}:${alice.password}` },
      );
      expect(out.code).toBe(0);
      expect(out.stdout).toContain('✔ JWT-1');
    } finally {
      await target.close();
    }
  });
});
