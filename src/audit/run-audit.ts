// Orchestration: load the API description, open sessions, run each check in order with its own
// finding sink, clean up what the audit created, and assemble the report.
import { readFile } from 'node:fs/promises';
import { CHECKS } from './checks/index.js';
import { FindingSink, SkipCheck, sendAs, type CheckContext, type Principal } from './context.js';
import { HttpClient, TargetError, is2xx } from './http/client.js';
import { BudgetExhaustedError } from './http/pacer.js';
import { asObject } from './openapi/json.js';
import { buildModel, type ApiModel } from './openapi/model.js';
import { AuditUsageError, resolveOptions, type AuditInput, type AuditOptions } from './options.js';
import { OwnObjects } from './own-objects.js';
import { AuditTargetError, openSession, pickProbe } from './session.js';
import { SEVERITIES, type AuditReport, type CheckOutcome, type Severity } from './types.js';
import { VERSION } from './version.js';

export async function runAudit(input: AuditInput): Promise<AuditReport> {
  const options = resolveOptions(input);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const http = new HttpClient({ ...options, onWait: (line) => options.onProgress(`  … ${line}`) });
  try {
    http.masker.add(options.apiKey, 'api key');
    for (const credential of [options.userA, options.userB, options.userLow]) {
      if (credential?.kind === 'token') http.masker.add(credential.token, 'token');
    }
    const { api, notes: setupNotes } = await loadApi(http, options);
    const probe = api ? pickProbe(api.operations) : undefined;
    const open = async (
      credential: AuditOptions['userA'],
      label: Principal['label'],
    ): Promise<Principal | undefined> =>
      credential === undefined
        ? undefined
        : openSession(http, credential, label, options.loginPath, probe);
    const userA = await open(options.userA, 'user A');
    const userB = await open(options.userB, 'user B');
    const userLow = await open(options.userLow, 'low user');
    const send: CheckContext['send'] = (spec) => sendAs(http, spec);
    const objects = new OwnObjects(send, http.budget, api?.doc ?? {});
    const outcomes: CheckOutcome[] = [];
    const selected = CHECKS.filter(
      (check) =>
        (options.only === undefined || options.only.includes(check.id)) &&
        !options.skip.includes(check.id),
    );
    for (const [index, check] of selected.entries()) {
      if (check.provokesThrottling) {
        http.currentCheck = 'cleanup';
        await objects.cleanup();
      }
      options.onProgress(`[${index + 1}/${selected.length}] ${check.title}…`);
      http.currentCheck = check.id;
      const sink = new FindingSink(http);
      const notes: string[] = [];
      const before = http.budget.sent;
      const t0 = performance.now();
      const ctx: CheckContext = {
        options,
        http,
        api,
        userA,
        userB,
        userLow,
        probe,
        objects,
        send,
        report: (itemId, finding) => sink.add(itemId, finding),
        note: (text) => notes.push(http.masker.mask(text)),
        skip: (reason) => {
          throw new SkipCheck(reason);
        },
      };
      let status: CheckOutcome['status'] = 'passed';
      try {
        await check.run(ctx);
      } catch (error) {
        if (error instanceof SkipCheck) {
          status = 'skipped';
          notes.push(error.message);
        } else if (error instanceof BudgetExhaustedError || error instanceof TargetError) {
          status = 'error';
          notes.push(`stopped early: ${error.message}`);
        } else {
          status = 'error';
          notes.push(`auditor error: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      // Probes that stayed throttled prove nothing either way; say so instead of passing silently.
      const throttled = check.provokesThrottling
        ? 0
        : http.exchanges.filter(
            (e) => e.check === check.id && e.status === 429 && !e.simulated && !e.superseded,
          ).length;
      if (throttled > 0) {
        notes.push(
          `${throttled} request(s) stayed rate-limited (429) after waiting for Retry-After; their verdicts are inconclusive`,
        );
      }
      const findings = options.dryRun ? [] : sink.findings;
      if (findings.length > 0 && status === 'passed') status = 'failed';
      const outcome: CheckOutcome = {
        id: check.id,
        title: check.title,
        section: check.section,
        status,
        notes,
        findings,
        requests: http.budget.sent - before,
        durationMs: Math.round(performance.now() - t0),
      };
      outcomes.push(outcome);
      options.onProgress(`      ${progressLine(outcome)}`);
    }
    http.currentCheck = 'cleanup';
    await objects.cleanup();
    const notes = [...setupNotes];
    if (objects.leftovers.length > 0)
      notes.push(`could not delete objects the audit created: ${objects.leftovers.join('; ')}`);
    const findings = outcomes.flatMap((outcome) => outcome.findings);
    const summary = Object.fromEntries(
      SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]),
    ) as Record<Severity, number>;
    return {
      tool: { name: 'rampart-audit', version: VERSION },
      target: options.origin,
      startedAt,
      durationMs: Math.round(performance.now() - started),
      requestsSent: http.budget.sent,
      dryRun: options.dryRun,
      checks: outcomes,
      findings,
      summary,
      notes,
      plannedRequests: [...http.planned],
    };
  } finally {
    http.close();
  }
}

function progressLine(outcome: CheckOutcome): string {
  const stats = `(${outcome.requests} requests, ${(outcome.durationMs / 1000).toFixed(1)} s)`;
  if (outcome.status === 'failed') return `✖ ${outcome.findings.length} finding(s) ${stats}`;
  if (outcome.status === 'skipped') return `– skipped: ${outcome.notes.at(-1) ?? ''}`;
  if (outcome.status === 'error') return `! ${outcome.notes.at(-1) ?? 'error'} ${stats}`;
  return `✔ passed ${stats}`;
}

/** The OpenAPI document from a file or from the audited origin. A target that cannot be reached at all is fatal. */
async function loadApi(
  http: HttpClient,
  options: AuditOptions,
): Promise<{ api: ApiModel | undefined; notes: string[] }> {
  if ('file' in options.openapi) {
    let doc: Record<string, unknown> | undefined;
    try {
      doc = asObject(JSON.parse(await readFile(options.openapi.file, 'utf8')) as unknown);
    } catch (error) {
      throw new AuditUsageError(
        `--openapi file ${options.openapi.file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!doc)
      throw new AuditUsageError(`--openapi file ${options.openapi.file} is not a JSON object`);
    return { api: buildModel(doc), notes: [] };
  }
  const docPath = options.openapi.path;
  let exchange;
  try {
    exchange = await http.send({ method: 'GET', path: docPath });
  } catch (error) {
    throw new AuditTargetError(
      `cannot reach ${options.origin}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (http.dryRun)
    return {
      api: undefined,
      notes: [
        'dry run: the OpenAPI document is only read during a real run (pass --openapi <file> to list operation-level requests)',
      ],
    };
  const doc = asObject(exchange.json);
  if (!is2xx(exchange) || !doc || asObject(doc.paths) === undefined) {
    return {
      api: undefined,
      notes: [
        `no OpenAPI document at ${docPath} (HTTP ${exchange.status}); operation-level checks are skipped — pass --openapi`,
      ],
    };
  }
  return { api: buildModel(doc), notes: [] };
}

export { AuditTargetError };
