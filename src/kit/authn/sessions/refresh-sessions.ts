import type { Kysely } from 'kysely';
import { randomId } from '../../crypto/random.js';
import type { RefreshSessionTables } from './refresh-sessions-table.js';
import { hashRefreshToken, looksLikeRefreshToken, newRefreshToken } from './refresh-token.js';

export interface SessionLifetimes {
  readonly idleSeconds: number;
  readonly absoluteSeconds: number;
}

export interface SessionOwner {
  readonly userId: string;
  readonly organizationId: string;
}

export interface IssuedRefresh {
  readonly token: string;
  /** The session (family) id, carried as `sid` by access tokens. */
  readonly sessionId: string;
  /** When the cookie should expire (idle expiry). */
  readonly expiresAt: Date;
}

export type RotateResult =
  | ({ readonly kind: 'rotated' } & IssuedRefresh & SessionOwner)
  | { readonly kind: 'invalid' }
  | ({ readonly kind: 'expired'; readonly sessionId: string } & SessionOwner)
  | ({ readonly kind: 'reuse'; readonly sessionId: string } & SessionOwner);

/**
 * Rotating refresh sessions (OAuth 2.0 Security BCP §4.14): every use replaces the token;
 * a replaced token presented again means it was stolen, so the whole family is revoked.
 * Only SHA-256 hashes of tokens are stored.
 */
export class RefreshSessions {
  readonly #db: Kysely<RefreshSessionTables>;
  readonly #lifetimes: SessionLifetimes;

  constructor(db: Kysely<RefreshSessionTables>, lifetimes: SessionLifetimes) {
    this.#db = db;
    this.#lifetimes = lifetimes;
  }

  /** Starts a new session (a login). */
  async create(owner: SessionOwner, now = new Date()): Promise<IssuedRefresh> {
    const familyId = randomId('ses');
    const absolute = new Date(now.getTime() + this.#lifetimes.absoluteSeconds * 1000);
    return this.#insert(familyId, owner, now, absolute);
  }

  /** Exchanges a refresh token for a new one (see {@link RotateResult}). */
  async rotate(token: string, now = new Date()): Promise<RotateResult> {
    if (!looksLikeRefreshToken(token)) return { kind: 'invalid' };
    const row = await this.#db
      .selectFrom('refresh_sessions')
      .select([
        'id',
        'family_id',
        'user_id',
        'organization_id',
        'expires_at',
        'absolute_expires_at',
        'revoked_at',
        'replaced_by',
      ])
      .where('token_hash', '=', hashRefreshToken(token))
      .executeTakeFirst();
    if (row === undefined) return { kind: 'invalid' };
    const owner = { userId: row.user_id, organizationId: row.organization_id };
    if (row.replaced_by !== null) return { kind: 'reuse', sessionId: row.family_id, ...owner };
    const iso = now.toISOString();
    if (row.revoked_at !== null || row.expires_at <= iso || row.absolute_expires_at <= iso)
      return { kind: 'expired', sessionId: row.family_id, ...owner };
    const nextId = randomId('rft');
    // Compare-and-set: of two concurrent uses of one token only one rotates; the other is reuse.
    const claimed = await this.#db
      .updateTable('refresh_sessions')
      .set({ replaced_by: nextId, last_used_at: iso })
      .where('id', '=', row.id)
      .where('replaced_by', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (claimed.numUpdatedRows !== 1n) return { kind: 'reuse', sessionId: row.family_id, ...owner };
    const issued = await this.#insert(
      row.family_id,
      owner,
      now,
      new Date(row.absolute_expires_at),
      nextId,
    );
    return { kind: 'rotated', ...issued, ...owner };
  }

  /** Finds the session of a refresh token without using it (logout by cookie). */
  async findSession(token: string): Promise<({ sessionId: string } & SessionOwner) | undefined> {
    if (!looksLikeRefreshToken(token)) return undefined;
    const row = await this.#db
      .selectFrom('refresh_sessions')
      .select(['family_id', 'user_id', 'organization_id'])
      .where('token_hash', '=', hashRefreshToken(token))
      .executeTakeFirst();
    return row === undefined
      ? undefined
      : { sessionId: row.family_id, userId: row.user_id, organizationId: row.organization_id };
  }

  /** Revokes every token of a session; true when something was still active. */
  async revokeSession(sessionId: string, reason: string, now = new Date()): Promise<boolean> {
    const result = await this.#db
      .updateTable('refresh_sessions')
      .set({ revoked_at: now.toISOString(), revoked_reason: reason.slice(0, 64) })
      .where('family_id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Revokes every session of a user; returns the session ids to publish. */
  async revokeAllForUser(userId: string, reason: string, now = new Date()): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('refresh_sessions')
      .select('family_id')
      .distinct()
      .where('user_id', '=', userId)
      .where('absolute_expires_at', '>', now.toISOString())
      .execute();
    await this.#db
      .updateTable('refresh_sessions')
      .set({ revoked_at: now.toISOString(), revoked_reason: reason.slice(0, 64) })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
    return rows.map((r) => r.family_id);
  }

  /** True when the session still has an unrevoked, unexpired token (the slow-path check). */
  async isActive(sessionId: string, now = new Date()): Promise<boolean> {
    const row = await this.#db
      .selectFrom('refresh_sessions')
      .select('id')
      .where('family_id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .where('absolute_expires_at', '>', now.toISOString())
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Sessions revoked since `since`: loaded at startup so a restart forgets nothing. */
  async revokedSince(since: Date): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('refresh_sessions')
      .select('family_id')
      .distinct()
      .where('revoked_at', '>', since.toISOString())
      .execute();
    return rows.map((r) => r.family_id);
  }

  async #insert(
    familyId: string,
    owner: SessionOwner,
    now: Date,
    absolute: Date,
    id = randomId('rft'),
  ): Promise<IssuedRefresh> {
    const token = newRefreshToken();
    const idle = new Date(
      Math.min(now.getTime() + this.#lifetimes.idleSeconds * 1000, absolute.getTime()),
    );
    const iso = now.toISOString();
    await this.#db
      .insertInto('refresh_sessions')
      .values({
        id,
        family_id: familyId,
        user_id: owner.userId,
        organization_id: owner.organizationId,
        token_hash: hashRefreshToken(token),
        created_at: iso,
        last_used_at: iso,
        expires_at: idle.toISOString(),
        absolute_expires_at: absolute.toISOString(),
        revoked_at: null,
        revoked_reason: null,
        replaced_by: null,
      })
      .execute();
    return { token, sessionId: familyId, expiresAt: idle };
  }
}
