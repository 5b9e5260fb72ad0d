/** Request headers a browser may send cross-origin. */
export const CORS_ALLOWED_HEADERS = 'authorization, content-type, x-api-key, x-request-id';
export const CORS_EXPOSED_HEADERS =
  'x-request-id, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, retry-after, ratelimit, ratelimit-policy';

export type CorsDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'simple'; readonly headers: Readonly<Record<string, string>> }
  | { readonly kind: 'preflight-allowed'; readonly headers: Readonly<Record<string, string>> }
  | { readonly kind: 'preflight-refused' };

/**
 * CORS from an exact-origin allowlist. Only a listed origin is echoed; `*` is never sent,
 * so "wildcard with credentials" cannot be built; the `null` origin is never listed
 * (config refuses it). Preflights answer only the route's own methods.
 */
export function createCors(origins: readonly string[]) {
  const allowed = new Set(origins);
  return function corsDecision(
    origin: string | undefined,
    method: string,
    preflightMethod: string | undefined,
    routeMethods: readonly string[] | undefined,
  ): CorsDecision {
    const isPreflight = method === 'OPTIONS' && preflightMethod !== undefined;
    if (origin === undefined) return isPreflight ? { kind: 'preflight-refused' } : { kind: 'none' };
    if (!allowed.has(origin)) return isPreflight ? { kind: 'preflight-refused' } : { kind: 'none' };
    const base = {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    };
    if (!isPreflight)
      return {
        kind: 'simple',
        headers: { ...base, 'access-control-expose-headers': CORS_EXPOSED_HEADERS },
      };
    if (routeMethods === undefined || !routeMethods.includes(preflightMethod.toUpperCase()))
      return { kind: 'preflight-refused' };
    return {
      kind: 'preflight-allowed',
      headers: {
        ...base,
        'access-control-allow-methods': routeMethods.join(', '),
        'access-control-allow-headers': CORS_ALLOWED_HEADERS,
        'access-control-max-age': '600',
      },
    };
  };
}
