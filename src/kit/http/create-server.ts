import { randomUUID } from 'node:crypto';
import {
  createServer as createHttpServer,
  validateHeaderName,
  validateHeaderValue,
  type Server,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { constants as cryptoConstants } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Principal } from '../authz/principal.js';
import type { Config, TlsMaterial } from '../config/index.js';
import { RampartError } from '../errors/rampart-error.js';
import type { Logger } from '../observe/logger.js';
import type { SecurityEvents } from '../observe/security-events.js';
import { createAccessLog } from './access-log.js';
import { checkDeclaration } from './check-declaration.js';
import { readCookie } from './cookies.js';
import { createCors } from './cors.js';
import { findCredentialInQuery } from './credential-in-query.js';
import { toRampartError } from './error-mapping.js';
import { kitRoutes, type Readiness } from './kit-routes.js';
import { registerLoadShedding, type LoadSheddingOptions } from './load-shedding.js';
import { buildOpenApi, type OpenApiInfo } from './openapi.js';
import type { Authenticator, LimitDecision, Limiter } from './ports.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import type { RouteDeclaration, RouteResult } from './route.js';
import { securityHeaders } from './security-headers.js';
import { createProxyMatcher } from './trusted-proxies.js';
import { createValidatorCompiler } from './validation.js';
import { NoInput } from './no-input.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    /** Cache of the client IP (see {@link clientIp}). */
    rampartClientIp: string | undefined;
    /** `performance.now()` when the request reached the first hook (access-line duration). */
    rampartStartedAt: number | undefined;
    /** Set once the request's access line is written. */
    rampartLogged: boolean;
  }
}

/**
 * The client IP, computed once per request. Fastify's `request.ip` re-runs proxy-addr on
 * every read (~1.7 µs with an `X-Forwarded-For` chain); a request reads it several times
 * (limits, authentication, events, access line).
 */
function clientIp(request: FastifyRequest): string {
  return (request.rampartClientIp ??= forwardedOrPeer(request));
}

/**
 * `request.ip` is the socket peer unless a trusted proxy forwarded the client's address.
 * A forwarded value that is not an address (a proxy passing junk along) never becomes a
 * client identity — limiter key, log field, event column: the request counts as the
 * proxy's, so junk cannot buy a fresh budget either.
 */
function forwardedOrPeer(request: FastifyRequest): string {
  const peer = request.socket.remoteAddress;
  // Without X-Forwarded-For, proxy-addr (behind `request.ip`) answers the peer too, after
  // parsing and matching it against the trusted list (~1 µs): skip straight to it.
  if (request.headers['x-forwarded-for'] === undefined) return peer ?? 'unknown';
  const ip = request.ip;
  if (ip === peer || isIP(ip) !== 0) return ip;
  return peer ?? 'unknown';
}

/** Timeouts and sizes of the listener; defaults cut a slowloris client off in ~10 s. */
export interface TransportLimits {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxRequestsPerSocket: number;
  readonly maxHeaderBytes: number;
  readonly maxUrlLength: number;
}

export const DEFAULT_TRANSPORT_LIMITS: TransportLimits = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 1_000,
  maxHeaderBytes: 16 * 1024,
  maxUrlLength: 2048,
});

export interface ServerOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** TLS material when the service terminates TLS itself (`RAMPART_TLS=self`). */
  readonly tls?: TlsMaterial | undefined;
  readonly routes: readonly RouteDeclaration[];
  readonly authenticator?: Authenticator;
  readonly limiter?: Limiter;
  readonly events?: SecurityEvents;
  readonly readiness: Readiness;
  readonly openapi: OpenApiInfo;
  readonly transport?: Partial<TransportLimits>;
  /** 503 + Retry-After while the event loop lags (kit/http/load-shedding.ts). */
  readonly loadShedding?: LoadSheddingOptions;
}

/** Modern TLS only (RFC 9325): 1.2 with AEAD + forward secrecy, 1.3 preferred. */
const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/**
 * Builds the secure HTTP core: transport, headers, request id, CORS, authentication,
 * limits, validation, authorization by permission, response allowlist, problem+json
 * errors, access log, OpenAPI and docs. Every route goes through `checkDeclaration`.
 */
