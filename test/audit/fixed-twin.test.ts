// Honesty, part 2: with default bounds the whole audit of the fixed twin reports nothing, stays
// well under a minute and leaves no object behind; with every flaw on, every flaw is reported.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runAudit, type AuditReport } from '../../src/audit/index.js';
import {
  FLAW_EXPECTATIONS,
  FLAW_NAMES,
  withFlaws,
  type FlawName,
} from '../fixtures/audit-target/flaws.js';
import { startAuditTarget, type AuditTarget } from '../fixtures/audit-target/server.js';
import { inputFor } from './helpers.js';

describe('fixed twin, default bounds', () => {
  let target: AuditTarget;
  let report: AuditReport;
  let before: { invoices: number; requests: number };
  let progress: string[];

  beforeAll(async () => {
    target = await startAuditTarget();
    before = target.stats();
    progress = [];
    // No maxRps override: this is the audit a user gets with the default pacing.
    const { maxRps: _fast, ...defaults } = inputFor(target);
    report = await runAudit({ ...defaults, onProgress: (line) => progress.push(line) });
  }, 60_000);
  afterAll(() => target.close());

  test('reports nothing', () => {
    expect(report.findings).toEqual([]);
  });

  test('runs every check family to a verdict', () => {
    expect(report.checks.map((c) => [c.id, c.status])).toEqual(
      report.checks.map((c) => [c.id, 'passed']),
    );
  });

  test('finishes well under 60 s', () => {
    expect(report.durationMs).toBeLessThan(30_000);
  });

  test('deletes every object it created', () => {
    expect(target.stats().invoices).toBe(before.invoices);
    expect(report.notes.filter((n) => n.includes('could not delete'))).toEqual([]);
  });

  test('counts every request it sent and stays within the default bound', () => {
    // TLS handshakes count against the budget too but are not HTTP requests at the target.
    expect(report.requestsSent).toBeLessThanOrEqual(1500);
    expect(target.stats().requests - before.requests).toBeLessThanOrEqual(report.requestsSent);
    expect(target.stats().requests - before.requests).toBeGreaterThan(report.requestsSent - 10);
  });

  test('reports progress per check', () => {
    expect(progress.filter((line) => /^\[\d+\/\d+\]/.test(line))).toHaveLength(
      report.checks.length,
    );
  });
});

/**
 * Two flaws hide the symptoms of others when combined, so they get a run of their own: a wildcard
 * Access-Control-Allow-Origin leaves no room to echo an origin or `null` (CORS-1/2), and unscoped
 * objects never answer the 403 that AUTHZ-3 looks for.
 */
const MASKING: FlawName[] = ['corsWildcardCredentials', 'bola'];

test.each([
  ['every flaw but the masking ones', FLAW_NAMES.filter((f) => !MASKING.includes(f))],
  ['the masking flaws', MASKING],
])(
  'with %s on, each of them is reported',
  async (_label, flaws) => {
    const target = await startAuditTarget({ flaws: withFlaws(...flaws) });
    try {
      const report = await runAudit(inputFor(target));
      const items = new Set(report.findings.map((f) => f.itemId));
      const missing = flaws.filter((flaw) => !items.has(FLAW_EXPECTATIONS[flaw].itemId));
      expect(missing).toEqual([]);
      // Evidence never carries a working credential: no full JWT, no password of the audit users.
      const text = JSON.stringify(report);
      for (const { password } of Object.values(target.credentials))
        expect(text).not.toContain(password);
      expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]{20,}\.[\w-]{20,}/);
    } finally {
      await target.close();
    }
  },
  60_000,
);
