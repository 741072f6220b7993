/**
 * `npm run test:queue`: the packed package in real n8n 2.x queue mode, with Redis,
 * PostgreSQL 17, one main and several workers, archiving many Intercom users that
 * share one rate limit (the simulator's: 1,000 requests per 10-second window).
 *
 * 1. `npm run build`, `npm pack`; n8n 2.41.1 and Node 24 from the e2e cache.
 * 2. Redis and PostgreSQL on loopback (tools/real-n8n/services.ts); the package installed
 *    once in the shared user folder; credential and workflow imported and published;
 *    the main started (cluster.ts).
 * 3. For each worker count (1, 2, 4): the users posted in 20 webhook calls at once and
 *    archived (scenarios.ts `runThroughput`).
 * 4. Two workers, one killed with SIGKILL mid-run, the lost batches posted again with
 *    Ignore Not Found on (`runWorkerKill`).
 * 5. The table of workers × wall/bound × 429 share, the worker-kill account, the
 *    timings, and `N passed, N failed`; exit code 1 on any failure. `npm run
 *    bench:queue` (the full run with --write-benchmarks) also writes its figures into
 *    BENCHMARKS.md, between the queue-mode markers; the test itself writes no file.
 *
 *   npm run test:queue                        10,000 users; 1, 2 and 4 workers; kill
 *   npm run test:queue -- --quick             2,000 users; 2 workers; kill (a few minutes)
 *   npm run test:queue -- --users=4000 --workers=2,4 --no-kill
 *
 * Environment: E2E_CACHE_DIR, E2E_N8N2_VERSION, E2E_NODE24_VERSION (see tools/e2e/README.md);
 * QUEUE_KEEP_TMP=1 keeps the temporary folder after a passing run;
 * QUEUE_EXPRESSION_ENGINE (default legacy, see cluster.ts); QUEUE_CPU_PROF=<folder> for
 * worker CPU profiles; PG_LOG_STATEMENTS=1 logs every SQL statement to postgres.log.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_TOKEN } from '../../intercom-simulator/simulator';
import { generateUsers } from '../../bench/users';
import { cacheRoot } from '../../real-n8n/cache';
import { NETWORK_GUARD } from '../../real-n8n/instance';
import { prepareLine, selectLines } from '../../real-n8n/lines';
import type { Timing } from '../../real-n8n/log';
import { seconds, stepTimer, taggedLog } from '../../real-n8n/log';
import { buildProject, packProject } from '../../real-n8n/pack';
import { exitAfterCleanup, freePort, killChildrenOnSignals } from '../../real-n8n/process';
import { runStamp, writeQueueBenchmarks } from './benchmarks';
import { QueueCluster } from './cluster';
import { flattedParser } from './executions';
import type { RunContext, RunResult } from './scenarios';
import { runThroughput, runWorkerKill } from './scenarios';

const log = taggedLog('queue');

/** The run's settings, from the command line. */
export interface QueueFlags {
	users: number;
	calls: number;
	workers: number[];
	kill: boolean;
	/** True for the full run with --write-benchmarks: only that one writes BENCHMARKS.md. */
	writeBenchmarks: boolean;
}

/** Reads `--quick`, `--users=N`, `--calls=N`, `--workers=1,2,4`, `--no-kill` and `--write-benchmarks` (alone). */
export function parseFlags(argv: string[]): QueueFlags {
	const quick = argv.includes('--quick');
	const value = (name: string): string | undefined =>
		argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
	const users = Number(value('users') ?? (quick ? 2_000 : 10_000));
	const calls = Number(value('calls') ?? 20);
	// `--workers=0`: no throughput run (only the worker kill, unless --no-kill).
	const workers = (value('workers') ?? (quick ? '2' : '1,2,4'))
		.split(',')
		.map(Number)
		.filter((n) => n !== 0);
	if (!(users > 0) || !(calls > 0) || workers.some((n) => !(n > 0))) {
		throw new Error(`bad flags: ${argv.join(' ')}`);
	}
	const kill = !argv.includes('--no-kill');
	const writeBenchmarks = argv.length === 1 && argv[0] === '--write-benchmarks';
	return { users, calls, workers, kill, writeBenchmarks };
}

/** The Intercom-shaped limit of the simulator: 1,000 requests per 10-second window. */
const LIMIT = 1_000;
const WINDOW_MS = 10_000;

/** The targets, reported as pass or MISS: wall ≤ 1.05 × the bound, 429s ≤ 0.5 % of answers. */
const MAX_WALL_RATIO = 1.05;
const MAX_429_SHARE = 0.005;

