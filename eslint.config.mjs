// Lint rules, including the architecture's import boundaries:
//   src/core      pure TypeScript: no vscode, no DOM, no engine/extension code
//   src/protocol  types and guards only: imports nothing but itself
//   webview       browser code: no vscode, no node:*, no core/engine/extension
//   src/engine    no vscode
//   src/extension nothing from webview (verdicts, formatting and the catalogue live in src/protocol)
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/extension may import vscode.' };
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.vscode-test/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            { group: ['**/engine/**', '**/extension/**', '**/webview/**'], message: 'src/core is pure: it must not depend on engine, extension or webview code.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'HTMLElement', 'localStorage'],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: [{ group: ['**/core/**', '**/engine/**', '**/extension/**', '**/webview/**', ...nodeBuiltins], message: 'src/protocol holds types and guards only.' }] },
      ],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: ['**/extension/**', '**/webview/**'], message: 'The engine runs outside VS Code.' }] }],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/webview/**'], message: 'The extension host does not import the panel: shared code lives in src/protocol.' }] }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [{ group: ['**/src/core/**', '**/src/engine/**', '**/src/extension/**', ...nodeBuiltins], message: 'The webview may import only src/protocol and browser libraries.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // page.evaluate callbacks run in the browser.
    files: ['test/ui/**/*.mjs', 'test/vscode/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
