import type { Kysely } from 'kysely';
import { prepareFirst, randomId } from '../../kit/index.js';
import type { IdentityTables, UserRole, UsersTable } from './identity-tables.js';

/** What identity code reads of a user; never the whole row to callers that present it. */
export type UserRecord = Pick<
  UsersTable,
  'id' | 'organization_id' | 'email' | 'name' | 'role' | 'status' | 'created_at'
>;

export interface UserWithHash extends UserRecord {
  readonly password_hash: string | null;
}

const USER_FIELDS = [
  'id',
  'organization_id',
  'email',
  'name',
  'role',
  'status',
  'created_at',
] as const;

/** Thrown by `createOwner`/`createUser` when the email is taken (maps to 409). */
export class EmailTakenError extends Error {
  override readonly name = 'EmailTakenError';
}

/** Lower-cases and trims an email the same way everywhere it is stored or looked up. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Identity's access to organizations and users (login, register, tokens, /v1/me). */
export class UsersRepository {
  readonly #db: Kysely<IdentityTables>;

  readonly #findActive;

  constructor(db: Kysely<IdentityTables>) {
    this.#db = db;
    this.#findActive = prepareFirst(['organizationId', 'userId'], (p) =>
      db
        .selectFrom('users')
        .select(USER_FIELDS)
        .where('organization_id', '=', p.organizationId)
        .where('id', '=', p.userId)
        .where('status', '=', 'active'),
    );
  }

  /** For login: the row with its hash, by normalized email. */
  findForLogin(email: string): Promise<UserWithHash | undefined> {
    return this.#db
      .selectFrom('users')
      .select([...USER_FIELDS, 'password_hash'])
      .where('email', '=', normalizeEmail(email))
      .executeTakeFirst();
  }

  /**
   * An active user by id within an organization (tenant first). Compiled once: this
   * read serves every `GET /v1/me`.
   */
  findActive(organizationId: string, userId: string): Promise<UserRecord | undefined> {
    return this.#findActive(this.#db, { organizationId, userId });
  }

  async organizationExists(organizationId: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', organizationId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Registration: a new organization and its owner, in one transaction. */
  async createOwner(input: {
    email: string;
    name: string;
    organizationName: string;
    passwordHash: string;
  }): Promise<UserRecord> {
    const now = new Date().toISOString();
    const organizationId = randomId('org');
    try {
      return await this.#db.transaction().execute(async (trx) => {
        await trx
          .insertInto('organizations')
          .values({ id: organizationId, name: input.organizationName, created_at: now })
          .execute();
        return insertUser(trx, {
          organizationId,
          email: input.email,
          name: input.name,
          role: 'owner',
          passwordHash: input.passwordHash,
          now,
        });
      });
    } catch (error) {
      if (await this.#emailTaken(input.email)) throw new EmailTakenError('email taken');
      throw error;
    }
  }

  /** A user with a password in an existing organization (tests, seeding). */
  async createUser(input: {
    organizationId: string;
    email: string;
    name: string;
    role: UserRole;
    passwordHash: string | null;
  }): Promise<UserRecord> {
    try {
      return await insertUser(this.#db, { ...input, now: new Date().toISOString() });
    } catch (error) {
      if (await this.#emailTaken(input.email)) throw new EmailTakenError('email taken');
      throw error;
    }
  }

  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: new Date().toISOString() })
      .where('id', '=', userId)
      .execute();
  }

  async #emailTaken(email: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('users')
      .select('id')
      .where('email', '=', normalizeEmail(email))
      .executeTakeFirst();
    return row !== undefined;
  }
}

async function insertUser(
  db: Kysely<IdentityTables>,
  input: {
    organizationId: string;
    email: string;
    name: string;
    role: UserRole;
    passwordHash: string | null;
    now: string;
  },
): Promise<UserRecord> {
  const row = {
    id: randomId('usr'),
    organization_id: input.organizationId,
    email: normalizeEmail(input.email),
    name: input.name,
    role: input.role,
    password_hash: input.passwordHash,
    status: input.passwordHash === null ? ('invited' as const) : ('active' as const),
    created_at: input.now,
    updated_at: input.now,
  };
  await db.insertInto('users').values(row).execute();
  const { password_hash: _hash, updated_at: _updated, ...record } = row;
  return record;
}
