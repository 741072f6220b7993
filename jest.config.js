/**
 * Jest runs the TypeScript tests directly; the node under test is loaded from dist/ (built
 * first by `npm test`). Console output (n8n's logs) is shown only for a failing test
 * (test/support/quiet-environment.cjs).
 */
module.exports = {
	testEnvironment: '<rootDir>/test/support/quiet-environment.cjs',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] },
	testTimeout: 60000,
};
