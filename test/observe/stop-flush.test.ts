import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startService } from '../../src/app/main.js';
import { createLogger, logDestination } from '../../src/kit/index.js';

/**
 * The default destination batches lines (16 KiB writes, a flush a second). `stop()` is
 * what `rampart serve` awaits before it exits on SIGTERM: every line of a request that
 * was answered must be on disk by then, not lost with the process.
 */
describe('stop() writes buffered log lines before it resolves', () => {
  it('the access line of the last request is in the file as soon as stop() resolves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-stop-'));
    const file = join(dir, 'out.log');
    const destination = logDestination(file);
    await new Promise((resolve) => destination.once('ready', resolve));
    const service = await startService(
      {
        NODE_ENV: 'development',
        RAMPART_DATA_DIR: dir,
        RAMPART_TLS: 'proxy',
        RAMPART_TRUSTED_PROXIES: '127.0.0.1/32',
        RAMPART_PORT: '0',
        RAMPART_HTTP_PORT: '0',
      },
      { logger: createLogger({ destination }) },
    );
    const res = await fetch(`${service.url}/.well-known/jwks.json`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id');
    await service.stop();
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ requestId, path: '/.well-known/jwks.json', statusCode: 200 }),
    );
  });
});
