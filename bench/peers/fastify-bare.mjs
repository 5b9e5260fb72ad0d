// The unsecured peer: bare Fastify, no controls (no auth, headers, CORS, rate limit, logging or
// schemas). Same reads as the secured peers, for a fixed organization and user.
import Fastify from 'fastify';
import { exitOnSignal, openStore, parseLimit, peerConfig, problem } from './common.mjs';

const cfg = peerConfig();
const store = openStore(cfg.dbFile);
const orgId = cfg.fixedOrgId;
const userId = cfg.fixedUserId;

const app = Fastify({ logger: false });

app.get('/v1/public', async () => ({ status: 'ok' }));
app.get('/.well-known/jwks.json', async () => cfg.jwks);

app.get('/v1/me', async (req, reply) => {
  const user = store.user(userId, orgId);
  if (!user) return reply.code(404).send(problem(404, 'Not Found'));
  return user;
});

app.get('/v1/invoices/:id', async (req, reply) => {
  const invoice = store.invoice(req.params.id, orgId);
  if (!invoice) return reply.code(404).send(problem(404, 'Not Found'));
  return invoice;
});

app.get('/v1/invoices', async (req, reply) => {
  const limit = parseLimit(req.query.limit);
  if (Number.isNaN(limit)) return reply.code(400).send(problem(400, 'Bad Request'));
  return store.list(orgId, limit);
});

exitOnSignal(() => app.close());
await app.listen({ port: cfg.port, host: cfg.host });
console.error(`fastify-bare listening on ${cfg.host}:${cfg.port}`);
