import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, createServer, toConfig } from '../../src/kit/index.js';

/**
 * With pino's asynchronous destination (sonic-boom, as in production) access lines of one
 * event-loop turn are joined into one write: none may be lost, including at shutdown.
 */
describe('access lines through the asynchronous destination', () => {
  it('writes every line, one per request, and flushes on close', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rampart-log-')), 'out.log');
    const destination = pino.destination({ dest: file, sync: false, minLength: 4096 });
    await new Promise((resolve) => destination.once('ready', resolve));
    const logger = createLogger({ destination });
    const app = createServer({
      config: toConfig({ NODE_ENV: 'test', RAMPART_DATA_DIR: '/tmp/rampart-kit-test' }),
      logger,
      routes: [],
      openapi: { title: 't', version: '1' },
      readiness: () => Promise.resolve({ ready: true, checks: {} }),
    });
    await app.ready();
    const ids: string[] = [];
    const responses = await Promise.all(
      Array.from({ length: 25 }, () => app.inject({ method: 'GET', url: '/healthz' })),
    );
    for (const res of responses) ids.push(String(res.headers['x-request-id']));
    await app.close();
    destination.flushSync();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const logged = lines.map((l) => (JSON.parse(l) as { requestId?: string }).requestId);
    expect(logged.filter((id) => id !== undefined).sort()).toEqual(ids.sort());
  });
});
