// npm run lint (run by npm test). Rules that keep the code's shape, not a style guide: no import
// cycles, no unused code, no promise left floating, type imports written as such.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { cyclePath, importCycles, importGraph, importsOf, sourceFiles } from './scripts/import-graph.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));
const roots = ['server/src', 'client/src', 'test', 'scripts', 'bench'];

/** The import graph and its cycles, built once per ESLint process (a long-running editor integration sees them as of its start). */
let cached;
function cycles() {
  if (!cached) {
    const graph = importGraph(roots.flatMap((r) => sourceFiles(path.join(root, r))));
    const cycleOf = new Map();
    for (const members of importCycles(graph)) {
      const set = new Set(members);
      for (const m of members) cycleOf.set(m, set);
    }
    cached = { graph, cycleOf };
  }
  return cached;
}

const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow imports that close a cycle between modules, type-only imports included' },
    schema: [],
    messages: { cycle: 'Import cycle: {{path}}.' },
  },
  create(context) {
    return {
      Program() {
        const file = path.resolve(context.filename);
        const { graph, cycleOf } = cycles();
        const members = cycleOf.get(file);
        if (!members) return;
        const source = context.sourceCode;
        for (const imp of importsOf(file, source.text)) {
          if (!members.has(imp.target)) continue;
          const loop = cyclePath(graph, imp.target, file, members).map((f) => path.relative(root, f));
          context.report({
            loc: { start: source.getLocFromIndex(imp.pos), end: source.getLocFromIndex(imp.end) },
            messageId: 'cycle',
            data: { path: [path.relative(root, file), ...loop].join(' -> ') },
          });
        }
      },
    };
  },
};

export default tseslint.config(
  { ignores: ['**/out/**', 'node_modules/**', 'test/corpus/**', '**/*.d.ts', '.vscode-test/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, local: { rules: { 'no-import-cycle': noImportCycle } } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'local/no-import-cycle': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] }],
      // `typeof import('x')` for a lazily required module is a type position, not an import statement.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-control-regex': 'error',
    },
  },
  {
    // Tests, scripts and the bench read parsed JSON and XML of other tools; `any` stays out of the product only.
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { sourceType: 'module', globals: { process: 'readonly', console: 'readonly', require: 'readonly', __dirname: 'readonly' } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      'no-control-regex': 'error',
    },
  },
);
