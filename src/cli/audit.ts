/** `rampart audit …`: delegates to the HTTP-only auditor (which knows nothing of kit or app). */
export async function runAuditCommand(args: readonly string[]): Promise<number> {
  const audit = (await import('../audit/index.js')) as {
    runAuditCli?: (argv: string[]) => Promise<number>;
  };
  if (audit.runAuditCli === undefined) {
    process.stderr.write('rampart audit: not available in this build\n');
    return 2;
  }
  return audit.runAuditCli([...args]);
}
