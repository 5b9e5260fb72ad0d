export type { CredentialGuard, CredentialAttempt } from './credential-guard.js';
