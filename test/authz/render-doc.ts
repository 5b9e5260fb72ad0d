import {
  API_KEY_SCOPES,
  INVOICE_REACH,
  PERMISSIONS,
  ROLES,
  grantableRoles,
  rbac,
} from '../../src/app/domain/roles.js';
import { CALLERS, MATRIX } from './matrix.js';

/**
 * The generated parts of docs/authorization.md, rendered from the code (the role table
 * of src/app/domain/roles.ts) and from the tested matrix. Each lives between
 * `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`; the prose around is by hand.
 */
export function generatedSections(): Record<string, string> {
  return { roles: renderRoles(), 'api-key-scopes': renderScopes(), matrix: renderMatrix() };
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function renderRoles(): string {
  const rows = ROLES.map((role) => [
    `\`${role}\``,
    ...PERMISSIONS.map((p) => (rbac.permissionsOf(role).has(p) ? 'yes' : '—')),
    INVOICE_REACH[role] === 'organization' ? 'all of the organization' : 'own only',
    grantableRoles(role).length === 0
      ? '—'
      : grantableRoles(role)
          .map((r) => `\`${r}\``)
          .join(', '),
  ]);
  return table(
    ['role', ...PERMISSIONS.map((p) => `\`${p}\``), 'invoice reach', 'may manage and grant'],
    rows,
  );
}

function renderScopes(): string {
  return API_KEY_SCOPES.map((s) => `- \`${s}\``).join('\n');
}

function renderMatrix(): string {
  const rows = MATRIX.flatMap((r) =>
    r.objects.map((object, i) => [
      `\`${r.method} ${r.path}\``,
      object === 'none' ? '—' : object,
      ...CALLERS.map((c) => String(r.expect[c][i])),
    ]),
  );
  return table(['route', 'object', ...CALLERS.map((c) => c.replace('key:', 'key '))], rows);
}

/** Replaces every generated section of `doc` with its current rendering. */
export function renderDoc(doc: string): string {
  let out = doc;
  for (const [name, body] of Object.entries(generatedSections())) {
    const open = `<!-- generated:${name} -->`;
    const close = `<!-- /generated:${name} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start === -1 || end < start)
      throw new Error(`docs/authorization.md lacks the ${name} markers`);
    out = `${out.slice(0, start + open.length)}\n${body}\n${out.slice(end)}`;
  }
  return out;
}
