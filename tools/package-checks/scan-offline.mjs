#!/usr/bin/env node
// Runs, offline, the checks n8n applies before it lists a community package:
//  1. `npm pack` must ship only dist/, the entry index.js (package.json `main`), CHANGELOG.md,
//     README.md, LICENSE, CHANGELOG.md and package.json, with no runtime dependencies and no
//     install-time lifecycle scripts;
//  2. the ESLint restrictions of @n8n/scan-community-package (globals, imports,
//     n8n's node rules), applied the way its `analyzePackageByName` does: to every
//     shipped .js file and package.json of the packed tarball, and to the source
//     files `n8n-node lint` covers. The scanner's own CLI downloads the published
//     package and its provenance from the registry, which this check does without.
// Exit code 0 when everything is clean; 1 otherwise, with the findings printed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const problems = [];

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
if (Object.keys(pkg.dependencies ?? {}).length > 0) {
	problems.push(
		`runtime dependencies are not allowed: ${Object.keys(pkg.dependencies).join(', ')}`,
	);
}
for (const script of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish']) {
	if (pkg.scripts?.[script])
		problems.push(`lifecycle script "${script}" would run on users' machines`);
}

const work = mkdtempSync(path.join(tmpdir(), 'n8n-scan-'));
try {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
			cwd: root,
			encoding: 'utf8',
		}),
	);
	const files = packed.files.map((file) => file.path).sort();
	const topLevel = ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json', 'index.js'];
	const unexpected = files.filter((file) => !file.startsWith('dist/') && !topLevel.includes(file));
	if (unexpected.length)
		problems.push(
			`the tarball ships more than dist/ and ${topLevel.join(', ')}: ${unexpected.join(', ')}`,
		);
	if (pkg.main !== 'index.js')
		problems.push(`package.json "main" is ${JSON.stringify(pkg.main)}, not "index.js"`);
	for (const needed of [...topLevel, ...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		if (!files.includes(needed)) problems.push(`the tarball lacks ${needed}`);
	}
	console.log(`npm pack: ${files.length} files (${packed.filename}), ${packed.size} bytes`);

	const unpacked = path.join(work, 'unpacked');
	execFileSync('mkdir', ['-p', unpacked]);
	execFileSync('tar', [
		'-xzf',
		path.join(work, packed.filename),
		'-C',
		unpacked,
		'--strip-components=1',
	]);

	const results = [
		[
			'shipped .js files and package.json',
			await analyzePackage(unpacked, ['**/*.js', 'package.json']),
		],
		[
			'source (nodes/, credentials/, package.json)',
			await analyzePackage(root, SOURCE_FILE_PATTERNS),
		],
	];
	for (const [what, result] of results) {
		console.log(`scanner rules on ${what}: ${result.passed ? 'clean' : result.message}`);
		if (!result.passed) problems.push(`${what}: ${result.message}\n${result.details ?? ''}`);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}

if (problems.length) {
	console.error(`\n${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
	process.exit(1);
}
console.log('package checks: clean');
