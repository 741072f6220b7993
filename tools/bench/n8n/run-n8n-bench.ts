/**
 * `npm run bench:n8n`: this node against what users would pick instead, in real n8n
 * 2.x (the CLI `n8n execute`, n8n 2.41.1 on Node 24 from the e2e install cache, its
 * default settings and expression engine), against the Intercom simulator.
 *
 * Rows (peers.ts): this node by email, by ID, and by email with Batching 10/1 ms; the
 * HTTP Request node with our credential type as its predefined credential, with and
 * without Batching as n8n's docs advise for rate limits; n8n's built-in Intercom node
 * (User → Delete, by ID; its fixed https://api.intercom.io is sent to the simulator
 * through a TLS front with a throw-away certificate); and a NoOp baseline of the same
 * workflow shape, which every row is measured net of. N = 1,000 and 10,000 for every
 * peer, 50,000 for this node only, unlimited (simulator limit never reached) and under
 * an Intercom-shaped limit (10-second windows, 1,000 per window: 10,000 items ≈ 100 s).
 * Every run gets a fresh simulator; repetitions alternate the peers' order; tables show
 * medians and ratios against this node from the same run.
 *
 *   npm run bench:n8n                   # full run, writes BENCHMARKS-n8n.md (tens of minutes)
 *   npm run bench:n8n -- --quick        # smoke: N=1,000, one repetition, prints only
 *   npm run bench:n8n -- --profile oursEmail,httpRequest [--profile-items 2000]
 *                                       # CPU profile + expression counts per item instead
 * The full run also profiles this node by email and the HTTP Request node once each
 * (untimed) for the report's "Where the time goes"; --no-profile leaves that out.
 * --rows baseline,oursEmail,oursEmailNoFastPath runs only those rows (the last one: the
 * fast path's control, Email `={{ String($json.email) }}`).
 * --simplify runs only the NoOp row and a new (1.1) node by email with Simplify on and off,
 * with the lean bench users and with whole Intercom 1.4 users, unlimited at 10,000 items,
 * without the expression counts, and writes BENCHMARKS-n8n-simplify.md: memory per 1,000
 * items and the output item's JSON size, on against off (with --quick: 1,000 items, prints
 * only; adding oursEmail to its --rows adds version 1).
 *   npm run bench:n8n -- --cleanup [--cleanup-api users,contacts] [--cleanup-simplify on,off] [--cleanup-users 10000] [--limit-per-window 1000]
 *                                       # the README's clean-up recipe instead (cleanup.ts):
 *                                       # Get Many of N users, then Archive of each, under the
 *                                       # limit, with Simplify on and off (default both);
 *                                       # writes BENCHMARKS-n8n-cleanup.md (--quick: N=1,000, prints only)
 * Other flags: --no-count (no expression counts), --items, --ours-only-items, --ours-only-reps (default 1), --limited-items,
 * --limit-per-window, --reps, --no-build, --out <file>, --keep (keep the temporary folder).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { runCleanupBench } from './cleanup';
import { fmt } from './format';
import { taggedLog } from '../../real-n8n/log';
import { exitAfterCleanup, killChildrenOnSignals } from '../../real-n8n/process';
import { PACKAGE_NAME } from '../../real-n8n/project';
import type { TlsFront } from '../../real-n8n/tls-front';
import { HOST_REDIRECT, startTlsFront } from '../../real-n8n/tls-front';
import type { ExecuteSpec, Measurement } from './execute';
import { executeOnce, PRELOAD_DIR, UNLIMITED } from './execute';
import type { N8nBenchFlags } from './flags';
import { parseN8nFlags } from './flags';
import { ALL_KINDS, peer, WINDOW_MS } from './peers';
import { groupTimes } from './profile';
import type { RowProfile, RunKey } from './report';
import { writeReport } from './report';
import type { BenchInstance, PlannedWorkflow } from './setup';
import { importWorkflows, prepareInstance, workflowId } from './setup';
import type { Peer, PeerKind } from './workflows';

/** The host n8n's built-in Intercom node calls (its base URL is fixed). */
const INTERCOM_HOST = 'api.intercom.io';

