// The checklist. Every finding names one item here; docs/audit-checks.md has one entry per id
// (same ids, same order). Ids are stable: a retired item keeps its id unused forever.
import type { Severity } from './types.js';

export interface ChecklistItem {
  id: string;
  section: string;
  title: string;
  /** Severity when the item fails in its usual way; a check may raise or lower it with a reason. */
  severity: Severity;
  fix: string;
  /** CWE for SARIF tags and code-scanning UIs. */
  cwe: number;
}

const item = (
  id: string,
  section: string,
  title: string,
  severity: Severity,
  cwe: number,
  fix: string,
): ChecklistItem => ({ id, section, title, severity, cwe, fix });

export const CATALOGUE: readonly ChecklistItem[] = Object.freeze([
  item(
    'TLS-1',
    'Transport',
    'TLS 1.0 and 1.1 handshakes are refused',
    'high',
    326,
    'Set the minimum protocol to TLS 1.2 (Node: `minVersion: "TLSv1.2"`, the default) on every listener and proxy.',
  ),
  item(
    'TLS-2',
    'Transport',
    'TLS 1.2 and 1.3 work; only forward-secret AEAD suites are offered',
    'low',
    327,
    'Enable TLS 1.3 and restrict TLS 1.2 to ECDHE with AES-GCM or ChaCha20-Poly1305 (Mozilla "intermediate").',
  ),
  item(
    'TLS-3',
    'Transport',
    'Certificate is trusted, matches the host and is not about to expire',
    'high',
    295,
    'Serve a certificate from a trusted CA (or pass the private CA with --cacert), covering the host name, renewed well before expiry (automate it).',
  ),
  item(
    'HTTP-1',
    'Transport',
    'Plain HTTP never serves the API',
    'high',
    319,
    'On the plain-HTTP listener answer /v1/... with 403 problem+json (https-required) without reading credentials, and redirect browser pages with 308.',
  ),
  item(
    'HSTS-1',
    'Transport',
    'Strict-Transport-Security with max-age >= 1 year and includeSubDomains',
    'medium',
    523,
    'Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response.',
  ),
  item(
    'HDR-1',
    'Security headers',
    'Security headers on success, error and preflight responses',
    'low',
    693,
    "Set the headers in one hook that runs for every response, including 404, 405, 429, 5xx and preflights: nosniff, X-Frame-Options DENY, CSP default-src 'none'; frame-ancestors 'none', Referrer-Policy no-referrer, Permissions-Policy, X-Request-Id.",
  ),
  item(
    'HDR-2',
    'Security headers',
    'No version-revealing Server or X-Powered-By headers',
    'low',
    200,
    'Remove X-Powered-By (Express: `app.disable("x-powered-by")`) and strip versions from Server at the app and the proxy (nginx: `server_tokens off`).',
  ),
  item(
    'HDR-3',
    'Security headers',
    'Authenticated and auth responses are not cacheable',
    'medium',
    525,
    'Send `Cache-Control: no-store` on every authenticated response and on every /auth response.',
  ),
  item(
    'CORS-1',
    'CORS',
    'Arbitrary origins are not reflected',
    'high',
    942,
    'Echo `Access-Control-Allow-Origin` only for origins on an explicit allowlist; never reflect the request Origin.',
  ),
  item(
    'CORS-2',
    'CORS',
    'The `null` origin is not allowed',
    'medium',
    942,
    'Never allow `Origin: null` (sandboxed iframes and file: pages send it).',
  ),
  item(
    'CORS-3',
    'CORS',
    'No wildcard origin together with credentials',
    'high',
    942,
    'Do not send `Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true`; use an allowlist.',
  ),
  item(
    'AUTH-1',
    'Authentication',
    'Every non-public operation requires credentials',
    'critical',
    306,
    'Authenticate by default (deny unless a route is declared public) and keep the OpenAPI `security` in sync with the routes.',
  ),
  item(
    'AUTH-2',
    'Authentication',
    'Credentials in the URL query string are refused',
    'medium',
    598,
    'Accept tokens and API keys only in headers; answer a request carrying `access_token`, `api_key` or similar query parameters with 400 and never log the URL.',
  ),
  item(
    'JWT-1',
    'Tokens (JWT)',
    'Unsigned tokens (`alg: none`) are rejected',
    'critical',
    347,
    'Verify with an explicit algorithm allowlist (e.g. `algorithms: ["ES256"]`); `none` must be unreachable from the verify path.',
  ),
  item(
    'JWT-2',
    'Tokens (JWT)',
    'Signatures are verified (stripped, foreign and claim-edited tokens rejected)',
    'critical',
    347,
    'Verify the signature with the service key before reading any claim; never use decode() for authentication.',
  ),
  item(
    'JWT-3',
    'Tokens (JWT)',
    'No HMAC/public-key algorithm confusion',
    'critical',
    327,
    'Bind each key to one algorithm and pass the allowlist to verify; never use a public key as an HMAC secret.',
  ),
  item(
    'JWT-4',
    'Tokens (JWT)',
    'Header-supplied keys (`jwk`, `jku`, `kid` tricks) are not trusted',
    'critical',
    345,
    'Resolve `kid` only against your own key set (exact match, no file or SQL lookups) and ignore `jwk`/`jku`/`x5u` headers.',
  ),
  item(
    'JWT-5',
    'Tokens (JWT)',
    'The JWKS publishes public keys only',
    'critical',
    321,
    'Publish only public members (kty, crv, x, y, n, e, kid, alg, use); never d, p, q, dp, dq, qi or k.',
  ),
  item(
    'JWT-6',
    'Tokens (JWT)',
    'Every invalid token gets 401',
    'low',
    287,
    'Map every token verification failure to 401 with a generic problem body.',
  ),
  item(
    'AUTHZ-1',
    'Authorization',
    'Another tenant cannot read, change, delete or list an object (BOLA)',
    'critical',
    639,
    "Scope every query by the caller's organization inside the query itself; answer other tenants' ids with 404.",
  ),
  item(
    'AUTHZ-2',
    'Authorization',
    'A lower-privileged user cannot use privileged functions (BFLA)',
    'high',
    285,
    'Declare the permission on every route and check it before the handler; deny by default.',
  ),
  item(
    'AUTHZ-3',
    'Authorization',
    "Another tenant's object answers 404, not 403",
    'low',
    204,
    'Answer "not yours" exactly like "not found" (404) so ids cannot be confirmed.',
  ),
  item(
    'MASS-1',
    'Authorization',
    'Privileged fields in request bodies are rejected (mass assignment)',
    'high',
    915,
    'Validate bodies against a schema with `additionalProperties: false` and copy only allowed fields; reject unknown fields with 400.',
  ),
  item(
    'DATA-1',
    'Data exposure',
    'Responses carry no sensitive fields (password, hash, secret, salt…)',
    'high',
    200,
    'Serialize responses through an allowlist schema; never return password hashes, secrets or internal flags.',
  ),
  item(
    'PAGE-1',
    'Data exposure',
    'Page sizes are bounded',
    'medium',
    770,
    'Validate `limit` (e.g. 1–100) and answer out-of-range values with 400; never clamp silently.',
  ),
  item(
    'ERR-1',
    'Errors',
    'Errors leak no stack traces, SQL, file paths or library names',
    'medium',
    209,
    'Produce every error body in one place from a public message; log details server-side with the request id.',
  ),
  item(
    'ERR-2',
    'Errors',
    'Error bodies are problem+json (RFC 9457)',
    'low',
    755,
    'Answer every error with `application/problem+json` carrying type, title, status and requestId.',
  ),
  item(
    'ERR-3',
    'Errors',
    'An unsupported method on a known path gets 405 with Allow',
    'low',
    650,
    'Register a 405 handler that lists the allowed methods in `Allow` (RFC 9110 §15.5.6).',
  ),
  item(
    'INJ-1',
    'Input handling',
    'Injection probes cause no 5xx, database errors or extra rows',
    'high',
    89,
    'Use parameterised queries or a query builder, validate parameters against their schema (enums, patterns) and return 400 on invalid input.',
  ),
  item(
    'ENUM-1',
    'Login and session',
    'Login failure looks the same for unknown email and wrong password',
    'medium',
    204,
    'Answer every login failure with the same status and body.',
  ),
  item(
    'ENUM-2',
    'Login and session',
    'Login failure takes the same time for unknown email and wrong password',
    'medium',
    208,
    'Verify a dummy hash when the account does not exist so both paths cost the same.',
  ),
  item(
    'COOKIE-1',
    'Login and session',
    'Refresh cookie is HttpOnly, Secure, SameSite=Strict with a __Host-/__Secure- prefix',
    'medium',
    614,
    'Set the refresh cookie as `__Host-name=…; Path=/; Secure; HttpOnly; SameSite=Strict` (or `__Secure-` with a narrow Path).',
  ),
  item(
    'RATE-1',
    'Rate limiting',
    'Rate-limited responses carry X-RateLimit-Limit/Remaining/Reset',
    'low',
    770,
    'Send X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset on every limited response.',
  ),
  item(
    'RATE-2',
    'Rate limiting',
    'A bounded burst is answered with 429 and Retry-After',
    'medium',
    770,
    'Limit every route (per IP and per principal) and answer excess with 429, Retry-After and a problem body.',
  ),
]);

export function catalogueItem(id: string): ChecklistItem {
  const found = CATALOGUE.find((entry) => entry.id === id);
  if (!found) throw new Error(`auditor bug: unknown checklist item ${id}`);
  return found;
}
