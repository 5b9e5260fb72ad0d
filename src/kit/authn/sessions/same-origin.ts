import type { IncomingHttpHeaders } from 'node:http';

/**
 * CSRF defence for cookie-authenticated endpoints (OWASP CSRF cheat sheet, "verifying
 * origin with standard headers"): an `Origin` must be on the allowlist; without one, a
 * browser's `Sec-Fetch-Site` must say same-origin or none. A request with neither header
 * does not come from a modern browser and is allowed (SameSite=Strict is the other wall).
 *
 * @example
 * const allowed = createOriginCheck([config.publicUrl, ...config.corsOrigins]);
 * if (!allowed(request.headers)) throw new RampartError('CROSS_SITE_REQUEST');
 */
export function createOriginCheck(
  allowedOrigins: readonly string[],
): (headers: IncomingHttpHeaders) => boolean {
  const allowed = new Set(allowedOrigins.map((o) => new URL(o).origin));
  return function isSameSiteRequest(headers) {
    const origin = headers.origin;
    if (typeof origin === 'string') return allowed.has(origin);
    const site = headers['sec-fetch-site'];
    if (typeof site === 'string') return site === 'same-origin' || site === 'none';
    return true;
  };
}
