// Shared shapes of the auditor: what a check receives and what it reports.
// Kept free of behaviour so every other file can import it without cycles.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Numeric rank so that "at or above --fail-on" is a comparison. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

/** One request/response pair, already masked, kept as proof of a finding. */
export interface Evidence {
  request: string;
  response: string;
}

export interface Finding {
  /** Checklist item id from catalogue.ts, e.g. `CORS-1`. */
  itemId: string;
  section: string;
  title: string;
  severity: Severity;
  /** What was observed, in one or two sentences. */
  detail: string;
  evidence: Evidence[];
  fix: string;
  /** Where it was seen, e.g. `GET /v1/me`; used for SARIF locations and de-duplication. */
  location: string;
}

export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'error';

export interface CheckOutcome {
  id: string;
  title: string;
  section: string;
  status: CheckStatus;
  /** Why a check was skipped or could not conclude; never secrets. */
  notes: string[];
  findings: Finding[];
  requests: number;
  durationMs: number;
}

export interface AuditReport {
  tool: { name: 'rampart-audit'; version: string };
  target: string;
  startedAt: string;
  durationMs: number;
  requestsSent: number;
  dryRun: boolean;
  checks: CheckOutcome[];
  findings: Finding[];
  /** Count of findings per severity. */
  summary: Record<Severity, number>;
  /** Audit-wide remarks (no OpenAPI document, objects that could not be cleaned up…). */
  notes: string[];
  /** Requests a dry run would send, in order; empty for a real run. */
  plannedRequests: string[];
}
