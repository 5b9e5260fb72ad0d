import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { RampartError } from '../errors/rampart-error.js';
import type { Logger } from '../observe/logger.js';
import { createAccessLog } from './access-log.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import { securityHeaders } from './security-headers.js';

/** Browser pages that the plain listener redirects to HTTPS (fixed list: no open redirect). */
const PAGES = new Set(['/', '/docs', '/openapi.json']);

/**
 * The optional plain-HTTP listener. It never serves the API: pages get `308` to the
 * HTTPS URL; everything else gets `403 https-required` without reading credentials, so a
 * client leaking a token over HTTP fails loudly (ASVS 5.0 4.1.2).
 */
export function createPlainHttpListener(publicUrl: string, logger: Logger): Server {
  const headers = securityHeaders({ hsts: false });
  const writeAccessLine = createAccessLog(logger);
  const server = createServer(
    {
      headersTimeout: 10_000,
      requestTimeout: 10_000,
      keepAliveTimeout: 2_000,
      maxHeaderSize: 16 * 1024,
    },
    (req, res) => {
      const started = performance.now();
      const requestId = randomUUID();
      const url = req.url ?? '/';
      const path = url.split('?')[0] ?? '/';
      res.setHeaders(new Map(Object.entries({ ...headers, 'x-request-id': requestId })));
      if ((req.method === 'GET' || req.method === 'HEAD') && PAGES.has(path)) {
        res.writeHead(308, { location: `${publicUrl}${path}` }).end();
      } else {
        const body = JSON.stringify(toProblem(new RampartError('HTTPS_REQUIRED'), requestId));
        res.writeHead(403, { 'content-type': PROBLEM_CONTENT_TYPE, connection: 'close' }).end(body);
      }
      writeAccessLine({
        requestId,
        method: req.method ?? 'GET',
        url: path,
        statusCode: res.statusCode,
        ip: req.socket.remoteAddress ?? '',
        userAgent: req.headers['user-agent'],
        userId: undefined,
        durationMs: performance.now() - started,
      });
    },
  );
  return server;
}
