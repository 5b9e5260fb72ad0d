import {
  NoHeaders,
  NoInput,
  PAGE_QUERY,
  Type,
  createCursorCodec,
  cursorBinding,
  decodeKeyset,
  defineRoute,
  pageOf,
  tenantScope,
  toPage,
  type RouteDeclaration,
} from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';
import { createSecurityEventsRepository } from '../../../db/repositories/security-events.js';

const EventSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  principalId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Object({}, { additionalProperties: true }),
  createdAt: Type.String({ format: 'date-time' }),
});

const ListEventsQuery = Type.Object(
  {
    ...PAGE_QUERY,
    type: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z_]+(\\.[a-z_]+)*$' }),
    ),
  },
  { additionalProperties: false },
);

/** GET /v1/security-events: the organization's own events (admin+, key scope security-events:read). */
export function securityEventRoutes(context: AppContext): RouteDeclaration[] {
  const events = createSecurityEventsRepository(context.database);
  const cursors = createCursorCodec(context.loaded.secrets.cursorKey.reveal());
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/security-events',
      operationId: 'listSecurityEvents',
      summary: "List the organization's security events, newest first",
      tags: ['security-events'],
      auth: { principals: ['user', 'apiKey', 'oidc'] },
      permission: 'security-events:read',
      input: { params: NoInput, query: ListEventsQuery, body: NoInput, headers: NoHeaders },
      responses: { 200: pageOf(EventSchema) },
      rateLimit: 'default',
      async handler(ctx) {
        const { limit, cursor, type } = ctx.query;
        const scope = tenantScope(ctx.principal, 'organization');
        const binding = cursorBinding('security-events', scope, { type });
        const after = decodeKeyset(cursors, binding, cursor);
        const rows = await events.list(scope, { limit: limit + 1, type, after });
        return { status: 200, body: toPage(cursors, binding, rows, limit) };
      },
    }),
  ];
}
