#!/usr/bin/env node
import { ConfigError, RouteDeclarationError } from '../kit/index.js';
import { runServe } from './serve.js';
import { runMigrate } from './migrate.js';

const USAGE = `usage: rampart <command>
  serve      start the reference API (production mode unless NODE_ENV says otherwise)
  migrate    run database migrations and exit
  keys       manage signing keys and API keys (see: rampart keys --help)
  audit      audit a live API (see: rampart audit --help)`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return runServe(rest);
    case 'migrate':
      return runMigrate();
    case 'keys': {
      const { runKeys } = await import('./keys.js');
      return runKeys(rest);
    }
    case 'audit': {
      const { runAuditCommand } = await import('./audit.js');
      return runAuditCommand(rest);
    }
    case undefined:
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`rampart: unknown command "${command.slice(0, 40)}"\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (error: unknown) => {
    // Configuration and declaration problems are the operator's to fix: one line, no stack.
    if (error instanceof ConfigError || error instanceof RouteDeclarationError) {
      process.stderr.write(`rampart: refusing to start: ${error.message}\n`);
    } else {
      process.stderr.write(
        `rampart: failed: ${error instanceof Error ? error.message : 'unknown error'}\n`,
      );
    }
    process.exitCode = 1;
  },
);
