// JUnit XML for CI dashboards: a test suite per checklist section, a test case per item; a
// finding is a failure, a skipped check is a skipped case, an auditor error is an error.
import { CATALOGUE } from '../catalogue.js';
import { CHECKS } from '../checks/index.js';
import type { AuditReport, CheckOutcome } from '../types.js';

/** XML 1.0 cannot carry most C0 control characters, even escaped; drop them. */
const printable = (text: string): string =>
  Array.from(text)
    .filter((ch) => ch >= ' ' || ch === '\t' || ch === '\n' || ch === '\r')
    .join('');

const xml = (text: string): string =>
  printable(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export function renderJunit(report: AuditReport): string {
  const outcomeOf = new Map<string, CheckOutcome>();
  for (const outcome of report.checks)
    for (const id of CHECKS.find((c) => c.id === outcome.id)?.items ?? [])
      outcomeOf.set(id, outcome);
  const sections = [...new Set(CATALOGUE.map((item) => item.section))];
  let total = 0;
  let failed = 0;
  let skipped = 0;
  let errors = 0;
  const suites = sections.flatMap((section) => {
    const cases = CATALOGUE.filter(
      (item) => item.section === section && outcomeOf.has(item.id),
    ).map((item) => {
      const outcome = outcomeOf.get(item.id);
      const findings = report.findings.filter((f) => f.itemId === item.id);
      const time = (
        (outcome?.durationMs ?? 0) /
        1000 /
        Math.max(1, CHECKS.find((c) => c.id === outcome?.id)?.items.length ?? 1)
      ).toFixed(3);
      const open = `    <testcase classname="rampart.audit.${xml(outcome?.id ?? '')}" name="${xml(`${item.id} ${item.title}`)}" time="${time}"`;
      total += 1;
      if (findings.length > 0) {
        failed += 1;
        const body = findings
          .map(
            (f) =>
              `[${f.severity}] ${f.location}: ${f.detail}\n${f.evidence.map((e) => `${e.request}\n---\n${e.response}`).join('\n\n')}\nFix: ${f.fix}`,
          )
          .join('\n\n');
        return `${open}>\n      <failure message="${xml(
          findings
            .map((f) => `[${f.severity}] ${f.detail}`)
            .join(' | ')
            .slice(0, 500),
        )}" type="${xml(findings[0]?.severity ?? '')}">${xml(body)}</failure>\n    </testcase>`;
      }
      if (outcome?.status === 'skipped') {
        skipped += 1;
        return `${open}>\n      <skipped message="${xml(outcome.notes.at(-1) ?? '')}"/>\n    </testcase>`;
      }
      if (outcome?.status === 'error') {
        errors += 1;
        return `${open}>\n      <error message="${xml(outcome.notes.at(-1) ?? '')}"/>\n    </testcase>`;
      }
      return `${open}/>`;
    });
    if (cases.length === 0) return [];
    return [
      `  <testsuite name="${xml(section)}" tests="${cases.length}">\n${cases.join('\n')}\n  </testsuite>`,
    ];
  });
  const head = `<testsuites name="rampart audit ${xml(report.target)}" tests="${total}" failures="${failed}" errors="${errors}" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${head}\n${suites.join('\n')}\n</testsuites>\n`;
}