export function createServer(options: ServerOptions): FastifyInstance {
  const { config, logger } = options;
  const limits = { ...DEFAULT_TRANSPORT_LIMITS, ...options.transport };
  const proxyMode = config.tls === 'proxy';
  const isTrustedProxy = createProxyMatcher(config.trustedProxies);
  const headers = securityHeaders({ hsts: proxyMode || options.tls !== undefined });
  const cors = createCors(config.corsOrigins);
  const writeAccessLine = createAccessLog(logger);
  /** The request's one access line; a second call for the same request writes nothing. */
  const logAccess = (request: FastifyRequest, reply: FastifyReply): void => {
    if (request.rampartLogged) return;
    request.rampartLogged = true;
    const started = request.rampartStartedAt;
    writeAccessLine({
      requestId: request.id,
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      ip: clientIp(request),
      userAgent: request.headers['user-agent'],
      userId: request.principal?.userId ?? request.principal?.id,
      durationMs: started === undefined ? 0 : performance.now() - started,
    });
  };
  /** Answers an error as problem+json and writes the request's access line. */
  const answerProblem = (request: FastifyRequest, reply: FastifyReply, error: RampartError) => {
    sendProblem(reply, error, request.id, headers);
    logAccess(request, reply);
  };
  /** Limits for requests that reach no declared route (404, 405, preflights): IP and global. */
  const limitAnonymous: LimitAnonymous = async (request, reply, routeId) => {
    if (options.limiter === undefined) return;
    const decision = await options.limiter.check({
      routeClass: 'default',
      routeId,
      ip: clientIp(request),
      principal: undefined,
      requestId: request.id,
    });
    reply.headers(decision.headers);
    if (decision.error !== undefined) throw decision.error;
  };
  const allRoutes = [...options.routes];
  const openapi = buildOpenApi(
    [...allRoutes, ...kitRoutes(() => openapi, options.readiness, options.openapi)],
    options.openapi,
    config.publicUrl,
  );
  allRoutes.push(...kitRoutes(() => openapi, options.readiness, options.openapi));
  for (const route of allRoutes) checkDeclaration(route);
  const methodsByUrl = new Map<string, string[]>();
  for (const route of allRoutes) {
    const list = methodsByUrl.get(route.url) ?? [];
    if (list.includes(route.method))
      throw new Error(`route ${route.method} ${route.url} is declared twice`);
    list.push(route.method);
    if (route.method === 'GET') list.push('HEAD');
    methodsByUrl.set(route.url, list);
  }

  const app = Fastify({
    logger: false,
    // Never trust an inbound X-Request-Id: a client could forge correlation in our logs.
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: {
      // Our own URL-length check (414 with the full header set) runs first.
      maxParamLength: limits.maxUrlLength,
      caseSensitive: true,
      ignoreTrailingSlash: false,
      ignoreDuplicateSlashes: false,
    },
    serverFactory: (handler) => {
      const common = {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        maxHeaderSize: limits.maxHeaderBytes,
        connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
      };
      const server: Server =
        options.tls === undefined
          ? createHttpServer(common, handler)
          : createHttpsServer(
              {
                ...common,
                cert: options.tls.cert,
                key: options.tls.key.reveal(),
                minVersion: 'TLSv1.2',
                ciphers: TLS12_CIPHERS,
                honorCipherOrder: true,
                ecdhCurve: 'X25519:prime256v1:secp384r1',
                secureOptions: cryptoConstants.SSL_OP_NO_RENEGOTIATION,
              },
              handler,
            );
      server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
      return server;
    },
    clientErrorHandler: (error, socket: Socket) => writeClientError(error, socket, headers),
    // Router-level failures (malformed URL encoding) answer our problem shape too.
    frameworkErrors: (error, request, reply) => {
      // A request refused by the router (malformed URL encoding) runs no route hooks, so
      // its access line is written here too: probes with broken URLs are logged like any other.
      answerProblem(request, reply, toRampartError(error));
    },
  });

  app.decorateRequest('principal', undefined);
  app.decorateRequest('rampartClientIp', undefined);
  app.decorateRequest('rampartStartedAt', undefined);
  app.decorateRequest('rampartLogged', false);
  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    function utf8Json(request, body, done) {
      // The body is decoded as UTF-8 whatever the label says: refuse other labels instead
      // of reading a UTF-7/UTF-16 payload differently from the client that sent it.
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(
        request.headers['content-type'] ?? '',
      )?.[1];
      if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
        done(
          new RampartError('UNSUPPORTED_MEDIA_TYPE', { detail: 'JSON bodies must be UTF-8.' }),
          undefined,
        );
        return;
      }
      void parseJson(request, typeof body === 'string' ? body : body.toString('utf8'), done);
    },
  );
  app.setValidatorCompiler(createValidatorCompiler());
  const shedder =
    options.loadShedding === undefined
      ? undefined
      : registerLoadShedding(app, options.loadShedding);

  /**
   * What every request goes through first: start time, security headers and request id,
   * proxy-mode transport check, load shedding, URL length, credentials in the query, CORS.
   * Returns false when the request goes on; true when it was answered here (a preflight)
   * or its error was handed to `done`.
   *
   * It runs inside each route's one onRequest hook (and in the onRequest hook of the
   * not-found scope), not as a global hook: each hook Fastify runs costs a step of its
   * hook runner on every request (decision 0006).
   */
  const admit: Admit = (request, reply, done) => {
    request.rampartStartedAt = performance.now();
    reply.headers(headers);
    reply.header('x-request-id', request.id);
    if (
      proxyMode &&
      (!isTrustedProxy(request.socket.remoteAddress) ||
        request.headers['x-forwarded-proto'] !== 'https')
    ) {
      done(
        new RampartError('HTTPS_REQUIRED', {
          internal: 'proxy mode: untrusted peer or not forwarded from https',
        }),
      );
      return true;
    }
    const url = request.url;
    if (shedder !== undefined) {
      const shed = shedder.check(url);
      if (shed !== undefined) {
        done(shed);
        return true;
      }
    }
    if (url.length > limits.maxUrlLength) {
      done(new RampartError('URI_TOO_LONG'));
      return true;
    }
    if (url.includes('?')) {
      const parameter = findCredentialInQuery(url);
      if (parameter !== undefined) {
        void options.events?.record(
          'request.credential_in_query',
          { ip: clientIp(request), requestId: request.id },
          { parameter },
        );
        done(
          new RampartError('CREDENTIAL_IN_QUERY', {
            detail: `Send credentials in the Authorization or X-API-Key header, not in the query parameter "${parameter}".`,
          }),
        );
        return true;
      }
    }
    const origin = request.headers.origin;
    const preflightMethod = request.headers['access-control-request-method'];
    if (origin !== undefined || request.method === 'OPTIONS') {
      const routeUrl = request.routeOptions.url;
      const decision = cors(
        origin,
        request.method,
        typeof preflightMethod === 'string' ? preflightMethod : undefined,
        routeUrl === undefined ? undefined : methodsByUrl.get(routeUrl),
      );
      if (decision.kind === 'simple') reply.headers(decision.headers);
      else if (decision.kind === 'preflight-allowed') {
        // Preflights are answered here, before any route, but still count against limits.
        limitAnonymous(request, reply, 'preflight').then(
          () => {
            reply.headers(decision.headers).code(204).send();
            logAccess(request, reply);
          },
          (error: unknown) => done(toRampartError(error)),
        );
        return true;
      } else if (decision.kind === 'preflight-refused') {
        limitAnonymous(request, reply, 'preflight').then(
          () =>
            done(new RampartError('CROSS_SITE_REQUEST', { internal: 'CORS preflight refused' })),
          (error: unknown) => done(toRampartError(error)),
        );
        return true;
      }
    }
    return false;
  };

  app.addHook('onClose', (_instance, done) => {
    writeAccessLine.flush();
    done();
  });

  app.setErrorHandler(function problem(error, request, reply) {
    const rampartError = toRampartError(error);
    if (rampartError.code === 'INTERNAL') {
      logger.error({ err: error, requestId: request.id }, 'unhandled error');
    }
    answerProblem(request, reply, rampartError);
  });

  // The not-found handler lives in its own scope so that `admit` runs as that scope's
  // onRequest hook: before Fastify reads and parses a body sent to an unknown path (a
  // handler, or its preValidation, would run after parsing — in proxy mode an untrusted
  // peer could make the server parse bodies before being refused). Declared routes are
  // not in this scope and keep their one hook.
  void app.register(function unknownPaths(scope, _options, registered) {
    // The 404 is answered from the hook itself, limits included: a body sent to an unknown
    // path is never read at all.
    scope.addHook('onRequest', function admitUnknown(request, reply, done) {
      if (admit(request, reply, done)) return;
      limitAnonymous(request, reply, 'not-found').then(
        () => done(new RampartError('NOT_FOUND')),
        (error: unknown) => done(toRampartError(error)),
      );
    });
    scope.setNotFoundHandler(function notFound() {
      // Not reached: the hook above answers every unknown path first.
      throw new RampartError('NOT_FOUND');
    });
    registered();
  });

  const pipeline: Pipeline = { admit, logAccess };
  for (const route of allRoutes) registerRoute(app, route, options, headers, pipeline);
  for (const [url, methods] of methodsByUrl) {
    registerMethodNotAllowed(app, url, methods, limitAnonymous, pipeline);
  }
  return app;
}

