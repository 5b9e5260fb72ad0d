import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cacheStatements } from '../../src/kit/store/statement-cache.js';

describe('SQLite statement reuse', () => {
  it('returns the same prepared statement for the same SQL, bounded, and survives schema changes', () => {
    const db = new SQLite(':memory:');
    cacheStatements(db, 2);
    db.exec('create table t (a integer)');
    const first = db.prepare('select a from t where a = ?');
    expect(db.prepare('select a from t where a = ?')).toBe(first);
    db.prepare('insert into t (a) values (?)').run(1);
    expect(first.all(1)).toEqual([{ a: 1 }]);
    db.prepare('select 1');
    db.prepare('select 2'); // evicts the oldest entry
    expect(db.prepare('select a from t where a = ?')).not.toBe(first);
    db.exec('alter table t add column b text');
    expect(db.prepare('select a from t where a = ?').all(1)).toEqual([{ a: 1 }]);
    db.close();
  });
});
