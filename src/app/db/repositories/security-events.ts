import { assertTenantScope, type Database, type TenantScope } from '../../../kit/index.js';
import type { AppTables } from '../schema.js';
import type { After } from './tenant-db.js';

export interface StoredSecurityEvent {
  readonly id: string;
  readonly type: string;
  readonly principalId: string | null;
  readonly ip: string | null;
  readonly requestId: string | null;
  readonly details: Record<string, unknown>;
  readonly createdAt: string;
}

/** Security events of one organization, newest first (the kit writes them). */
export interface SecurityEventsRepository {
  list(
    scope: TenantScope,
    query: { limit: number; type?: string | undefined; after?: After | undefined },
  ): Promise<StoredSecurityEvent[]>;
}

export function createSecurityEventsRepository(
  database: Database<AppTables>,
): SecurityEventsRepository {
  const { db } = database;
  return Object.freeze({
    async list(scope, { limit, type, after }) {
      assertTenantScope(scope);
      let query = db
        .selectFrom('security_events')
        .select(['id', 'type', 'principal_id', 'ip', 'request_id', 'details', 'created_at'])
        .where('organization_id', '=', scope.organizationId);
      if (type !== undefined) query = query.where('type', '=', type);
      if (after !== undefined)
        query = query.where((eb) =>
          eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)),
        );
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        type: row.type,
        principalId: row.principal_id,
        ip: row.ip,
        requestId: row.request_id,
        details: parseDetails(row.details),
        createdAt: row.created_at,
      }));
    },
  } satisfies SecurityEventsRepository);
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
