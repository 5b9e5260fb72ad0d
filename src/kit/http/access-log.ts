import type { Logger } from '../observe/logger.js';

export interface AccessLine {
  readonly requestId: string;
  readonly method: string;
  readonly url: string;
  readonly statusCode: number;
  readonly ip: string;
  readonly userAgent: string | undefined;
  readonly userId: string | undefined;
  readonly durationMs: number;
}

/**
 * One access line per request, from an allowlist of fields. The path is logged without
 * its query string, so a credential someone put in a URL never reaches the log.
 */
export function writeAccessLine(logger: Logger, line: AccessLine): void {
  const q = line.url.indexOf('?');
  logger.info({
    requestId: line.requestId,
    method: line.method,
    path: (q === -1 ? line.url : line.url.slice(0, q)).slice(0, 2048),
    statusCode: line.statusCode,
    ip: line.ip,
    userAgent: line.userAgent?.slice(0, 256),
    userId: line.userId,
    durationMs: Math.round(line.durationMs * 100) / 100,
  });
}
