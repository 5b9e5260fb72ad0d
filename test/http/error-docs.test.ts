import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/kit/index.js';

describe('docs/errors.md', () => {
  const doc = readFileSync('docs/errors.md', 'utf8');
  it.each(Object.entries(ERROR_CATALOGUE))(
    'documents %s with its status and slug',
    (code, entry) => {
      // Prettier pads table cells, so spacing is free; the cells are not.
      const row = new RegExp(
        `\\|\\s*\`${code}\`\\s*\\|\\s*${entry.status}\\s*\\|\\s*${entry.slug}\\s*\\|`,
      );
      expect(doc).toMatch(row);
    },
  );
});
