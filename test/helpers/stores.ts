import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type StoreKind = 'sqlite' | 'postgres';

/**
 * The stores a contract suite runs on: always SQLite; PostgreSQL when DATABASE_URL is
 * set (CI sets it). Prints why PostgreSQL is skipped, once per file.
 */
export function testStores(): StoreKind[] {
  if (process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === '') {
    if (!printed) {
      printed = true;
      console.log('[skip] PostgreSQL variants: DATABASE_URL is not set');
    }
    return ['sqlite'];
  }
  return ['sqlite', 'postgres'];
}
let printed = false;

/** A fresh PostgreSQL schema for one test app; dropped by the returned cleanup. */
export async function createPgSchema(): Promise<{ schema: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url === undefined) throw new Error('DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // eslint-disable-next-line no-restricted-syntax -- DDL cannot take parameters; the name is generated hex
  await client.query(`create schema ${schema}`);
  await client.end();
  return {
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      // eslint-disable-next-line no-restricted-syntax -- DDL cannot take parameters; the name is generated hex
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/** A unique Redis key prefix for one test; tests delete their keys with it. */
export function redisPrefix(): string {
  return `rampart-test:${randomBytes(6).toString('hex')}:`;
}
