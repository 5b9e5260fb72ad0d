import type { IncomingHttpHeaders } from 'node:http';
import {
  NoHeaders,
  NoInput,
  REFRESH_COOKIE_NAME,
  RampartError,
  Type,
  clearedRefreshCookie,
  defineRoute,
} from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';
import { createCookieOriginGuard } from './cookie-guard.js';

/**
 * POST /v1/auth/logout, with the bearer token or the refresh cookie: revokes that session
 * server-side (its access tokens fail within 1 s) and clears the cookie. Declared public
 * because a cookie alone may authenticate it; a bearer token present is verified here.
 */
export function logoutRoute(context: AppContext) {
  const { auth } = context;
  const assertSameSite = createCookieOriginGuard(context);
  return defineRoute({
    method: 'POST',
    url: '/v1/auth/logout',
    operationId: 'logout',
    summary: 'End the current session',
    tags: ['auth'],
    auth: 'public',
    permission: 'public',
    input: { params: NoInput, query: NoInput, body: NoInput, headers: NoHeaders },
    responses: { 204: Type.Null() },
    rateLimit: 'auth',
    async handler(ctx) {
      const headers = ctx.headers as IncomingHttpHeaders;
      const where = { ip: ctx.ip, requestId: ctx.requestId };
      let sessionId: string | undefined;
      let who = {};
      if (headers.authorization !== undefined || headers['x-api-key'] !== undefined) {
        const principal = await auth.authenticator.authenticate({
          headers,
          ip: ctx.ip,
          requestId: ctx.requestId,
          routeId: 'POST /v1/auth/logout',
          cookie: (name) => ctx.cookie(name),
        });
        sessionId = principal?.sessionId;
        who = { organizationId: principal?.organizationId, principalId: principal?.id };
      } else {
        const token = ctx.cookie(REFRESH_COOKIE_NAME);
        if (token === undefined)
          throw new RampartError('AUTH_REQUIRED', { headers: { 'www-authenticate': 'Bearer' } });
        assertSameSite({ headers, ip: ctx.ip, requestId: ctx.requestId });
        const session = await auth.sessions.findSession(token);
        sessionId = session?.sessionId;
        if (session !== undefined)
          who = { organizationId: session.organizationId, principalId: session.userId };
      }
      if (sessionId !== undefined)
        await auth.revokeSession(sessionId, 'logout', { ...where, ...who });
      ctx.header('set-cookie', clearedRefreshCookie());
      return { status: 204 };
    },
  });
}
