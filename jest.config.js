/**
 * Jest runs the TypeScript tests directly, and the node and credential from their TypeScript
 * source (the harness maps package.json's dist/ entries to it: tools/n8n-harness/nodeTypes.ts),
 * so an edit shows in the next run without a build; only the checks of the built package
 * (test/package/, the shipped schema copy in test/schema.test.ts) read dist/. Tests live in
 * test/, beside the simulator (tools/intercom-simulator/test/) and beside the e2e's scripted
 * model (tools/e2e/agents/test/); see CONTRIBUTING's layout.
 * Console output (n8n's logs) is shown only for a failing test (test/support/quiet-environment.cjs).
 */
module.exports = {
	testEnvironment: '<rootDir>/test/support/quiet-environment.cjs',
	roots: [
		'<rootDir>/test',
		'<rootDir>/tools/intercom-simulator/test',
		'<rootDir>/tools/e2e/agents/test',
	],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] },
	testTimeout: 60000,
};
