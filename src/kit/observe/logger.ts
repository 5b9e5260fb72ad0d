import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The fixed redaction list, compiled once at startup (pino's fast-redact). It never
 * grows from input. Access lines are built from an allowlist anyway; this list is the
 * second wall for error objects and ad-hoc fields.
 */
export const REDACT_PATHS: readonly string[] = [
  'authorization',
  'cookie',
  'password',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'apiKey',
  'key',
  'privateKey',
  'pepper',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.cookie',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.apiKey',
  '*.privateKey',
  '*["set-cookie"]',
  '*["x-api-key"]',
];

export interface LoggerOptions {
  readonly level?: string;
  /** Where lines go; defaults to stdout, asynchronously buffered (see {@link logDestination}). */
  readonly destination?: DestinationStream;
}

/**
 * JSON lines with a `timestamp` field. JSON string escaping makes CR/LF inside values
 * harmless: a value can never start a new line (log forging, CWE-117).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: null,
      messageKey: 'message',
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
    },
    options.destination ?? logDestination(),
  );
}

/**
 * A file descriptor (stdout by default) or file through sonic-boom, asynchronously, in
 * writes of at least 16 KiB: each write costs a thread-pool round trip and a re-encoding
 * of what was written, so fewer, larger writes are most of what logging costs per request
 * under load. A line never waits more than a second for company (`periodicFlush`; without
 * it a quiet instance would hold its last lines indefinitely); pino flushes what is left
 * on exit.
 */
export function logDestination(dest: number | string = 1): ReturnType<typeof pino.destination> {
  return pino.destination({
    dest,
    sync: false,
    minLength: 16 * 1024,
    maxWrite: 64 * 1024,
    periodicFlush: 1000,
  });
}

/** Errors keep type, message, code and stack for operators; never arbitrary own props. */
function serializeError(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const out: Record<string, unknown> = {
    type: value.name,
    message: value.message,
    stack: value.stack,
  };
  const code = (value as { code?: unknown }).code;
  if (typeof code === 'string') out.code = code;
  return out;
}
