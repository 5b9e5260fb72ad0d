// The JSON report is the AuditReport itself: stable field names, evidence already masked.
import type { AuditReport } from '../types.js';

export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