function sendProblem(
  reply: FastifyReply,
  error: RampartError,
  requestId: string,
  headers: Readonly<Record<string, string>>,
): void {
  // Errors raised before the onRequest hook (bad URL) still get the full header set.
  reply.headers(headers).header('x-request-id', requestId);
  if (error.headers !== undefined) reply.headers(error.headers);
  if (error.code === 'METHOD_NOT_ALLOWED' && error.headers?.allow === undefined)
    reply.removeHeader('allow');
  // Sent as a string: a route's own response schema for this status (the readiness body
  // on /readyz's 503) must never be applied to a problem body — Fastify would fail to
  // serialize it and answer its own 500 naming the library.
  reply
    .code(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(toProblem(error, requestId)));
}

/**
 * The first checks of every request (see `admit` in createServer): false when the request
 * goes on, true when it was answered or its error handed to `done`.
 */
type Admit = (
  request: FastifyRequest,
  reply: FastifyReply,
  done: (error: Error) => void,
) => boolean;

/** What each registered route shares with the server: the first checks and the access line. */
interface Pipeline {
  readonly admit: Admit;
  readonly logAccess: (request: FastifyRequest, reply: FastifyReply) => void;
}

type LimitAnonymous = (
  request: FastifyRequest,
  reply: FastifyReply,
  routeId: string,
) => Promise<void>;

