// The human report: grouped by checklist section, one line per item, findings with severity,
// evidence and fix. Colour only when the caller says the stream is a terminal.
import { CATALOGUE } from '../catalogue.js';
import { CHECKS } from '../checks/index.js';
import type { AuditReport, CheckOutcome, Finding, Severity } from '../types.js';

const COLOURS: Record<Severity | 'ok' | 'dim', string> = {
  critical: '35;1',
  high: '31;1',
  medium: '33;1',
  low: '36',
  info: '37',
  ok: '32',
  dim: '2',
};

export function renderTerminal(report: AuditReport, colour: boolean): string {
  const paint = (code: keyof typeof COLOURS, text: string): string =>
    colour ? `\x1b[${COLOURS[code]}m${text}\x1b[0m` : text;
  const lines: string[] = [];
  lines.push(
    `rampart audit ${report.target}  (${report.requestsSent} requests, ${(report.durationMs / 1000).toFixed(1)} s)`,
  );
  for (const note of report.notes) lines.push(paint('dim', `  note: ${note}`));
  if (report.dryRun) {
    lines.push(
      '',
      `Dry run: ${report.plannedRequests.length} requests would be sent (answers simulated, so data-dependent steps are approximate):`,
    );
    lines.push(...collapseRepeats(report.plannedRequests).map((line) => `  ${line}`));
    return `${lines.join('\n')}\n`;
  }
  const outcomeOf = new Map<string, CheckOutcome>();
  for (const outcome of report.checks) {
    for (const itemId of CHECKS.find((c) => c.id === outcome.id)?.items ?? [])
      outcomeOf.set(itemId, outcome);
  }
  let section = '';
  for (const item of CATALOGUE) {
    const outcome = outcomeOf.get(item.id);
    if (!outcome) continue;
    if (item.section !== section) {
      section = item.section;
      lines.push('', paint('dim', section));
    }
    const findings = report.findings.filter((f) => f.itemId === item.id);
    if (findings.length > 0) {
      for (const finding of findings) lines.push(...renderFinding(finding, paint));
    } else if (outcome.status === 'skipped' || outcome.status === 'error') {
      lines.push(
        `  ${paint('dim', `– ${item.id} ${item.title} (${outcome.status}: ${outcome.notes.at(-1) ?? ''})`)}`,
      );
    } else {
      lines.push(`  ${paint('ok', '✔')} ${item.id} ${item.title}`);
    }
  }
  const notes = report.checks.flatMap((c) =>
    c.status === 'skipped' ? [] : c.notes.map((n) => `${c.id}: ${n}`),
  );
  if (notes.length > 0)
    lines.push('', paint('dim', 'Notes'), ...notes.map((n) => paint('dim', `  ${n}`)));
  const s = report.summary;
  lines.push(
    '',
    `Findings: ${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.info} info`,
  );
  return `${lines.join('\n')}\n`;
}

function renderFinding(
  finding: Finding,
  paint: (code: keyof typeof COLOURS, text: string) => string,
): string[] {
  const out = [
    `  ${paint(finding.severity, `✖ [${finding.severity.toUpperCase()}]`)} ${finding.itemId} ${finding.title} — ${finding.location}`,
    `      ${finding.detail}`,
  ];
  for (const evidence of finding.evidence.slice(0, 2)) {
    out.push(
      ...indent(evidence.request, '      > ', 8),
      ...indent(evidence.response, '      < ', 14),
    );
  }
  out.push(`      Fix: ${finding.fix}`);
  return out;
}

function indent(text: string, prefix: string, maxLines: number): string[] {
  const lines = text.split('\n');
  const shown = lines
    .slice(0, maxLines)
    .map((line) => `${prefix}${line.length > 160 ? `${line.slice(0, 160)}…` : line}`);
  return lines.length > maxLines ? [...shown, `${prefix}…`] : shown;
}

/** A burst of identical requests reads as one line with a count. */
function collapseRepeats(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length;) {
    let j = i + 1;
    while (j < lines.length && lines[j] === lines[i]) j += 1;
    out.push(j - i > 1 ? `${lines[i] ?? ''}  (×${j - i})` : (lines[i] ?? ''));
    i = j;
  }
  return out;
}
