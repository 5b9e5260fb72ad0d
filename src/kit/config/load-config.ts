import { readFileSync } from 'node:fs';
import { CONFIG_NAMES, toConfig, type Config } from './config.js';
import { ConfigError } from './config-error.js';
import { loadDevCertificate, loadDevSecrets, type DevCertificate } from './dev-material.js';
import { productionProblems } from './production-check.js';
import { readEnv, type RawEnv } from './read-env.js';
import { SECRET_NAMES, toSecrets, type Secrets } from './secrets.js';
import { Secret } from './secret.js';

export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Secret<Buffer>;
}

export interface LoadedConfig {
  readonly config: Config;
  readonly secrets: Secrets;
  /** Present when the HTTPS listener terminates TLS itself. */
  readonly tls: TlsMaterial | undefined;
  /** Present in development when the certificate was generated. */
  readonly devCertificate: DevCertificate | undefined;
}

/**
 * readEnv -> toConfig -> toSecrets, then the production self-check. Development fills
 * missing secrets and the certificate from the data folder (generated on first run).
 * Throws {@link ConfigError}; the caller prints its one-line message and exits.
 */
export async function loadConfig(
  env: RawEnv = process.env,
  cwd = process.cwd(),
): Promise<LoadedConfig> {
  const raw = readEnv([...CONFIG_NAMES, ...SECRET_NAMES], env);
  const config = toConfig(raw, cwd);
  let devGenerated = false;
  let devCertificate: DevCertificate | undefined;
  const merged: Record<string, string> = { ...raw };
  if (config.mode !== 'production') {
    if (SECRET_NAMES.some((name) => merged[name] === undefined)) {
      const dev = await loadDevSecrets(config.dataDir);
      for (const name of SECRET_NAMES) {
        if (merged[name] === undefined) {
          merged[name] = dev[name];
          devGenerated = true;
        }
      }
    }
    if (config.tls === 'self' && config.tlsCertFile === undefined) {
      devCertificate = await loadDevCertificate(config.dataDir, config.host);
    }
  }
  let secrets: Secrets | undefined;
  let secretsError: ConfigError | undefined;
  try {
    secrets = toSecrets(merged, devGenerated);
  } catch (error) {
    if (config.mode !== 'production' || !(error instanceof ConfigError)) throw error;
    secretsError = error;
  }
  if (config.mode === 'production') {
    const problems = productionProblems(
      config,
      secrets ?? secretsError ?? new ConfigError('RAMPART_SIGNING_KEYS', 'is required'),
    );
    const first = problems[0];
    if (first !== undefined) {
      const rest = problems.slice(1).filter((p) => p.setting !== first.setting);
      const more =
        rest.length > 0
          ? ` (and ${rest.length} more: ${rest.map((p) => p.setting).join(', ')})`
          : '';
      throw new ConfigError(
        first.setting,
        `${first.message.slice(first.setting.length + 2)}${more}`,
      );
    }
  }
  if (secrets === undefined) throw new ConfigError('RAMPART_SIGNING_KEYS', 'secrets are missing');
  return Object.freeze({ config, secrets, tls: readTls(config, devCertificate), devCertificate });
}

function readTls(config: Config, dev: DevCertificate | undefined): TlsMaterial | undefined {
  if (config.tls !== 'self') return undefined;
  const certFile = config.tlsCertFile ?? dev?.certFile;
  const keyFile = config.tlsKeyFile ?? dev?.keyFile;
  if (certFile === undefined || keyFile === undefined) {
    throw new ConfigError(
      'RAMPART_TLS_CERT_FILE',
      'RAMPART_TLS=self needs RAMPART_TLS_CERT_FILE and RAMPART_TLS_KEY_FILE',
    );
  }
  try {
    return { cert: readFileSync(certFile), key: new Secret(readFileSync(keyFile), 'file') };
  } catch {
    throw new ConfigError('RAMPART_TLS_CERT_FILE', 'the certificate or key file cannot be read');
  }
}
