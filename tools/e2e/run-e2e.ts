/**
 * `npm run test:e2e`: the package, packed as npm would publish it, installed into
 * real n8n releases as a community package and run by n8n's own CLI against the
 * local Intercom simulator.
 *
 * 1. `npm run build`, then `npm pack` into a temporary folder (tools/real-n8n/pack.ts).
 * 2. For each n8n line (2.x on Node 24, 1.x on the Node running this script; see
 *    tools/real-n8n/lines.ts): install that n8n (and Node 24) into a cache outside the
 *    project, once; a marker file makes later runs reuse it (tools/real-n8n/cache.ts).
 * 3. Per line, cli-line.ts: a fresh N8N_USER_FOLDER with the tarball installed into
 *    its `.n8n/nodes` folder (tools/real-n8n/instance.ts), the Intercom simulator in this
 *    process, `n8n import:credentials`, `n8n import:workflow` of
 *    archive-three-ways.workflow.json and dry-run-three-ways.workflow.json, and
 *    `n8n execute --id … --rawOutput` of the dry run (which must change nothing), then
 *    of the archive.
 * 4. The execution's output (three User objects, paired items) and the requests the
 *    simulator received (method, raw path and query, headers) are checked (checks.ts).
 *    Then the README's clean-up recipe runs, its dry run first (cleanup.ts).
 * 5. On the 2.x line, the AI Agent and MCP checks (agents/agents-line.ts): the tool
 *    variant under n8n's AI Agent with a scripted model on 127.0.0.1, and under the MCP
 *    Server Trigger with the official MCP client; what each call changed and what the
 *    model received (the texts, their sizes, a table).
 * 6. PASS/FAIL per line, the timings, and a closing `e2e: N passed, N failed`; the exit
 *    code is non-zero on any failure.
 *
 * Environment: E2E_CACHE_DIR (cache root), E2E_LINES (e.g. "2.x" or "1.x,2.x"),
 * E2E_N8N1_VERSION, E2E_N8N2_VERSION, E2E_NODE24_VERSION (override the pins),
 * E2E_N8N1_EXPRESSION_ENGINE, E2E_KEEP_TMP=1 (keep the temporary folder), E2E_AGENTS
 * (`0` skips the AI Agent and MCP checks, `only` runs only them), E2E_AGENT_LEAN
 * (`enforce` or `report`, see agents/expectations.ts).
 * See tools/e2e/README.md.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { cacheRoot } from '../real-n8n/cache';
import type { LineSpec } from '../real-n8n/lines';
import { LINES, selectLines } from '../real-n8n/lines';
import type { Timing } from '../real-n8n/log';
import { seconds, taggedLog } from '../real-n8n/log';
import { buildProject, packProject } from '../real-n8n/pack';
import { exitAfterCleanup, killChildrenOnSignals } from '../real-n8n/process';
import { PACKAGE_NAME, PROJECT_ROOT } from '../real-n8n/project';
import { runAgentChecks } from './agents/agents-line';
import type { LineResult } from './cli-line';
import { runLine } from './cli-line';

const log = taggedLog('e2e');

/** Prints the timings of every step, then PASS/FAIL per line and the closing summary line. */
function report(topTimings: Timing[], results: LineResult[]): void {
	console.log('');
	console.log('Timings:');
	for (const timing of topTimings) console.log(`  ${timing.step.padEnd(36)} ${seconds(timing.ms)}`);
	for (const result of results) {
		for (const timing of result.timings) {
			const value = timing.cached ? 'cached' : seconds(timing.ms);
			console.log(`  [${result.label}] ${timing.step.padEnd(31)} ${value}`);
		}
	}
	console.log(`  total${' '.repeat(31)} ${seconds(Date.now() - log.startedAt)}`);
	console.log('');
	console.log('Results:');
	for (const result of results) {
		const note = result.note ? ` [${result.note}]` : '';
		console.log(
			`${result.passed ? 'PASS' : 'FAIL'} n8n ${result.n8nVersion} (${result.label}) ` +
				`on Node ${result.nodeVersion}${note}`,
		);
	}
	const passed = results.filter((r) => r.passed).length;
	console.log(`e2e: ${passed} passed, ${results.length - passed} failed`);
}

