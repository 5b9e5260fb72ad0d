/** Who is trying a credential: the account (email, key id) and the client IP. */
export interface CredentialAttempt {
  readonly account: string;
  readonly ip: string;
  readonly requestId: string;
}

/**
 * Brute-force defence around every credential check (login, invitation, API key).
 * `before` throws a RampartError (RATE_LIMITED with Retry-After, or UNAVAILABLE when the
 * shared store is down: authentication throttling fails closed) or resolves after any
 * progressive delay; `failed`/`succeeded` record the outcome.
 */
export interface CredentialGuard {
  before(attempt: CredentialAttempt): Promise<void>;
  failed(attempt: CredentialAttempt): Promise<void>;
  succeeded(attempt: CredentialAttempt): Promise<void>;
}
