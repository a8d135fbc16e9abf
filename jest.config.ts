import type { Config } from 'jest';

/** swc compiles TypeScript (and Lit's ESM) for every project; see docs/decisions/0001-toolchain.md. */
const swc: [string, Record<string, unknown>] = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = {
  '^@switchboard/contracts$': '<rootDir>/shared-contracts/src/index.ts',
  '^@switchboard/widget-sdk$': '<rootDir>/packages/widget-sdk/src/index.ts',
  '^@switchboard/widget-sdk/testing$': '<rootDir>/packages/widget-sdk/src/testing.ts',
  '^@switchboard/widget-sdk/client$': '<rootDir>/packages/widget-sdk/src/api-client.ts',
  '^@switchboard/service-kit$': '<rootDir>/services/kit/src/index.ts',
  '^@switchboard/service-kit/html$': '<rootDir>/services/kit/src/html/sanitize.ts',
  '^@switchboard/service-kit/testing$': '<rootDir>/services/kit/src/testing/index.ts',
};

const common = {
  rootDir: __dirname,
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // ESM-only packages that jest (CJS) must have compiled; Node itself loads them natively.
  transformIgnorePatterns: ['/node_modules/(?!(cookie|lit|lit-html|lit-element|@lit|@lit-labs)/)'],
};

const config: Config = {
  // Integration hooks create a database and migrate it, and a test may start services: jest's 5 s
  // default is too short on a busy 2-core machine. Jest reads this only here, not per project;
  // e2e files set their own (e2e/support/platform.ts).
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{shared-contracts,packages,services,infra}/**/*.test.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.int\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'dom',
      testEnvironment: '@happy-dom/jest-environment',
      testMatch: ['<rootDir>/{widgets,shell,examples}/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{services,infra,packages}/**/*.int.test.ts'],
      globalSetup: '<rootDir>/services/kit/src/testing/global-setup.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/e2e/**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/services/kit/src/testing/global-setup.ts',
    },
  ],
};

export default config;
