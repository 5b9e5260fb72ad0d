import {
  NoHeaders,
  NoInput,
  RampartError,
  checkPasswordPolicy,
  defineRoute,
} from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';
import { EmailTakenError } from '../../../auth/users-repository.js';
import { releaseExpiredInvitee } from '../../../auth/release-email.js';
import { RegisterBody, UserSchema, presentUser } from './schemas.js';

/** POST /v1/auth/register: a new organization with the caller as its owner. */
export function registerRoute(context: AppContext) {
  return defineRoute({
    method: 'POST',
    url: '/v1/auth/register',
    operationId: 'register',
    summary: 'Create an organization and its owner account',
    tags: ['auth'],
    auth: 'public',
    permission: 'public',
    input: { params: NoInput, query: NoInput, body: RegisterBody, headers: NoHeaders },
    responses: { 201: UserSchema },
    rateLimit: 'auth',
    async handler(ctx) {
      const { email, password, name, organizationName } = ctx.body;
      const reason = checkPasswordPolicy(password, { email });
      if (reason !== undefined) {
        throw new RampartError('VALIDATION_FAILED', {
          errors: [{ path: 'body.password', message: reason }],
        });
      }
      const passwordHash = await context.auth.passwords.hash(password);
      await releaseExpiredInvitee(context.database.db, email, new Date().toISOString());
      try {
        const user = await context.auth.users.createOwner({
          email,
          name,
          organizationName,
          passwordHash,
        });
        return { status: 201, body: presentUser(user) };
      } catch (error) {
        if (error instanceof EmailTakenError)
          throw new RampartError('CONFLICT', {
            detail: 'An account with this email already exists.',
          });
        throw error;
      }
    },
  });
}
