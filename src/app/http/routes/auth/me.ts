import { NoHeaders, NoInput, RampartError, defineRoute } from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';
import { UserSchema, presentUser } from './schemas.js';

/** GET /v1/me: the caller, in the contract's fields only. */
export function meRoute(context: AppContext) {
  return defineRoute({
    method: 'GET',
    url: '/v1/me',
    operationId: 'getMe',
    summary: 'The authenticated user',
    tags: ['auth'],
    auth: { principals: ['user'] },
    permission: 'authenticated',
    input: { params: NoInput, query: NoInput, body: NoInput, headers: NoHeaders },
    responses: { 200: UserSchema },
    rateLimit: 'default',
    async handler(ctx) {
      const user = await context.auth.users.findActive(
        ctx.principal.organizationId,
        ctx.principal.userId ?? ctx.principal.id,
      );
      if (user === undefined) throw new RampartError('AUTH_INVALID', { internal: 'me: user gone' });
      return { status: 200, body: presentUser(user) };
    },
  });
}