async function main(): Promise<number> {
	killChildrenOnSignals();
	const flags = parseFlags(process.argv.slice(2));
	const timings: Timing[] = [];
	const time = stepTimer(timings);
	const tmp = mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));
	// PostgreSQL runs as the `postgres` user when this runs as root: it must reach its folder.
	chmodSync(tmp, 0o755);
	log(
		`${flags.users} users in ${flags.calls} webhook calls; workers ${flags.workers.join(', ')}` +
			`${flags.kill ? '; then a worker killed' : ''}; folder ${tmp}`,
	);
	const results: RunResult[] = [];
	let setupFailure: string | undefined;
	let cluster: QueueCluster | undefined;
	try {
		await time('build', () => buildProject(path.join(tmp, 'build.log')));
		const { tarball } = await time('pack', () => packProject(path.join(tmp, 'pack')));
		const [line] = selectLines('2.x');
		const { runtime, n8nBin } = await prepareLine(line, cacheRoot(), log, timings);
		const simPort = await freePort();
		const dir = path.join(tmp, 'cluster');
		mkdirSync(dir);
		cluster = await time('Redis, PostgreSQL, install, import, publish', () =>
			QueueCluster.create({
				runtime,
				n8nBin,
				dir,
				tarball,
				simulatorUrl: `http://127.0.0.1:${simPort}`,
				token: DEFAULT_TOKEN,
				log,
			}),
		);
		const live = cluster;
		await time('n8n main start', () => live.startMain());
		const context: RunContext = {
			cluster,
			simPort,
			users: generateUsers(flags.users),
			calls: flags.calls,
			limit: LIMIT,
			windowMs: WINDOW_MS,
			maxWallRatio: MAX_WALL_RATIO,
			max429Share: MAX_429_SHARE,
			parse: flattedParser(n8nBin),
			log,
		};
		for (const workers of flags.workers) {
			const result = await time(`${workers} worker(s)`, () => runThroughput(context, workers));
			result.load = os.loadavg()[0];
			results.push(result);
			report(result);
		}
		if (flags.kill) {
			const result = await time('worker killed', () => runWorkerKill(context));
			result.load = os.loadavg()[0];
			results.push(result);
			report(result);
		}
		if (!cluster.n8n.guardLoaded()) {
			setupFailure = `the network guard ${NETWORK_GUARD} was not loaded into the n8n processes`;
		}
		const attempts = cluster.n8n.networkAttempts();
		if (attempts.length > 0) {
			setupFailure = `n8n tried to reach the network (refused): ${attempts.join('; ')}`;
		}
	} catch (error) {
		setupFailure = error instanceof Error ? error.message : String(error);
	} finally {
		await cluster?.stop();
	}

	console.log('');
	console.log(table(results).join('\n'));
	for (const result of results.filter((r) => r.notes.length > 0)) {
		console.log(`\n${result.label}:`);
		for (const line of result.notes) console.log(`  ${line}`);
	}
	console.log('\nTimings:');
	for (const timing of timings) {
		console.log(`  ${timing.step.padEnd(44)} ${timing.cached ? 'cached' : seconds(timing.ms)}`);
	}
	console.log(`  ${'total'.padEnd(44)} ${seconds(Date.now() - log.startedAt)}`);
	if (setupFailure) console.log(`\nFAIL setup: ${setupFailure}`);
	const failed = results.filter((r) => r.failures.length > 0).length + (setupFailure ? 1 : 0);
	const passed = results.length - results.filter((r) => r.failures.length > 0).length;
	if (flags.writeBenchmarks && !setupFailure && results.length > 0) {
		writeQueueBenchmarks(results, {
			users: flags.users,
			calls: flags.calls,
			limit: LIMIT,
			windowMs: WINDOW_MS,
			minutes: (Date.now() - log.startedAt) / 60_000,
			maxWallRatio: MAX_WALL_RATIO,
			max429Share: MAX_429_SHARE,
			stamp: runStamp(),
		});
		console.log('\nBENCHMARKS.md: queue-mode section written');
	}
	if (failed > 0 || process.env.QUEUE_KEEP_TMP === '1') {
		console.log(`\nlogs, the n8n user folder and the service logs are in ${tmp}`);
	} else {
		rmSync(tmp, { recursive: true, force: true });
	}
	console.log(`\n${passed} passed, ${failed} failed`);
	return failed > 0 ? 1 : 0;
}

/** Prints PASS/FAIL of one run with its failures. */
function report(result: RunResult): void {
	const verdict = result.failures.length === 0 ? 'PASS' : 'FAIL';
	log(`${verdict} ${result.label}`);
	for (const failure of result.failures) log(`  - ${failure}`);
	for (const miss of result.misses) log(`  - target missed (reported, not failed): ${miss}`);
}

/** The closing table: one row per run. */
export function table(results: RunResult[]): string[] {
	const rows = [
		[
			'run',
			'users',
			'wall',
			'bound',
			'wall/bound',
			'answers',
			'429',
			'429 share',
			'load',
			'result',
		],
		...results.map((r) => [
			r.label,
			String(r.users),
			seconds(r.wallMs),
			r.paced ? seconds(r.boundMs) : '-',
			r.paced ? (r.wallMs / r.boundMs).toFixed(2) : '-',
			String(r.answers),
			String(r.rateLimited),
			`${((r.rateLimited / Math.max(1, r.answers)) * 100).toFixed(2)} %`,
			r.load === undefined ? '-' : r.load.toFixed(1),
			r.failures.length > 0 ? 'FAIL' : r.misses.length > 0 ? 'pass, target MISS' : 'PASS',
		]),
	];
	const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
	return rows.map((row) =>
		row
			.map((cell, col) => cell.padEnd(widths[col]))
			.join('  ')
			.trimEnd(),
	);
}

main().then(
	(code) => exitAfterCleanup(code),
	(error: unknown) => {
		console.error(error);
		console.log('0 passed, 1 failed');
		exitAfterCleanup(1);
	},
);
