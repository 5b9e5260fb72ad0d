// ESLint flat config for Rampart.
//
// Three jobs, in order of importance:
//   1. Import boundaries (ARCHITECTURE.md, STYLE.md rule 21): kit imports nothing from
//      app/audit/cli; app and cli reach kit only through src/kit/index.js; audit imports
//      none of kit, app or cli. Enforced with no-restricted-imports patterns on the
//      import specifier, plus a no-restricted-syntax selector for dynamic import().
//   2. No raw SQL built from strings: sql.raw()/sql.lit()/.unsafe() and template or
//      concatenated arguments to .query()/.exec()/.prepare() are errors. The only
//      standing exception is src/kit/store/migrations-support/; anywhere else needs an
//      `eslint-disable-next-line no-restricted-syntax -- <reason>` comment.
//   3. typescript-eslint strict, type-aware (one program from tsconfig.check.json).
//
// Every eslint-disable comment must carry a reason after `--` (rule
// rampart/disable-needs-reason below) and unused disables are errors.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts'];
const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs'];
const TEST_FILES = ['test/**/*.ts', '**/*.test.ts', '**/*.spec.ts'];

// Node.js globals for plain-JS files (bench/, scripts/, this file). Written out rather than
// imported from the `globals` package, which is not a direct dependency.
const NODE_GLOBALS = Object.fromEntries(
  [
    'AbortController',
    'AbortSignal',
    'Blob',
    'Buffer',
    'URL',
    'URLSearchParams',
    'TextDecoder',
    'TextEncoder',
    'Headers',
    'Request',
    'Response',
    'FormData',
    'fetch',
    'console',
    'process',
    'performance',
    'queueMicrotask',
    'structuredClone',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'globalThis',
  ].map((name) => [name, 'readonly']),
);

// --- 1. Import boundaries -------------------------------------------------------------

// A relative specifier that climbs one or more folders: `../`, `../../`, ...
const UP = String.raw`^(?:\.\./)+(?:src/)?`;
// The package's own name: it resolves to dist/, so src must never import itself by name.
const SELF_REFERENCE = {
  regex: String.raw`^rampart(?:/|$)`,
  message:
    'Do not import Rampart by its package name inside src/ (it resolves to dist/); use a relative path.',
};

const BOUNDARIES = {
  kit: [
    {
      regex: String.raw`${UP}(?:app|audit|cli)(?:/|$)`,
      message:
        'src/kit/ is the reusable layer: it may not import from src/app, src/audit or src/cli.',
    },
    SELF_REFERENCE,
  ],
  app: [
    {
      regex: String.raw`${UP}kit(?:/(?!index\.js$)|$)`,
      message:
        'src/app/ reaches the kit only through its public entry: import from ".../kit/index.js".',
    },
    {
      regex: String.raw`${UP}(?:audit|cli)(?:/|$)`,
      message: 'src/app/ may not import from src/audit or src/cli (dependencies point one way).',
    },
    SELF_REFERENCE,
  ],
  cli: [
    {
      regex: String.raw`${UP}kit(?:/(?!index\.js$)|$)`,
      message:
        'src/cli/ reaches the kit only through its public entry: import from ".../kit/index.js".',
    },
    SELF_REFERENCE,
  ],
  audit: [
    {
      regex: String.raw`${UP}(?:kit|app|cli)(?:/|$)`,
      message:
        'src/audit/ judges services from the outside (HTTP + OpenAPI only): it may not import kit, app or cli.',
    },
    SELF_REFERENCE,
  ],
};

/** no-restricted-syntax entries that apply the same boundary to dynamic `import('...')`. */
function dynamicImportSelectors(patterns) {
  return patterns.map(({ regex, message }) => ({
    // esquery regex literals cannot contain an unescaped `/`; escape them.
    selector: `ImportExpression > Literal.source[value=/${regex.replaceAll('/', '\\/')}/]`,
    message,
  }));
}

// --- 2. Raw SQL built from strings ------------------------------------------------------

const SQL_HOW_TO =
  'Use Kysely\'s query builder or sql`...` with parameters. If this is not SQL or is reviewed, add "// eslint-disable-next-line no-restricted-syntax -- <reason>".';
