/**
 * The node's folders are its dependency graph (see .dependency-cruiser.cjs):
 * dependency-cruiser checks that no import points up, that there are no
 * cycles, and that the shipped code imports no runtime dependency. The second
 * half proves the rules bite: a copy of the node with one upward import fails.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DEPCRUISE = path.join(
	ROOT,
	'node_modules',
	'dependency-cruiser',
	'bin',
	'dependency-cruise.mjs',
);

interface Violation {
	from: string;
	to: string;
	rule: { name: string };
}
interface CruiseResult {
	modules: Array<{ source: string; dependencies: Array<{ resolved: string }> }>;
	summary: { violations: Violation[]; error: number };
}

/** Runs dependency-cruiser with the project's rules on nodes/ and credentials/ in `cwd`. */
function cruise(cwd: string): CruiseResult {
	let out: string;
	try {
		out = execFileSync(
			process.execPath,
			[
				DEPCRUISE,
				'--config',
				'.dependency-cruiser.cjs',
				'--output-type',
				'json',
				'nodes',
				'credentials',
			],
			{ cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
		);
	} catch (error) {
		// depcruise exits non-zero when it finds violations; its JSON is still on stdout.
		out = String((error as { stdout?: string }).stdout ?? '');
	}
	return JSON.parse(out) as CruiseResult;
}

describe('architecture: layers that point one way', () => {
	it('the node and the credential break no rule, and every layer is cruised', () => {
		const result = cruise(ROOT);
		expect(result.summary.violations).toEqual([]);
		const sources = result.modules.map((module) => module.source);
		for (const layer of ['descriptions', 'actions', 'intercom', 'transport', 'shared']) {
			expect(sources.some((source) => source.startsWith(`nodes/IntercomUsers/${layer}/`))).toBe(
				true,
			);
		}
		const node = result.modules.find((module) => module.source.endsWith('IntercomUsers.node.ts'));
		expect(node?.dependencies.map((dependency) => dependency.resolved)).toEqual(
			expect.arrayContaining(['nodes/IntercomUsers/actions/runner.ts']),
		);
	});

	it('a copy of the node with imports that break the rules fails, each on its own rule', () => {
		const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'architecture-'));
		try {
			for (const entry of ['nodes', 'credentials', 'tsconfig.json', '.dependency-cruiser.cjs']) {
				fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
			}
			fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
			// [file, the import added at its top, the rule it must break]
			const breaks: Array<[string, string, string]> = [
				['nodes/IntercomUsers/shared/types.ts', '../transport/send', 'shared-imports-upward'],
				['nodes/IntercomUsers/transport/send.ts', '../intercom/errors', 'transport-imports-upward'],
				[
					'nodes/IntercomUsers/intercom/request.ts',
					'../actions/user/archive.operation',
					'intercom-imports-upward',
				],
				[
					'nodes/IntercomUsers/intercom/users.ts',
					'../IntercomUsers.node',
					'intercom-imports-upward',
				],
				[
					'nodes/IntercomUsers/actions/user/archive.operation.ts',
					'../../IntercomUsers.node',
					'actions-imports-upward',
				],
				[
					'nodes/IntercomUsers/descriptions/common.fields.ts',
					'../transport/redact',
					'descriptions-imports-upward',
				],
				[
					'nodes/IntercomUsers/descriptions/hints.ts',
					'../actions/user/operations',
					'descriptions-imports-upward',
				],
				['nodes/IntercomUsers/intercom/errors.ts', './users', 'no-circular'],
				['nodes/IntercomUsers/intercom/answers.ts', './words/phrases', 'answers-import-wording'],
				['nodes/IntercomUsers/intercom/words/advice.ts', '../nodeError', 'words-import-builders'],
				[
					'credentials/IntercomAccessTokenApi.credentials.ts',
					'../nodes/IntercomUsers/shared/types',
					'credentials-import-nodes',
				],
			];
			for (const [file, imported] of breaks) {
				const target = path.join(copy, file);
				fs.writeFileSync(target, `import '${imported}';\n${fs.readFileSync(target, 'utf8')}`);
			}
			const found = cruise(copy).summary.violations.map(
				(violation) => `${violation.from} ${violation.rule.name}`,
			);
			for (const [file, , rule] of breaks) {
				expect(found).toContain(`${file} ${rule}`);
			}
		} finally {
			fs.rmSync(copy, { recursive: true, force: true });
		}
	});
});

/** The project's tracked files (git's view: what a clone has). */
function trackedFiles(): string[] {
	return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
		.split('\0')
		.filter((file) => file !== '' && fs.existsSync(path.join(ROOT, file)));
}

describe('the root shows what ships', () => {
	it("holds the design card's entries, test/, docs/, the documents and config files, and tools/ for everything that never ships", () => {
		const top = [...new Set(trackedFiles().map((file) => file.split('/')[0]))].sort();
		expect(top).toEqual(
			[
				// what ships, and what builds it (the design card)
				'nodes',
				'credentials',
				'package.json',
				'package-lock.json',
				'tsconfig.json',
				'gulpfile.js',
				'index.js',
				// tests, design and performance docs, the documents every package has
				'test',
				'docs',
				'README.md',
				'CHANGELOG.md',
				'CONTRIBUTING.md',
				'LICENSE',
				// config
				'.ci',
				'.github',
				'.dependency-cruiser.cjs',
				'.editorconfig',
				'.gitignore',
				'.prettierignore',
				'.prettierrc.js',
				'eslint.config.mjs',
				'eslint.tools.config.mjs',
				'jest.config.js',
				'tsconfig.dev.json',
				// the one door: simulator, harness, real-n8n helpers, e2e, benchmarks, demo, package checks
				'tools',
			].sort(),
		);
	});

	it('no tooling file is over 500 lines', () => {
		const long = trackedFiles()
			// A tool's own tests (tools/<tool>/test/) are tests, as under test/, not tooling code.
			.filter((file) => file.startsWith('tools/') && !file.includes('/test/'))
			.filter((file) => /\.(ts|mjs|cjs|js)$/.test(file))
			.map((file) => ({
				file,
				lines: fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n').length,
			}))
			.filter(({ lines }) => lines > 500);
		expect(long).toEqual([]);
	});
});
