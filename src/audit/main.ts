// Stand-alone entry for manual runs: `node --import tsx src/audit/main.ts https://…` or, built,
// `node dist/audit/main.js https://…`. The `rampart audit` command uses index.ts instead.
import { runAuditCli } from './index.js';

process.exitCode = await runAuditCli(process.argv.slice(2));
