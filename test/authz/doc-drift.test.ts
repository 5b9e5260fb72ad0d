import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { renderDoc } from './render-doc.js';

const DOC = join(import.meta.dirname, '../../docs/authorization.md');

/**
 * docs/authorization.md cannot drift from the code: its role table and matrix are
 * rendered from src/app/domain/roles.ts and test/authz/matrix.ts (which the matrix test
 * runs). `node scripts/render-authz-doc.mjs` rewrites them.
 */
describe('docs/authorization.md', () => {
  it('matches the role table and the tested matrix', async () => {
    const current = readFileSync(DOC, 'utf8');
    // Rendered in the repository's Prettier style, so `prettier --check` and this agree.
    const rendered = await format(renderDoc(current), {
      ...(await resolveConfig(DOC)),
      filepath: DOC,
    });
    if (process.env.UPDATE_AUTHZ_DOC === '1' && rendered !== current) writeFileSync(DOC, rendered);
    else expect(current, 'run: node scripts/render-authz-doc.mjs').toBe(rendered);
  });
});
