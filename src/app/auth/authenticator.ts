import {
  RampartError,
  type AuthRequest,
  type Authenticator,
  type Principal,
} from '../../kit/index.js';
import type { UserTokenAuthenticator } from './user-token-authenticator.js';
import { invalidToken, isB64Token, notBearer } from './user-token-authenticator.js';

const API_KEY_PREFIX = /^sk_(live|test)_/;

/**
 * The credential of `Authorization: Bearer <credential>` (scheme case-insensitive, one
 * space), or undefined. Its syntax (RFC 6750 b64token) is checked before anything is
 * verified: here for API keys, by the token authenticator on a verified-cache miss (a
 * hit is a string that passed the check already; scanning ~600 characters per request
 * for nothing was ~1 % of GET /v1/me).
 */
function bearerCredential(authorization: string): string | undefined {
  if (authorization.length < 8 || authorization.charCodeAt(6) !== 32) return undefined;
  const scheme = authorization.slice(0, 6);
  if (scheme !== 'Bearer' && scheme.toLowerCase() !== 'bearer') return undefined;
  return authorization.slice(7);
}

/**
 * Dispatches by credential shape: `X-API-Key`, or a Bearer value starting `sk_live_` /
 * `sk_test_`, goes to the API-key authenticator (401 until one is plugged in); any other
 * Bearer value is an access token (ours, or the OIDC provider's when configured).
 * A request carrying both kinds of credential is refused rather than guessed at.
 */
export class AppAuthenticator implements Authenticator {
  readonly #tokens: UserTokenAuthenticator;
  #apiKeys: Authenticator | undefined;

  constructor(tokens: UserTokenAuthenticator, apiKeys?: Authenticator) {
    this.#tokens = tokens;
    this.#apiKeys = apiKeys;
  }

  /** Plugs in the API-key authenticator (the API-key capability calls this once). */
  setApiKeyAuthenticator(authenticator: Authenticator): void {
    this.#apiKeys = authenticator;
  }

  authenticate(request: AuthRequest): Principal | undefined | Promise<Principal | undefined> {
    const apiKeyHeader = request.headers['x-api-key'];
    const authorization = request.headers.authorization;
    if (apiKeyHeader !== undefined) {
      if (authorization !== undefined) throw invalidToken('both X-API-Key and Authorization');
      return this.#apiKey(request);
    }
    if (authorization === undefined) return undefined;
    const token = bearerCredential(authorization);
    if (token === undefined) throw notBearer();
    if (API_KEY_PREFIX.test(token)) {
      if (!isB64Token(token)) throw notBearer();
      return this.#apiKey(request);
    }
    return this.#tokens.authenticate(token, request);
  }

  #apiKey(request: AuthRequest): Principal | undefined | Promise<Principal | undefined> {
    if (this.#apiKeys === undefined)
      throw new RampartError('AUTH_INVALID', { internal: 'API keys are not enabled' });
    return this.#apiKeys.authenticate(request);
  }
}
