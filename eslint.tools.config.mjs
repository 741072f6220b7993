// ESLint for what the package does not ship: tests, the n8n harness, the Intercom
// simulator, the demo, the end-to-end and real-n8n runners, the benchmarks, the package
// checks and the config files. typescript-eslint's recommended rules, no warnings allowed.
// The shipped code (nodes/, credentials/, package.json) is linted by eslint.config.mjs,
// which stays n8n's own config: `npm run lint`.
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
	globalIgnores([
		'nodes/',
		'credentials/',
		'dist/',
		'coverage/',
		'.e2e-cache/',
		'test/contract/intercom-openapi-2.14/',
		'test/contract/intercom-openapi-2.16/',
	]),
	{
		files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
		extends: [tseslint.configs.recommended],
		languageOptions: { globals: { ...globals.node } },
		linterOptions: { reportUnusedDisableDirectives: 'error' },
		rules: {
			// A leading underscore marks a name that is unused on purpose (an interface's parameter, a field left out).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
			],
		},
	},
	{
		files: ['test/**/*.ts', 'tools/*/test/**/*.ts', 'tools/e2e/agents/test/**/*.ts'],
		languageOptions: { globals: { ...globals.jest } },
	},
	{
		// The package has no "type": "module": its .js and .cjs files are CommonJS.
		files: ['**/*.{js,cjs}'],
		languageOptions: { sourceType: 'commonjs' },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
);
