import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TenantScope } from './tenant-scope.js';

/** A position in a keyset-paginated list: the sort key values of the last row served. */
export type CursorPosition = readonly (string | number)[];

/**
 * Opaque, tamper-evident pagination cursors. A cursor is `payload.mac`, where the MAC
 * (HMAC-SHA-256, truncated to 128 bits) covers the payload *and* a binding the client
 * never sees: the list, the tenant, the owner reach and the filters. A cursor edited, or
 * replayed against another organization, another filter or another list, fails to decode.
 */
export interface CursorCodec {
  encode(binding: string, position: CursorPosition): string;
  /** The position, or undefined for anything not minted by us for this exact binding. */
  decode(binding: string, cursor: string): CursorPosition | undefined;
}

/** Longest cursor accepted; route schemas use the same bound. */
export const CURSOR_MAX_LENGTH = 512;
const MAC_BYTES = 16;
const MAC_CHARS = 22; // base64url of 16 bytes, no padding
const DOMAIN = 'rampart-cursor/v1';
const MAX_FIELDS = 8;
const FIELD_MAX_LENGTH = 128;

/**
 * @example
 * const cursors = createCursorCodec(secrets.cursorKey.reveal());
 * const binding = cursorBinding('invoices', scope, { status });
 * const next = cursors.encode(binding, [last.createdAt, last.id]);
 * const position = cursors.decode(binding, query.cursor); // undefined -> 400 BAD_CURSOR
 */
export function createCursorCodec(key: Uint8Array): CursorCodec {
  if (key.length < 32) throw new Error('cursor key must carry at least 256 bits');
  const keyCopy = Buffer.from(key);
  const mac = (binding: string, payload: string): Buffer =>
    createHmac('sha256', keyCopy)
      .update(DOMAIN)
      .update('\0')
      .update(binding)
      .update('\0')
      .update(payload)
      .digest()
      .subarray(0, MAC_BYTES);
  return Object.freeze({
    encode(binding: string, position: CursorPosition): string {
      const payload = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
      return `${payload}.${mac(binding, payload).toString('base64url')}`;
    },
    decode(binding: string, cursor: string): CursorPosition | undefined {
      if (cursor.length > CURSOR_MAX_LENGTH) return undefined;
      const dot = cursor.indexOf('.');
      if (dot <= 0 || cursor.length - dot - 1 !== MAC_CHARS) return undefined;
      const payload = cursor.slice(0, dot);
      const given = Buffer.from(cursor.slice(dot + 1), 'base64url');
      // Re-encoding must round-trip: rejects non-canonical base64url spellings of a MAC.
      if (given.length !== MAC_BYTES || given.toString('base64url') !== cursor.slice(dot + 1))
        return undefined;
      if (!timingSafeEqual(given, mac(binding, payload))) return undefined;
      return parsePosition(payload);
    },
  });
}

function parsePosition(payload: string): CursorPosition | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_FIELDS) return undefined;
  for (const field of value as unknown[]) {
    if (typeof field === 'number' ? !Number.isFinite(field) : typeof field !== 'string')
      return undefined;
    if (typeof field === 'string' && field.length > FIELD_MAX_LENGTH) return undefined;
  }
  return Object.freeze(value as (string | number)[]);
}

/**
 * The binding of a list cursor: which list, whose tenant, which reach, which filters.
 * Filters are sorted by name so the binding does not depend on argument order.
 */
export function cursorBinding(
  list: string,
  scope: TenantScope,
  filters: Readonly<Record<string, string | number | undefined>> = {},
): string {
  const pairs = Object.keys(filters)
    .sort()
    .map((name) => [name, filters[name] ?? null]);
  return JSON.stringify([list, scope.organizationId, scope.ownerId ?? null, pairs]);
}
