import type { CredentialGuard } from '../../kit/index.js';

/**
 * Placeholder that allows every attempt. The limits capability replaces it with the real
 * brute-force defence; identity code calls before/failed/succeeded around every check.
 */
export const allowAllCredentialGuard: CredentialGuard = Object.freeze({
  before: () => Promise.resolve(),
  failed: () => Promise.resolve(),
  succeeded: () => Promise.resolve(),
});
