import {
  NoHeaders,
  NoInput,
  RampartError,
  createCursorCodec,
  cursorBinding,
  decodeKeyset,
  defineRoute,
  denialError,
  randomToken,
  sha256Hex,
  tenantScope,
  toPage,
  type Principal,
  type RouteDeclaration,
} from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';
import {
  EmailInUseError,
  createUsersAdminRepository,
} from '../../../db/repositories/users-admin.js';
import { recordDenial, recordMiss, type RequestWhere } from '../../../domain/authz-events.js';
import { INVITATION_TTL_SECONDS } from '../../../domain/user.js';
import { userPolicy, type UserAction } from '../../../domain/user-policy.js';
import {
  InvitationResponse,
  InviteUserBody,
  ListUsersQuery,
  UpdateUserBody,
  UserPage,
  UserParams,
  UserSchema,
} from './schemas.js';

// People are managed by people: API keys never carry users:* scopes.
const AUTH = { principals: ['user', 'oidc'] } as const;
const TAGS = ['users'];

/**
 * Users of the caller's organization (API.md): admin+ within the hierarchy. A role
 * change or a deletion revokes every session of the target at once (their access tokens
 * fail within 1 s on every instance) and is recorded as a security event.
 */
export function userRoutes(context: AppContext): RouteDeclaration[] {
  const users = createUsersAdminRepository(context.database);
  const cursors = createCursorCodec(context.loaded.secrets.cursorKey.reveal());
  const { events } = context;
  const scopeOf = (principal: Principal) => tenantScope(principal, 'organization');
  const eventContext = (principal: Principal, where: RequestWhere) => ({
    organizationId: principal.organizationId,
    principalId: principal.id,
    ip: where.ip,
    requestId: where.requestId,
  });

  async function authorized(
    principal: Principal,
    id: string,
    action: UserAction,
    where: RequestWhere,
    newRole?: string,
  ) {
    const scope = scopeOf(principal);
    const target = await users.findById(scope, id);
    if (target === undefined) {
      recordMiss(events, principal, where, await users.classifyMiss(scope, id), 'user');
      throw new RampartError('NOT_FOUND');
    }
    const decision = userPolicy(principal, action, target, newRole);
    if (!decision.allow) {
      recordDenial(events, principal, where, decision);
      throw denialError(decision);
    }
    return { scope, target };
  }

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/users',
      operationId: 'listUsers',
      summary: 'List the users of the organization, newest first',
      tags: TAGS,
      auth: AUTH,
      permission: 'users:read',
      input: { params: NoInput, query: ListUsersQuery, body: NoInput, headers: NoHeaders },
      responses: { 200: UserPage },
      rateLimit: 'default',
      async handler(ctx) {
        const scope = scopeOf(ctx.principal);
        const binding = cursorBinding('users', scope);
        const after = decodeKeyset(cursors, binding, ctx.query.cursor);
        const rows = await users.list(scope, { limit: ctx.query.limit + 1, after });
        return { status: 200, body: toPage(cursors, binding, rows, ctx.query.limit) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/users',
      operationId: 'inviteUser',
      summary: 'Invite a user with a role below your own',
      tags: TAGS,
      auth: AUTH,
      permission: 'users:write',
      input: { params: NoInput, query: NoInput, body: InviteUserBody, headers: NoHeaders },
      responses: { 201: InvitationResponse },
      rateLimit: 'default',
      async handler(ctx) {
        const where = { ip: ctx.ip, requestId: ctx.requestId, route: 'POST /v1/users' };
        const decision = userPolicy(ctx.principal, 'create', undefined, ctx.body.role);
        if (!decision.allow) {
          recordDenial(events, ctx.principal, where, decision);
          throw denialError(decision);
        }
        const token = randomToken(256);
        const expiresAt = new Date(Date.now() + INVITATION_TTL_SECONDS * 1000).toISOString();
        try {
          const user = await users.invite(scopeOf(ctx.principal), {
            ...ctx.body,
            tokenHash: sha256Hex(token),
            expiresAt,
          });
          void events.record('user.invited', eventContext(ctx.principal, where), {
            userId: user.id,
            role: user.role,
          });
          return { status: 201, body: { user, invitation: { token, expiresAt } } };
        } catch (error) {
          if (error instanceof EmailInUseError)
            throw new RampartError('CONFLICT', {
              detail: 'An account with this email already exists.',
            });
          throw error;
        }
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/v1/users/:id',
      operationId: 'updateUser',
      summary: "Change a user's name or role (within the hierarchy)",
      tags: TAGS,
      auth: AUTH,
      permission: 'users:write',
      input: { params: UserParams, query: NoInput, body: UpdateUserBody, headers: NoHeaders },
      responses: { 200: UserSchema },
      rateLimit: 'default',
      async handler(ctx) {
        const where = { ip: ctx.ip, requestId: ctx.requestId, route: 'PATCH /v1/users/:id' };
        const { role, name } = ctx.body;
        const { scope, target } = await authorized(
          ctx.principal,
          ctx.params.id,
          'update',
          where,
          role,
        );
        const updated = await users.update(scope, target.id, target.role, { role, name });
        if (updated === undefined)
          throw new RampartError('CONFLICT', { detail: 'The user changed meanwhile; retry.' });
        if (role !== undefined && role !== target.role) {
          await context.auth.revokeAllForUser(
            target.id,
            'role_changed',
            eventContext(ctx.principal, where),
          );
          void events.record('user.role_changed', eventContext(ctx.principal, where), {
            userId: target.id,
            from: target.role,
            to: role,
          });
        }
        return { status: 200, body: updated };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/users/:id',
      operationId: 'deleteUser',
      summary: 'Delete a user (within the hierarchy); their sessions end at once',
      tags: TAGS,
      auth: AUTH,
      permission: 'users:write',
      input: { params: UserParams, query: NoInput, body: NoInput, headers: NoHeaders },
      responses: { 204: null },
      rateLimit: 'default',
      async handler(ctx) {
        const where = { ip: ctx.ip, requestId: ctx.requestId, route: 'DELETE /v1/users/:id' };
        const { scope, target } = await authorized(ctx.principal, ctx.params.id, 'delete', where);
        if (!(await users.remove(scope, target.id, target.role)))
          throw new RampartError('CONFLICT', { detail: 'The user changed meanwhile; retry.' });
        await context.auth.revokeAllForUser(
          target.id,
          'user_deleted',
          eventContext(ctx.principal, where),
        );
        void events.record('user.deleted', eventContext(ctx.principal, where), {
          userId: target.id,
        });
        return { status: 204 };
      },
    }),
  ];
}
