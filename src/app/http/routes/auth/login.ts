import {
  NoHeaders,
  NoInput,
  RampartError,
  refreshCookie,
  defineRoute,
} from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';
import { normalizeEmail } from '../../../auth/users-repository.js';
import { LoginBody, TokenResponse } from './schemas.js';

/**
 * POST /v1/auth/login. Unknown email and wrong password take the same path and time: an
 * unknown (or invited/deleted) account still verifies a dummy hash with the same cost,
 * records the same event, and answers the same 401.
 */
export function loginRoute(context: AppContext) {
  const { auth, events } = context;
  return defineRoute({
    method: 'POST',
    url: '/v1/auth/login',
    operationId: 'login',
    summary: 'Log in with email and password',
    tags: ['auth'],
    auth: 'public',
    permission: 'public',
    input: { params: NoInput, query: NoInput, body: LoginBody, headers: NoHeaders },
    responses: { 200: TokenResponse },
    rateLimit: 'auth',
    async handler(ctx) {
      const attempt = {
        account: normalizeEmail(ctx.body.email),
        ip: ctx.ip,
        requestId: ctx.requestId,
      };
      await context.credentialGuard.before(attempt);
      const user = await auth.users.findForLogin(ctx.body.email);
      const hash = user?.status === 'active' ? user.password_hash : null;
      const result =
        hash === null
          ? { valid: await auth.passwords.verifyDummy(ctx.body.password), needsRehash: false }
          : await auth.passwords.verify(hash, ctx.body.password);
      const where = { ip: ctx.ip, requestId: ctx.requestId };
      if (user === undefined || hash === null || !result.valid) {
        await context.credentialGuard.failed(attempt);
        await events.record('auth.login.failed', where, {
          reason: hash === null ? 'unknown_account' : 'bad_password',
        });
        throw new RampartError('LOGIN_FAILED');
      }
      await context.credentialGuard.succeeded(attempt);
      if (result.needsRehash) {
        await auth.users.updatePasswordHash(user.id, await auth.passwords.hash(ctx.body.password));
      }
      const owner = { userId: user.id, organizationId: user.organization_id };
      const session = await auth.sessions.create(owner);
      const access = await auth.issueAccessToken({
        ...owner,
        role: user.role,
        sessionId: session.sessionId,
      });
      await events.record(
        'auth.login.succeeded',
        { ...where, organizationId: user.organization_id, principalId: user.id },
        {},
      );
      ctx.header('set-cookie', refreshCookie(session.token, session.expiresAt));
      return {
        status: 200,
        body: { accessToken: access.token, tokenType: 'Bearer', expiresIn: access.expiresIn },
      };
    },
  });
}
