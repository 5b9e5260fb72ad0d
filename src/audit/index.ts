// Public face of the auditor. The `rampart` CLI calls runAuditCli(process.argv.slice(3)).
export { runAuditCli, type CliIo } from './cli.js';
export { runAudit, AuditTargetError } from './run-audit.js';
export { AuditUsageError, DEFAULTS, type AuditInput, type Credential } from './options.js';
export { CATALOGUE, type ChecklistItem } from './catalogue.js';
export { CHECKS } from './checks/index.js';
export { renderJson } from './report/json.js';
export { renderJunit } from './report/junit.js';
export { renderSarif } from './report/sarif.js';
export { renderTerminal } from './report/terminal.js';
export type { AuditReport, CheckOutcome, Evidence, Finding, Severity } from './types.js';
