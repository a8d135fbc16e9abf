// `npm test`: the widget's tests in happy-dom, TypeScript and Lit compiled by swc. Inside the
// Switchboard repository the root jest config runs them too, in its `dom` project.
const { dirname, join } = require('node:path');

/** The TypeScript entry of a platform package: the SDK and the contracts ship their sources. */
const sourceOf = (pkg) => join(dirname(require.resolve(`${pkg}/package.json`)), 'src/index.ts');

module.exports = {
  testEnvironment: '@happy-dom/jest-environment',
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Lit ships ES modules only: compile it too.
  transformIgnorePatterns: ['/node_modules/(?!(lit|lit-html|lit-element|@lit|@lit-labs)/)'],
  moduleNameMapper: {
    '^@switchboard/contracts$': sourceOf('@switchboard/contracts'),
    '^@switchboard/widget-sdk$': sourceOf('@switchboard/widget-sdk'),
  },
};
