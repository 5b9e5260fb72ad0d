/**
 * The error catalogue: every code the kit or an app built on it can answer with.
 * A code is never reused once retired; its slug becomes the problem `type` URI.
 * Public titles are safe to show to anyone: they never carry input, ids or internals.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, slug: 'validation-failed', title: 'The request is not valid.' },
  MALFORMED_JSON: {
    status: 400,
    slug: 'malformed-json',
    title: 'The request body is not valid JSON.',
  },
  CREDENTIAL_IN_QUERY: {
    status: 400,
    slug: 'credential-in-query',
    title: 'Credentials must not be sent in the URL query string.',
  },
  BAD_CURSOR: { status: 400, slug: 'bad-cursor', title: 'The pagination cursor is not valid.' },
  INVITATION_INVALID: {
    status: 400,
    slug: 'invitation-invalid',
    title: 'The invitation is not valid, was already used or has expired.',
  },
  AUTH_REQUIRED: { status: 401, slug: 'unauthorized', title: 'Authentication is required.' },
  AUTH_INVALID: { status: 401, slug: 'unauthorized', title: 'Authentication is required.' },
  LOGIN_FAILED: {
    status: 401,
    slug: 'invalid-credentials',
    title: 'The email or password is incorrect.',
  },
  FORBIDDEN: {
    status: 403,
    slug: 'forbidden',
    title: 'You are not allowed to perform this action.',
  },
  HTTPS_REQUIRED: {
    status: 403,
    slug: 'https-required',
    title: 'This API is served over HTTPS only.',
  },
  CROSS_SITE_REQUEST: {
    status: 403,
    slug: 'cross-site-request',
    title: 'Cross-site requests are not allowed.',
  },
  NOT_FOUND: { status: 404, slug: 'not-found', title: 'The requested resource was not found.' },
  METHOD_NOT_ALLOWED: {
    status: 405,
    slug: 'method-not-allowed',
    title: 'This method is not allowed on this resource.',
  },
  NOT_ACCEPTABLE: {
    status: 406,
    slug: 'not-acceptable',
    title: 'Only application/json responses are available.',
  },
  CONFLICT: {
    status: 409,
    slug: 'conflict',
    title: 'The request conflicts with the current state.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    slug: 'payload-too-large',
    title: 'The request body is too large.',
  },
  URI_TOO_LONG: { status: 414, slug: 'uri-too-long', title: 'The request URL is too long.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    slug: 'unsupported-media-type',
    title: 'Request bodies must be application/json.',
  },
  RATE_LIMITED: { status: 429, slug: 'rate-limited', title: 'Too many requests.' },
  HEADERS_TOO_LARGE: {
    status: 431,
    slug: 'headers-too-large',
    title: 'The request headers are too large.',
  },
  INTERNAL: { status: 500, slug: 'internal', title: 'An unexpected error occurred.' },
  UNAVAILABLE: {
    status: 503,
    slug: 'unavailable',
    title: 'The service is temporarily unavailable.',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    slug: 'request-timeout',
    title: 'The request took too long to arrive.',
  },
} as const satisfies Record<string, { status: number; slug: string; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Base of every problem `type` URI; documents live in docs/errors.md under the same slug. */
export const PROBLEM_TYPE_BASE = 'https://rampart.dev/problems/';

export function problemType(code: ErrorCode): string {
  return PROBLEM_TYPE_BASE + ERROR_CATALOGUE[code].slug;
}
