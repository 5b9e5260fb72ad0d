// SARIF 2.1.0 for code-scanning UIs: one rule per checklist item, one result per finding.
// Findings are about a live service, not a file, so the location is the request URL (as a
// logical location and as the artifact URI) with a stable fingerprint for de-duplication.
import { createHash } from 'node:crypto';
import { CATALOGUE } from '../catalogue.js';
import type { AuditReport, Severity } from '../types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
/** GitHub code scanning reads `security-severity` (CVSS-like 0–10) to rank results. */
const SCORE: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

export function renderSarif(report: AuditReport): string {
  const rules = CATALOGUE.map((item) => ({
    id: item.id,
    name: item.title
      .replace(/[^A-Za-z0-9]+/g, ' ')
      .trim()
      .replace(/ (\w)/g, (_m, c: string) => c.toUpperCase())
      .replace(/^\w/, (c) => c.toUpperCase()),
    shortDescription: { text: item.title },
    fullDescription: { text: `${item.section}: ${item.title}` },
    help: {
      text: item.fix,
      markdown: `**Fix:** ${item.fix}\n\nSee docs/audit-checks.md#${item.id.toLowerCase()}`,
    },
    helpUri: `https://github.com/rampart/rampart/blob/main/docs/audit-checks.md#${item.id.toLowerCase()}`,
    defaultConfiguration: { level: LEVEL[item.severity] },
    properties: {
      tags: ['security', `external/cwe/cwe-${item.cwe}`],
      'security-severity': SCORE[item.severity],
    },
  }));
  const results = report.findings.map((finding) => ({
    ruleId: finding.itemId,
    ruleIndex: CATALOGUE.findIndex((item) => item.id === finding.itemId),
    level: LEVEL[finding.severity],
    message: { text: `${finding.detail} Fix: ${finding.fix}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: report.target } },
        logicalLocations: [
          {
            name: finding.location,
            kind: 'resource',
            fullyQualifiedName: `${report.target} ${finding.location}`,
          },
        ],
      },
    ],
    partialFingerprints: {
      'rampartAudit/v1': createHash('sha256')
        .update(`${finding.itemId}|${report.target}|${finding.location}`)
        .digest('hex')
        .slice(0, 32),
    },
    properties: {
      severity: finding.severity,
      'security-severity': SCORE[finding.severity],
      evidence: finding.evidence,
    },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rampart-audit',
            version: report.tool.version,
            informationUri: 'https://github.com/rampart/rampart',
            rules,
          },
        },
        invocations: [{ executionSuccessful: true, startTimeUtc: report.startedAt }],
        properties: { target: report.target, requestsSent: report.requestsSent },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
