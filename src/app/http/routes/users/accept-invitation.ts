import {
  NoHeaders,
  NoInput,
  RampartError,
  checkPasswordPolicy,
  defineRoute,
  mayManageRole,
  sha256Hex,
} from '../../../../kit/index.js';
import { rbac } from '../../../domain/roles.js';
import type { AppContext } from '../../../context.js';
import { createInvitationsRepository } from '../../../db/repositories/invitations.js';
import { AcceptInvitationBody, UserSchema } from './schemas.js';

/**
 * POST /v1/auth/accept-invitation: the invited user sets a password (policy applies)
 * with the one-time token. Unknown, used and expired tokens get the same answer. The
 * token is checked before the (costly) password hash, so a bad token costs no argon2.
 */
export function acceptInvitationRoute(context: AppContext) {
  const invitations = createInvitationsRepository(context.database);
  return defineRoute({
    method: 'POST',
    url: '/v1/auth/accept-invitation',
    operationId: 'acceptInvitation',
    summary: 'Accept an invitation by setting a password',
    tags: ['auth'],
    auth: 'public',
    permission: 'public',
    input: { params: NoInput, query: NoInput, body: AcceptInvitationBody, headers: NoHeaders },
    responses: { 200: UserSchema },
    rateLimit: 'auth',
    async handler(ctx) {
      const tokenHash = sha256Hex(ctx.body.token);
      const invitation = await invitations.findOpen(tokenHash, new Date().toISOString());
      // An inviter who was removed or demoted since can no longer bring anyone in.
      if (
        invitation === undefined ||
        !mayManageRole(rbac, invitation.inviterRole, invitation.role).allow
      )
        throw new RampartError('INVITATION_INVALID');
      const reason = checkPasswordPolicy(ctx.body.password, { email: invitation.email });
      if (reason !== undefined)
        throw new RampartError('VALIDATION_FAILED', {
          errors: [{ path: 'body.password', message: reason }],
        });
      const passwordHash = await context.auth.passwords.hash(ctx.body.password);
      const user = await invitations.accept(invitation, passwordHash, new Date().toISOString());
      if (user === undefined) throw new RampartError('INVITATION_INVALID');
      void context.events.record(
        'user.invitation_accepted',
        {
          organizationId: user.organizationId,
          principalId: user.id,
          ip: ctx.ip,
          requestId: ctx.requestId,
        },
        { userId: user.id },
      );
      return { status: 200, body: user };
    },
  });
}
