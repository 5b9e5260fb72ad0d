import { X509Certificate, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { generate } from 'selfsigned';

/** Marks generated material so production can recognise and refuse it. */
export const DEV_KID_PREFIX = 'dev-';
export const DEV_PEPPER_VERSION = 'dev';

export interface DevSecretsFile {
  readonly RAMPART_API_KEY_PEPPERS: string;
  readonly RAMPART_CURSOR_SECRET: string;
  readonly RAMPART_SIGNING_KEYS: string;
}

export interface DevCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  readonly fingerprint256: string;
}

/** Creates the data folder owner-only; it holds keys, the database and the dev certificate. */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const ignore = join(dataDir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '*\n', { mode: 0o600 });
}

function writePrivate(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600); // writeFileSync keeps the mode of an existing file
}

/** Development only: loads or generates peppers, a cursor key and an ES256 signing key. */
export async function loadDevSecrets(dataDir: string): Promise<DevSecretsFile> {
  ensureDataDir(dataDir);
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecretsFile;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = {
    ...(await exportJWK(privateKey)),
    kid: `${DEV_KID_PREFIX}${randomBytes(8).toString('hex')}`,
    alg: 'ES256',
    use: 'sig',
  };
  const secrets: DevSecretsFile = {
    RAMPART_API_KEY_PEPPERS: `${DEV_PEPPER_VERSION}:${randomBytes(32).toString('base64url')}`,
    RAMPART_CURSOR_SECRET: randomBytes(32).toString('base64url'),
    RAMPART_SIGNING_KEYS: JSON.stringify([jwk]),
  };
  writePrivate(file, JSON.stringify(secrets, null, 2));
  return secrets;
}

/** Development only: loads or generates a self-signed certificate for localhost. */
export async function loadDevCertificate(dataDir: string, host: string): Promise<DevCertificate> {
  ensureDataDir(dataDir);
  const certFile = join(dataDir, 'dev-cert.pem');
  const keyFile = join(dataDir, 'dev-key.pem');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    const altNames = [
      { type: 2 as const, value: 'localhost' },
      { type: 7 as const, ip: '127.0.0.1' },
      { type: 7 as const, ip: '::1' },
    ];
    if (host !== '127.0.0.1' && host !== 'localhost' && host !== '0.0.0.0' && host !== '::') {
      altNames.push(
        /^[\d.:]+$/.test(host) ? { type: 7 as const, ip: host } : { type: 2 as const, value: host },
      );
    }
    const notAfter = new Date(Date.now() + 90 * 86400_000);
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notAfterDate: notAfter,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    });
    writePrivate(keyFile, pems.private);
    writePrivate(certFile, pems.cert);
  }
  const fingerprint256 = new X509Certificate(readFileSync(certFile)).fingerprint256;
  return { certFile, keyFile, fingerprint256 };
}
