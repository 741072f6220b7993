/**
 * `npm run bench`: benchmarks the built Intercom Users node (dist/) in n8n's
 * real engine against the local Intercom simulator over real HTTP on
 * 127.0.0.1, prints the tables and writes BENCHMARKS.md.
 *
 *   npm run bench                      full run (about 20 minutes on 2 cores)
 *   npm run bench -- --quick           smoke check, a few minutes: every scenario at small N (no BENCHMARKS.md unless --out)
 *   npm run bench -- --help            the flags below
 *
 * Flags: --items N (scenario 1, default 10000), --rate-items N (scenario 2, default 2000),
 * --rate-limit L and --rate-window-ms MS (default 100 per 1000), --scaling 1000,10000,50000
 * (scenario 3) or --no-scaling, --first-request 1000,10000,50000 (scenario 4),
 * --yield-rate-items N (scenario 5, default 10000; 0 skips it), --phases 0,50,100,500,900
 * (scenario 6, ms after a whole second), --reps R (repetitions for N <= 10,000; default 3;
 * larger N run once), --rate-reps R (main rate run; default 3, --quick 1), --raw-concurrency
 * N|auto, --profile auto|always|never (default auto: profile the worker when a target is
 * missed), --profile-dir DIR (keep the .cpuprofile files), --timeout-s S (per worker, default
 * 900), --quick, --out FILE (default docs/BENCHMARKS.md for a full run).
 *
 * The simulator runs in this (parent) process; each measured run is a fresh
 * child process (tools/bench/worker.ts) against a fresh simulator seeded with the N
 * users, so the worker's memory figures hold only the run itself. Targets are
 * reported (PASS / MISS), never asserted: the exit code is 0 unless the
 * benchmark itself breaks.
 *
 * Files: flags.ts (command line), machine.ts (machine facts and connection limits),
 * measure.ts (one worker run against a fresh simulator), scenarios.ts (the scenarios,
 * their targets and medians), tables.ts and format.ts (terminal and Markdown tables),
 * profiling.ts (CPU profiles of missed targets, summarised by cpuprofile.ts),
 * report.ts (BENCHMARKS.md); worker.ts is the measured process, sim.ts and users.ts
 * the seeded simulator. Worker processes are run with tools/real-n8n/process.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { BEGIN_MARKER, END_MARKER } from '../e2e/queue/benchmarks';
import { exitAfterCleanup, killChildrenOnSignals } from '../real-n8n/process';
import { PROJECT_ROOT as ROOT } from '../real-n8n/project';
import { parseFlags } from './flags';
import { fmt } from './format';
import { machineFacts } from './machine';
import { takeProfiles } from './profiling';
import { benchmarksMarkdown } from './report';
import { YIELD_BATCHING } from './measure';
import type { FirstRequestRow, OverheadRow, RateRow } from './scenarios';
import { runFirstRequest, runOverhead, runRate } from './scenarios';
import {
	failureNotes,
	firstRequestTable,
	overheadTable,
	ratioTable,
	rateTable,
	scalingTable,
} from './tables';

/** What `--help` prints (the same as this file's notes). */
const USAGE = `npm run bench [-- flags]\n\nFlags: --items N (scenario 1, default 10000), --rate-items N (scenario 2, default 2000),
--rate-limit L and --rate-window-ms MS (default 100 per 1000), --scaling 1000,10000,50000
(scenario 3) or --no-scaling, --first-request 1000,10000,50000 (scenario 4),
--yield-rate-items N (scenario 5, default 10000; 0 skips it), --phases 0,50,100,500,900
(scenario 6, ms after a whole second), --reps R (repetitions for N <= 10,000; default 3;
larger N run once), --rate-reps R (main rate run; default 3, --quick 1), --raw-concurrency
N|auto, --profile auto|always|never (default auto: profile the worker when a target is
missed), --profile-dir DIR (keep the .cpuprofile files), --timeout-s S (per worker, default
900), --quick, --out FILE (default docs/BENCHMARKS.md for a full run).`;

