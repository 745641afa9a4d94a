/** One jest run covers every layer; the folders under test/ say which layer a test belongs to. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/quiet-temporal-logs.ts'],
  testTimeout: 30000,
  // A failing test can leave a handle open (a stack whose beforeAll failed half way): the run must still end and
  // report, not hang until CI's limit. Passing runs exit on their own.
  forceExit: true,
};
