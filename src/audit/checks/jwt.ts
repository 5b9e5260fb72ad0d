// JWT-1..6: a valid token of user A, tampered in every way a broken verifier has been known to
// accept, sent to one cheap authenticated operation. Each variant must get 401.
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { is2xx, type Exchange } from '../http/client.js';
import { asArray, asObject } from '../openapi/json.js';
import { PRIVATE_JWK_MEMBERS, buildVariants, type Variant } from './jwt-variants.js';

export const JWKS_PATH = '/.well-known/jwks.json';

export const jwtCheck: Check = {
  id: 'jwt',
  title:
    'JWT tampering (alg none, stripped/foreign signatures, key confusion, header keys, claim edits)',
  section: 'Tokens (JWT)',
  items: ['JWT-1', 'JWT-2', 'JWT-3', 'JWT-4', 'JWT-5', 'JWT-6'],
  async run(ctx: CheckContext) {
    if (!ctx.userA) ctx.skip('needs user A (--token or --login)');
    if (!ctx.probe) ctx.skip('needs a secured GET operation from the OpenAPI document');
    if (ctx.userA.token.split('.').length !== 3) ctx.skip('the token of user A is not a JWT');
    const path = ctx.probe.path;
    const baseline = await ctx.send({ method: 'GET', path, as: ctx.userA });
    if (!is2xx(baseline))
      ctx.skip(`the valid token itself is refused on GET ${path} (HTTP ${baseline.status})`);

    const jwksExchange = await ctx.send({ method: 'GET', path: JWKS_PATH });
    const keys = is2xx(jwksExchange)
      ? (asArray(asObject(jwksExchange.json)?.keys) ?? [])
          .map(asObject)
          .filter((k) => k !== undefined)
      : [];
    if (keys.length === 0 && !ctx.http.dryRun)
      ctx.note(
        `no JWKS at ${JWKS_PATH} (HTTP ${jwksExchange.status}); key-confusion variants skipped`,
      );
    const leaking = keys.filter((key) => PRIVATE_JWK_MEMBERS.some((member) => member in key));
    for (const key of leaking)
      for (const member of PRIVATE_JWK_MEMBERS)
        if (typeof key[member] === 'string')
          ctx.http.masker.add(key[member], `private key member ${member}`);
    if (leaking.length > 0) {
      ctx.report('JWT-5', {
        detail: `${leaking.length} key(s) in ${JWKS_PATH} carry private members (${PRIVATE_JWK_MEMBERS.filter((m) => leaking.some((k) => m in k)).join(', ')}): anyone can mint tokens.`,
        evidence: [jwksExchange],
        location: `GET ${JWKS_PATH}`,
      });
    }

    const variants = buildVariants({
      token: ctx.userA.token,
      jwks: keys,
      otherSubject: ctx.userB?.userId,
    });
    const accepted = new Map<Variant['itemId'], { names: string[]; evidence: Exchange[] }>();
    const wrongStatus: { name: string; exchange: Exchange }[] = [];
    for (const variant of variants) {
      const exchange = await ctx.send({ method: 'GET', path, as: { bearer: variant.token } });
      if (is2xx(exchange)) {
        const entry = accepted.get(variant.itemId) ?? { names: [], evidence: [] };
        entry.names.push(variant.name);
        entry.evidence.push(exchange);
        accepted.set(variant.itemId, entry);
      } else if (exchange.status === 429) {
        ctx.note(`variant "${variant.name}": rate-limited (429), inconclusive`);
      } else if (exchange.status !== 401) {
        wrongStatus.push({ name: variant.name, exchange });
      }
    }
    for (const [itemId, entry] of accepted) {
      ctx.report(itemId, {
        detail: `Tampered tokens were accepted (HTTP 2xx) on GET ${path}: ${entry.names.join('; ')}.`,
        evidence: entry.evidence,
        location: `GET ${path}`,
      });
    }
    if (wrongStatus.length > 0) {
      ctx.report('JWT-6', {
        detail: `Tampered tokens got a status other than 401: ${wrongStatus.map((w) => `${w.name} -> ${w.exchange.status}`).join('; ')}.`,
        evidence: wrongStatus.map((w) => w.exchange),
        location: `GET ${path}`,
      });
    }
  },
};
