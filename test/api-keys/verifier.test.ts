import { describe, expect, it, vi } from 'vitest';
import {
  Secret,
  VerifiedKeyCache,
  createApiKeyHasher,
  createApiKeyVerifier,
  createMemoryRevocationSignal,
  generateApiKey,
  type StoredApiKey,
  type VersionedKey,
} from '../../src/kit/index.js';

function pepper(version: string, fill: number): VersionedKey {
  return { version, key: new Secret(new Uint8Array(32).fill(fill), 'generated') };
}

interface Row extends StoredApiKey {
  readonly owner: string;
}

function setup(options: { now?: () => number } = {}) {
  const hasher = createApiKeyHasher([pepper('v1', 1)]);
  const rows = new Map<string, Row>();
  const lookup = vi.fn((id: string) => Promise.resolve(rows.get(id)));
  const signal = createMemoryRevocationSignal();
  const verifier = createApiKeyVerifier<Row, string>({
    hasher,
    lookup,
    signal,
    present: (row) => `principal:${row.owner}`,
    accept: (row) => (row.owner === 'suspended' ? 'creator_inactive' : undefined),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  function add(overrides: Partial<Row> = {}) {
    const g = generateApiKey('live');
    const row: Row = {
      id: g.keyId,
      ...hasher.hash(g.key),
      revokedAt: null,
      expiresAt: null,
      graceEndsAt: null,
      owner: 'usr_1',
      ...overrides,
    };
    rows.set(g.keyId, row);
    return { key: g.key, row };
  }
  return { hasher, rows, lookup, signal, verifier, add };
}

describe('API key hasher', () => {
  it('stores a keyed hash with its pepper version, never the key', () => {
    const hasher = createApiKeyHasher([pepper('v2', 2), pepper('v1', 1)]);
    const { key } = generateApiKey('test');
    const stored = hasher.hash(key);
    expect(stored.pepperVersion).toBe('v2');
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.hash).not.toContain(key);
    expect(hasher.verify(key, stored)).toBe('match');
    expect(hasher.verify(`${key}x`, stored)).toBe('mismatch');
  });

  it('old keys still verify after a pepper rotation; a dropped pepper is reported', () => {
    const before = createApiKeyHasher([pepper('v1', 1)]);
    const { key } = generateApiKey('live');
    const stored = before.hash(key);
    const after = createApiKeyHasher([pepper('v2', 2), pepper('v1', 1)]);
    expect(after.verify(key, stored)).toBe('match');
    expect(after.hash(key).pepperVersion).toBe('v2');
    const dropped = createApiKeyHasher([pepper('v2', 2)]);
    expect(dropped.verify(key, stored)).toBe('unknown_pepper');
  });

  it('a different pepper gives a different hash (a database leak alone cannot confirm keys)', () => {
    const { key } = generateApiKey('live');
    expect(createApiKeyHasher([pepper('v1', 1)]).hash(key).hash).not.toBe(
      createApiKeyHasher([pepper('v1', 9)]).hash(key).hash,
    );
  });

  it('refuses an empty or duplicated pepper list at construction', () => {
    expect(() => createApiKeyHasher([])).toThrow(/at least one pepper/);
    expect(() => createApiKeyHasher([pepper('v1', 1), pepper('v1', 2)])).toThrow(/listed twice/);
  });
});

describe('API key verification pipeline', () => {
  it('accepts a valid key, then answers from the cache without a lookup', async () => {
    const t = setup();
    const { key, row } = t.add();
    const first = await t.verifier.verify(key);
    expect(first).toEqual({ valid: true, keyId: row.id, value: 'principal:usr_1', cached: false });
    const second = t.verifier.verify(key);
    // A cache hit is synchronous: no promise on the hot path.
    expect(second).not.toBeInstanceOf(Promise);
    expect(second).toEqual({ valid: true, keyId: row.id, value: 'principal:usr_1', cached: true });
    expect(t.lookup).toHaveBeenCalledTimes(1);
  });

  it('returns data for each failure, never throws, and never looks up a malformed key', async () => {
    const t = setup();
    const { key, row } = t.add();
    expect(await t.verifier.verify('sk_live_nope')).toEqual({ valid: false, code: 'MALFORMED' });
    const typo = key.slice(0, 20) + (key[20] === 'a' ? 'b' : 'a') + key.slice(21);
    expect(await t.verifier.verify(typo)).toEqual({ valid: false, code: 'BAD_CHECKSUM' });
    expect(t.lookup).not.toHaveBeenCalled();
    const unknown = generateApiKey('live');
    expect(await t.verifier.verify(unknown.key)).toEqual({
      valid: false,
      code: 'NOT_FOUND',
      keyId: unknown.keyId,
    });
    // Right id, wrong secret: a well-formed forgery with a recomputed checksum.
    t.rows.set(unknown.keyId, { ...row, id: unknown.keyId });
    expect(await t.verifier.verify(unknown.key)).toMatchObject({ code: 'HASH_MISMATCH' });
  });

  it('checks the hash before the state: a forged key for a revoked id is a mismatch', async () => {
    const t = setup();
    const { row } = t.add({ revokedAt: 1 });
    const forged = generateApiKey('live');
    t.rows.set(forged.keyId, { ...row, id: forged.keyId });
    expect(await t.verifier.verify(forged.key)).toMatchObject({ code: 'HASH_MISMATCH' });
  });

  it('refuses revoked, expired, rotated-past-grace keys and app rejections', async () => {
    let now = 1_000_000;
    const t = setup({ now: () => now });
    const revoked = t.add({ revokedAt: now - 1 });
    const expired = t.add({ expiresAt: now });
    const rotated = t.add({ graceEndsAt: now });
    const suspended = t.add({ owner: 'suspended' });
    expect(await t.verifier.verify(revoked.key)).toMatchObject({ valid: false, code: 'REVOKED' });
    expect(await t.verifier.verify(expired.key)).toMatchObject({ valid: false, code: 'EXPIRED' });
    expect(await t.verifier.verify(rotated.key)).toMatchObject({ valid: false, code: 'ROTATED' });
    expect(await t.verifier.verify(suspended.key)).toEqual({
      valid: false,
      code: 'REJECTED',
      keyId: suspended.row.id,
      reason: 'creator_inactive',
    });
    now += 1;
  });

  it('a cached key stops working the moment it expires or its grace ends', async () => {
    let now = 1_000_000;
    const t = setup({ now: () => now });
    const expiring = t.add({ expiresAt: now + 10 });
    const grace = t.add({ graceEndsAt: now + 20 });
    expect((await t.verifier.verify(expiring.key)).valid).toBe(true);
    expect((await t.verifier.verify(grace.key)).valid).toBe(true);
    now += 10;
    expect(await t.verifier.verify(expiring.key)).toMatchObject({ code: 'EXPIRED' });
    expect((await t.verifier.verify(grace.key)).valid).toBe(true);
    now += 10;
    expect(await t.verifier.verify(grace.key)).toMatchObject({ code: 'ROTATED' });
  });

  it('a bumped revocation epoch empties the cache, so a revoked key fails at once', async () => {
    const t = setup();
    const { key, row } = t.add();
    expect((await t.verifier.verify(key)).valid).toBe(true);
    t.rows.set(row.id, { ...row, revokedAt: Date.now() });
    expect(t.verifier.verify(key)).toMatchObject({ valid: true, cached: true });
    await t.signal.bump();
    expect(await t.verifier.verify(key)).toMatchObject({ valid: false, code: 'REVOKED' });
  });

  it('a verification that raced a revocation is not cached', async () => {
    const t = setup();
    const { key, row } = t.add();
    let release: () => void = () => undefined;
    t.lookup.mockImplementationOnce((id) => {
      const stale = t.rows.get(id); // read before the revocation commits
      return new Promise((resolve) => {
        release = () => resolve(stale);
      });
    });
    const pending = t.verifier.verify(key);
    t.rows.set(row.id, { ...row, revokedAt: Date.now() });
    await t.signal.bump(); // revocation lands while the stale read is in flight
    release();
    expect(await pending).toMatchObject({ valid: true }); // the in-flight answer is stale…
    expect(t.verifier.cache.size).toBe(0); // …but it never enters the cache
    expect(await t.verifier.verify(key)).toMatchObject({ valid: false, code: 'REVOKED' });
  });

  it('database faults throw (they are not a verification answer)', async () => {
    const t = setup();
    const { key } = t.add();
    t.lookup.mockRejectedValueOnce(new Error('connection refused'));
    await expect(t.verifier.verify(key)).rejects.toThrow('connection refused');
  });
});

describe('verified key cache', () => {
  it('is bounded (LRU) and honours its TTL', () => {
    const cache = new VerifiedKeyCache<number>({ maxEntries: 2, ttlMs: 100 });
    cache.set('a', 'key_a', 1, 0, 0);
    cache.set('b', 'key_b', 2, 0, 0);
    expect(cache.get('a', 0, 1)).toBe(1); // a is now most recent
    cache.set('c', 'key_c', 3, 0, 2);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 0, 3)).toBeUndefined();
    expect(cache.get('a', 0, 99)).toBe(1);
    expect(cache.get('a', 0, 100)).toBeUndefined();
  });

  it('is bypassed while the epoch is unknown, and forgets a key id on demand', () => {
    const cache = new VerifiedKeyCache<number>();
    cache.set('a', 'key_a', 1, undefined, 0);
    expect(cache.size).toBe(0);
    cache.set('a', 'key_a', 1, 5, 0);
    cache.set('b', 'key_b', 2, 5, 0);
    expect(cache.get('a', undefined, 1)).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.set('a', 'key_a', 1, 5, 0);
    cache.set('b', 'key_b', 2, 5, 0);
    cache.deleteKey('key_a');
    expect(cache.get('a', 5, 1)).toBeUndefined();
    expect(cache.get('b', 5, 1)).toBe(2);
  });

  it('refuses nonsense options at construction', () => {
    expect(() => new VerifiedKeyCache({ maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => new VerifiedKeyCache({ ttlMs: -1 })).toThrow(/ttlMs/);
  });
});
