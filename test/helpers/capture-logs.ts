import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/kit/index.js';

/** A logger whose lines are kept in memory, so tests can grep them for secrets. */
export interface CapturedLogs {
  readonly logger: Logger;
  readonly lines: string[];
  /** Everything logged so far, as one string. */
  text(): string;
  /** Asserts helper: returns the secrets that appear in the logs (should be empty). */
  leaked(secrets: readonly string[]): string[];
}

export function captureLogs(level = 'debug'): CapturedLogs {
  const lines: string[] = [];
  let partial = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter((l) => l !== ''));
      callback();
    },
  });
  // pino writes synchronously to a plain Writable, so lines are visible at once.
  const logger = createLogger({ level, destination: stream });
  return {
    logger,
    lines,
    text: () => lines.join('\n') + (partial === '' ? '' : `\n${partial}`),
    leaked: (secrets) =>
      secrets.filter((s) => s !== '' && (lines.join('\n') + partial).includes(s)),
  };
}
