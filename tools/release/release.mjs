#!/usr/bin/env node
// The local half of a release, run by npm's own `npm version` (see package.json's
// preversion / version scripts and CONTRIBUTING's "Publishing"):
//   node tools/release/release.mjs check      before the bump: on main, and CHANGELOG.md has
//                                             entries under "## [Unreleased]";
//   node tools/release/release.mjs changelog  after the bump: those entries become the new
//                                             version's section, dated today (UTC), with its
//                                             compare link.
// npm then commits, tags v<version> and (postversion) pushes the tag that
// .github/workflows/publish.yml publishes with provenance.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const changelogPath = path.join(root, 'CHANGELOG.md');
const UNRELEASED = '## [Unreleased]';

/** Stops the release with `message`. */
function fail(message) {
	console.error(`release: ${message}`);
	process.exit(1);
}

/** The text between "## [Unreleased]" and the next version heading. */
function unreleasedEntries(changelog) {
	const start = changelog.indexOf(`${UNRELEASED}\n`);
	if (start < 0) fail(`CHANGELOG.md has no "${UNRELEASED}" heading`);
	const body = changelog.slice(start + UNRELEASED.length + 1);
	const next = body.search(/^## \[/m);
	return { start, entries: next < 0 ? body : body.slice(0, next) };
}

function check() {
	const branch = execFileSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { encoding: 'utf8' });
	if (branch.trim() !== 'main') fail(`releases are cut from main, not from "${branch.trim()}"`);
	const { entries } = unreleasedEntries(readFileSync(changelogPath, 'utf8'));
	if (!/^- /m.test(entries))
		fail(`CHANGELOG.md has nothing under "${UNRELEASED}": write what changed first`);
}

function changelog() {
	const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
	let text = readFileSync(changelogPath, 'utf8');
	if (text.includes(`## [${version}]`)) fail(`CHANGELOG.md already has a section ${version}`);
	const date = new Date().toISOString().slice(0, 10);
	text = text.replace(`${UNRELEASED}\n`, `${UNRELEASED}\n\n## [${version}] - ${date}\n`);
	// [Unreleased]: …/compare/v0.1.0...HEAD becomes …/compare/v<version>...HEAD, and
	// [<version>]: …/compare/v0.1.0...v<version> goes below it.
	text = text.replace(
		/^\[Unreleased\]: (.*\/compare\/)(v[^.\s]+\.[^.\s]+\.[^.\s]+)\.\.\.HEAD$/m,
		(_line, base, previous) =>
			`[Unreleased]: ${base}v${version}...HEAD\n[${version}]: ${base}${previous}...v${version}`,
	);
	writeFileSync(changelogPath, text);
}

const command = process.argv[2];
if (command === 'check') check();
else if (command === 'changelog') changelog();
else fail('usage: node tools/release/release.mjs check|changelog');
