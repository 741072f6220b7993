import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_ROOT } from '../../tools/n8n-harness/nodeTypes';

/**
 * test/support/quiet-environment.cjs, run by a real jest on a test file of its own: a
 * passing test's console output is held back, a failing test's is shown under its name.
 */
describe('the quiet jest environment', () => {
	it("shows the console output of a failing test only, under the test's name", () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'quiet-environment-'));
		try {
			writeFileSync(
				path.join(dir, 'jest.config.js'),
				`module.exports = { testEnvironment: ${JSON.stringify(path.join(PACKAGE_ROOT, 'test/support/quiet-environment.cjs'))} };\n`,
			);
			writeFileSync(
				path.join(dir, 'sample.test.js'),
				[
					"it('passes', () => { console.log('held back: ' + 'PASSING' + '-LINE'); });",
					"it('fails', () => { console.log('shown: ' + 'FAILING' + '-LINE'); expect(1).toBe(2); });",
				].join('\n'),
			);
			const run = spawnSync(
				process.execPath,
				[
					path.join(PACKAGE_ROOT, 'node_modules/jest/bin/jest.js'),
					'--config',
					path.join(dir, 'jest.config.js'),
					'--ci',
				],
				{ cwd: dir, encoding: 'utf8' },
			);
			const printed = `${run.stdout}${run.stderr}`;
			expect(run.status).toBe(1);
			expect(printed).toContain('--- console output of the failed test "fails" ---');
			expect(printed).toContain('FAILING-LINE');
			expect(printed).not.toContain('PASSING-LINE');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
