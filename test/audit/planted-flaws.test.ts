// Honesty, part 1: every planted flaw of the fixture, switched on alone, is reported by the check
// family that should find it, under the checklist item it is documented against.
import { describe, expect, test } from 'vitest';
import { runAudit } from '../../src/audit/index.js';
import { FLAW_EXPECTATIONS, FLAW_NAMES, withFlaws } from '../fixtures/audit-target/flaws.js';
import { startAuditTarget } from '../fixtures/audit-target/server.js';
import { inputFor } from './helpers.js';

describe('each planted flaw is found', () => {
  test.each(FLAW_NAMES)('%s', async (flaw) => {
    const { itemId, check } = FLAW_EXPECTATIONS[flaw];
    const target = await startAuditTarget({ flaws: withFlaws(flaw) });
    try {
      const report = await runAudit(inputFor(target, { only: [check] }));
      const outcome = report.checks.find((c) => c.id === check);
      expect(outcome?.status, JSON.stringify(outcome?.notes)).toBe('failed');
      const finding = report.findings.find((f) => f.itemId === itemId);
      expect(
        finding,
        `expected ${itemId}; got ${report.findings.map((f) => f.itemId).join(', ')}`,
      ).toBeDefined();
      // Every finding carries proof and a fix.
      expect(finding?.evidence.length).toBeGreaterThan(0);
      expect(finding?.evidence[0]?.request).not.toBe('');
      expect(finding?.fix).not.toBe('');
    } finally {
      await target.close();
    }
  });
});
