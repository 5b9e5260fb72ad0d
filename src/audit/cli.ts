// `rampart audit …` as a function: parse, run, write the requested reports, return the exit code.
// Never throws for expected failures: usage and target errors are exit code 2 with a message.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from './args.js';
import { CHECKS } from './checks/index.js';
import { AuditUsageError } from './options.js';
import { renderJson } from './report/json.js';
import { renderJunit } from './report/junit.js';
import { renderSarif } from './report/sarif.js';
import { renderTerminal } from './report/terminal.js';
import { AuditTargetError, runAudit } from './run-audit.js';
import { severityRank, type AuditReport } from './types.js';
import { USAGE } from './usage.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  stdoutIsTty: boolean;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stdoutIsTty: process.stdout.isTTY,
};

export async function runAuditCli(argv: string[], io: CliIo = processIo): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, io.env);
  } catch (error) {
    if (error instanceof AuditUsageError) {
      io.stderr(`rampart audit: ${error.message}\nRun "rampart audit --help" for usage.\n`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    io.stdout(`${USAGE}${CHECKS.map((c) => c.id).join(', ')}\n`);
    return 0;
  }
  let report: AuditReport;
  try {
    report = await runAudit({
      ...args.input,
      ...(args.quiet ? {} : { onProgress: (line: string) => io.stderr(`${line}\n`) }),
    });
  } catch (error) {
    if (error instanceof AuditUsageError || error instanceof AuditTargetError) {
      io.stderr(`rampart audit: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const renderers = { json: renderJson, sarif: renderSarif, junit: renderJunit };
  let stdoutTaken = false;
  for (const [format, destination] of Object.entries(args.outputs)) {
    const text = renderers[format as keyof typeof renderers](report);
    if (destination === '-') {
      io.stdout(text);
      stdoutTaken = true;
    } else {
      await writeFile(destination, text);
    }
  }
  const colour = args.color && !stdoutTaken && io.stdoutIsTty && io.env.NO_COLOR === undefined;
  (stdoutTaken ? io.stderr : io.stdout)(renderTerminal(report, colour));
  if (args.failOn === 'none' || report.dryRun) return 0;
  const threshold = severityRank(args.failOn);
  return report.findings.some((f) => severityRank(f.severity) >= threshold) ? 1 : 0;
}
