import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, toConfig } from '../../src/kit/index.js';

const run = promisify(execFile);
const secret = () => randomBytes(32).toString('base64url');
const tmp = () => mkdtempSync(join(tmpdir(), 'rampart-config-'));

/** A production environment that passes every check; each test breaks one thing. */
function productionEnv(dir: string): Record<string, string> {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  writeFileSync(cert, 'not used by loadConfig beyond reading');
  writeFileSync(key, 'not used by loadConfig beyond reading');
  return {
    NODE_ENV: 'production',
    RAMPART_DATA_DIR: dir,
    RAMPART_TLS_CERT_FILE: cert,
    RAMPART_TLS_KEY_FILE: key,
    RAMPART_API_KEY_PEPPERS: `v1:${secret()}`,
    RAMPART_CURSOR_SECRET: secret(),
    RAMPART_SIGNING_KEYS: JSON.stringify([
      { kty: 'EC', crv: 'P-256', kid: 'k1', d: 'x', x: 'x', y: 'y' },
    ]),
  };
}

async function refusal(env: Record<string, string>): Promise<ConfigError> {
  try {
    await loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a refusal');
}

describe('config: one typed schema, validated once, frozen', () => {
  it('has safe defaults and is frozen', () => {
    const config = toConfig({});
    expect(config.mode).toBe('production');
    expect(config.port).toBe(8443);
    expect(config.httpPort).toBe(8080);
    expect(config.corsOrigins).toEqual([]);
    expect(config.trustedProxies).toEqual([]);
    expect(config.limits.ipPerMinute).toBe(100);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.limits)).toBe(true);
  });

  it.each([
    [{ RAMPART_PORT: 'abc' }, 'RAMPART_PORT: must be an integer from 0 to 65535'],
    [{ RAMPART_TLS: 'none' }, 'RAMPART_TLS: must be one of self, proxy'],
    [{ RAMPART_CORS_ORIGINS: '*' }, 'RAMPART_CORS_ORIGINS: "*" is not allowed'],
    [{ RAMPART_CORS_ORIGINS: 'null' }, 'RAMPART_CORS_ORIGINS: "null" is not allowed'],
    [
      { RAMPART_CORS_ORIGINS: 'https://a.example.com/path' },
      'RAMPART_CORS_ORIGINS: each entry must be an exact origin',
    ],
    [
      { RAMPART_TRUSTED_PROXIES: '10.0.0.0/99' },
      'RAMPART_TRUSTED_PROXIES: must be an integer from 0 to 32',
    ],
    [
      { RAMPART_ACCESS_TOKEN_TTL_MINUTES: '90' },
      'RAMPART_ACCESS_TOKEN_TTL_MINUTES: must be an integer from 5 to 60',
    ],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: must be a postgres:// or postgresql:// URL'],
  ])('refuses %o with one line naming the setting', (env, message) => {
    expect(() => toConfig(env)).toThrow(message);
    try {
      toConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reads NAME_FILE and refuses both forms at once', async () => {
    const dir = tmp();
    const file = join(dir, 'port');
    writeFileSync(file, '9443\n');
    const loaded = await loadConfig({
      NODE_ENV: 'test',
      RAMPART_DATA_DIR: dir,
      RAMPART_PORT_FILE: file,
    });
    expect(loaded.config.port).toBe(9443);
    await expect(
      loadConfig({ NODE_ENV: 'test', RAMPART_PORT: '1', RAMPART_PORT_FILE: file }),
    ).rejects.toThrow('set either RAMPART_PORT or RAMPART_PORT_FILE, not both');
  });

  it('never prints the value of a weak secret', async () => {
    const dir = tmp();
    const weak = 'c2hvcnQtc2VjcmV0';
    const error = await refusal({ ...productionEnv(dir), RAMPART_CURSOR_SECRET: weak });
    expect(error.message).toContain('RAMPART_CURSOR_SECRET: must carry at least 256 bits');
    expect(error.message).not.toContain(weak);
  });
});

