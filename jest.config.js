// Two projects: fast unit tests of pure logic, and integration tests that run the
// real daemons (MariaDB, the agent on a Unix socket, nginx, php-fpm, PowerDNS, ...).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];
const moduleNameMapper = {
  '^@hearth/(shared|agent|api|cli)$': '<rootDir>/packages/$1/src',
  '^@hearth/(shared|agent|api|cli)/(.*)$': '<rootDir>/packages/$1/src/$2',
};
module.exports = {
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/packages/*/src/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
    },
  ],
};
