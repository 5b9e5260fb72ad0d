// Seeds the SQLite database shared by the benchmark targets.
//
// One function, `seedBenchDatabase(file, options)`, so that any target (the peers today, our
// service later, via its own migrations) can be pointed at the same kind of data: it creates
// the schema when the tables are missing (`createSchema`), or inserts into tables that already
// exist with the same snake_case columns (e.g. created by Rampart's migrations).
//
// Run alone: `node bench/seed.mjs /tmp/x.db 100000` prints the returned summary.
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 string of `length` characters (rejection sampling, uniform). */
export function randomBase62(length) {
  let out = '';
  while (out.length < length) {
    const bytes = randomBytes(length * 2);
    for (const b of bytes) {
      if (b < 248) out += ALPHABET[b % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** `prefix_` + 22 base62 characters (~131 random bits), like the service's ids. */
export function newId(prefix) {
  return `${prefix}_${randomBase62(22)}`;
}

export const ID_PATTERN = {
  inv: /^inv_[0-9A-Za-z]{22}$/,
  usr: /^usr_[0-9A-Za-z]{22}$/,
  org: /^org_[0-9A-Za-z]{22}$/,
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner','admin','member','viewer')),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS users_org ON users (organization_id, id);
CREATE TABLE IF NOT EXISTS invoices (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  customer_name TEXT NOT NULL,
  customer_email TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','sent','paid','void')),
  due_date TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS invoices_org_id ON invoices (organization_id, id);
CREATE INDEX IF NOT EXISTS invoices_org_created ON invoices (organization_id, created_at, id);
`;

const ROLES = ['owner', 'admin', 'member', 'member', 'member', 'viewer'];
const STATUSES = ['draft', 'sent', 'sent', 'paid', 'paid', 'paid', 'void'];
const CURRENCIES = ['EUR', 'USD', 'GBP'];
const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Frances',
  'Ken',
  'Radia',
  'Tim',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Perlman',
  'Berners-Lee',
];

/**
 * @typedef {{ id: string, organizationId: string, email: string, name: string, role: string, createdAt: string }} SeedUser
 * @typedef {{
 *   file: string,
 *   invoices: number,
 *   organizations: { id: string, users: SeedUser[], invoiceCount: number }[],
 *   benchUser: SeedUser,            // the principal whose token the peers get (role admin)
 *   benchInvoiceIds: string[],      // sample of invoice ids of benchUser's organization
 *   otherOrgInvoiceId: string|null, // an invoice of another tenant (must answer 404)
 *   seconds: number,
 * }} SeedResult
 */

/**
 * Creates (or fills) the benchmark database.
 * @param {string} file  SQLite file path
 * @param {{
 *   invoices?: number,          // total invoices (default 100,000)
 *   organizations?: number,     // how many tenants share them (default 4)
 *   usersPerOrg?: number,       // default 6
 *   sample?: number,            // how many invoice ids of the bench org to return (default 1,000)
 *   createSchema?: boolean,     // default true; false = tables already exist (service migrations)
 *   existing?: { organizationId: string, userId: string }, // insert invoices for this org/user
 *                                                         // instead of creating orgs and users
 * }} [options]
 * @returns {SeedResult}
 */
export function seedBenchDatabase(file, options = {}) {
  const started = process.hrtime.bigint();
  const total = options.invoices ?? 100_000;
  const orgCount = options.existing ? 1 : (options.organizations ?? 4);
  const usersPerOrg = options.usersPerOrg ?? 6;
  const sampleSize = options.sample ?? 1_000;

  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  if (options.createSchema !== false) {
    // Our own file: set it up. Someone else's (createSchema false): leave its settings alone.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
  }

  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString();
  const organizations = [];
  const insertUser = db.prepare(
    `INSERT INTO users (id, organization_id, email, name, role, password_hash, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertInvoice = db.prepare(
    `INSERT INTO invoices (id, organization_id, owner_id, customer_name, customer_email, amount_cents,
       currency, status, due_date, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const run = db.transaction(() => {
    for (let o = 0; o < orgCount; o++) {
      const orgId = options.existing?.organizationId ?? newId('org');
      const users = [];
      if (options.existing) {
        users.push({
          id: options.existing.userId,
          organizationId: orgId,
          email: '',
          name: '',
          role: 'owner',
          createdAt: iso(now),
        });
      } else {
        for (let u = 0; u < usersPerOrg; u++) {
          const user = {
            id: newId('usr'),
            organizationId: orgId,
            email: `user${u}.${randomBase62(8).toLowerCase()}@org${o}.example.com`,
            name: `${FIRST[u % FIRST.length]} ${LAST[(u + o) % LAST.length]}`,
            role: ROLES[u % ROLES.length],
            createdAt: iso(now - 400 * 86_400_000 + u * 60_000),
          };
          // Not a real hash (the benchmark never logs in); shaped like the service's argon2id.
          const hash = `$argon2id$v=19$m=19456,t=2,p=1$${randomBase62(22)}$${randomBase62(43)}`;
          insertUser.run(user.id, orgId, user.email, user.name, user.role, hash, user.createdAt);
          users.push(user);
        }
      }
      organizations.push({ id: orgId, users, invoiceCount: 0 });
    }
    // Spread invoices evenly across tenants, creation times over the last ~2 years.
    for (let i = 0; i < total; i++) {
      const org = organizations[i % orgCount];
      const owner = org.users[(i >> 2) % org.users.length];
      const created = now - Math.floor(((total - i) / total) * 730 * 86_400_000) - (i % 997);
      const cust = `${FIRST[i % FIRST.length]} ${LAST[(i >> 3) % LAST.length]}`;
      insertInvoice.run(
        newId('inv'),
        org.id,
        owner.id,
        cust,
        `billing+${i}@customer${i % 500}.example.com`,
        1_000 + ((i * 7919) % 999_000),
        CURRENCIES[i % CURRENCIES.length],
        STATUSES[i % STATUSES.length],
        iso(created + 30 * 86_400_000).slice(0, 10),
        iso(created),
        iso(created + (i % 5) * 3_600_000),
      );
      org.invoiceCount++;
    }
  });
  run();
  db.exec('ANALYZE');

  const benchOrg = organizations[0];
  const benchUser = benchOrg.users.find((u) => u.role === 'admin') ?? benchOrg.users[0];
  const benchInvoiceIds = db
    .prepare('SELECT id FROM invoices WHERE organization_id = ? ORDER BY random() LIMIT ?')
    .pluck()
    .all(benchOrg.id, sampleSize);
  const otherOrgInvoiceId =
    organizations.length > 1
      ? db
          .prepare('SELECT id FROM invoices WHERE organization_id = ? LIMIT 1')
          .pluck()
          .get(organizations[1].id)
      : null;
  // Both files start the run checkpointed: 100,000 rows left in a WAL would make every read
  // of the seeded service search the WAL index, a cost the peers' file does not pay.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();

  return {
    file,
    invoices: total,
    organizations,
    benchUser,
    benchInvoiceIds,
    otherOrgInvoiceId,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/seed.mjs <file.db> [invoices]');
    process.exit(2);
  }
  const r = seedBenchDatabase(file, { invoices: Number(process.argv[3] ?? 100_000) });
  console.log(JSON.stringify({ ...r, benchInvoiceIds: r.benchInvoiceIds.slice(0, 3) }, null, 2));
}
