import type { Config } from './config.js';
import { ConfigError } from './config-error.js';
import { DEV_KID_PREFIX, DEV_PEPPER_VERSION } from './dev-material.js';
import type { Secrets } from './secrets.js';

/**
 * Production refuses to start on unsafe settings. Each refusal names the setting and
 * the fix; all of them are collected so an operator fixes everything in one go.
 */
export function productionProblems(config: Config, secrets: Secrets | ConfigError): ConfigError[] {
  const problems: ConfigError[] = [];
  if (
    config.tls === 'self' &&
    (config.tlsCertFile === undefined || config.tlsKeyFile === undefined)
  ) {
    problems.push(
      new ConfigError(
        'RAMPART_TLS_CERT_FILE',
        'production needs real TLS material (RAMPART_TLS_CERT_FILE and RAMPART_TLS_KEY_FILE) or RAMPART_TLS=proxy behind a trusted proxy',
      ),
    );
  }
  if (config.tls === 'proxy' && config.trustedProxies.length === 0) {
    problems.push(
      new ConfigError(
        'RAMPART_TRUSTED_PROXIES',
        'RAMPART_TLS=proxy needs at least one trusted proxy CIDR',
      ),
    );
  }
  for (const origin of config.corsOrigins) {
    const url = new URL(origin);
    if (url.protocol !== 'https:') {
      problems.push(
        new ConfigError('RAMPART_CORS_ORIGINS', `production allows https origins only (${origin})`),
      );
    }
  }
  if (secrets instanceof ConfigError) {
    problems.push(secrets);
    return problems;
  }
  if (secrets.signingKeys.reveal().some((jwk) => String(jwk.kid).startsWith(DEV_KID_PREFIX))) {
    problems.push(
      new ConfigError(
        'RAMPART_SIGNING_KEYS',
        'development-generated signing keys are refused in production: generate keys with `rampart keys generate`',
      ),
    );
  }
  if (secrets.apiKeyPeppers.some((p) => p.version === DEV_PEPPER_VERSION)) {
    problems.push(
      new ConfigError('RAMPART_API_KEY_PEPPERS', 'the development pepper is refused in production'),
    );
  }
  return problems;
}
