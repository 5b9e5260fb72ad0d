import Type, { type TSchema } from 'typebox';
import { RampartError } from '../errors/rampart-error.js';
import { CURSOR_MAX_LENGTH, type CursorCodec, type CursorPosition } from './cursor.js';

/** Page size bounds of every list (API.md): 1–100, default 20; outside is 400, never clamped. */
export const PAGE_LIMIT = Object.freeze({ min: 1, max: 100, default: 20 });

/** `limit` and `cursor` query parameters, to spread into a list route's query schema. */
export const PAGE_QUERY = {
  limit: Type.Integer({
    minimum: PAGE_LIMIT.min,
    maximum: PAGE_LIMIT.max,
    default: PAGE_LIMIT.default,
    description: 'Page size, 1–100 (default 20). Values outside the range are rejected.',
  }),
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: CURSOR_MAX_LENGTH,
      pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
      description: 'Opaque cursor from the previous page (`nextCursor`).',
    }),
  ),
};

/** `{ data: [item], nextCursor }`: no total counts (they cost a scan and leak volume). */
export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as `cursor` for the next page; null on the last page.',
    }),
  });
}

/**
 * Decodes a list cursor for this binding, checking its shape (`[string, string]` for a
 * `(createdAt, id)` keyset). Any failure is 400 BAD_CURSOR: a modified cursor, or one
 * minted for another tenant, filter or list, never yields a page.
 */
export function decodeKeyset(
  codec: CursorCodec,
  binding: string,
  cursor: string | undefined,
): { readonly createdAt: string; readonly id: string } | undefined {
  if (cursor === undefined) return undefined;
  const position: CursorPosition | undefined = codec.decode(binding, cursor);
  const [createdAt, id] = position ?? [];
  if (position?.length !== 2 || typeof createdAt !== 'string' || typeof id !== 'string')
    throw new RampartError('BAD_CURSOR', { internal: 'cursor failed verification' });
  return { createdAt, id };
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only says a next page exists.
 */
export function toPage<T extends { readonly createdAt: string; readonly id: string }>(
  codec: CursorCodec,
  binding: string,
  rows: readonly T[],
  limit: number,
): { data: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { data: [...rows], nextCursor: null };
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return {
    data,
    nextCursor: last === undefined ? null : codec.encode(binding, [last.createdAt, last.id]),
  };
}
