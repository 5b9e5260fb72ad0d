import type { Static, TSchema } from 'typebox';
import type { Principal, PrincipalKind } from '../authz/principal.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `public`, or the kinds of principal the route accepts (deny everything else). */
export type AuthRequirement = 'public' | { readonly principals: readonly PrincipalKind[] };

/**
 * Rate-limit class of a route. `auth` routes take credentials (stricter, and they fail
 * closed when the shared store is down); `exempt` is reserved for health probes.
 */
export type RateLimitClass = 'default' | 'auth' | 'exempt';

/**
 * The permission a route needs. `public` only on public routes; `authenticated` means
 * any authenticated principal of an accepted kind (e.g. `GET /v1/me`).
 */
export type RoutePermission = 'public' | 'authenticated' | (string & {});

/** The four input parts; each must be declared, `NoInput` when the route takes none. */
export interface RouteInput<
  P extends TSchema,
  Q extends TSchema,
  B extends TSchema,
  H extends TSchema,
> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly headers: H;
}

/** A response: one status of the declaration's `responses`, and a body shaped by its schema. */
export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
}

export interface HandlerContext<
  P extends TSchema,
  Q extends TSchema,
  B extends TSchema,
  H extends TSchema,
  A extends AuthRequirement,
> {
  readonly params: Static<P>;
  readonly query: Static<Q>;
  readonly body: Static<B>;
  readonly headers: Static<H>;
  /** Present on every non-public route (the kit has already refused anonymous calls). */
  readonly principal: A extends 'public' ? Principal | undefined : Principal;
  readonly requestId: string;
  /** Client IP: the socket peer, or `X-Forwarded-For` through trusted proxies only. */
  readonly ip: string;
  readonly userAgent: string | undefined;
  /** Reads one cookie of the request, undefined when absent. */
  cookie(name: string): string | undefined;
  /** Adds a response header (e.g. `Set-Cookie`). Security headers cannot be weakened here. */
  header(name: string, value: string | readonly string[]): void;
}

export interface RouteDeclaration<
  P extends TSchema = TSchema,
  Q extends TSchema = TSchema,
  B extends TSchema = TSchema,
  H extends TSchema = TSchema,
  A extends AuthRequirement = AuthRequirement,
> {
  readonly method: HttpMethod;
  /** Fastify path syntax: `/v1/invoices/:id`. */
  readonly url: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly auth: A;
  readonly permission: RoutePermission;
  readonly input: RouteInput<P, Q, B, H>;
  /** Response schema per status; `null` for a status without a body (204). */
  readonly responses: Readonly<Record<number, TSchema | null>>;
  readonly rateLimit: RateLimitClass;
  /** Overrides the default request body limit (bytes). */
  readonly bodyLimit?: number;
  /** Overrides `Cache-Control: no-store` (e.g. the JWKS document). */
  readonly cacheControl?: string;
  /** Overrides the API Content-Security-Policy (e.g. the rendered docs page). */
  readonly contentSecurityPolicy?: string;
  /** Sends a non-JSON body as is (the docs page); the response schema documents it. */
  readonly contentType?: string;
  readonly handler: (ctx: HandlerContext<P, Q, B, H, A>) => RouteResult | Promise<RouteResult>;
}

/**
 * Declares a route; types of `ctx.params`, `ctx.body`, … follow from the schemas.
 *
 * @example
 * defineRoute({ method: 'GET', url: '/v1/me', auth: { principals: ['user'] }, permission: 'authenticated',
 *   input: { params: NoInput, query: NoInput, body: NoInput, headers: NoHeaders }, responses: { 200: User },
 *   rateLimit: 'default', operationId: 'getMe', summary: 'The caller', tags: ['auth'],
 *   handler: (ctx) => ({ status: 200, body: presentUser(ctx.principal) }) })
 */
export function defineRoute<
  P extends TSchema,
  Q extends TSchema,
  B extends TSchema,
  H extends TSchema,
  A extends AuthRequirement,
>(declaration: RouteDeclaration<P, Q, B, H, A>): RouteDeclaration {
  return declaration;
}
