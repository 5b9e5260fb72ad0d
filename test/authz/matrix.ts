/**
 * The authorization matrix: every route of the authorization capability x every kind of
 * caller x every kind of object -> the expected status. Data only: `matrix.test.ts` runs
 * it against the live app (real logins, real API keys) on every store, and
 * `render-doc.ts` prints it into docs/authorization.md, so the doc is the tested truth.
 */
export const CALLERS = [
  'anonymous',
  'owner',
  'admin',
  'member',
  'viewer',
  'key:invoices:read',
  'key:invoices:write',
  'key:security-events:read',
] as const;
export type Caller = (typeof CALLERS)[number];

/**
 * `own`: the caller's own object (for users: the caller's account; for an API key: an
 * object of its creator, an admin); `same-org`: someone else's in the caller's
 * organization (a member's); `other-org`: another organization's; `own-final`: the
 * caller's own invoice once `paid` (immutable).
 */
export type ObjectKind = 'none' | 'own' | 'same-org' | 'other-org' | 'own-final';

export interface MatrixRow {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly resource: 'invoice' | 'user' | 'none';
  readonly objects: readonly ObjectKind[];
  /** Per caller, one expected status per object kind (same order as `objects`). */
  readonly expect: Readonly<Record<Caller, readonly number[]>>;
}

const all = (status: number, n: number) => Array.from({ length: n }, () => status);

/** The caller columns in CALLERS order, each a status list. */
function row(
  n: number,
  ...statuses: readonly (readonly number[])[]
): Record<Caller, readonly number[]> {
  const out = {} as Record<Caller, readonly number[]>;
  CALLERS.forEach((caller, i) => {
    const s = statuses[i];
    if (s?.length !== n) throw new Error(`matrix row for ${caller} needs ${n} statuses`);
    out[caller] = s;
  });
  return out;
}

const OBJ = ['own', 'same-org', 'other-org'] as const;
const OBJ_FINAL = ['own', 'same-org', 'other-org', 'own-final'] as const;

export const MATRIX: readonly MatrixRow[] = [
  {
    method: 'GET',
    path: '/v1/invoices',
    resource: 'none',
    objects: ['none'],
    expect: row(1, [401], [200], [200], [200], [200], [200], [403], [403]),
  },
  {
    method: 'POST',
    path: '/v1/invoices',
    resource: 'none',
    objects: ['none'],
    expect: row(1, [401], [201], [201], [201], [403], [403], [201], [403]),
  },
  {
    method: 'GET',
    path: '/v1/invoices/:id',
    resource: 'invoice',
    objects: OBJ,
    expect: row(
      3,
      all(401, 3),
      [200, 200, 404],
      [200, 200, 404],
      [200, 404, 404],
      [200, 404, 404],
      [200, 200, 404],
      all(403, 3),
      all(403, 3),
    ),
  },
  {
    method: 'PATCH',
    path: '/v1/invoices/:id',
    resource: 'invoice',
    objects: OBJ_FINAL,
    expect: row(
      4,
      all(401, 4),
      [200, 200, 404, 403],
      [200, 200, 404, 403],
      [200, 404, 404, 403],
      all(403, 4),
      all(403, 4),
      [200, 200, 404, 403],
      all(403, 4),
    ),
  },
  {
    method: 'DELETE',
    path: '/v1/invoices/:id',
    resource: 'invoice',
    objects: OBJ_FINAL,
    expect: row(
      4,
      all(401, 4),
      [204, 204, 404, 403],
      [204, 204, 404, 403],
      [204, 404, 404, 403],
      all(403, 4),
      all(403, 4),
      [204, 204, 404, 403],
      all(403, 4),
    ),
  },
  {
    method: 'GET',
    path: '/v1/users',
    resource: 'none',
    objects: ['none'],
    expect: row(1, [401], [200], [200], [403], [403], [403], [403], [403]),
  },
  {
    method: 'POST',
    path: '/v1/users',
    resource: 'none',
    objects: ['none'],
    expect: row(1, [401], [201], [201], [403], [403], [403], [403], [403]),
  },
  {
    method: 'PATCH',
    path: '/v1/users/:id',
    resource: 'user',
    objects: OBJ,
    expect: row(
      3,
      all(401, 3),
      [403, 200, 404],
      [403, 200, 404],
      all(403, 3),
      all(403, 3),
      all(403, 3),
      all(403, 3),
      all(403, 3),
    ),
  },
  {
    method: 'DELETE',
    path: '/v1/users/:id',
    resource: 'user',
    objects: OBJ,
    expect: row(
      3,
      all(401, 3),
      [403, 204, 404],
      [403, 204, 404],
      all(403, 3),
      all(403, 3),
      all(403, 3),
      all(403, 3),
      all(403, 3),
    ),
  },
  {
    method: 'GET',
    path: '/v1/security-events',
    resource: 'none',
    objects: ['none'],
    expect: row(1, [401], [200], [200], [403], [403], [403], [403], [200]),
  },
  {
    method: 'GET',
    path: '/v1/api-keys',
    resource: 'none',
    objects: ['none'],
    expect: row(1, [401], [200], [200], [403], [403], [403], [403], [403]),
  },
];

export interface MatrixCell {
  readonly method: MatrixRow['method'];
  readonly path: string;
  readonly resource: MatrixRow['resource'];
  readonly caller: Caller;
  readonly object: ObjectKind;
  readonly status: number;
}

/** The matrix flattened into one cell per (route, caller, object). */
export function matrixCells(): MatrixCell[] {
  return MATRIX.flatMap((r) =>
    CALLERS.flatMap((caller) =>
      r.objects.map((object, i) => ({
        method: r.method,
        path: r.path,
        resource: r.resource,
        caller,
        object,
        status: r.expect[caller][i] ?? 0,
      })),
    ),
  );
}
