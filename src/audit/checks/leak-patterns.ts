// Signatures of internals in error responses: stack traces, SQL and driver errors, file paths
// and framework/library names. Fixed list, compiled once; each pattern names what it proves.

export interface LeakPattern {
  kind: string;
  pattern: RegExp;
}

export const LEAK_PATTERNS: readonly LeakPattern[] = [
  { kind: 'stack trace', pattern: /\n\s+at [\w$.<>[\] ]+ \(?[^\s)]+:\d+:\d+\)?|"stack"\s*:/ },
  {
    kind: 'SQL or database error',
    pattern:
      /SQLITE_\w+|syntax error at or near|near "[^"]*": syntax error|unrecognized token|SQLSTATE|ER_\w+_ERROR|ORA-\d{5}|relation "[^"]+" does not exist|duplicate key value violates|PG::\w+|\bSELECT\b[^"]{0,80}\bFROM\b|\bINSERT INTO\b|no such (table|column)/i,
  },
  {
    kind: 'file path',
    pattern:
      /(?:\/(?:home|usr|var|opt|srv|app|work|src|root|tmp)\/[\w.-]+\/[\w./-]+|[A-Z]:\\\\?[\w\\.-]+\\[\w.-]+|node_modules)/,
  },
  {
    kind: 'library or framework name',
    pattern:
      /\b(fastify|express|ajv|kysely|better-sqlite3|sqlite3?|node-postgres|pg-protocol|typebox|zod|sequelize|prisma|mongoose|jsonwebtoken|FST_[A-Z_]+)\b/i,
  },
];

export function findLeaks(text: string): string[] {
  return LEAK_PATTERNS.filter(({ pattern }) => pattern.test(text)).map(({ kind }) => kind);
}
