import {
  NoHeaders,
  NoInput,
  Type,
  clearedRefreshCookie,
  defineRoute,
} from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';

/** POST /v1/auth/logout-all: every session of the caller, and their access tokens, end. */
export function logoutAllRoute(context: AppContext) {
  return defineRoute({
    method: 'POST',
    url: '/v1/auth/logout-all',
    operationId: 'logoutAll',
    summary: 'End every session of the caller',
    tags: ['auth'],
    auth: { principals: ['user'] },
    permission: 'authenticated',
    input: { params: NoInput, query: NoInput, body: NoInput, headers: NoHeaders },
    responses: { 204: Type.Null() },
    rateLimit: 'default',
    async handler(ctx) {
      const { principal } = ctx;
      await context.auth.revokeAllForUser(principal.userId ?? principal.id, 'logout_all', {
        organizationId: principal.organizationId,
        principalId: principal.id,
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
      ctx.header('set-cookie', clearedRefreshCookie());
      return { status: 204 };
    },
  });
}
