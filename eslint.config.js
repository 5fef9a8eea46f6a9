import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Process boundaries are lint rules (ARCHITECTURE: Layout): shared/ imports neither electron,
 * Node nor the DOM; renderer/ and electron/main/core/ never import electron; only the preload
 * imports ipcRenderer. scripts/lint-boundaries.test.ts proves each rule fires.
 */
const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'tls',
  'url',
  'util',
  'stream',
  'zlib',
  'events',
  'buffer',
  'worker_threads',
];
const nodeImports = [
  { regex: '^node:', message: 'No Node APIs here.' },
  { regex: `^(${NODE_BUILTINS.join('|')})(/.*)?$`, message: 'No Node APIs here.' },
];
const electronImport = { regex: '^electron(/.*)?$', message: 'This layer must not import electron.' };
const DOM_GLOBALS = ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'HTMLElement'];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'e2e/screenshots/**',
      '.tools/**',
      '.keyhole-dev/**',
      'resources/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcRenderer'], message: 'Only the preload may import ipcRenderer.' }] },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['electron/**/*.ts', 'shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { patterns: [electronImport, ...nodeImports] }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS, 'process', 'require', '__dirname'],
    },
  },
  {
    files: [
      'electron/main/core/**/*.ts',
      'electron/main/sandbox/**/*.ts',
      'electron/main/platform/keychain.ts',
      'electron/main/platform/x11-clipboard.ts',
      'electron/main/security/**/*.ts',
      'electron/main/compose-core.ts',
      'electron/main/loopback.ts',
      'electron/main/sender-check.ts',
      'e2e/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport] }] },
  },
  {
    files: ['e2e/fixtures.ts', 'e2e/specs/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-empty-pattern': 'off' },
  },
  {
    files: ['electron/preload/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: nodeImports }] },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [electronImport, ...nodeImports, { regex: '(^|/)electron/', message: 'The renderer reaches main only through window.keyhole.' }],
        },
      ],
    },
  },
  {
    files: ['e2e/host/bridge-client.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
