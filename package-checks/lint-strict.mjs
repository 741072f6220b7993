#!/usr/bin/env node
// Runs `n8n-node lint` in strict mode, the check n8n's cloud support (verified
// community nodes) asks for, offline and without touching the work tree: in a temporary
// copy of the project with "strict": true under package.json's "n8n" section.
//  1. strict mode first requires eslint.config.mjs to be n8n's default file, unchanged;
//  2. then `eslint .` with that default config must pass on the whole project.
// Step 2 runs on the copy with the default eslint.config.mjs put back, so both verdicts
// show even when step 1 fails. Exit code 0 only when both pass. --verbose prints
// ESLint's full output.
import { execFileSync, spawnSync } from 'node:child_process';
import {
	cpSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const verbose = process.argv.includes('--verbose');
const cliConfig = createRequire(path.join(root, 'package.json')).resolve('@n8n/node-cli/eslint');
const defaultConfig = path.resolve(
	path.dirname(cliConfig),
	'../template/templates/shared/default/eslint.config.mjs',
);
const SHIPPED = /^(nodes|credentials)\/|^package\.json$/;

// ESLint's stylish output: a file path line, then "  line:col  error  message  rule" lines.
function findings(output, copy) {
	const found = [];
	let file;
	for (const line of output.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
		if (line.startsWith(copy + path.sep)) file = path.relative(copy, line.trim());
		const hit = /^\s+\d+:\d+\s+(error|warning)\s+.*?\s(\S+)\s*$/.exec(line);
		if (hit && file) found.push({ file, rule: hit[2] });
	}
	return found;
}

function lintIn(copy) {
	const run = spawnSync(path.join(copy, 'node_modules/.bin/n8n-node'), ['lint'], {
		cwd: copy,
		encoding: 'utf8',
		env: { ...process.env, CI: 'true' },
	});
	return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

function tally(list, key) {
	const counts = new Map();
	for (const item of list) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
	return [...counts].sort((a, b) => b[1] - a[1]);
}

const copy = mkdtempSync(path.join(tmpdir(), 'n8n-strict-'));
let failed = false;
try {
	const tracked = execFileSync(
		'git',
		['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
		{
			cwd: root,
			encoding: 'utf8',
		},
	)
		.split('\0')
		.filter((file) => file && !file.startsWith('node_modules/'));
	for (const file of tracked) {
		mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
		try {
			cpSync(path.join(root, file), path.join(copy, file));
		} catch {
			// listed by git but deleted in the work tree
		}
	}
	symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
	const pkg = JSON.parse(readFileSync(path.join(copy, 'package.json'), 'utf8'));
	pkg.n8n = { ...pkg.n8n, strict: true };
	writeFileSync(path.join(copy, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

	const asIs = lintIn(copy);
	const configChanged = /Strict mode violation/.test(asIs.output);
	if (configChanged) {
		failed = true;
		console.log("1. eslint.config.mjs: FAILS strict mode, it differs from n8n's default:");
		console.log(`   ${readFileSync(defaultConfig, 'utf8').trim().replace(/\n/g, '\n   ')}`);
		cpSync(defaultConfig, path.join(copy, 'eslint.config.mjs'));
	} else {
		console.log("1. eslint.config.mjs: n8n's default, as strict mode requires");
	}

	const result = configChanged ? lintIn(copy) : asIs;
	const found = findings(result.output, copy);
	if (verbose) console.log(result.output);
	if (result.ok) {
		console.log("2. `eslint .` with n8n's default config: clean");
	} else {
		failed = true;
		const shipped = found.filter((f) => SHIPPED.test(f.file));
		console.log(
			`2. \`eslint .\` with n8n's default config: ${found.length} finding(s), ${shipped.length} in shipped code (nodes/, credentials/, package.json)`,
		);
		for (const [folder, count] of tally(found, (f) => f.file.split('/')[0]))
			console.log(`   ${String(count).padStart(4)}  ${folder}`);
		console.log('   by rule:');
		for (const [rule, count] of tally(found, (f) => f.rule))
			console.log(`   ${String(count).padStart(4)}  ${rule}`);
		if (!found.length) console.log(result.output);
	}
} finally {
	rmSync(copy, { recursive: true, force: true });
}
console.log(failed ? 'n8n strict lint: fails (see above)' : 'n8n strict lint: passes');
process.exit(failed ? 1 : 0);