/** E2E_AGENTS: `1` (default) the AI Agent and MCP checks after the CLI test, `0` none, `only` only them. */
function agentsMode(): '1' | '0' | 'only' {
	const chosen = process.env.E2E_AGENTS;
	return chosen === '0' || chosen === 'only' ? chosen : '1';
}

/** A line result with nothing run yet (E2E_AGENTS=only). */
function emptyResult(line: LineSpec): LineResult {
	return {
		label: line.label,
		n8nVersion: line.n8nVersion,
		nodeVersion: '?',
		passed: true,
		failures: [],
		timings: [],
		note: line.note,
	};
}

/**
 * Runs the AI Agent and MCP checks on the 2.x line (and says so on the others) and
 * adds their failures, timings and a note to `result`.
 */
async function addAgentChecks(
	result: LineResult,
	line: LineSpec,
	agents: '1' | '0' | 'only',
	where: { root: string; tarball: string; tmpRoot: string },
): Promise<void> {
	if (agents === '0') return;
	const extra = (note: string) => (result.note = result.note ? `${result.note}; ${note}` : note);
	if (line.label !== '2.x') {
		log(`AI Agent and MCP checks: not run on the ${line.label} line (they run on 2.x only)`);
		extra('AI Agent and MCP checks: 2.x only');
		return;
	}
	log(`=== n8n ${line.label}: AI Agent and MCP checks ===`);
	const checks = await runAgentChecks(line, where.root, where.tarball, where.tmpRoot, log);
	result.failures.push(...checks.failures);
	result.timings.push(...checks.timings);
	if (result.nodeVersion === '?') result.nodeVersion = checks.nodeVersion;
	result.passed = result.failures.length === 0;
	extra(agents === 'only' ? 'AI Agent and MCP checks only' : 'with the AI Agent and MCP checks');
}

/** Runs the selected lines and reports; resolves with the exit code (0, 1, or 2 for bad E2E_LINES). */
async function main(): Promise<number> {
	const lines = selectLines(process.env.E2E_LINES || '2.x,1.x');
	if (lines.length === 0) {
		console.error(
			`E2E_LINES=${process.env.E2E_LINES} selects none of: ${LINES.map((l) => l.label).join(', ')}`,
		);
		return 2;
	}
	const root = cacheRoot();
	mkdirSync(root, { recursive: true });
	const tmpRoot = mkdtempSync(path.join(os.tmpdir(), `${PACKAGE_NAME}-e2e-`));
	log(`project ${PROJECT_ROOT}; cache ${root}; temporary folder ${tmpRoot}`);
	log(
		`runner: Node ${process.version} (${process.execPath}), lines: ` +
			lines.map((l) => `${l.label} = n8n ${l.n8nVersion}`).join(', '),
	);

	const topTimings: Timing[] = [];
	let started = Date.now();
	await buildProject(path.join(tmpRoot, 'build.log'));
	topTimings.push({ step: 'npm run build', ms: Date.now() - started });
	log(`npm run build done in ${seconds(Date.now() - started)}`);

	started = Date.now();
	const { tarball, fileCount } = await packProject(path.join(tmpRoot, 'pack'));
	topTimings.push({ step: 'npm pack', ms: Date.now() - started });
	log(`packed ${path.basename(tarball)} (${fileCount} files)`);

	const agents = agentsMode();
	const results: LineResult[] = [];
	for (const line of lines) {
		const result =
			agents === 'only' ? emptyResult(line) : await runLine(line, root, tarball, tmpRoot, log);
		await addAgentChecks(result, line, agents, { root, tarball, tmpRoot });
		results.push(result);
		for (const failure of result.failures) log(`FAIL reason: ${failure}`);
		log(
			`${result.passed ? 'PASS' : 'FAIL'}: n8n ${result.n8nVersion} on Node ${result.nodeVersion}`,
		);
	}

	report(topTimings, results);
	const allPassed = results.every((r) => r.passed);
	if (allPassed && process.env.E2E_KEEP_TMP !== '1') {
		rmSync(tmpRoot, { recursive: true, force: true });
	} else {
		console.log(`temporary files kept in ${tmpRoot}`);
	}
	return allPassed ? 0 : 1;
}

killChildrenOnSignals();

main().then(
	(code) => exitAfterCleanup(code),
	(error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		console.log('e2e: 0 passed, 1 failed');
		exitAfterCleanup(1);
	},
);
