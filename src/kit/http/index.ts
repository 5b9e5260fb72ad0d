export {
  createServer,
  DEFAULT_TRANSPORT_LIMITS,
  type ServerOptions,
  type TransportLimits,
} from './create-server.js';
export { createPlainHttpListener } from './plain-http-listener.js';
export {
  defineRoute,
  type RouteDeclaration,
  type HandlerContext,
  type AuthRequirement,
  type RateLimitClass,
  type RoutePermission,
  type RouteResult,
  type HttpMethod,
} from './route.js';
export { NoInput, NoHeaders } from './no-input.js';
export { RouteDeclarationError, checkDeclaration } from './check-declaration.js';
export { buildOpenApi, type OpenApiInfo } from './openapi.js';
export type { Authenticator, AuthRequest, Limiter, LimitRequest, LimitDecision } from './ports.js';
export type { Readiness, ReadinessReport } from './kit-routes.js';
export { PROBLEM_CONTENT_TYPE, type ProblemBody } from './problem.js';
export { securityHeaders, API_CSP } from './security-headers.js';
export { readCookie } from './cookies.js';
export { createProxyMatcher } from './trusted-proxies.js';
export { registerLoadShedding, type LoadSheddingOptions } from './load-shedding.js';