const log = taggedLog('bench:n8n');
const MINUTE = 60_000;

/** One run to make: a row at N, limited or not. */
interface PlannedRun extends RunKey {
	peer: Peer;
	workflowId: string;
}

/** The runs of the benchmark (without repetitions), in table order. */
function planRuns(flags: N8nBenchFlags): PlannedRun[] {
	const runs: PlannedRun[] = [];
	const wanted = (kind: PeerKind) => !flags.rows || flags.rows.includes(kind);
	const add = (kind: PeerKind, n: number, limited: boolean) => {
		if (!wanted(kind)) return;
		const p = peer(kind, limited ? flags.limitPerWindow : undefined);
		runs.push({ peer: p, n, limited, workflowId: workflowId(p, n) });
	};
	const kinds = flags.rows ? (flags.rows as PeerKind[]) : ALL_KINDS;
	for (const n of flags.items) for (const kind of kinds) add(kind, n, false);
	for (const n of flags.oursOnlyItems) {
		for (const kind of ['baseline', 'oursEmail', 'oursId', 'oursEmailBatched'] as const) {
			add(kind, n, false);
		}
	}
	for (const n of flags.limitedItems) for (const kind of ALL_KINDS) add(kind, n, true);
	return runs;
}

/** What a run needs besides the instance: the built-in node's redirect and trust. */
function runSpec(
	instance: BenchInstance,
	run: PlannedRun,
	flags: N8nBenchFlags,
	scratchDir: string,
	front: TlsFront | undefined,
	extra: Partial<ExecuteSpec> = {},
): ExecuteSpec {
	const builtin = run.peer.kind === 'builtin';
	const limit = run.limited
		? { limit: flags.limitPerWindow, windowMs: WINDOW_MS, enforce: true }
		: UNLIMITED;
	const boundMs = run.limited ? (run.n / flags.limitPerWindow) * WINDOW_MS : 0;
	return {
		n8n: instance.n8n,
		workflowId: run.workflowId,
		n: run.n,
		simulatorPort: instance.simulatorPort,
		rateLimit: limit,
		fullUsers: run.peer.fullUsers,
		scratchDir,
		// Generous: a MISS is reported, not cut short, unless it runs away.
		timeoutMs: Math.max(10 * MINUTE, 5 * boundMs + run.n * 50),
		...(builtin && front
			? {
					preloads: [HOST_REDIRECT],
					env: {
						E2E_HOST_REDIRECT: `${front.host}=127.0.0.1:${front.port}`,
						NODE_EXTRA_CA_CERTS: front.certFile,
					},
				}
			: {}),
		...extra,
	};
}

/**
 * Profiles the rows `kinds` once each at `flags.profileItems` items (CPU profile of the
 * `n8n execute` process and expression counts by caller), prints the accounting per item
 * and returns it for the report.
 */
