import {
  RampartError,
  looksLikeApiKey,
  type ApiKeyVerification,
  type ApiKeyVerifier,
  type AuthRequest,
  type Authenticator,
  type LastUsedRecorder,
  type Principal,
  type SecurityEvents,
} from '../../kit/index.js';

const BEARER_PREFIX = /^bearer /i;

/** The presented key: `X-API-Key`, or `Authorization: Bearer sk_…`; undefined when absent. */
export function presentedApiKey(headers: AuthRequest['headers']): string | undefined {
  const header = headers['x-api-key'];
  if (typeof header === 'string') return header;
  if (Array.isArray(header)) return header.join(',');
  const authorization = headers.authorization;
  if (authorization === undefined || !BEARER_PREFIX.test(authorization)) return undefined;
  const value = authorization.slice(7).trim();
  return looksLikeApiKey(value) ? value : undefined;
}

/**
 * Authenticates machine callers by API key. A cache hit is synchronous (no promise, no
 * I/O besides a map lookup); a miss reads one row. Every refusal is a security event
 * naming the key id when the key parsed, never the key.
 */
export class ApiKeyAuthenticator implements Authenticator {
  readonly #verifier: ApiKeyVerifier<Principal>;
  readonly #events: SecurityEvents;
  readonly #lastUsed: LastUsedRecorder;

  constructor(
    verifier: ApiKeyVerifier<Principal>,
    events: SecurityEvents,
    lastUsed: LastUsedRecorder,
  ) {
    this.#verifier = verifier;
    this.#events = events;
    this.#lastUsed = lastUsed;
  }

  authenticate(request: AuthRequest): Principal | undefined | Promise<Principal | undefined> {
    const presented = presentedApiKey(request.headers);
    if (presented === undefined) return undefined;
    const result = this.#verifier.verify(presented);
    if (result instanceof Promise) return result.then((r) => this.#finish(r, request));
    return this.#finish(result, request);
  }

  #finish(result: ApiKeyVerification<Principal>, request: AuthRequest): Principal | Promise<never> {
    if (result.valid) {
      this.#lastUsed.touch(result.keyId);
      return result.value;
    }
    return this.#refuse(result, request);
  }

  async #refuse(
    result: Extract<ApiKeyVerification<Principal>, { valid: false }>,
    request: AuthRequest,
  ): Promise<never> {
    const context = { principalId: result.keyId, ip: request.ip, requestId: request.requestId };
    if (result.code === 'EXPIRED' && result.keyId !== undefined) {
      await this.#events.record('api_key.expired_used', context, { keyId: result.keyId });
    } else {
      const reason =
        result.reason === undefined
          ? result.code.toLowerCase()
          : `${result.code.toLowerCase()}:${result.reason}`;
      await this.#events.record(
        'api_key.verify_failed',
        context,
        result.keyId === undefined ? { reason } : { keyId: result.keyId, reason },
      );
    }
    throw new RampartError('AUTH_INVALID', {
      internal: `API key refused: ${result.code}${result.reason === undefined ? '' : ` (${result.reason})`}`,
      detail: result.code === 'EXPIRED' ? 'The API key has expired.' : 'The API key is not valid.',
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
  }
}
