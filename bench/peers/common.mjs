// Shared by the peer apps: configuration from env, the SQLite reads, row mapping.
// Every peer does exactly the same reads with the same prepared statements; only the HTTP
// stack and its controls differ.
import Database from 'better-sqlite3';

export function peerConfig() {
  const env = process.env;
  const need = (name) => {
    const v = env[name];
    if (!v) {
      console.error(`missing env ${name}`);
      process.exit(2);
    }
    return v;
  };
  return {
    port: Number(need('PORT')),
    host: env.HOST ?? '127.0.0.1',
    dbFile: need('BENCH_DB'),
    alg: env.BENCH_ALG ?? 'ES256',
    verifyKey: env.BENCH_JWT_KEY ?? '',
    issuer: env.BENCH_JWT_ISS ?? '',
    audience: env.BENCH_JWT_AUD ?? '',
    // Only the unsecured peer uses these (a fixed principal instead of a token).
    fixedOrgId: env.BENCH_ORG_ID ?? '',
    fixedUserId: env.BENCH_USER_ID ?? '',
    // High enough that the limiter runs on every request but never answers 429 in a run.
    rateLimitMax: Number(env.BENCH_RATE_LIMIT_MAX ?? 1_000_000_000),
    corsOrigins: (env.BENCH_CORS_ORIGINS ?? 'https://app.example.com').split(','),
    // The public route: the same JWK set (one P-256 key) that Rampart serves at this path.
    jwks: JSON.parse(env.BENCH_JWKS ?? '{"keys":[]}'),
  };
}

/** JSON schema of the JWK set, for the stacks that declare response schemas. */
export const JWKS_SCHEMA = {
  type: 'object',
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kty: { type: 'string' },
          crv: { type: 'string' },
          x: { type: 'string' },
          kid: { type: 'string' },
          alg: { type: 'string' },
          use: { type: 'string' },
          y: { type: 'string' },
        },
      },
    },
  },
};

export const INVOICE_ID_RE = /^inv_[0-9A-Za-z]{22}$/;
export const INVOICE_ID_PATTERN = '^inv_[0-9A-Za-z]{22}$';

const USER_COLS = 'id, email, name, role, organization_id, created_at';
const INVOICE_COLS =
  'id, organization_id, owner_id, customer_name, customer_email, amount_cents, currency, status, due_date, created_at, updated_at';

export function openStore(file) {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  const getUser = db.prepare(`SELECT ${USER_COLS} FROM users WHERE id = ? AND organization_id = ?`);
  const getInvoice = db.prepare(
    `SELECT ${INVOICE_COLS} FROM invoices WHERE id = ? AND organization_id = ?`,
  );
  const listInvoices = db.prepare(
    `SELECT ${INVOICE_COLS} FROM invoices WHERE organization_id = ?
     ORDER BY created_at DESC, id DESC LIMIT ?`,
  );
  return {
    db,
    /** @returns {object|undefined} */
    user(id, orgId) {
      const r = getUser.get(id, orgId);
      return r && toUser(r);
    },
    invoice(id, orgId) {
      const r = getInvoice.get(id, orgId);
      return r && toInvoice(r);
    },
    /** First page only (the benchmark reads page 1); nextCursor is opaque. */
    list(orgId, limit) {
      const rows = listInvoices.all(orgId, limit);
      const data = rows.map(toInvoice);
      const last = rows[rows.length - 1];
      const nextCursor =
        rows.length === limit && last
          ? Buffer.from(`${last.created_at}|${last.id}`).toString('base64url')
          : null;
      return { data, nextCursor };
    },
  };
}

export function toUser(r) {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    organizationId: r.organization_id,
    createdAt: r.created_at,
  };
}

export function toInvoice(r) {
  return {
    id: r.id,
    organizationId: r.organization_id,
    ownerId: r.owner_id,
    customerName: r.customer_name,
    customerEmail: r.customer_email,
    amountCents: r.amount_cents,
    currency: r.currency,
    status: r.status,
    dueDate: r.due_date,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** `limit` query: 1..100, default 20, never clamped. Returns NaN when invalid. */
export function parseLimit(raw) {
  if (raw === undefined) return 20;
  if (typeof raw !== 'string' || !/^[0-9]{1,3}$/.test(raw)) return Number.NaN;
  const n = Number(raw);
  return n >= 1 && n <= 100 ? n : Number.NaN;
}

export function problem(status, title) {
  return { type: `https://rampart.bench.invalid/problems/${status}`, title, status };
}

/** JSON schemas (used by the Fastify plugins peer for validation and serialization). */
export const schemas = {
  user: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      organizationId: { type: 'string' },
      createdAt: { type: 'string' },
    },
    required: ['id', 'email', 'name', 'role', 'organizationId', 'createdAt'],
  },
  invoice: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      organizationId: { type: 'string' },
      ownerId: { type: 'string' },
      customerName: { type: 'string' },
      customerEmail: { type: 'string' },
      amountCents: { type: 'integer' },
      currency: { type: 'string' },
      status: { type: 'string' },
      dueDate: { type: 'string' },
      createdAt: { type: 'string' },
      updatedAt: { type: 'string' },
    },
    required: [
      'id',
      'organizationId',
      'ownerId',
      'customerName',
      'customerEmail',
      'amountCents',
      'currency',
      'status',
      'dueDate',
      'createdAt',
      'updatedAt',
    ],
  },
};

/** Graceful exit on SIGTERM so the harness can stop peers by pid. */
export function exitOnSignal(close) {
  const stop = () => {
    Promise.resolve()
      .then(close)
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
