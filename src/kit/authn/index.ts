export * from './api-keys/index.js';
export {
  createPasswordHasher,
  OWASP_ARGON2ID,
  type Argon2Parameters,
  type PasswordHasher,
  type PasswordHasherOptions,
  type PasswordVerification,
} from './passwords/password-hasher.js';
export {
  checkPasswordPolicy,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PasswordContext,
} from './passwords/password-policy.js';
export {
  KeyRing,
  SIGNING_ALGORITHMS,
  type PublicJwks,
  type RingKey,
  type SigningAlgorithm,
} from './jwt/key-ring.js';
export {
  signAccessToken,
  ACCESS_TOKEN_TYPE,
  type AccessTokenSettings,
  type AccessTokenSubject,
  type IssuedAccessToken,
} from './jwt/sign-access-token.js';
export {
  createAccessTokenVerifier,
  IGNORED_HEADER_FIELDS,
  type AccessTokenClaims,
  type AccessTokenVerifier,
  type TokenRejection,
  type VerifierOptions,
  type VerifyResult,
} from './jwt/verify-access-token.js';
export { VerifiedTokenCache } from './jwt/verified-token-cache.js';
export {
  generateSigningJwk,
  promoteStagedKey,
  retireKeys,
  rotateKeys,
  stageKey,
  type PrivateJwk,
} from './jwt/rotate-key-set.js';
export {
  newRefreshToken,
  hashRefreshToken,
  looksLikeRefreshToken,
} from './sessions/refresh-token.js';
export type {
  RefreshSessionsTable,
  RefreshSessionTables,
} from './sessions/refresh-sessions-table.js';
export {
  RefreshSessions,
  type IssuedRefresh,
  type RotateResult,
  type SessionLifetimes,
  type SessionOwner,
} from './sessions/refresh-sessions.js';
export { createMemoryRevocationFeed, type RevocationFeed } from './sessions/revocation-feed.js';
export {
  createRedisRevocationFeed,
  type RedisRevocationFeedOptions,
} from './sessions/redis-revocation-feed.js';
export { SessionRevocations } from './sessions/session-revocations.js';
export {
  REFRESH_COOKIE_NAME,
  refreshCookie,
  clearedRefreshCookie,
} from './sessions/refresh-cookie.js';
export { createOriginCheck } from './sessions/same-origin.js';
export {
  createHttpsJsonFetcher,
  type HttpsJsonOptions,
  type JsonFetcher,
} from './oidc/https-json.js';
export {
  createOidcVerifier,
  type OidcVerifier,
  type OidcVerifierOptions,
} from './oidc/oidc-verifier.js';
export {
  applyRotation,
  devSecretsFile,
  readDevSigningKeys,
  writeDevSigningKeys,
  type RotationStep,
} from './jwt/dev-key-file.js';
