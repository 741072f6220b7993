import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { parse } from 'yaml';

import { PACKAGE_ROOT } from '../../tools/n8n-harness/nodeTypes';

/**
 * `npm run release -- <patch|minor|major>` in a scratch clone of the release files: npm's own
 * `npm version` with package.json's preversion / version / postversion scripts. Lint and build
 * are replaced by no-ops there; everything else runs as written, pushing to a local bare
 * repository instead of GitHub.
 */

const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
const today = new Date().toISOString().slice(0, 10);
const GIT_ENV = {
	GIT_AUTHOR_NAME: 'Release Test',
	GIT_AUTHOR_EMAIL: 'release@example.com',
	GIT_COMMITTER_NAME: 'Release Test',
	GIT_COMMITTER_EMAIL: 'release@example.com',
	GIT_CONFIG_GLOBAL: '/dev/null',
	GIT_CONFIG_NOSYSTEM: '1',
	npm_config_update_notifier: 'false',
};

let work = '';
beforeEach(() => {
	work = mkdtempSync(path.join(os.tmpdir(), 'release-flow-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
	execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } }).trim();

/** A clone on main, tracking a bare "origin", holding the release files at version 0.1.0. */
function scratchClone(changelog: string): { clone: string; origin: string } {
	const origin = path.join(work, 'origin.git');
	const clone = path.join(work, 'clone');
	mkdirSync(path.join(clone, 'tools', 'release'), { recursive: true });
	git(work, 'init', '-q', '--bare', '-b', 'main', origin);
	git(clone, 'init', '-q', '-b', 'main');
	const scripts = Object.fromEntries(
		['release', 'preversion', 'version', 'postversion'].map((name) => [name, pkg.scripts[name]]),
	);
	writeFileSync(
		path.join(clone, 'package.json'),
		JSON.stringify(
			{ name: pkg.name, version: '0.1.0', scripts: { ...scripts, lint: 'true', build: 'true' } },
			null,
			'\t',
		),
	);
	writeFileSync(path.join(clone, 'CHANGELOG.md'), changelog);
	copyFileSync(
		path.join(PACKAGE_ROOT, 'tools/release/release.mjs'),
		path.join(clone, 'tools/release/release.mjs'),
	);
	git(clone, 'add', '.');
	git(clone, 'commit', '-q', '-m', 'Start');
	git(clone, 'remote', 'add', 'origin', origin);
	git(clone, 'push', '-q', '-u', 'origin', 'main');
	return { clone, origin };
}

const npmRun = (cwd: string, ...args: string[]) =>
	spawnSync('npm', ['run', ...args], {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, ...GIT_ENV },
	});

const changelogOf = (unreleased: string) =>
	`# Changelog\n\n## [Unreleased]\n${unreleased}\n## [0.1.0] - 2026-12-03\n\n- First.\n\n` +
	'[Unreleased]: https://github.com/o/r/compare/v0.1.0...HEAD\n' +
	'[0.1.0]: https://github.com/o/r/releases/tag/v0.1.0\n';

describe('npm run release', () => {
	it('bumps the version, dates the Unreleased entries, commits, and pushes the tag publish.yml publishes', () => {
		const { clone, origin } = scratchClone(changelogOf('\n### Fixed\n\n- A fix.\n'));
		const result = npmRun(clone, 'release', '--', 'minor');
		expect([result.status, result.stderr]).toEqual([0, expect.any(String)]);

		expect(JSON.parse(readFileSync(path.join(clone, 'package.json'), 'utf8')).version).toBe(
			'0.2.0',
		);
		expect(readFileSync(path.join(clone, 'CHANGELOG.md'), 'utf8')).toBe(
			`# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - ${today}\n\n### Fixed\n\n- A fix.\n\n` +
				'## [0.1.0] - 2026-12-03\n\n- First.\n\n' +
				'[Unreleased]: https://github.com/o/r/compare/v0.2.0...HEAD\n' +
				'[0.2.0]: https://github.com/o/r/compare/v0.1.0...v0.2.0\n' +
				'[0.1.0]: https://github.com/o/r/releases/tag/v0.1.0\n',
		);
		expect(git(clone, 'log', '-1', '--format=%s')).toBe('Release 0.2.0');
		expect(git(clone, 'status', '--porcelain')).toBe('');
		// The tag and the commit reached the remote; the tag names the released commit.
		const head = git(clone, 'rev-parse', 'HEAD');
		expect(git(origin, 'rev-parse', 'v0.2.0^{commit}')).toBe(head);
		expect(git(origin, 'rev-parse', 'main')).toBe(head);

		// publish.yml runs on that tag and accepts it as package.json's version.
		const workflow = parse(
			readFileSync(path.join(PACKAGE_ROOT, '.github/workflows/publish.yml'), 'utf8'),
		);
		expect(workflow.on.push.tags).toEqual(['v*.*.*']);
		const tagCheck = workflow.jobs.publish.steps.find((step: { run?: string }) =>
			step.run?.includes('GITHUB_REF_NAME'),
		).run;
		const check = spawnSync('bash', ['-e', '-c', tagCheck], {
			cwd: clone,
			env: { ...process.env, GITHUB_REF_NAME: 'v0.2.0' },
		});
		expect(check.status).toBe(0);
	});

	it('refuses, changing nothing, when CHANGELOG.md has nothing under Unreleased', () => {
		const { clone, origin } = scratchClone(changelogOf('\n'));
		const before = git(clone, 'rev-parse', 'HEAD');
		const result = npmRun(clone, 'release', '--', 'patch');
		expect(result.status).not.toBe(0);
		expect(result.stderr).toContain(
			'release: CHANGELOG.md has nothing under "## [Unreleased]": write what changed first',
		);
		expect(JSON.parse(readFileSync(path.join(clone, 'package.json'), 'utf8')).version).toBe(
			'0.1.0',
		);
		expect(git(clone, 'status', '--porcelain')).toBe('');
		expect(git(clone, 'tag')).toBe('');
		expect(git(origin, 'rev-parse', 'main')).toBe(before);
	});

	it('refuses on a branch other than main', () => {
		const { clone } = scratchClone(changelogOf('\n- A fix.\n'));
		git(clone, 'checkout', '-q', '-b', 'feature');
		const result = npmRun(clone, 'release', '--', 'patch');
		expect(result.stderr).toContain('release: releases are cut from main, not from "feature"');
		expect(git(clone, 'tag')).toBe('');
	});
});
