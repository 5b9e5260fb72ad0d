import type { Kysely } from 'kysely';
import type { StoredApiKey } from '../../kit/index.js';
import type { IdentityTables } from '../auth/identity-tables.js';
import type { ApiKeysTable, ApiKeyTables } from './tables.js';

type Db = Kysely<ApiKeyTables & Pick<IdentityTables, 'users'>>;

/** What verification needs: the stored key plus its creator's current standing. */
export interface KeyForVerification extends StoredApiKey {
  readonly organizationId: string;
  readonly createdBy: string;
  readonly environment: string;
  readonly scopes: readonly string[];
  /** Creator's current role, status and organization (undefined when the row is gone). */
  readonly creator:
    { readonly role: string; readonly status: string; readonly organizationId: string } | undefined;
}

/** The masked view of a key (API.md): never the hash, never the key. */
export interface MaskedApiKey {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly last4: string;
  readonly scopes: readonly string[];
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
}

export type NewApiKeyRow = Omit<ApiKeysTable, 'last_used_at' | 'revoked_at' | 'grace_ends_at'>;

const MASKED = [
  'id',
  'name',
  'prefix',
  'last4',
  'scopes',
  'created_at',
  'expires_at',
  'last_used_at',
] as const;

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

function toMasked(row: Pick<ApiKeysTable, (typeof MASKED)[number]>): MaskedApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    last4: row.last4,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}

/**
 * SQL access to `api_keys`. Every management query is scoped by organization inside
 * the query (tenant first); only verification reads by key id alone, because the
 * organization is not known before the key is.
 */
export class ApiKeysRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async insert(row: NewApiKeyRow): Promise<MaskedApiKey> {
    await this.#db
      .insertInto('api_keys')
      .values({ ...row, last_used_at: null, revoked_at: null, grace_ends_at: null })
      .execute();
    return toMasked({ ...row, last_used_at: null });
  }

  /** One primary-key read joined with the creator's row (for their current role). */
  async findForVerification(keyId: string): Promise<KeyForVerification | undefined> {
    const row = await this.#db
      .selectFrom('api_keys as k')
      .leftJoin('users as u', 'u.id', 'k.created_by')
      .select([
        'k.id',
        'k.organization_id',
        'k.created_by',
        'k.environment',
        'k.hash',
        'k.pepper_version',
        'k.scopes',
        'k.expires_at',
        'k.grace_ends_at',
        'k.revoked_at',
        'u.role as creator_role',
        'u.status as creator_status',
        'u.organization_id as creator_org',
      ])
      .where('k.id', '=', keyId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      id: row.id,
      organizationId: row.organization_id,
      createdBy: row.created_by,
      environment: row.environment,
      hash: row.hash,
      pepperVersion: row.pepper_version,
      scopes: JSON.parse(row.scopes) as string[],
      expiresAt: ms(row.expires_at),
      graceEndsAt: ms(row.grace_ends_at),
      revokedAt: ms(row.revoked_at),
      creator:
        row.creator_role === null || row.creator_status === null || row.creator_org === null
          ? undefined
          : { role: row.creator_role, status: row.creator_status, organizationId: row.creator_org },
    };
  }

  /** Keys an administrator still has to think about: not revoked, not rotated out. */
  async list(
    organizationId: string,
    now: string,
    limit: number,
    after: { createdAt: string; id: string } | undefined,
  ): Promise<MaskedApiKey[]> {
    let query = this.#db
      .selectFrom('api_keys')
      .select(MASKED)
      .where('organization_id', '=', organizationId)
      .where('state', '!=', 'revoked')
      .where((eb) => eb.or([eb('grace_ends_at', 'is', null), eb('grace_ends_at', '>', now)]));
    if (after !== undefined)
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
        ]),
      );
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toMasked);
  }

  /** A key of this organization that can still be managed (not revoked). */
  findManageable(
    organizationId: string,
    keyId: string,
  ): Promise<
    | Pick<
        ApiKeysTable,
        'id' | 'name' | 'created_by' | 'scopes' | 'state' | 'expires_at' | 'grace_ends_at'
      >
    | undefined
  > {
    return this.#db
      .selectFrom('api_keys')
      .select(['id', 'name', 'created_by', 'scopes', 'state', 'expires_at', 'grace_ends_at'])
      .where('organization_id', '=', organizationId)
      .where('id', '=', keyId)
      .where('state', '!=', 'revoked')
      .executeTakeFirst();
  }

  /** Marks a key rotated (valid until `graceEndsAt`) and inserts its successor, atomically. */
  async rotate(
    organizationId: string,
    keyId: string,
    graceEndsAt: string,
    successor: NewApiKeyRow,
  ): Promise<MaskedApiKey | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('api_keys')
        .set({ state: 'rotated', grace_ends_at: graceEndsAt })
        .where('organization_id', '=', organizationId)
        .where('id', '=', keyId)
        .where('state', '=', 'active')
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n) return undefined;
      await trx
        .insertInto('api_keys')
        .values({ ...successor, last_used_at: null, revoked_at: null, grace_ends_at: null })
        .execute();
      return toMasked({ ...successor, last_used_at: null });
    });
  }

  /** Revokes one key of the organization; false when there was none to revoke. */
  async revoke(organizationId: string, keyId: string, at: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('api_keys')
      .set({ state: 'revoked', revoked_at: at })
      .where('organization_id', '=', organizationId)
      .where('id', '=', keyId)
      .where('state', '!=', 'revoked')
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Revokes every key a user created; returns their ids (for events). */
  async revokeAllCreatedBy(userId: string, at: string): Promise<string[]> {
    return this.#db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('api_keys')
        .select('id')
        .where('created_by', '=', userId)
        .where('state', '!=', 'revoked')
        .execute();
      if (rows.length === 0) return [];
      await trx
        .updateTable('api_keys')
        .set({ state: 'revoked', revoked_at: at })
        .where('created_by', '=', userId)
        .where('state', '!=', 'revoked')
        .execute();
      return rows.map((r) => r.id);
    });
  }

  /** Writes a batch of last-used times; never moves a time backwards. */
  async touchLastUsed(batch: ReadonlyMap<string, number>): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      for (const [keyId, at] of batch) {
        const iso = new Date(at).toISOString();
        await trx
          .updateTable('api_keys')
          .set({ last_used_at: iso })
          .where('id', '=', keyId)
          .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', iso)]))
          .execute();
      }
    });
  }
}
