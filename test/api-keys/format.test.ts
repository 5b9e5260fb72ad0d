import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  API_KEY_DETECTION_REGEX,
  API_KEY_LENGTH,
  crc32,
  formatApiKey,
  generateApiKey,
  maskCredential,
  parseApiKey,
} from '../../src/kit/index.js';

const ENVIRONMENTS = ['live', 'test'] as const;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Characters a single edit may introduce: base62, separators, and a few oddities. */
const EDIT_CHARS = `${BASE62}_-.+/=: \u00e9`;

function secretlintRegex(): RegExp {
  const config = JSON.parse(readFileSync('.secretlintrc.json', 'utf8')) as {
    rules: { id: string; options?: { patterns: { patterns: string[] }[] } }[];
  };
  const rule = config.rules.find((r) => r.id === '@secretlint/secretlint-rule-pattern');
  const literal = rule?.options?.patterns[0]?.patterns[0] ?? '';
  const match = /^\/(.*)\/([a-z]*)$/.exec(literal);
  if (match?.[1] === undefined) throw new Error('no pattern in .secretlintrc.json');
  return new RegExp(match[1], 'g');
}

describe('API key format', () => {
  it('crc32 gives the standard check value', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
  });

  it('generated keys have the documented shape, id and display parts', () => {
    for (const environment of ENVIRONMENTS) {
      const g = generateApiKey(environment);
      expect(g.key).toHaveLength(API_KEY_LENGTH);
      expect(g.key.startsWith(`sk_${environment}_`)).toBe(true);
      expect(g.keyId).toMatch(/^key_[0-9A-Za-z]{22}$/);
      expect(g.key.slice(8, 30)).toBe(g.keyId.slice(4));
      expect(maskCredential(g.key)).toBe(`${g.prefix}…${g.last4}`);
    }
  });

  it('property: every generated key parses, with its own id', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ENVIRONMENTS), (environment) => {
        const g = generateApiKey(environment);
        const parsed = parseApiKey(g.key);
        expect(parsed).toEqual({
          ok: true,
          keyId: g.keyId,
          environment,
          prefix: g.prefix,
          last4: g.last4,
        });
      }),
      { numRuns: 500 },
    );
  });

  it('property: any single character change is refused', () => {
    const key = fc.constantFrom(...ENVIRONMENTS).map((e) => generateApiKey(e).key);
    fc.assert(
      fc.property(
        key,
        fc.nat({ max: API_KEY_LENGTH - 1 }),
        fc.constantFrom(...Array.from(EDIT_CHARS)),
        (k, position, char) => {
          fc.pre(k[position] !== char);
          const altered = k.slice(0, position) + char + k.slice(position + 1);
          expect(parseApiKey(altered).ok).toBe(false);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('property: a changed id or secret character fails the checksum itself', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ENVIRONMENTS),
        fc.integer({ min: 8, max: API_KEY_LENGTH - 8 }),
        fc.constantFrom(...Array.from(BASE62)),
        (environment, position, char) => {
          const k = generateApiKey(environment).key;
          fc.pre(k[position] !== '_' && k[position] !== char);
          const altered = k.slice(0, position) + char + k.slice(position + 1);
          expect(parseApiKey(altered)).toEqual({ ok: false, reason: 'bad_checksum' });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('property: arbitrary input never throws and is refused', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (input) => {
        expect(parseApiKey(input).ok).toBe(false);
      }),
    );
    for (const v of [undefined, null, 42, {}, [], 'x'.repeat(10_000)])
      expect(parseApiKey(v).ok).toBe(false);
  });

  it('builds keys from parts deterministically (vector)', () => {
    const id = 'A'.repeat(22);
    const secret = 'b'.repeat(43);
    const k = formatApiKey('test', id, secret);
    const body = `sk_test_${id}_${secret}`;
    expect(k.startsWith(`${body}_`)).toBe(true);
    expect(parseApiKey(k)).toMatchObject({ ok: true, keyId: `key_${id}`, environment: 'test' });
  });

  it('the documented regex, the secretlint regex and the parser agree on generated keys', () => {
    const documented = new RegExp(API_KEY_DETECTION_REGEX, 'g');
    const secretlint = secretlintRegex();
    expect(secretlint.source).toBe(documented.source);
    const doc = readFileSync('docs/api-keys.md', 'utf8');
    expect(doc).toContain(API_KEY_DETECTION_REGEX);
    for (let i = 0; i < 200; i++) {
      const { key } = generateApiKey(i % 2 === 0 ? 'live' : 'test');
      const text = `config: token="${key}" # leaked`;
      expect(text.match(documented)).toEqual([key]);
      expect(text.match(secretlint)).toEqual([key]);
      expect(parseApiKey(key).ok).toBe(true);
    }
  });

  it('the repository secret scan (secretlint CLI) flags a generated key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-secretlint-'));
    try {
      const { key } = generateApiKey('live');
      const file = join(dir, 'leak.env');
      writeFileSync(file, `API_KEY=${key}\n`);
      const run = promisify(execFile);
      // secretlint only scans below its working directory.
      const root = process.cwd();
      const outcome = await run(
        join(root, 'node_modules/.bin/secretlint'),
        ['--secretlintrc', join(root, '.secretlintrc.json'), '--maskSecrets', 'leak.env'],
        { timeout: 20_000, cwd: dir },
      ).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: unknown) => {
          const failure = e as { code?: number; stdout?: string };
          return { code: failure.code ?? -1, out: failure.stdout ?? '' };
        },
      );
      expect(outcome.code).toBe(1);
      expect(outcome.out).toContain('@secretlint/secretlint-rule-pattern');
      expect(outcome.out).not.toContain(key);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
