import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeysCreate } from '../../src/app/api-keys/bootstrap.js';
import { parseApiKey } from '../../src/kit/index.js';
import { createUserAndLogin, registerAndLogin, type TestUser } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

function sink() {
  const parts: string[] = [];
  return { write: (text: string) => parts.push(text), text: () => parts.join('') };
}

describe('rampart keys create (bootstrap)', () => {
  let t: TestApp;
  let owner: TestUser;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerAndLogin(t.app);
    // Same data folder: same SQLite file and the same (development) peppers.
    env = {
      NODE_ENV: 'test',
      RAMPART_DATA_DIR: t.dataDir,
      RAMPART_TLS: 'self',
      RAMPART_PORT: '0',
      RAMPART_HTTP_PORT: '0',
      RAMPART_LOG_LEVEL: 'error',
    };
  });
  afterAll(async () => t.close());

  it('prints a working key once on stdout (creator: the oldest owner by default)', async () => {
    const out = sink();
    const err = sink();
    const code = await runKeysCreate(
      ['--org', owner.organizationId, '--scopes', 'invoices:read'],
      env,
      out,
      err,
    );
    expect(code).toBe(0);
    const key = out.text().trim();
    expect(out.text()).toBe(`${key}\n`);
    const parsed = parseApiKey(key);
    expect(parsed.ok).toBe(true);
    expect(err.text()).toContain('shown once');
    expect(err.text()).not.toContain(key);
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/invoices',
      headers: { 'x-api-key': key },
    });
    expect(res.statusCode).toBe(200);
    const row = await t.context.database.db
      .selectFrom('api_keys')
      .select(['created_by', 'scopes'])
      .where('id', '=', parsed.ok ? parsed.keyId : '')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ created_by: owner.userId, scopes: '["invoices:read"]' });
    expect(t.logs.leaked([key])).toEqual([]);
  });

  it('bounds the key by the named creator’s role, and refuses bad input with usage', async () => {
    const viewer = await createUserAndLogin(t.app, t.context, owner.organizationId, 'viewer');
    const args = ['--org', owner.organizationId, '--creator', viewer.userId];
    await expect(
      runKeysCreate([...args, '--scopes', 'invoices:write'], env, sink(), sink()),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const err = sink();
    expect(await runKeysCreate([...args, '--scopes', 'api-keys:manage'], env, sink(), err)).toBe(2);
    expect(err.text()).toContain('usage: rampart keys create');
    expect(await runKeysCreate(['--scopes', 'invoices:read'], env, sink(), sink())).toBe(2);
    const other = sink();
    expect(
      await runKeysCreate(
        ['--org', 'org_doesnotexist', '--scopes', 'invoices:read'],
        env,
        sink(),
        other,
      ),
    ).toBe(1);
    expect(other.text()).toContain('no active owner');
  });
});
