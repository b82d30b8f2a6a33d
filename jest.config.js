/** Jest runs the TypeScript sources as ES modules through ts-jest (see package.json "test"). */
const tsJestEsm = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }];
// fastify's inject (light-my-request, CommonJS) require()s `cookie` 2.x, which ships only as ESM.
// Node 20's jest cannot require() ESM, so that one package is compiled to CommonJS for the tests.
const cookieToCommonJs = ['ts-jest', { useESM: false, tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' } }];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': tsJestEsm, '/node_modules/cookie/.+\\.js$': cookieToCommonJs },
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 120000,
};
