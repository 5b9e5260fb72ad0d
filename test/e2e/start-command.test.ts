import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `npm start` runs `rampart serve` in development mode (after a build). This runs the
 * built CLI the same way and checks what it prints works as printed.
 */
describe('the start command', () => {
  let child: ChildProcess;
  let output = '';
  let dataDir: string;
  beforeAll(async () => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'rampart-start-')), 'data');
    const [port, httpPort] = [await freePort(), await freePort()];
    child = spawn('node', ['dist/cli/main.js', 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'development',
        RAMPART_DATA_DIR: dataDir,
        RAMPART_PORT: String(port),
        RAMPART_HTTP_PORT: String(httpPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 20_000;
    while (!output.includes('try: curl') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints the HTTPS URL, certificate path, SHA-256 fingerprint and a working curl line', () => {
    expect(output).toMatch(/listening on https:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain(`dev certificate: ${join(dataDir, 'dev-cert.pem')}`);
    expect(output).toMatch(/SHA-256 fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    const curl = /try: (curl .+)/.exec(output)?.[1] ?? '';
    expect(curl).toMatch(/^curl --cacert \S+ https:\/\/127\.0\.0\.1:\d+\/healthz$/);
    expect(execSync(`${curl} --silent --fail`, { encoding: 'utf8' })).toBe('{"status":"ok"}');
  });

  it('keeps generated keys and the certificate in an owner-only folder', () => {
    for (const file of ['dev-secrets.json', 'dev-key.pem', 'rampart.db']) {
      expect(statSync(join(dataDir, file)).mode & 0o077).toBe(0);
    }
    expect(readFileSync(join(dataDir, '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
