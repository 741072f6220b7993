import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_ROOT } from '../../tools/n8n-harness/nodeTypes';

/**
 * The project's own commands as the docs show them: `npm run simulator` with the docs'
 * curl example, and the usage that `--help` prints. Real processes, real HTTP.
 */

const TSX = path.join(PACKAGE_ROOT, 'node_modules/.bin/tsx');

/** The first ```bash block of the contributor docs (or README) that calls curl. */
function curlExample(): { file: string; command: string } {
	for (const file of ['CONTRIBUTING.md', 'README.md']) {
		const full = path.join(PACKAGE_ROOT, file);
		if (!existsSync(full)) continue;
		for (const block of readFileSync(full, 'utf8').matchAll(/```bash\n([\s\S]*?)```/g)) {
			if (block[1].trimStart().startsWith('curl ')) return { file, command: block[1].trim() };
		}
	}
	throw new Error('no curl example in CONTRIBUTING.md or README.md');
}

describe('npm run simulator, as the docs show it', () => {
	let simulator: ChildProcess | undefined;

	afterEach(() => {
		simulator?.kill('SIGTERM');
		simulator = undefined;
	});

	it('listens on 127.0.0.1:8080 by default, and the curl example archives wash@serenity.io', async () => {
		simulator = spawn(TSX, ['tools/intercom-simulator/cli.ts'], { cwd: PACKAGE_ROOT });
		const started = await new Promise<string>((resolve, reject) => {
			let seen = '';
			simulator?.stdout?.on('data', (chunk: Buffer) => {
				seen += String(chunk);
				if (seen.includes('\n')) resolve(seen.split('\n')[0]);
			});
			let stderr = '';
			simulator?.stderr?.on('data', (chunk: Buffer) => {
				stderr += String(chunk);
			});
			simulator?.once('exit', (code) =>
				reject(
					new Error(
						/EADDRINUSE/.test(stderr)
							? 'port 8080 is in use (is `npm run simulator` running?): stop it, then run this test again'
							: `the simulator exited (${code}): ${stderr.slice(0, 500)}`,
					),
				),
			);
		});
		expect(started).toBe(
			'Intercom simulator listening on http://127.0.0.1:8080 (token: sim-token)',
		);

		const { command } = curlExample();
		expect(command).toContain('http://127.0.0.1:8080/');
		const answer = JSON.parse(
			execFileSync('bash', ['-c', command], {
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
			}),
		);
		expect(answer).toMatchObject({ type: 'user', email: 'wash@serenity.io' });
	});
});

describe('--help', () => {
	it.each([
		[
			'npm run simulator',
			'tools/intercom-simulator/cli.ts',
			/^usage: npm run simulator -- \[--port N\]/,
		],
		['npm run demo', 'tools/demo/run-demo.ts', /^Usage: npm run demo \[-- --email <address>\]/],
	])('%s -- --help prints its usage and exits 0', (_name, script, usage) => {
		const run = spawnSync(TSX, [script, '--help'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
		expect([run.status, run.stderr]).toEqual([0, '']);
		expect(run.stdout).toMatch(usage);
		expect(run.stdout).toContain('--help');
	});

	it('an unknown option prints the usage on stderr and exits 2', () => {
		const run = spawnSync(TSX, ['tools/intercom-simulator/cli.ts', '--bogus'], {
			cwd: PACKAGE_ROOT,
			encoding: 'utf8',
		});
		expect(run.status).toBe(2);
		expect(run.stderr).toContain("Unknown option '--bogus'");
		expect(run.stderr).toContain('usage: npm run simulator');
	});
});
