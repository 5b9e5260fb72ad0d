import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeysRotate } from '../../src/cli/keys-rotate.js';
import { generateSigningJwk } from '../../src/kit/index.js';
import { MANY_LOGINS_ENV, login, registerAndLogin, type TestUser } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const kidOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: string })
    .kid;

describe('signing key rotation', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ env: { ...MANY_LOGINS_ENV } });
    user = await registerAndLogin(t.app);
  });
  afterAll(async () => t.close());

  const jwksKids = async () =>
    (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' }))
      .json<{ keys: { kid: string }[] }>()
      .keys.map((k) => k.kid);

  it('`rampart keys rotate` adds a signing key under load with zero failed requests', async () => {
    const oldKid = kidOf(user.accessToken);
    const statuses: number[] = [];
    const issuedKids = new Set<string>();
    let running = true;
    const worker = async (n: number) => {
      let token = user.accessToken;
      for (let i = 0; running; i++) {
        if (i % 10 === n % 10) {
          token = (await login(t.app, user.email, user.password)).accessToken;
          issuedKids.add(kidOf(token));
        }
        for (const bearer of [token, user.accessToken]) {
          const res = await t.app.inject({
            method: 'GET',
            url: '/v1/me',
            headers: { authorization: `Bearer ${bearer}` },
          });
          statuses.push(res.statusCode);
        }
      }
    };
    const load = Promise.all([0, 1, 2, 3, 4, 5].map(worker));
    await new Promise((r) => setTimeout(r, 300));
    const lines: string[] = [];
    expect(await runKeysRotate([], { RAMPART_DATA_DIR: t.dataDir }, (l) => lines.push(l))).toBe(0);
    const started = Date.now();
    while ((await jwksKids()).length < 2 && Date.now() - started < 5000)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 600));
    running = false;
    await load;

    const kids = await jwksKids();
    expect(kids).toHaveLength(2);
    expect(kids[1]).toBe(oldKid);
    const newKid = kids[0] ?? '';
    expect(newKid).toMatch(/^dev-/);
    expect(lines.join('\n')).toContain(newKid);
    expect(issuedKids.has(newKid)).toBe(true); // new logins are signed with the new key
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // Tokens of the previous key keep working until they expire.
    const old = await t.app.inject({ method: 'GET', url: '/v1/me', headers: user.headers });
    expect(old.statusCode).toBe(200);
    expect(t.logs.leaked([user.password])).toEqual([]);
  });

  it('rotates an environment key list in two phases (stage, then promote), then retires', async () => {
    const first = await generateSigningJwk('ES256');
    const run = async (args: string[], keys: unknown) => {
      const out: string[] = [];
      expect(
        await runKeysRotate(
          [...args, '--env'],
          { RAMPART_SIGNING_KEYS: JSON.stringify(keys) },
          (l) => out.push(l),
        ),
      ).toBe(0);
      return JSON.parse(out.join('')) as { kid: string; d: string }[];
    };
    const staged = await run(['--stage'], [first]);
    expect(staged.map((k) => k.kid)[0]).toBe(first.kid);
    expect(staged).toHaveLength(2);
    const promoted = await run(['--promote'], staged);
    expect(promoted.map((k) => k.kid)).toEqual([staged[1]?.kid, first.kid]);
    const retired = await run(['--retire'], [...promoted, await generateSigningJwk('ES256')]);
    expect(retired.map((k) => k.kid)).toEqual(promoted.map((k) => k.kid));
    const rotated = await run([], [first]);
    expect(rotated[1]?.kid).toBe(first.kid);
  });
});
