/**
 * RBAC as data: roles ordered from most to least powerful, each with its permissions.
 * The table is the single source for authorization checks and for docs/authorization.md.
 */
export interface RoleTable<R extends string, P extends string> {
  /** Most powerful first. */
  readonly order: readonly R[];
  readonly permissions: Readonly<Record<R, readonly P[]>>;
}

export interface Rbac<R extends string, P extends string> {
  readonly table: RoleTable<R, P>;
  isRole(value: string): value is R;
  permissionsOf(role: string): ReadonlySet<P>;
  /** Higher is more powerful; -1 for an unknown role (deny by default). */
  rank(role: string): number;
}

export function defineRbac<R extends string, P extends string>(table: RoleTable<R, P>): Rbac<R, P> {
  const sets = new Map<string, ReadonlySet<P>>();
  for (const role of table.order) sets.set(role, Object.freeze(new Set(table.permissions[role])));
  const empty: ReadonlySet<P> = Object.freeze(new Set<P>());
  return Object.freeze({
    table,
    isRole: (value: string): value is R => sets.has(value),
    permissionsOf: (role: string) => sets.get(role) ?? empty,
    rank: (role: string) => {
      const i = (table.order as readonly string[]).indexOf(role);
      return i === -1 ? -1 : table.order.length - i;
    },
  });
}
