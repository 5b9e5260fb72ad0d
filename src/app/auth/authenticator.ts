import {
  RampartError,
  type AuthRequest,
  type Authenticator,
  type Principal,
} from '../../kit/index.js';
import type { UserTokenAuthenticator } from './user-token-authenticator.js';
import { invalidToken } from './user-token-authenticator.js';

const API_KEY_PREFIX = /^sk_(live|test)_/;
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

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
    const match = BEARER.exec(authorization);
    const token = match?.[1];
    if (token === undefined) throw invalidToken('Authorization is not a Bearer credential');
    if (API_KEY_PREFIX.test(token)) return this.#apiKey(request);
    return this.#tokens.authenticate(token, request);
  }

  #apiKey(request: AuthRequest): Principal | undefined | Promise<Principal | undefined> {
    if (this.#apiKeys === undefined)
      throw new RampartError('AUTH_INVALID', { internal: 'API keys are not enabled' });
    return this.#apiKeys.authenticate(request);
  }
}