function registerMethodNotAllowed(
  app: FastifyInstance,
  url: string,
  methods: readonly string[],
  limitAnonymous: LimitAnonymous,
  { admit, logAccess }: Pipeline,
): void {
  const allow = methods.join(', ');
  const others = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'].filter(
    (m) => !methods.includes(m),
  );
  app.route({
    method: others,
    url,
    onRequest: function admitOnly(request, reply, done) {
      if (!admit(request, reply, done)) done();
    },
    handler: async function methodNotAllowed(request, reply) {
      await limitAnonymous(request, reply, 'method-not-allowed');
      if (request.method !== 'OPTIONS')
        throw new RampartError('METHOD_NOT_ALLOWED', { headers: { allow } });
      reply.header('allow', `${allow}, OPTIONS`).code(204).send();
      logAccess(request, reply);
      return reply;
    },
  });
}

function registerRoute(
  app: FastifyInstance,
  route: RouteDeclaration,
  options: ServerOptions,
  headers: Readonly<Record<string, string>>,
  { admit, logAccess }: Pipeline,
): void {
  const routeId = `${route.method} ${route.url}`;
  const { authenticator, limiter, events } = options;
  const auth = route.auth;
  const responseSchemas: Record<number, unknown> = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    if (schema !== null && route.contentType === undefined)
      responseSchemas[Number(status)] = schema;
  }
  if (auth !== 'public' && authenticator === undefined) {
    throw new Error(`route ${routeId} needs authentication but no authenticator was configured`);
  }

  /** Deny by default: returns the error to answer with, or undefined when allowed. */
  function authorize(
    request: FastifyRequest,
    principal: Principal | undefined,
    authError: unknown,
  ): Error | undefined {
    if (auth === 'public') return undefined;
    if (authError !== undefined) return toRampartError(authError);
    if (principal === undefined) {
      return new RampartError('AUTH_REQUIRED', { headers: { 'www-authenticate': 'Bearer' } });
    }
    request.principal = principal;
    if (
      auth.principals.includes(principal.kind) &&
      (route.permission === 'authenticated' || principal.permissions.has(route.permission))
    ) {
      return undefined;
    }
    void events?.record(
      'authz.denied',
      {
        organizationId: principal.organizationId,
        principalId: principal.id,
        ip: clientIp(request),
        requestId: request.id,
      },
      {
        permission: route.permission,
        reason: principal.permissions.has(route.permission)
          ? 'principal_kind'
          : 'missing_permission',
        route: routeId,
      },
    );
    return new RampartError('FORBIDDEN', {
      internal: `${principal.kind} lacks ${route.permission} for ${routeId}`,
    });
  }

  /**
   * authenticate -> limits -> authorize, in callback style: when the authenticator hits
   * its cache and the limiter is in-process, the whole guard runs without a promise.
   */
  function guard(
    request: FastifyRequest,
    reply: FastifyReply,
    done: (error?: Error) => void,
  ): void {
    const finish = (
      principal: Principal | undefined,
      authError: unknown,
      decision: LimitDecision | undefined,
    ): void => {
      if (decision !== undefined) {
        reply.headers(decision.headers);
        if (decision.error !== undefined) {
          done(decision.error);
          return;
        }
      }
      done(authorize(request, principal, authError));
    };
    const afterAuth = (principal: Principal | undefined, authError: unknown): void => {
      if (limiter === undefined || route.rateLimit === 'exempt') {
        finish(principal, authError, undefined);
        return;
      }
      // Every request counts, including ones whose credentials just failed.
      let decision: LimitDecision | Promise<LimitDecision>;
      try {
        decision = limiter.check({
          routeClass: route.rateLimit,
          routeId,
          ip: clientIp(request),
          principal,
          requestId: request.id,
        });
      } catch (error) {
        done(toRampartError(error));
        return;
      }
      if (decision instanceof Promise) {
        decision.then(
          (d) => finish(principal, authError, d),
          (error: unknown) => done(toRampartError(error)),
        );
      } else finish(principal, authError, decision);
    };
    if (auth === 'public' || authenticator === undefined) {
      afterAuth(undefined, undefined);
      return;
    }
    let result: Principal | undefined | Promise<Principal | undefined>;
    try {
      result = authenticator.authenticate({
        headers: request.headers,
        ip: clientIp(request),
        requestId: request.id,
        routeId,
        cookie: (name) => readCookie(request.headers.cookie, name),
      });
    } catch (error) {
      afterAuth(undefined, error);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (principal) => afterAuth(principal, undefined),
        (error: unknown) => afterAuth(undefined, error),
      );
    } else afterAuth(result, undefined);
  }

  const send = (
    request: FastifyRequest,
    reply: FastifyReply,
    result: RouteResult,
    extraHeaders: [string, string | readonly string[]][] | undefined,
  ): FastifyReply => {
    if (extraHeaders !== undefined)
      for (const [name, value] of extraHeaders) reply.header(name, value);
    if (route.cacheControl !== undefined) reply.header('cache-control', route.cacheControl);
    if (route.contentSecurityPolicy !== undefined)
      reply.header('content-security-policy', route.contentSecurityPolicy);
    if (route.contentType !== undefined) reply.type(route.contentType);
    const body: unknown = result.body;
    reply.code(result.status).send(body);
    // The access line is written once the answer is handed over (decision 0005), from here
    // rather than an onSend hook (decision 0006). Any body but a stream is written by the
    // time send() returns; if serializing or writing it failed, the error handler has
    // already answered and logged the 500, and this call writes nothing. A stream can
    // still fail before its first chunk, so its line waits for the close.
    if (isStreamed(body)) reply.raw.once('close', () => logAccess(request, reply));
    else logAccess(request, reply);
    return reply;
  };

  const noQuery = takesNothing(route.input.query);
  const bodySchema = route.input.body as { required?: readonly string[] };
  const bodyOptional =
    route.method !== 'GET' &&
    route.method !== 'DELETE' &&
    route.input.body !== NoInput &&
    (bodySchema.required === undefined || bodySchema.required.length === 0);
  app.route({
    method: route.method,
    url: route.url,
    ...(route.bodyLimit === undefined ? {} : { bodyLimit: route.bodyLimit }),
    // Parts that take nothing skip Ajv: an empty query is checked by hand below (any key
    // is a 400 naming it), a route without `:params` has none, and headers that are not
    // read need no validation. Three validator calls fewer on most GET routes.
    schema: {
      ...(takesNothing(route.input.params) ? {} : { params: route.input.params }),
      ...(noQuery ? {} : { querystring: route.input.query }),
      ...(takesNothing(route.input.headers) ? {} : { headers: route.input.headers }),
      // A POST that takes no input (logout, refresh) may be sent without any body at all.
      ...(route.method === 'GET' || route.method === 'DELETE' || route.input.body === NoInput
        ? {}
        : { body: route.input.body }),
      response: responseSchemas,
    },
    onRequest: function admitAndGuard(request, reply, done) {
      if (!admit(request, reply, done)) guard(request, reply, done);
    },
    // A body whose fields are all optional (`{gracePeriodSeconds?}`) may be omitted.
    ...(bodyOptional
      ? {
          preValidation: (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
            if (request.body === undefined) request.body = {};
            done();
          },
        }
      : {}),
    handler: function routeHandler(request, reply) {
      if (noQuery) {
        for (const key in request.query as Record<string, unknown>) {
          throw new RampartError('VALIDATION_FAILED', {
            errors: [{ path: `query.${key.slice(0, 64)}`, message: 'is not allowed' }],
          });
        }
      }
      if (
        request.body !== undefined &&
        (route.method === 'GET' ||
          route.method === 'DELETE' ||
          (route.input.body === NoInput && !isEmptyObject(request.body)))
      ) {
        throw new RampartError('VALIDATION_FAILED', {
          detail: 'This operation takes no request body.',
        });
      }
      let extraHeaders: [string, string | readonly string[]][] | undefined;
      const result = route.handler({
        params: request.params,
        query: request.query,
        body: request.body,
        headers: request.headers,
        principal: request.principal,
        requestId: request.id,
        ip: clientIp(request),
        userAgent: request.headers['user-agent'],
        cookie: (name) => readCookie(request.headers.cookie, name),
        header: (name, value) => {
          if (name.toLowerCase() in headers)
            throw new Error(`route ${routeId} may not override ${name}`);
          // Refused here, not when the response is written: a value with CR/LF (a handler
          // echoing client data) would otherwise break the error answer too.
          validateHeaderName(name);
          for (const item of typeof value === 'string' ? [value] : value)
            validateHeaderValue(name, item);
          (extraHeaders ??= []).push([name, value]);
        },
      });
      // Synchronous handlers answer without a promise on the hot path.
      if (result instanceof Promise)
        return result.then((r) => send(request, reply, r, extraHeaders));
      send(request, reply, result, extraHeaders);
      return undefined;
    },
  });
}

