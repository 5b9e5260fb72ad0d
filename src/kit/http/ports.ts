import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../authz/principal.js';
import type { RampartError } from '../errors/rampart-error.js';
import type { RateLimitClass } from './route.js';

/** What an authenticator sees of a request. */
export interface AuthRequest {
  readonly headers: IncomingHttpHeaders;
  readonly ip: string;
  readonly requestId: string;
  readonly routeId: string;
  cookie(name: string): string | undefined;
}

/**
 * Turns credentials into a Principal. Returns undefined when the request carries none;
 * throws a RampartError (AUTH_INVALID) when it carries bad ones. May be synchronous
 * (a cache hit) so the hot path need not allocate a promise.
 */
export interface Authenticator {
  authenticate(request: AuthRequest): Principal | undefined | Promise<Principal | undefined>;
}

export interface LimitRequest {
  readonly routeClass: RateLimitClass;
  readonly routeId: string;
  readonly ip: string;
  readonly principal: Principal | undefined;
  readonly requestId: string;
}

export interface LimitDecision {
  /** Headers describing the tightest level (X-RateLimit-*, RateLimit, RateLimit-Policy). */
  readonly headers: Readonly<Record<string, string>>;
  /** Set when the request must be refused (429, or 503 when the store is down). */
  readonly error?: RampartError;
}

/** Evaluates every rate-limit level of a request together. */
export interface Limiter {
  check(request: LimitRequest): LimitDecision | Promise<LimitDecision>;
}
