// Fastify + the usual plugins, configured the way their READMEs show:
// @fastify/helmet, @fastify/cors, @fastify/rate-limit, @fastify/jwt (BENCH_ALG, default ES256),
// Fastify's default pino logger (two lines per request), JSON schemas for input and output.
import Fastify from 'fastify';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import fastifyJwt from '@fastify/jwt';
import {
  exitOnSignal,
  INVOICE_ID_PATTERN,
  JWKS_SCHEMA,
  openStore,
  peerConfig,
  problem,
  schemas,
} from './common.mjs';

const cfg = peerConfig();
const store = openStore(cfg.dbFile);

const app = Fastify({ logger: true }); // stdout; the harness sends it to /dev/null

await app.register(helmet);
await app.register(cors, { origin: cfg.corsOrigins, credentials: true });
await app.register(rateLimit, { max: cfg.rateLimitMax, timeWindow: '1 minute' });
await app.register(fastifyJwt, {
  secret: cfg.alg === 'HS256' ? Buffer.from(cfg.verifyKey, 'base64url') : { public: cfg.verifyKey },
  verify: { algorithms: [cfg.alg], allowedIss: cfg.issuer, allowedAud: cfg.audience },
});

app.get(
  '/v1/public',
  {
    schema: { response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
  },
  async () => ({ status: 'ok' }),
);

app.get(
  '/.well-known/jwks.json',
  { schema: { response: { 200: JWKS_SCHEMA } } },
  async () => cfg.jwks,
);

await app.register(async (secured) => {
  secured.addHook('onRequest', async (req) => {
    await req.jwtVerify();
  });

  secured.get('/v1/me', { schema: { response: { 200: schemas.user } } }, async (req, reply) => {
    const user = store.user(req.user.sub, req.user.org);
    if (!user) return reply.code(404).send(problem(404, 'Not Found'));
    return user;
  });

  secured.get(
    '/v1/invoices/:id',
    {
      schema: {
        params: {
          type: 'object',
          properties: { id: { type: 'string', pattern: INVOICE_ID_PATTERN } },
          required: ['id'],
        },
        response: { 200: schemas.invoice },
      },
    },
    async (req, reply) => {
      const invoice = store.invoice(req.params.id, req.user.org);
      if (!invoice) return reply.code(404).send(problem(404, 'Not Found'));
      return invoice;
    },
  );

  secured.get(
    '/v1/invoices',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              data: { type: 'array', items: schemas.invoice },
              nextCursor: { type: ['string', 'null'] },
            },
            required: ['data', 'nextCursor'],
          },
        },
      },
    },
    async (req) => store.list(req.user.org, req.query.limit),
  );
});

exitOnSignal(() => app.close());
await app.listen({ port: cfg.port, host: cfg.host });
console.error(`fastify-plugins (${cfg.alg}) listening on ${cfg.host}:${cfg.port}`);
