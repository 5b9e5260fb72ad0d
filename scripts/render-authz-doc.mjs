// Rewrites the generated sections of docs/authorization.md (role table, API-key scopes,
// authorization matrix) from the code. The rendering lives in test/authz/render-doc.ts
// (TypeScript, run through vitest, the repo's TypeScript runner); the same test fails in
// CI when the committed doc differs from the code.
import { spawnSync } from 'node:child_process';

const result = spawnSync('npx', ['vitest', 'run', 'test/authz/doc-drift.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, UPDATE_AUTHZ_DOC: '1' },
});
process.exit(result.status ?? 1);
