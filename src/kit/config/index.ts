export {
  toConfig,
  SETTINGS,
  CONFIG_NAMES,
  type Config,
  type Mode,
  type TlsMode,
  type LogLevel,
} from './config.js';
export { ConfigError } from './config-error.js';
export { readEnv, type RawEnv } from './read-env.js';
export {
  toSecrets,
  SECRET_NAMES,
  MIN_SECRET_BYTES,
  type Secrets,
  type VersionedKey,
} from './secrets.js';
export { Secret } from './secret.js';
export { productionProblems } from './production-check.js';
export { loadConfig, type LoadedConfig, type TlsMaterial } from './load-config.js';
export {
  DEV_KID_PREFIX,
  DEV_PEPPER_VERSION,
  ensureDataDir,
  type DevCertificate,
} from './dev-material.js';