const SQL_CALLS = String.raw`/^(?:query|exec|prepare)$/`;
const RAW_SQL_SELECTORS = [
  {
    selector: "CallExpression[callee.object.name='sql'][callee.property.name=/^(?:raw|lit)$/]",
    message: `sql.raw()/sql.lit() splice text into SQL without parameters. ${SQL_HOW_TO}`,
  },
  {
    selector: "CallExpression[callee.property.name='unsafe']",
    message: `.unsafe() runs an unparameterised string. ${SQL_HOW_TO}`,
  },
  {
    selector: `CallExpression[callee.property.name=${SQL_CALLS}] > TemplateLiteral[expressions.length>0]`,
    message: `Template string with interpolation passed to .query()/.exec()/.prepare(). ${SQL_HOW_TO}`,
  },
  {
    selector: `CallExpression[callee.property.name=${SQL_CALLS}] > BinaryExpression[operator='+']`,
    message: `String concatenation passed to .query()/.exec()/.prepare(). ${SQL_HOW_TO}`,
  },
];

// --- Local rule: every eslint-disable needs a reason ------------------------------------

const DISABLE_DIRECTIVE = /^\s*eslint-disable(?:-next-line|-line)?(?:\s|$)/;
const rampartPlugin = {
  meta: { name: 'rampart-local' },
  rules: {
    'disable-needs-reason': {
      meta: {
        type: 'problem',
        docs: { description: 'Require a reason (`-- why`) on every eslint-disable comment.' },
        schema: [],
        messages: {
          missing:
            'eslint-disable needs a reason: "eslint-disable-next-line <rule> -- <why this is safe>".',
        },
      },
      create(context) {
        return {
          Program() {
            for (const comment of context.sourceCode.getAllComments()) {
              if (!DISABLE_DIRECTIVE.test(comment.value)) continue;
              const reason = comment.value.split(/\s--\s/)[1];
              if (reason === undefined || reason.trim().length < 3) {
                context.report({ loc: comment.loc, messageId: 'missing' });
              }
            }
          },
        };
      },
    },
  },
};

// --- Config -----------------------------------------------------------------------------

export default defineConfig([
  {
    name: 'rampart/ignores',
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      'bench/results/**',
      '.rampart/**',
      'sbom.json',
    ],
  },
  {
    name: 'rampart/linter-options',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { rampart: rampartPlugin },
    rules: { 'rampart/disable-needs-reason': 'error' },
  },

  // Plain JavaScript (bench/*.mjs, scripts/*.mjs, this file): basic JS rules only.
  {
    name: 'rampart/javascript',
    files: JS_FILES,
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: NODE_GLOBALS,
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },

  // TypeScript: strict + type-aware, one program from tsconfig.check.json.
  {
    name: 'rampart/typescript',
    files: TS_FILES,
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.check.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/consistent-type-exports': 'error',
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // `() => doThing()` returning void is an everyday idiom, not a confusion.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Numbers in template strings are unambiguous; everything else must be stringified.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': ['error', ...RAW_SQL_SELECTORS],
    },
  },
  {
    name: 'rampart/tests',
    files: TEST_FILES,
    rules: {
      // expect(obj.method).toHaveBeenCalled() and vi.fn() spies trip this constantly.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  // Import boundaries, one block per part of src/. (Each block replaces the rule's
  // options for its files, so the SQL selectors are repeated into no-restricted-syntax.)
  ...Object.entries(BOUNDARIES).map(([part, patterns]) => ({
    name: `rampart/boundaries/${part}`,
    files: [`src/${part}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
      'no-restricted-syntax': ['error', ...RAW_SQL_SELECTORS, ...dynamicImportSelectors(patterns)],
    },
  })),

  // The one standing exception to the raw-SQL guard: migration support code, which
  // has to issue DDL that cannot be parameterised. The boundary selectors still apply.
  {
    name: 'rampart/raw-sql-exception',
    files: ['src/kit/store/migrations-support/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...dynamicImportSelectors(BOUNDARIES.kit)],
    },
  },
]);
