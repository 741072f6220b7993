import { execFileSync } from 'node:child_process';

import { PACKAGE_ROOT } from '../../tools/n8n-harness/nodeTypes';

/**
 * `npm run lint` (and `n8n-node lint`, which runs ESLint with the same eslint.config.mjs) uses
 * n8n's community-node rules unchanged on what ships. ESLint loads the ES module config in a
 * child process; it compares our config with `@n8n/node-cli/eslint`'s own, file by file.
 */
const COMPARE = `
import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';
import { config } from '@n8n/node-cli/eslint';
import ours from './eslint.config.mjs';

const mine = new ESLint({ cwd: process.cwd() });
const n8ns = new ESLint({ cwd: process.cwd(), overrideConfigFile: true, overrideConfig: config });
const tracked = execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\\n');
const linted = tracked.filter((file) => /\\.ts$/.test(file) || file === 'package.json');
const ignoredByOursOnly = [];
const otherRules = [];
for (const file of linted) {
	const [mineIgnores, n8nIgnores] = [await mine.isPathIgnored(file), await n8ns.isPathIgnored(file)];
	if (mineIgnores && !n8nIgnores) ignoredByOursOnly.push(file);
	if (mineIgnores || n8nIgnores) continue;
	const [a, b] = [await mine.calculateConfigForFile(file), await n8ns.calculateConfigForFile(file)];
	if (JSON.stringify(a.rules) !== JSON.stringify(b.rules)) otherRules.push(file);
}
console.log(JSON.stringify({
	spreadsUnchanged: ours.length === config.length + 1 && config.every((entry, i) => ours[i + 1] === entry),
	first: ours[0],
	shippedSources: linted.filter((file) => /^(nodes|credentials)\\//.test(file) || file === 'package.json').length,
	ignoredByOursOnly,
	otherRules,
}));
`;

describe('the lint configuration of what ships', () => {
	it("is n8n's community-node config unchanged, with only unshipped folders ignored", () => {
		const result = JSON.parse(
			execFileSync(process.execPath, ['--input-type=module', '-e', COMPARE], {
				cwd: PACKAGE_ROOT,
				encoding: 'utf8',
			}),
		);
		expect(result.spreadsUnchanged).toBe(true);
		// globalIgnores(): a name and ignores, no rules, no settings.
		expect(Object.keys(result.first).sort()).toEqual(['ignores', 'name']);
		expect(result.first.ignores).toEqual(['test/', 'tools/', 'coverage/', '*.js']);
		expect(result.shippedSources).toBeGreaterThan(50);
		// Every file n8n's config would lint and ours skips is a test or a tool: never nodes/,
		// credentials/ or package.json, whose rules are n8n's, none turned off.
		expect(result.ignoredByOursOnly.length).toBeGreaterThan(0);
		expect(
			result.ignoredByOursOnly.filter((file: string) => !/^(test|tools)\//.test(file)),
		).toEqual([]);
		expect(result.otherRules).toEqual([]);
	});
});
