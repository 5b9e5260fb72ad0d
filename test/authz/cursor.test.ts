import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RampartError,
  createCursorCodec,
  cursorBinding,
  decodeKeyset,
  tenantScope,
  toPage,
} from '../../src/kit/index.js';
import { userPrincipal } from './principals.js';

const key = new Uint8Array(32).fill(7);
const codec = createCursorCodec(key);
const scopeA = tenantScope(userPrincipal('admin', 'org_A'), 'organization');
const scopeB = tenantScope(userPrincipal('admin', 'org_B'), 'organization');
const bindingA = cursorBinding('invoices', scopeA, { status: undefined });

describe('cursor codec', () => {
  it('round-trips a position for the same binding', () => {
    const cursor = codec.encode(bindingA, ['2030-01-01T00:00:00.000Z', 'inv_1']);
    expect(codec.decode(bindingA, cursor)).toEqual(['2030-01-01T00:00:00.000Z', 'inv_1']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
  });

  it('binds to the tenant, the owner reach, the filter and the list', () => {
    const cursor = codec.encode(bindingA, ['t', 'inv_1']);
    const member = tenantScope(userPrincipal('member', 'org_A'), 'own');
    expect(
      codec.decode(cursorBinding('invoices', scopeB, { status: undefined }), cursor),
    ).toBeUndefined();
    expect(
      codec.decode(cursorBinding('invoices', member, { status: undefined }), cursor),
    ).toBeUndefined();
    expect(
      codec.decode(cursorBinding('invoices', scopeA, { status: 'paid' }), cursor),
    ).toBeUndefined();
    expect(
      codec.decode(cursorBinding('users', scopeA, { status: undefined }), cursor),
    ).toBeUndefined();
    // Filter order does not matter; filter values do.
    expect(cursorBinding('x', scopeA, { a: '1', b: '2' })).toBe(
      cursorBinding('x', scopeA, { b: '2', a: '1' }),
    );
  });

  it('rejects a cursor made with another key', () => {
    const other = createCursorCodec(new Uint8Array(32).fill(8));
    expect(codec.decode(bindingA, other.encode(bindingA, ['t', 'i']))).toBeUndefined();
    expect(() => createCursorCodec(new Uint8Array(16))).toThrow(/256 bits/);
  });

  it('property: any single-character edit of a valid cursor fails to decode', () => {
    const cursor = codec.encode(bindingA, ['2030-01-01T00:00:00.000Z', 'inv_abcdef']);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=';
    fc.assert(
      fc.property(
        fc.nat({ max: cursor.length - 1 }),
        fc.constantFrom(...alphabet.split('')),
        (at, ch) => {
          const edited = cursor.slice(0, at) + ch + cursor.slice(at + 1);
          fc.pre(edited !== cursor);
          expect(codec.decode(bindingA, edited)).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: arbitrary strings never decode and never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (input) => {
        expect(codec.decode(bindingA, input)).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });

  it('decodeKeyset: a forged or misshapen cursor is 400 BAD_CURSOR', () => {
    const wrongShape = codec.encode(bindingA, [1, 2, 3]);
    for (const cursor of [wrongShape, 'abc.def', codec.encode(bindingA, ['t', 'i']) + 'x']) {
      let caught: unknown;
      try {
        decodeKeyset(codec, bindingA, cursor);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RampartError);
      expect((caught as RampartError).code).toBe('BAD_CURSOR');
      expect((caught as RampartError).status).toBe(400);
    }
    expect(decodeKeyset(codec, bindingA, undefined)).toBeUndefined();
  });

  it('toPage: the extra row only signals a next page', () => {
    const rows = [1, 2, 3].map((n) => ({ createdAt: `t${n}`, id: `i${n}` }));
    expect(toPage(codec, bindingA, rows, 3).nextCursor).toBeNull();
    const page = toPage(codec, bindingA, rows, 2);
    expect(page.data).toHaveLength(2);
    expect(decodeKeyset(codec, bindingA, page.nextCursor ?? undefined)).toEqual({
      createdAt: 't2',
      id: 'i2',
    });
  });
});
