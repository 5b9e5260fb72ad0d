import type { IncomingHttpHeaders } from 'node:http';
import {
  NoHeaders,
  NoInput,
  REFRESH_COOKIE_NAME,
  RampartError,
  clearedRefreshCookie,
  defineRoute,
  refreshCookie,
} from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';
import { createCookieOriginGuard } from './cookie-guard.js';
import { TokenResponse } from './schemas.js';

/**
 * POST /v1/auth/refresh: rotates the refresh cookie and issues an access token with the
 * user's current role. A rotated token presented again revokes its whole session.
 */
export function refreshRoute(context: AppContext) {
  const { auth, events } = context;
  const assertSameSite = createCookieOriginGuard(context);
  return defineRoute({
    method: 'POST',
    url: '/v1/auth/refresh',
    operationId: 'refreshToken',
    summary: 'Exchange the refresh cookie for a new access token',
    tags: ['auth'],
    auth: 'public',
    permission: 'public',
    input: { params: NoInput, query: NoInput, body: NoInput, headers: NoHeaders },
    responses: { 200: TokenResponse },
    rateLimit: 'auth',
    async handler(ctx) {
      assertSameSite({
        headers: ctx.headers as IncomingHttpHeaders,
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
      const where = { ip: ctx.ip, requestId: ctx.requestId };
      const refused = (internal: string) => {
        ctx.header('set-cookie', clearedRefreshCookie());
        return new RampartError('AUTH_INVALID', { internal });
      };
      const token = ctx.cookie(REFRESH_COOKIE_NAME);
      if (token === undefined) throw refused('refresh: no cookie');
      const result = await auth.sessions.rotate(token);
      if (result.kind === 'invalid') throw refused('refresh: unknown token');
      const who = {
        ...where,
        organizationId: result.organizationId,
        principalId: result.userId,
      };
      if (result.kind === 'reuse') {
        await auth.revokeSession(result.sessionId, 'refresh_reuse', who);
        await events.record('auth.refresh.reuse_detected', who, {
          sessionId: result.sessionId,
          familyId: result.sessionId,
        });
        throw refused('refresh: reuse of a rotated token');
      }
      if (result.kind === 'expired') throw refused('refresh: session expired or revoked');
      const user = await auth.users.findActive(result.organizationId, result.userId);
      if (user === undefined) {
        await auth.revokeSession(result.sessionId, 'user_inactive', who);
        throw refused('refresh: user no longer active');
      }
      const access = await auth.issueAccessToken({
        userId: user.id,
        organizationId: user.organization_id,
        role: user.role,
        sessionId: result.sessionId,
      });
      await events.record('auth.refresh.rotated', who, { sessionId: result.sessionId });
      ctx.header('set-cookie', refreshCookie(result.token, result.expiresAt));
      return {
        status: 200,
        body: { accessToken: access.token, tokenType: 'Bearer', expiresIn: access.expiresIn },
      };
    },
  });
}
