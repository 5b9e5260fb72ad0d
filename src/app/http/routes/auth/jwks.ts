import { NoHeaders, NoInput, Type, defineRoute } from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';

// Only public members are in the schema: even a private member reaching the
// serializer would be dropped (fast-json-stringify sends declared fields only).
const PublicJwk = Type.Object(
  {
    kty: Type.String(),
    crv: Type.String(),
    x: Type.String(),
    y: Type.Optional(Type.String()),
    kid: Type.String(),
    alg: Type.String(),
    use: Type.String(),
  },
  { additionalProperties: false },
);

/** GET /.well-known/jwks.json: public verification keys, cacheable for 5 minutes. */
export function jwksRoute(context: AppContext) {
  return defineRoute({
    method: 'GET',
    url: '/.well-known/jwks.json',
    operationId: 'getJwks',
    summary: 'Public keys that verify access tokens (RFC 7517)',
    tags: ['auth'],
    auth: 'public',
    permission: 'public',
    input: { params: NoInput, query: NoInput, body: NoInput, headers: NoHeaders },
    responses: {
      200: Type.Object({ keys: Type.Array(PublicJwk) }, { additionalProperties: false }),
    },
    rateLimit: 'default',
    cacheControl: 'public, max-age=300',
    handler: () => ({ status: 200, body: context.auth.keyRing.publicJwks() }),
  });
}
