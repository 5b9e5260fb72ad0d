import type SQLite from 'better-sqlite3';

/**
 * The better-sqlite3 handle behind a Kysely instance, for the prepared-query fast path.
 * Only the root instance is registered: a Kysely transaction is another object, so a
 * query inside a transaction always goes through Kysely (and its connection mutex).
 */
const handles = new WeakMap<object, SQLite.Database>();

export function registerSqliteHandle(db: object, sqlite: SQLite.Database): void {
  handles.set(db, sqlite);
}

export function sqliteHandleOf(db: object): SQLite.Database | undefined {
  return handles.get(db);
}
