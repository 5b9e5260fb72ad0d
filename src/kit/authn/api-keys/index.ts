export { crc32 } from './crc32.js';
export {
  API_KEY_ENVIRONMENTS,
  API_KEY_SECRET_BITS,
  API_KEY_SECRET_LENGTH,
  API_KEY_CHECKSUM_LENGTH,
  API_KEY_ID_PREFIX,
  API_KEY_LENGTH,
  API_KEY_DETECTION_REGEX,
  formatApiKey,
  generateApiKey,
  parseApiKey,
  looksLikeApiKey,
  type ApiKeyEnvironment,
  type GeneratedApiKey,
  type ParsedApiKey,
} from './format.js';
export { createApiKeyHasher, type ApiKeyHasher, type ApiKeyHash } from './hasher.js';
export { VerifiedKeyCache, type VerifiedKeyCacheOptions } from './cache.js';
export {
  createMemoryRevocationSignal,
  createRedisRevocationSignal,
  type RevocationSignal,
  type RedisRevocationSignalOptions,
} from './revocation-signal.js';
export {
  createApiKeyVerifier,
  type ApiKeyVerifier,
  type ApiKeyVerifierOptions,
  type ApiKeyVerification,
  type ApiKeyFailureCode,
  type StoredApiKey,
  type CachedKey,
} from './verifier.js';
export {
  LastUsedRecorder,
  type LastUsedRecorderOptions,
  type LastUsedWriter,
} from './last-used.js';
