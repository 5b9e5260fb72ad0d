// The benchmark targets. Each target is a server run in its own child process pinned to core 0;
// it declares, per logical route (public, me, invoice, list), its own path(s) and headers.
//
// Target shape:
//   name          short id used in tables and BENCH_TARGETS
//   description   one line for the report
//   unavailable(ctx) -> string|null   reason to skip before starting (missing build, alg, ...)
//   start(ctx, port) -> ChildProcess  (use spawnServer: pins to core 0, logs to ctx.tmpDir)
//   ready         { path, headers } polled until 200 (15 s)
//   routes(ctx, baseUrl) -> Promise<{ [route]: { paths, headers, expect? } | { skip: reason } }>
//
// ctx (built by run.mjs): { root, tmpDir, dbFile, seed, keys, alg, token, invoices, env }
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { spawnServer } from './lib/proc.mjs';
import { JWT_AUDIENCE, JWT_ISSUER } from './keys.mjs';
import { randomBase62, seedBenchDatabase } from './seed.mjs';

export const ROUTES = /** @type {const} */ (['public', 'me', 'invoice', 'invoiceKey', 'list']);

export const ROUTE_LABELS = {
  public:
    'GET /.well-known/jwks.json — public, one P-256 JWK, same body shape everywhere (rampart: every control incl. the limiter)',
  me: 'GET /v1/me — bearer JWT + one indexed user read',
  invoice: 'GET /v1/invoices/:id — bearer JWT + indexed read scoped by (id, organization_id)',
  invoiceKey: 'GET /v1/invoices/:id — API key (X-API-Key) instead of the JWT (rampart only)',
  list: 'GET /v1/invoices?limit=100 — bearer JWT + first page of 100 for the organization',
};

/** Logical route -> path(s) for the peers (all serve the same URLs). */
function peerRoutes(ctx, headers) {
  return {
    public: { paths: ['/.well-known/jwks.json'], headers: {} },
    me: { paths: ['/v1/me'], headers },
    invoice: { paths: ctx.seed.benchInvoiceIds.map((id) => `/v1/invoices/${id}`), headers },
    invoiceKey: { skip: 'no API keys in this stack' },
    list: { paths: ['/v1/invoices?limit=100'], headers },
  };
}

/**
 * The JWK set the peers serve on the public route: one P-256 verification key with the
 * same members, in the same order, as Rampart's own /.well-known/jwks.json.
 */
function benchJwks(ctx) {
  if (ctx.peerJwks === undefined) {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
    const kid = `dev-${randomBytes(8).toString('hex')}`;
    ctx.peerJwks = JSON.stringify({ keys: [{ kty, crv, x, kid, alg: 'ES256', use: 'sig', y }] });
  }
  return ctx.peerJwks;
}

function peerEnv(ctx, port) {
  return {
    BENCH_JWKS: benchJwks(ctx),
    ...ctx.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    BENCH_DB: ctx.dbFile,
    BENCH_ALG: ctx.alg,
    BENCH_JWT_KEY: ctx.keys.verifyKeyEnv,
    BENCH_JWT_ISS: JWT_ISSUER,
    BENCH_JWT_AUD: JWT_AUDIENCE,
    BENCH_ORG_ID: ctx.seed.benchUser.organizationId,
    BENCH_USER_ID: ctx.seed.benchUser.id,
  };
}

