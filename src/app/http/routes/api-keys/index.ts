import {
  NoHeaders,
  NoInput,
  cursorBinding,
  createCursorCodec,
  decodeKeyset,
  defineRoute,
  tenantScope,
  toPage,
  type Principal,
  type RouteDeclaration,
} from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';
import {
  ApiKeyPage,
  ApiKeyParams,
  CreateApiKeyBody,
  IssuedApiKeySchema,
  ListApiKeysQuery,
  RotateApiKeyBody,
} from './schemas.js';

/** Only people manage keys: a key can never create, rotate or revoke keys. */
const AUTH = { principals: ['user'] } as const;
const PERMISSION = 'api-keys:manage';
const TAGS = ['api-keys'];

function actorOf(principal: Principal) {
  return {
    organizationId: principal.organizationId,
    userId: principal.userId ?? principal.id,
    permissions: principal.permissions,
  };
}

function where(ctx: { principal: Principal; ip: string; requestId: string }) {
  return {
    organizationId: ctx.principal.organizationId,
    principalId: ctx.principal.id,
    ip: ctx.ip,
    requestId: ctx.requestId,
  };
}

/** `/v1/api-keys` (API.md): masked list, create (key shown once), rotate, revoke. */
export function apiKeyRoutes(context: AppContext): RouteDeclaration[] {
  const keys = context.apiKeys.service;
  const cursors = createCursorCodec(context.loaded.secrets.cursorKey.reveal());
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/api-keys',
      operationId: 'listApiKeys',
      summary: 'List the organization’s API keys, masked, newest first',
      tags: TAGS,
      auth: AUTH,
      permission: PERMISSION,
      input: { params: NoInput, query: ListApiKeysQuery, body: NoInput, headers: NoHeaders },
      responses: { 200: ApiKeyPage },
      rateLimit: 'default',
      async handler(ctx) {
        const { limit, cursor } = ctx.query;
        const binding = cursorBinding('api-keys', tenantScope(ctx.principal, 'organization'));
        const after = decodeKeyset(cursors, binding, cursor);
        const rows = await keys.list(ctx.principal.organizationId, limit + 1, after);
        return { status: 200, body: toPage(cursors, binding, rows, limit) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/api-keys',
      operationId: 'createApiKey',
      summary: 'Create an API key; the full key is in this response only',
      tags: TAGS,
      auth: AUTH,
      permission: PERMISSION,
      input: { params: NoInput, query: NoInput, body: CreateApiKeyBody, headers: NoHeaders },
      responses: { 201: IssuedApiKeySchema },
      rateLimit: 'default',
      async handler(ctx) {
        const issued = await keys.create(actorOf(ctx.principal), ctx.body, where(ctx));
        return { status: 201, body: issued };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/api-keys/:id/rotate',
      operationId: 'rotateApiKey',
      summary: 'Replace a key; the old one works until the grace period ends',
      tags: TAGS,
      auth: AUTH,
      permission: PERMISSION,
      input: { params: ApiKeyParams, query: NoInput, body: RotateApiKeyBody, headers: NoHeaders },
      responses: { 201: IssuedApiKeySchema },
      rateLimit: 'default',
      async handler(ctx) {
        const issued = await keys.rotate(
          actorOf(ctx.principal),
          ctx.params.id,
          ctx.body.gracePeriodSeconds ?? 0,
          where(ctx),
        );
        return { status: 201, body: issued };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/api-keys/:id',
      operationId: 'revokeApiKey',
      summary: 'Revoke a key: refused everywhere within a second',
      tags: TAGS,
      auth: AUTH,
      permission: PERMISSION,
      input: { params: ApiKeyParams, query: NoInput, body: NoInput, headers: NoHeaders },
      responses: { 204: null },
      rateLimit: 'default',
      async handler(ctx) {
        await keys.revoke(ctx.principal.organizationId, ctx.params.id, where(ctx));
        return { status: 204 };
      },
    }),
  ];
}