/** Low-level HTTP errors (malformed request line, oversized headers, timeouts) still answer a problem. */
function writeClientError(
  error: Error & { code?: string },
  socket: Socket,
  headers: Readonly<Record<string, string>>,
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const code =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'HEADERS_TOO_LARGE'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'REQUEST_TIMEOUT'
        : 'VALIDATION_FAILED';
  const rampartError = new RampartError(code);
  const requestId = randomUUID();
  const body = JSON.stringify(toProblem(rampartError, requestId));
  const lines = [
    `HTTP/1.1 ${rampartError.status} ${rampartError.status === 431 ? 'Request Header Fields Too Large' : rampartError.status === 408 ? 'Request Timeout' : 'Bad Request'}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    `x-request-id: ${requestId}`,
    `content-type: ${PROBLEM_CONTENT_TYPE}`,
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
  ];
  // Destroy once written: a slow client that keeps sending must not keep the socket.
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

/** A schema that accepts no fields at all (`NoInput`, `NoHeaders`, `Type.Object({})`). */
function takesNothing(schema: unknown): boolean {
  const s = schema as {
    type?: unknown;
    properties?: Record<string, unknown>;
    patternProperties?: unknown;
  };
  return (
    s.type === 'object' &&
    Object.keys(s.properties ?? {}).length === 0 &&
    s.patternProperties === undefined
  );
}

/**
 * A body Fastify writes asynchronously (a Node or web stream, a fetch Response): it can
 * still fail after `send()` returns, so its access line waits for the close. Any other
 * body has been written, or refused and answered by the error handler, when `send()`
 * returns.
 */
function isStreamed(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  return (
    typeof (body as { pipe?: unknown }).pipe === 'function' ||
    typeof (body as { getReader?: unknown }).getReader === 'function' ||
    body instanceof Response
  );
}

function isEmptyObject(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  );
}