/** Runs every scenario, prints the report and writes BENCHMARKS.md. */
async function main(): Promise<void> {
	if (process.argv.includes('--help')) {
		console.log(USAGE);
		return;
	}
	const flags = parseFlags(process.argv.slice(2));
	if (!existsSync(path.join(ROOT, 'dist', 'nodes', 'IntercomUsers', 'IntercomUsers.node.js'))) {
		throw new Error('dist/ is not built: run `npm run build` first (npm run bench does).');
	}
	const started = Date.now();
	const log = (s: string) => console.log(s);
	const facts = machineFacts();
	log('Intercom Users node benchmark');
	for (const [k, v] of facts) log(`  ${k}: ${v}`);
	let peerLine: string;
	try {
		require.resolve('n8n-nodes-base/package.json', { paths: [ROOT] });
		peerLine =
			'Peer: n8n-nodes-base is installed, but this script does not benchmark its Intercom node.';
	} catch {
		peerLine =
			"Peer: n8n's built-in Intercom node (n8n-nodes-base) — SKIPPED: n8n-nodes-base cannot be installed on this machine " +
			"(its xlsx dependency's tarball is unreachable, no network), so there is no built-in node to run next to ours.";
	}
	log(peerLine);

	const overheadSizes = [...new Set([flags.items, ...flags.scaling])].sort((a, b) => a - b);
	log(
		`\nScenario 1 — engine overhead (unlimited window), N = ${overheadSizes.map((n) => fmt(n)).join(', ')}`,
	);
	const overhead: OverheadRow[] = [];
	for (const n of overheadSizes) overhead.push(await runOverhead(flags, n, log));

	log(
		`\nScenario 2 — rate-limit bound: N = ${fmt(flags.rateItems)}, limit ${flags.rateLimit} per ${flags.rateWindowMs} ms (enforced)`,
	);
	const rateMain = await runRate(
		flags,
		flags.rateItems,
		flags.rateLimit,
		flags.rateWindowMs,
		flags.rateReps,
		log,
	);
	const rateScaling: RateRow[] = [];
	if (flags.scaling.length > 0) {
		log('\nScenario 3 — rate-limit scaling: limit = N/20 per 1000 ms, so every bound is 20 s');
		for (const n of flags.scaling) {
			rateScaling.push(await runRate(flags, n, Math.max(1, Math.round(n / 20)), 1000, 1, log));
		}
	}

	const firstRequest: FirstRequestRow[] = [];
	if (flags.firstRequest.length > 0) {
		log(
			'\nScenario 4 — time to the first request: n8n defaults vs the Batching yield (unlimited window)',
		);
		for (const n of flags.firstRequest) firstRequest.push(await runFirstRequest(flags, n, log));
	}
	const yieldRate: RateRow[] = [];
	if (flags.yieldRateItems > 0) {
		const n = flags.yieldRateItems;
		log(`\nScenario 5 — N = ${fmt(n)} at 100 per 1000 ms: n8n defaults vs the Batching yield`);
		yieldRate.push(await runRate(flags, n, 100, 1000, 1, log));
		yieldRate.push(await runRate(flags, n, 100, 1000, 1, log, YIELD_BATCHING));
	}

	const phaseRate: RateRow[] = [];
	if (flags.phases.length > 0) {
		log(
			`\nScenario 6 — window phase: N = ${fmt(flags.rateItems)} at 100 per 1000 ms, windows opening ${flags.phases.join(', ')} ms after a whole second`,
		);
		for (const phase of flags.phases) {
			phaseRate.push(await runRate(flags, flags.rateItems, 100, 1000, 1, log, undefined, phase));
		}
	}

	// Profiles: when a target is missed (or always), profile one representative run with node --cpu-prof.
	const profiles = await takeProfiles(flags, overhead, rateMain, rateScaling, log);

	// ------------------------------------------------------------ print + write
	const t1 = overheadTable(overhead);
	const t1ratio = ratioTable(overhead);
	const t2 = rateTable([rateMain]);
	const t3 = scalingTable(overhead, rateScaling);
	const t3rate = rateTable(rateScaling);
	const t4 = firstRequestTable(firstRequest);
	const t5 = rateTable(yieldRate);
	const t6 = rateTable(phaseRate);
	const minutes = (Date.now() - started) / 60_000;
	log('\n=== Scenario 1: engine overhead (unlimited window; medians) ===');
	log(t1.text);
	log('');
	log(t1ratio.text);
	const failures = failureNotes(overhead);
	for (const note of failures) log(`  failed: ${note}`);
	log('\n=== Scenario 2: rate-limit bound ===');
	log(t2.text);
	if (rateScaling.length > 0) {
		log('\n=== Scenario 3: scaling ===');
		log(t3.text);
		log('\nRate-limit runs behind the scaling table:');
		log(t3rate.text);
	}
	if (firstRequest.length > 0) {
		log('\n=== Scenario 4: time to the first request ===');
		log(t4.text);
	}
	if (yieldRate.length > 0) {
		log('\n=== Scenario 5: rate-limited run with the Batching yield ===');
		log(t5.text);
	}
	if (phaseRate.length > 0) {
		log('\n=== Scenario 6: window phase ===');
		log(t6.text);
	}
	log(`\n${peerLine}`);
	log(`Total benchmark time: ${fmt(minutes, 1)} min`);

	if (!flags.out) {
		log('\n(--quick: BENCHMARKS.md not written; pass --out FILE to write one)');
		return;
	}
	const md = benchmarksMarkdown({
		flags,
		facts,
		minutes,
		peerLine,
		tables: { t1, t1ratio, t2, t3, t3rate, t4, t5, t6 },
		failures,
		rateScaling,
		profiles,
	});
	writeFileSync(flags.out, keepQueueBlock(flags.out, md));
	log(`\nWrote ${path.relative(process.cwd(), flags.out) || flags.out}`);
}

/**
 * `md` with the queue-mode block of the file it replaces kept at its end: that block
 * (between the markers) is written by `npm run bench:queue`, not by this benchmark.
 */
function keepQueueBlock(file: string, md: string): string {
	if (!existsSync(file)) return md;
	const old = readFileSync(file, 'utf8');
	const begin = old.indexOf(BEGIN_MARKER);
	const end = old.indexOf(END_MARKER);
	if (begin < 0 || end < begin) return md;
	return `${md.trimEnd()}\n\n${old.slice(begin, end + END_MARKER.length)}\n`;
}

killChildrenOnSignals();

main().then(
	() => exitAfterCleanup(0),
	(error: unknown) => {
		console.error(
			`The benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
		);
		exitAfterCleanup(1);
	},
);