function peer(name, description, { secured = true, algs = ['HS256', 'ES256', 'EdDSA'] } = {}) {
  return {
    name,
    description,
    unavailable: (ctx) =>
      secured && !algs.includes(ctx.alg)
        ? `${ctx.alg} not supported by this stack (supports ${algs.join(', ')})`
        : null,
    start: (ctx, port) =>
      spawnServer(process.execPath, [join(ctx.root, 'bench', 'peers', `${name}.mjs`)], {
        env: peerEnv(ctx, port),
        cwd: ctx.root,
        logFile: join(ctx.tmpDir, `${name}.stderr.log`),
      }),
    ready: { path: '/v1/public', headers: {} },
    routes: async (ctx) => peerRoutes(ctx, secured ? { Authorization: `Bearer ${ctx.token}` } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Rampart (our service). Optional: skipped when dist/cli/main.js is missing or /healthz does not
// answer within 15 s.

const FORWARDED = { 'X-Forwarded-Proto': 'https' };

/**
 * Hook: wires tokens and data for Rampart's routes. Returns, per logical route, the path and
 * headers (every request carries X-Forwarded-Proto: https), or { skip: reason }.
 *
 * Today: `public` is GET /healthz. Best effort for the rest, each step skipped with its reason
 * when the service does not (yet) support it:
 *   1. register + log in through the API  -> bearer token for `me`
 *   2. seed 100,000 invoices for that user's organization straight into the service's SQLite
 *      file under RAMPART_DATA_DIR (its migrations created the tables; columns are the
 *      snake_case ones of bench/seed.mjs)                    -> `invoice`, `list`
 * TODO(bench): replace step 2 by the service's own seeding entry point once it exists, and
 * note that access tokens live 15 min by default (a full run takes less).
 */
export async function prepareRampart(ctx, baseUrl) {
  const routes = {
    public: { paths: ['/.well-known/jwks.json'], headers: { ...FORWARDED } },
    me: { skip: 'TODO prepareRampart: no token' },
    invoice: { skip: 'TODO prepareRampart: no token' },
    invoiceKey: { skip: 'TODO prepareRampart: no token' },
    list: { skip: 'TODO prepareRampart: no token' },
  };
  const json = { ...FORWARDED, 'Content-Type': 'application/json', Accept: 'application/json' };
  const email = `bench.${randomBase62(10).toLowerCase()}@bench.example.com`;
  const password = `Bench-${randomBase62(24)}-pw!`;
  let user;
  let token;
  try {
    const reg = await fetch(`${baseUrl}/v1/auth/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email, password, name: 'Bench User', organizationName: 'Bench Org' }),
    });
    if (reg.status !== 201) throw new Error(`register answered ${reg.status}`);
    user = await reg.json();
    const login = await fetch(`${baseUrl}/v1/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email, password }),
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    token = (await login.json()).accessToken;
    if (!token) throw new Error('login gave no accessToken');
  } catch (e) {
    const why = `TODO prepareRampart: ${e.message ?? e}`;
    return {
      ...routes,
      me: { skip: why },
      invoice: { skip: why },
      invoiceKey: { skip: why },
      list: { skip: why },
    };
  }
  const auth = { ...FORWARDED, Authorization: `Bearer ${token}` };
  routes.me = { paths: ['/v1/me'], headers: auth };
  try {
    const dataDir = ctx.rampartDataDir;
    const file = readdirSync(dataDir)
      .filter((f) => /\.(db|sqlite|sqlite3)$/.test(f))
      .map((f) => join(dataDir, f))[0];
    if (!file) throw new Error(`no SQLite file in ${dataDir}`);
    const seeded = seedBenchDatabase(file, {
      invoices: ctx.invoices,
      createSchema: false,
      existing: { organizationId: user.organizationId, userId: user.id },
    });
    routes.invoice = {
      paths: seeded.benchInvoiceIds.map((id) => `/v1/invoices/${id}`),
      headers: auth,
    };
    routes.list = { paths: ['/v1/invoices?limit=100'], headers: auth };
    const created = await fetch(`${baseUrl}/v1/api-keys`, {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'bench', scopes: ['invoices:read'] }),
    });
    if (created.status !== 201) {
      routes.invoiceKey = { skip: `creating an API key answered ${created.status}` };
    } else {
      const { key } = await created.json();
      routes.invoiceKey = {
        paths: routes.invoice.paths,
        headers: { ...FORWARDED, 'X-API-Key': key },
      };
    }
  } catch (e) {
    const why = `TODO prepareRampart: seeding failed (${e.message ?? e})`;
    routes.invoice = { skip: why };
    routes.invoiceKey = { skip: why };
    routes.list = { skip: why };
  }
  return routes;
}

/** Entry point: dist/cli/main.js, or BENCH_RAMPART_ENTRY (a path, e.g. a stand-in for tests). */
const rampartEntry = (ctx) =>
  resolve(ctx.root, ctx.env.BENCH_RAMPART_ENTRY || join('dist', 'cli', 'main.js'));

/**
 * Our service. `extraEnv` makes variants (the Redis-backed one); each variant has its own
 * data folder, so the two never share a SQLite file.
 */
