#!/usr/bin/env node
// Audits our own reference service with `rampart audit`, from the outside, the way CI
// ships it: start the built service on free ports with embedded defaults, provision two
// tenants and a lower-privileged user through the public API, run the auditor with every
// check, and fail on any finding. Usage: node scripts/self-audit.mjs  (after npm run build)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli', 'main.js');

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const dataDir = mkdtempSync(join(tmpdir(), 'rampart-self-audit-'));
const [port, httpPort] = [await freePort(), await freePort()];
const base = `https://127.0.0.1:${port}`;
const service = spawn(process.execPath, [cli, 'serve'], {
  env: {
    PATH: process.env.PATH,
    NODE_ENV: 'development',
    RAMPART_DATA_DIR: dataDir,
    RAMPART_PORT: String(port),
    RAMPART_HTTP_PORT: String(httpPort),
    RAMPART_LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let banner = '';
service.stdout.on('data', (chunk) => (banner += chunk));
const stop = () => {
  if (service.exitCode === null) service.kill('SIGTERM');
};
process.on('exit', () => {
  stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const deadline = Date.now() + 30_000;
while (!banner.includes('try: curl')) {
  if (service.exitCode !== null || Date.now() > deadline) {
    console.error(`self-audit: the service did not start\n${banner}`);
    process.exit(2);
  }
  await new Promise((r) => setTimeout(r, 100));
}
const cacert = join(dataDir, 'dev-cert.pem');
const agent = new Agent({ ca: readFileSync(cacert), keepAlive: false });

function call(method, path, body, token) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode, json: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const password = () => `Self-audit ${randomBytes(12).toString('base64url')}`;
async function owner(label) {
  const user = {
    email: `${label}-${randomBytes(4).toString('hex')}@audit.example.com`,
    password: password(),
  };
  const res = await call('POST', '/v1/auth/register', {
    ...user,
    name: `Auditor ${label}`,
    organizationName: `Audit ${label}`,
  });
  if (res.status !== 201) throw new Error(`register ${label}: ${res.status}`);
  return user;
}

const a = await owner('a');
const b = await owner('b');
const loginA = await call('POST', '/v1/auth/login', a);
const low = {
  email: `low-${randomBytes(4).toString('hex')}@audit.example.com`,
  password: password(),
};
const invited = await call(
  'POST',
  '/v1/users',
  { email: low.email, name: 'Auditor low', role: 'member' },
  loginA.json.accessToken,
);
if (invited.status !== 201) throw new Error(`invite: ${invited.status}`);
const accepted = await call('POST', '/v1/auth/accept-invitation', {
  token: invited.json.invitation.token,
  password: low.password,
});
if (accepted.status !== 200) throw new Error(`accept invitation: ${accepted.status}`);

process.env.SELF_AUDIT_A = `${a.email}:${a.password}`;
process.env.SELF_AUDIT_B = `${b.email}:${b.password}`;
process.env.SELF_AUDIT_LOW = `${low.email}:${low.password}`;
const started = Date.now();
const audit = spawn(
  process.execPath,
  [
    cli,
    'audit',
    base,
    '--cacert',
    cacert,
    '--http-port',
    String(httpPort),
    '--login',
    'env:SELF_AUDIT_A',
    '--login-b',
    'env:SELF_AUDIT_B',
    '--login-low',
    'env:SELF_AUDIT_LOW',
    '--fail-on',
    'low',
    '--no-color',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: process.env },
);
const code = await new Promise((resolve) => audit.on('exit', resolve));
console.log(
  `self-audit: rampart audit exited ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
stop();
process.exit(code ?? 2);