async function profileRows(
	instance: BenchInstance,
	kinds: string[],
	flags: N8nBenchFlags,
	tmpRoot: string,
	front: TlsFront | undefined,
): Promise<RowProfile[]> {
	const n = flags.profileItems;
	const runs = kinds.map((kind) => {
		const p = peer(kind as PeerKind);
		return { peer: p, n, limited: false, workflowId: workflowId(p, n) };
	});
	await importWorkflows(
		instance,
		runs.map((run) => ({ id: run.workflowId, peer: run.peer, n: run.n })),
	);
	const results: RowProfile[] = [];
	for (const run of runs) {
		const dir = path.join(tmpRoot, `profile-${run.peer.kind}`);
		mkdirSync(dir, { recursive: true });
		const countFile = path.join(dir, 'expressions.json');
		log(`profiling ${run.peer.label} at N=${fmt(n)}`);
		const spec = runSpec(instance, run, flags, tmpRoot, front);
		const measured = await executeOnce({
			...spec,
			preloads: [...(spec.preloads ?? []), path.join(PRELOAD_DIR, 'count-expressions.cjs')],
			nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
			env: { ...spec.env, BENCH_EXPRESSION_LOG: countFile },
		});
		printMeasurement(run.peer.label, n, measured);
		const result: RowProfile = {
			label: run.peer.label,
			kind: run.peer.kind,
			n,
			measured,
			groups: [],
			callers: [],
		};
		const profiles = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
		// The largest profile is the `n8n execute` process (the task runner's is small).
		const largest = profiles
			.map((f) => path.join(dir, f))
			.sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
		if (largest) {
			const times = groupTimes(largest);
			result.busyMs = times.busyMs;
			result.groups = times.groups;
			log(`  CPU profile (${path.basename(largest)}): busy ${fmt(times.busyMs)} ms`);
			for (const { group, ms } of times.groups) {
				log(`    ${fmt(ms / n, 3).padStart(7)} ms/item  ${group}`);
			}
		}
		try {
			const counts = JSON.parse(readFileSync(countFile, 'utf8')) as {
				total: number;
				byCaller: Record<string, number>;
			};
			result.evaluationsPerItem = counts.total / n;
			result.callers = Object.entries(counts.byCaller)
				.slice(0, 14)
				.map(([where, count]) => ({ where, perItem: count / n }));
			log(`  expressions evaluated: ${fmt(counts.total / n, 2)} per item`);
			for (const { where, perItem } of result.callers) {
				log(`    ${fmt(perItem, 2).padStart(6)} per item  ${where}`);
			}
		} catch {
			log('  (no expression counts were written)');
		}
		results.push(result);
	}
	return results;
}

/**
 * Expression evaluations per item of each unlimited row at its smallest N: one more
 * run per row with the counting preload (tools/bench/n8n/preload/count-expressions.cjs),
 * kept out of the timed runs because counting slows n8n down. By peer kind.
 */
async function countEvaluations(
	instance: BenchInstance,
	planned: PlannedRun[],
	flags: N8nBenchFlags,
	tmpRoot: string,
	front: TlsFront | undefined,
): Promise<Map<string, number>> {
	const counted = new Map<string, number>();
	const unlimited = planned.filter((run) => !run.limited);
	const n = Math.min(...unlimited.map((run) => run.n));
	for (const run of unlimited.filter((candidate) => candidate.n === n)) {
		if (run.peer.kind === 'baseline') continue;
		const countFile = path.join(tmpRoot, `expressions-${run.peer.kind}.json`);
		const spec = runSpec(instance, run, flags, tmpRoot, front);
		const measured = await executeOnce({
			...spec,
			preloads: [...(spec.preloads ?? []), path.join(PRELOAD_DIR, 'count-expressions.cjs')],
			env: { ...spec.env, BENCH_EXPRESSION_LOG: countFile },
		});
		try {
			const { total } = JSON.parse(readFileSync(countFile, 'utf8')) as { total: number };
			if (measured.ok) counted.set(run.peer.kind, total / n);
			log(
				`  ${run.peer.label}: ${fmt(total / n, 2)} expression evaluations per item (N=${fmt(n)})`,
			);
		} catch {
			log(`  ${run.peer.label}: no expression counts were written`);
		}
	}
	return counted;
}

/** Prints one run's figures on one line. */
function printMeasurement(label: string, n: number, m: Measurement): void {
	const statuses = [...m.statuses].map(([s, c]) => `${s}×${c}`).join(' ');
	log(
		`  ${label} ×${fmt(n)}: ${m.ok ? '' : `FAILED (${m.problem}) `}wall ${fmt(m.wallMs / 1000, 1)} s, ` +
			`node ${fmt((m.nodeMs ?? NaN) / 1000, 2)} s, first request ${fmt(m.firstRequestMs)} ms, ` +
			`failed ${fmt(m.failed)}, answers ${statuses || 'none'}, peak RSS ${fmt(m.peakRssMiB)} MiB, ` +
			`CPU ${fmt(m.cpuS, 1)} s`,
	);
	if (!m.ok) log(`--- end of its output ---\n${m.outputTail}`);
}

