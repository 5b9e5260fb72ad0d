import { createServer, Agent, request, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
// oidc-provider ships no types; the test uses a small, explicit surface of it.
// @ts-expect-error -- oidc-provider ships no type declarations
import Provider from 'oidc-provider';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANY_LOGINS_ENV, registerAndLogin, type TestUser } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testStores } from '../helpers/stores.js';

const AUDIENCE = 'https://api.rampart.test';
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface ProviderLike {
  callback(): Handler;
}
type ProviderConstructor = new (issuer: string, config: Record<string, unknown>) => ProviderLike;

interface TestProvider {
  readonly issuer: string;
  readonly server: Server;
  /** Paths requested so far (to see what was fetched). */
  readonly hits: string[];
  /** Replaces the provider's signing keys (the first signs). */
  setKeys(keys: JWK[]): void;
  token(clientId: string): Promise<string>;
}

async function signingKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
}

describe.each(testStores())('OIDC resource-server mode against oidc-provider (%s)', (store) => {
  let tls: { cert: string; key: string };
  let agent: Agent;
  let main: TestProvider;
  let second: TestProvider;
  let t: TestApp;
  let owner: TestUser;
  let firstKey: JWK;
  const claimsByClient: Record<string, Record<string, unknown>> = {};

  async function startProvider(firstKey: JWK): Promise<TestProvider> {
    const hits: string[] = [];
    let handler: Handler = (_req, res) => res.end();
    const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      hits.push(req.url ?? '');
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const build = (keys: JWK[]) => {
      const ProviderClass = Provider as ProviderConstructor;
      const provider = new ProviderClass(issuer, {
        clients: Object.keys(claimsByClient).map((id) => ({
          client_id: id,
          client_secret: `secret-${id}-0123456789abcdef0123456789abcdef`,
          grant_types: ['client_credentials'],
          redirect_uris: [],
          response_types: [],
          token_endpoint_auth_method: 'client_secret_post',
          id_token_signed_response_alg: 'ES256',
        })),
        jwks: { keys },
        features: {
          devInteractions: { enabled: false },
          clientCredentials: { enabled: true },
          resourceIndicators: {
            enabled: true,
            defaultResource: () => AUDIENCE,
            useGrantedResource: () => true,
            getResourceServerInfo: () => ({
              scope: 'api',
              audience: AUDIENCE,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: 'ES256' } },
            }),
          },
        },
        extraTokenClaims: (_ctx: unknown, token: { clientId: string }) =>
          claimsByClient[token.clientId],
      });
      handler = provider.callback();
    };
    build([firstKey]);
    return {
      issuer,
      server,
      hits,
      setKeys: build,
      token: (clientId) => clientToken(issuer, clientId),
    };
  }

  function clientToken(issuer: string, clientId: string): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: `secret-${clientId}-0123456789abcdef0123456789abcdef`,
      resource: AUDIENCE,
    }).toString();
    return new Promise((resolve, reject) => {
      const req = request(
        `${issuer}/token`,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => {
            const parsed = JSON.parse(body) as { access_token?: string };
            if (parsed.access_token === undefined) reject(new Error(body));
            else resolve(parsed.access_token);
          });
        },
      );
      req.on('error', reject);
      req.end(form);
    });
  }

  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    tls = { cert: pems.cert, key: pems.private };
    agent = new Agent({ ca: pems.cert });
    // The app must exist first so the mapped organization exists.
    const bootstrap = await createTestApp({ store, env: { ...MANY_LOGINS_ENV } });
    await bootstrap.close();
    Object.assign(claimsByClient, {
      mapped: {},
      'unknown-org': { org_id: 'org_0000000000000000000000', role: 'admin' },
      'bad-role': {},
      unmapped: {},
    });
    firstKey = await signingKey('provider-1');
    main = await startProvider(firstKey);
    second = await startProvider(await signingKey('other-1'));
    t = await createTestApp({
      store,
      env: { ...MANY_LOGINS_ENV, OIDC_ISSUER: main.issuer, OIDC_AUDIENCE: AUDIENCE },
      auth: { oidc: { httpsAgent: agent, unknownKidCooldownMs: 0 } },
    });
    owner = await registerAndLogin(t.app);
    claimsByClient.mapped = { org_id: owner.organizationId, role: 'member' };
    claimsByClient['bad-role'] = { org_id: owner.organizationId, role: 'superuser' };
  });
  afterAll(async () => {
    await t.close();
    main.server.close();
    second.server.close();
    agent.destroy();
  });

  /** Authenticates through the real app authenticator (the route layer is covered elsewhere). */
  async function authenticate(token: string) {
    return t.context.auth.authenticator.authenticate({
      headers: { authorization: `Bearer ${token}` },
      ip: '127.0.0.1',
      requestId: 'oidc-test',
      routeId: 'test',
      cookie: () => undefined,
    });
  }

  it('maps a provider token to an oidc principal of an existing organization', async () => {
    const token = await main.token('mapped');
    const principal = await authenticate(token);
    expect(principal).toMatchObject({
      kind: 'oidc',
      organizationId: owner.organizationId,
      role: 'member',
      userId: undefined,
    });
    expect(principal?.permissions.has('invoices:write')).toBe(true);
    expect(main.hits).toContain('/.well-known/openid-configuration');
    // An oidc principal is not a user: /v1/me (users only) answers 403.
    const me = await t.app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.statusCode).toBe(403);
  });

  it('refuses unmapped, unknown-organization and unknown-role tokens with 401', async () => {
    for (const client of ['unmapped', 'unknown-org', 'bad-role']) {
      const token = await main.token(client);
      await expect(authenticate(token), client).rejects.toMatchObject({
        code: 'AUTH_INVALID',
        status: 401,
      });
    }
  });

  it('follows a key rotation at the provider (refetch on unknown kid)', async () => {
    const before = await main.token('mapped');
    const jwksFetches = () => main.hits.filter((h) => h.startsWith('/jwks')).length;
    const fetched = jwksFetches();
    // The provider signs with a new key and still publishes the old one.
    main.setKeys([await signingKey('provider-2'), firstKey]);
    const after = await main.token('mapped');
    expect(
      JSON.parse(Buffer.from(after.split('.')[0] ?? '', 'base64url').toString()),
    ).toMatchObject({ kid: 'provider-2' });
    expect(await authenticate(after)).toMatchObject({ kind: 'oidc' });
    expect(jwksFetches()).toBe(fetched + 1);
    // A token signed before the rotation still verifies with the old (still published) key.
    expect(await authenticate(before)).toMatchObject({ kind: 'oidc' });
  });

  it('rejects a token from a second issuer and never fetches its keys', async () => {
    const token = await second.token('mapped');
    await expect(authenticate(token)).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    expect(second.hits.filter((h) => !h.startsWith('/token'))).toEqual([]);
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(401);
  });
});
