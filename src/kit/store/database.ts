import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { cacheStatements } from './statement-cache.js';
import { registerSqliteHandle } from './sqlite-handles.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database<T> {
  readonly db: Kysely<T>;
  readonly dialect: Dialect;
  /** Resolves when the database answers a trivial query; used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…`; when absent, SQLite in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
  /** SQLite file name inside dataDir; `:memory:` for tests. */
  readonly sqliteFile?: string;
  /** PostgreSQL schema to use (tests isolate themselves in their own schema). */
  readonly schema?: string;
  readonly poolSize?: number;
}

/**
 * One Kysely instance over SQLite (embedded default) or PostgreSQL (`DATABASE_URL`).
 * SQLite runs in WAL mode with `synchronous=FULL`: an acknowledged write survives a
 * crash or power loss, which the project promises.
 */
export function createDatabase<T>(options: DatabaseOptions): Database<T> {
  if (options.databaseUrl !== undefined) return createPostgres<T>(options.databaseUrl, options);
  let file = options.sqliteFile ?? 'rampart.db';
  if (file !== ':memory:') {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    file = join(options.dataDir, file);
    // Owner-only from the first byte; SQLite gives its -wal/-shm files the same mode.
    if (!existsSync(file)) writeFileSync(file, '', { mode: 0o600 });
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  cacheStatements(sqlite);
  const db = new Kysely<T>({ dialect: new SqliteDialect({ database: sqlite }) });
  registerSqliteHandle(db, sqlite);
  return {
    db,
    dialect: 'sqlite',
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

function createPostgres<T>(url: string, options: DatabaseOptions): Database<T> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    // A statement that runs away is cut off instead of holding a connection forever.
    statement_timeout: 10_000,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<T>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}