const makeRampart = (name, extraEnv = {}, note = '', variant = {}) => ({
  name,
  description: `our service: node ${variant.command ?? 'dist/cli/main.js serve'} (TLS at a trusted proxy, X-Forwarded-Proto: https)${note}`,
  optional: true,
  unavailable: (ctx) =>
    existsSync(rampartEntry(ctx))
      ? null
      : `${relative(ctx.root, rampartEntry(ctx))} not built (npm run build)`,
  start(ctx, port) {
    const dataDir = join(ctx.tmpDir, `${name}-data`);
    (ctx.rampartDataDirs ??= {})[name] = dataDir;
    mkdirSync(dataDir, { recursive: true });
    const raise = ctx.env.BENCH_RAMPART_RAISE_LIMITS !== '0';
    const args = variant.args?.(ctx) ?? [rampartEntry(ctx), 'serve'];
    return spawnServer(process.execPath, args, {
      env: {
        ...ctx.env,
        NODE_ENV: 'development',
        RAMPART_HOST: '127.0.0.1',
        RAMPART_TLS: 'proxy',
        RAMPART_TRUSTED_PROXIES: '127.0.0.1/32',
        RAMPART_HTTP_PORT: '0',
        RAMPART_PORT: String(port),
        RAMPART_DATA_DIR: dataDir,
        ...extraEnv,
        // The limiter still runs on every request; the budgets are raised so that a run measures
        // served requests, not 429s (the peers are configured the same way). BENCH_RAMPART_RAISE_LIMITS=0
        // keeps the defaults.
        ...(raise
          ? {
              RAMPART_LIMIT_IP_PER_MIN: '10000000',
              RAMPART_LIMIT_PRINCIPAL_PER_MIN: '10000000',
              RAMPART_LIMIT_GLOBAL_PER_MIN: '10000000',
            }
          : {}),
      },
      cwd: ctx.root,
      logFile: join(ctx.tmpDir, `${name}.stderr.log`),
    });
  },
  ready: { path: '/healthz', headers: { ...FORWARDED } },
  routes: async (ctx, baseUrl) => {
    const routes = await prepareRampart(
      { ...ctx, rampartDataDir: ctx.rampartDataDirs[name] },
      baseUrl,
    );
    if (variant.routes === undefined) return routes;
    const only = variant.routes;
    return Object.fromEntries(
      Object.entries(routes).map(([route, spec]) => [
        route,
        only.includes(route) ? spec : { skip: `${name} measures ${only.join(', ')} only` },
      ]),
    );
  },
});

const rampart = makeRampart('rampart');
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const rampartRedis = makeRampart(
  'rampart-redis',
  { REDIS_URL: redisUrl },
  `, shared state in Redis (${redisUrl})`,
);

// #6: what the in-process limiter adds on the public route. The same build and settings with
// an admit-all limiter in its place (bench/entries/rampart-admit-all.mjs); no 429 can occur
// in either, so the difference is the limiter's work and its five response headers.
const rampartAdmitAll = makeRampart(
  'rampart-admit-all',
  {},
  ', with an admit-all limiter (baseline of the limiter cost)',
  {
    command: 'bench/entries/rampart-admit-all.mjs dist/app/main.js',
    args: (ctx) => [
      join(ctx.root, 'bench', 'entries', 'rampart-admit-all.mjs'),
      join(dirname(rampartEntry(ctx)), '..', 'app', 'main.js'),
    ],
    routes: ['public'],
  },
);

/** The default target list, in report order. Baselines for ratios: fastify-bare, fastify-plugins. */
export function defaultTargets() {
  return [
    rampart,
    rampartRedis,
    rampartAdmitAll,
    peer(
      'fastify-bare',
      'bare Fastify, no controls, same reads for a fixed user (the unsecured peer)',
      {
        secured: false,
      },
    ),
    peer(
      'fastify-plugins',
      'Fastify + @fastify/helmet, cors, rate-limit, jwt, default logger, JSON schemas',
    ),
    peer('express', 'Express 5 + helmet, cors, express-rate-limit, jsonwebtoken, zod, pino-http', {
      algs: ['HS256', 'ES256'], // jsonwebtoken 9 has no EdDSA
    }),
  ];
}

export const BASELINES = { bare: 'fastify-bare', plugins: 'fastify-plugins' };