describe('production refuses to start on insecure configuration', () => {
  it('accepts a complete production configuration', async () => {
    const loaded = await loadConfig(productionEnv(tmp()));
    expect(loaded.config.mode).toBe('production');
    expect(loaded.secrets.devGenerated).toBe(false);
  });

  it('without real TLS material', async () => {
    const env = productionEnv(tmp());
    delete env.RAMPART_TLS_CERT_FILE;
    expect((await refusal(env)).message).toMatch(
      /^RAMPART_TLS_CERT_FILE: production needs real TLS material/,
    );
  });

  it('accepts trusted-proxy mode instead of TLS material, but not with no proxy listed', async () => {
    const env = productionEnv(tmp());
    delete env.RAMPART_TLS_CERT_FILE;
    delete env.RAMPART_TLS_KEY_FILE;
    const proxied = { ...env, RAMPART_TLS: 'proxy' };
    expect((await refusal(proxied)).message).toMatch(
      /^RAMPART_TRUSTED_PROXIES: RAMPART_TLS=proxy needs/,
    );
    const loaded = await loadConfig({ ...proxied, RAMPART_TRUSTED_PROXIES: '10.0.0.0/8' });
    expect(loaded.tls).toBeUndefined();
  });

  it('with development-generated keys', async () => {
    const env = productionEnv(tmp());
    env.RAMPART_SIGNING_KEYS = JSON.stringify([{ kty: 'EC', kid: 'dev-abc', d: 'x' }]);
    expect((await refusal(env)).message).toMatch(
      /^RAMPART_SIGNING_KEYS: development-generated signing keys are refused/,
    );
  });

  it('with missing secrets', async () => {
    const env = productionEnv(tmp());
    delete env.RAMPART_API_KEY_PEPPERS;
    expect((await refusal(env)).message).toMatch(/RAMPART_(API_KEY_PEPPERS|SIGNING_KEYS)/);
  });

  it('with a secret shorter than 256 bits', async () => {
    const env = {
      ...productionEnv(tmp()),
      RAMPART_API_KEY_PEPPERS: `v1:${randomBytes(16).toString('base64url')}`,
    };
    expect((await refusal(env)).message).toMatch(
      /^RAMPART_API_KEY_PEPPERS: must carry at least 256 bits/,
    );
  });

  it('with CORS misconfigured', async () => {
    const env = { ...productionEnv(tmp()), RAMPART_CORS_ORIGINS: 'http://app.example.com' };
    expect((await refusal(env)).message).toMatch(
      /^RAMPART_CORS_ORIGINS: production allows https origins only/,
    );
  });
});

describe('development material', () => {
  it('is generated once into an owner-only, git-ignored data folder', async () => {
    const dir = join(tmp(), 'data');
    const first = await loadConfig({ NODE_ENV: 'development', RAMPART_DATA_DIR: dir });
    expect(first.secrets.devGenerated).toBe(true);
    expect(first.devCertificate?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const file of ['dev-secrets.json', 'dev-cert.pem', 'dev-key.pem']) {
      expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('*\n');
    const second = await loadConfig({ NODE_ENV: 'development', RAMPART_DATA_DIR: dir });
    expect(second.devCertificate?.fingerprint256).toBe(first.devCertificate?.fingerprint256);
    expect(JSON.stringify(second.secrets)).not.toContain('"d"');
  });
});

describe('the CLI refuses bad configuration in one line, without a stack', () => {
  it.each([
    [
      { RAMPART_PORT: 'x' },
      'rampart: refusing to start: RAMPART_PORT: must be an integer from 0 to 65535\n',
    ],
    [
      { NODE_ENV: 'production' },
      /^rampart: refusing to start: RAMPART_TLS_CERT_FILE: production needs real TLS material.*\n$/,
    ],
  ])('%o', async (env, expected) => {
    const result = await run('node', ['dist/cli/main.js', 'serve'], {
      env: { PATH: process.env.PATH ?? '', RAMPART_DATA_DIR: tmp(), ...env },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(result.code).toBe(1);
    if (typeof expected === 'string') expect(result.stderr).toBe(expected);
    else expect(result.stderr).toMatch(expected);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