async function main(): Promise<void> {
	const flags = parseN8nFlags(process.argv.slice(2));
	const started = Date.now();
	const tmpRoot = mkdtempSync(path.join(os.tmpdir(), `${PACKAGE_NAME}-bench-n8n-`));
	let front: TlsFront | undefined;
	let frontProblem: string | undefined;
	try {
		const instance = await prepareInstance(tmpRoot, !flags.noBuild, log);
		try {
			front = await startTlsFront(tmpRoot, instance.simulatorPort, INTERCOM_HOST);
			log(`TLS front for ${INTERCOM_HOST} on 127.0.0.1:${front.port}`);
		} catch (error) {
			frontProblem = error instanceof Error ? error.message.split('\n')[0] : String(error);
			log(`no TLS front, the built-in Intercom node is skipped: ${frontProblem}`);
		}
		if (flags.cleanup !== undefined) {
			const text = await runCleanupBench(
				instance,
				{
					n: flags.cleanup,
					limit: flags.limitPerWindow,
					apis: flags.cleanupApis,
					simplify: flags.cleanupSimplify,
					out: flags.out,
					scratchDir: path.join(tmpRoot, 'cleanup'),
				},
				log,
			);
			log(`\n${text}`);
			return;
		}
		if (flags.profile.length > 0) {
			await profileRows(instance, flags.profile, flags, tmpRoot, front);
			return;
		}
		const planned = planRuns(flags).filter((run) => run.peer.kind !== 'builtin' || front);
		await importWorkflows(
			instance,
			planned.map((run): PlannedWorkflow => ({ id: run.workflowId, peer: run.peer, n: run.n })),
		);
		const results = new Map<PlannedRun, Measurement[]>(planned.map((run) => [run, []]));
		// Groups of runs measured side by side: same N, same limit.
		const groups = new Map<string, PlannedRun[]>();
		for (const run of planned) {
			const key = `${run.n} ${run.limited}`;
			groups.set(key, [...(groups.get(key) ?? []), run]);
		}
		// Groups of N that only this node runs at (50,000) repeat --ours-only-reps times.
		const repsOf = (group: PlannedRun[]) =>
			!group[0].limited && !flags.items.includes(group[0].n) ? flags.oursOnlyReps : flags.reps;
		for (let rep = 0; rep < flags.reps; rep++) {
			for (const group of groups.values()) {
				if (rep >= repsOf(group)) continue;
				const order = rep % 2 === 0 ? group : [...group].reverse();
				for (const run of order) {
					const measured = await executeOnce(runSpec(instance, run, flags, tmpRoot, front));
					results.get(run)?.push(measured);
					printMeasurement(
						`[rep ${rep + 1}/${flags.reps}${run.limited ? ', limited' : ''}] ${run.peer.label}`,
						run.n,
						measured,
					);
				}
			}
		}
		let evaluations = new Map<string, number>();
		if (flags.count) {
			log('counting expression evaluations per item (one untimed run per row)');
			evaluations = await countEvaluations(instance, planned, flags, tmpRoot, front);
		}
		const kinds = flags.reportProfile.filter((kind) => kind !== 'builtin' || front);
		if (kinds.length > 0) log(`profiling ${kinds.join(', ')} for the report (untimed)`);
		const profiles = await profileRows(instance, kinds, flags, tmpRoot, front);
		const report = writeReport({
			flags,
			evaluations,
			runs: planned.map((run) => ({
				key: run,
				peer: run.peer,
				measurements: results.get(run) ?? [],
			})),
			profiles,
			n8nVersion: instance.n8nVersion,
			nodeVersion: instance.nodeVersion,
			minutes: (Date.now() - started) / MINUTE,
			builtinNote: front
				? undefined
				: `The built-in Intercom node was not run: ${frontProblem ?? 'no TLS front'}.`,
		});
		log(`\n${report.text}`);
		if (report.file) log(`wrote ${report.file}`);
	} finally {
		await front?.stop();
		if (flags.keep) log(`temporary files kept in ${tmpRoot}`);
		else rmSync(tmpRoot, { recursive: true, force: true });
	}
}

killChildrenOnSignals();
main().then(
	() => exitAfterCleanup(0),
	(error: unknown) => {
		console.error(error instanceof Error ? (error.stack ?? error.message) : error);
		exitAfterCleanup(1);
	},
);
