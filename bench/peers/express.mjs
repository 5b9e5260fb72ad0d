// Express 5 + helmet + cors + express-rate-limit + jsonwebtoken + zod + pino-http, each with
// the configuration its README shows (pino-http defaults: one line per request to stdout).
// jsonwebtoken verifies with a pre-built KeyObject (not a PEM string per call).
// jsonwebtoken 9 has no EdDSA: with BENCH_ALG=EdDSA this peer refuses to start (exit 3).
import { createPublicKey, createSecretKey } from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import cors from 'cors';
import { rateLimit } from 'express-rate-limit';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { pinoHttp } from 'pino-http';
import { exitOnSignal, INVOICE_ID_RE, openStore, peerConfig, problem } from './common.mjs';

const cfg = peerConfig();
if (!['HS256', 'ES256'].includes(cfg.alg)) {
  console.error(`express peer: jsonwebtoken 9 does not support ${cfg.alg}`);
  process.exit(3);
}
const store = openStore(cfg.dbFile);
const verifyKey =
  cfg.alg === 'HS256'
    ? createSecretKey(Buffer.from(cfg.verifyKey, 'base64url'))
    : createPublicKey(cfg.verifyKey);

const app = express();
app.disable('x-powered-by');
app.use(pinoHttp());
app.use(helmet());
app.use(cors({ origin: cfg.corsOrigins, credentials: true }));
app.use(
  rateLimit({
    windowMs: 60_000,
    limit: cfg.rateLimitMax,
    standardHeaders: 'draft-7',
    legacyHeaders: true,
  }),
);

const sendProblem = (res, status, title) =>
  res.status(status).type('application/problem+json').json(problem(status, title));

function authenticate(req, res, next) {
  const header = req.get('authorization');
  if (!header || !header.startsWith('Bearer ')) return sendProblem(res, 401, 'Unauthorized');
  try {
    req.auth = jwt.verify(header.slice(7), verifyKey, {
      algorithms: [cfg.alg],
      issuer: cfg.issuer,
      audience: cfg.audience,
    });
  } catch {
    return sendProblem(res, 401, 'Unauthorized');
  }
  return next();
}

const InvoiceParams = z.object({ id: z.string().regex(INVOICE_ID_RE) });
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();

app.get('/v1/public', (req, res) => {
  res.json({ status: 'ok' });
});

app.get('/.well-known/jwks.json', (req, res) => {
  res.json(cfg.jwks);
});

app.get('/v1/me', authenticate, (req, res) => {
  const user = store.user(req.auth.sub, req.auth.org);
  if (!user) return sendProblem(res, 404, 'Not Found');
  return res.json(user);
});

app.get('/v1/invoices/:id', authenticate, (req, res) => {
  const params = InvoiceParams.safeParse(req.params);
  if (!params.success) return sendProblem(res, 400, 'Bad Request');
  const invoice = store.invoice(params.data.id, req.auth.org);
  if (!invoice) return sendProblem(res, 404, 'Not Found');
  return res.json(invoice);
});

app.get('/v1/invoices', authenticate, (req, res) => {
  const query = ListQuery.safeParse(req.query);
  if (!query.success) return sendProblem(res, 400, 'Bad Request');
  return res.json(store.list(req.auth.org, query.data.limit));
});

const server = app.listen(cfg.port, cfg.host, () => {
  console.error(`express (${cfg.alg}) listening on ${cfg.host}:${cfg.port}`);
});
exitOnSignal(() => new Promise((resolve) => server.close(() => resolve())));
