/**
 * BENCHMARKS.md: the tables, the flags and machine facts, the profiles and the
 * method notes of one full run.
 */
import type { Table } from './format';
import { fmt } from './format';
import { profileMarkdown } from './cpuprofile';
import type { Flags } from './flags';
import type { Profile } from './profiling';
import { YIELD_BATCHING } from './measure';
import type { RateRow } from './scenarios';
import { RATE_TIMEOUT_FACTOR, UNLIMITED } from './scenarios';
import { profileVerdict } from './tables';

/** Everything BENCHMARKS.md is written from. */
export interface ReportInput {
	flags: Flags;
	/** The machine facts, as label and value (see machine.ts). */
	facts: Array<[string, string]>;
	/** Wall time of the whole benchmark (minutes). */
	minutes: number;
	/** The sentence on n8n's built-in Intercom node. */
	peerLine: string;
	/** Scenario 1 (t1, t1ratio), scenario 2 (t2) and scenario 3 (t3, t3rate) tables. */
	tables: {
		t1: Table;
		t1ratio: Table;
		t2: Table;
		t3: Table;
		t3rate: Table;
		t4: Table;
		t5: Table;
		t6: Table;
	};
	/** One note per way and N with failed items (see failureNotes in tables.ts). */
	failures: string[];
	rateScaling: RateRow[];
	profiles: Profile[];
}

/** The Markdown text of BENCHMARKS.md for one run. */
export function benchmarksMarkdown(input: ReportInput): string {
	const { flags, facts, minutes, peerLine, failures, rateScaling, profiles } = input;
	const { t1, t1ratio, t2, t3, t3rate, t4, t5, t6 } = input.tables;
	const command = `npm run bench${flags.argv.length > 0 ? ` -- ${flags.argv.join(' ')}` : ''}`;
	const md: string[] = [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (tools/bench/run-bench.ts). Do not edit by hand: re-run the command below.',
		'',
		"The same node in real n8n 2.x (the `n8n execute` CLI on Node 24, side by side with the HTTP Request node and n8n's built-in Intercom node): [BENCHMARKS-n8n.md](BENCHMARKS-n8n.md), written by `npm run bench:n8n`. This file measures n8n-core's engine on Node 20 (legacy expression engine), the fast inner loop.",
		'',
		'## How to reproduce',
		'',
		'```bash',
		'npm install          # once (npm 11, see README)',
		command,
		'npm run bench -- --quick   # smoke check, a few minutes: every scenario at small N; prints only',
		'```',
		'',
		`Flags used: items ${fmt(flags.items)}, rate-items ${fmt(flags.rateItems)}, rate limit ${flags.rateLimit} per ${flags.rateWindowMs} ms, ` +
			`scaling ${flags.scaling.map((n) => fmt(n)).join(', ') || '(none)'}, reps ${flags.reps} (N ≤ 10,000; larger N once), rate reps ${flags.rateReps}, ` +
			`raw concurrency ${flags.rawConcurrency}. ` +
			`The run took ${fmt(minutes, 1)} minutes.`,
		'',
		'| machine | |',
		'|---|---|',
		...facts.map(([k, v]) => `| ${k} | ${v} |`),
		'',
		'The machine is shared and noisy: compare ratios measured in the same run, not absolute numbers across runs.',
		'',
		'## Scenario 1 — engine overhead',
		'',
		`Simulator window not enforced (limit ${fmt(UNLIMITED.limit)} per ${UNLIMITED.windowMs} ms, so X-RateLimit-Remaining never reaches 0). ` +
			'Each N is archived by email two ways, each against a fresh simulator seeded with the N users: (i) the built node in ' +
			"n8n-core's real `WorkflowExecute` (Manual Trigger → Intercom Users, Email `={{ $json.email }}`, On Error = continue so failures are counted) " +
			'and (ii) a raw `fetch` loop sending the same requests (`DELETE /users?email=<encodeURIComponent>` with `Authorization: Bearer`, ' +
			'`Accept: application/json`, `Intercom-Version: 1.4`; the simulator-side fingerprints of both ways are compared, column *same requests*). ' +
			"n8n's declarative engine hands every item's request to the node at once; the node's rate-limit gate then decides how many are in flight " +
			'(measured per run as *peak in flight*). Raw runs two ways: all N at once (capped when N exceeds what one process can hold open here, see Method notes), ' +
			"and at the engine's measured peak in flight (same effective concurrency; the target applies to this one). Medians of the runs shown; items/s counts successful items only.",
		'',
		t1ratio.md,
		'',
		t1.md,
		'',
		...(failures.length > 0 ? ['Failed items:', '', ...failures.map((n) => `- ${n}`), ''] : []),
		"Columns: *peak in flight* = most HTTP requests sent and not yet answered at once (counted through node:http's and undici's diagnostics channels); " +
			'*peak conns* = most client TCP connections open at once, closing ones included (n8n opens a new connection per request; fetch reuses them); ' +
			'*to 1st answer* = run start → first answer from the simulator (see Method notes); ' +
			"*peak RSS growth* = peak RSS during the run − RSS after loading, warm-up and GC (sampled every 20 ms and cross-checked with the kernel's VmHWM); " +
			"*longest loop stall* = longest gap between two 20 ms samples (the event loop was busy); *sim CPU µs/req* = the simulator's (parent process) CPU per answered request, to show it is not the bottleneck.",
		'',
		peerLine,
		'',
		'## Scenario 2 — rate-limit bound',
		'',
		`Simulator enforces ${flags.rateLimit} requests per ${flags.rateWindowMs} ms (fixed windows from the first request; 429 past the limit). ` +
			"Bound = N / limit × window. *first→last answer* is the span between the simulator's first and last answer; the rest of the wall time is the engine " +
			'preparing items before the first request and collecting results after the last. Targets: wall ≤ 1.05 × bound, 0 failed items, ≤ 1% of answers 429.',
		'',
		t2.md,
		'',
	];
	if (rateScaling.length > 0) {
		md.push(
			'## Scenario 3 — scaling',
			'',
			'Scenario 1 at each N (above) and the rate scenario at each N with limit = N/20 per 1000 ms, so each bound is 20 s ' +
				'(100 per s at 50,000 would take 500 s). Time and memory per item:',
			'',
			t3.md,
			'',
			'Rate-limited runs behind that table:',
			'',
			t3rate.md,
			'',
		);
	}
	if (t4.rows > 0) {
		md.push(
			'## Scenario 4 — time to the first request',
			'',
			"n8n's declarative engine (RoutingNode) prepares every item (parameters, expressions, request options) before it lets any " +
				"request go; its only pause is Batching's interval. *+yield* sets Settings → Request Options → Batching to " +
				`${YIELD_BATCHING.batchSize} items per batch and a ${YIELD_BATCHING.batchInterval} ms interval, so requests leave while later items are still being prepared. ` +
				'(Small batches: the pause lets Node.js read the network only when one batch takes less time than the shortest interval timer ' +
				"in the process, such as this benchmark's 20 ms sampler.) A node cannot set that default " +
				"itself: n8n's loader replaces a declarative node's Request Options with its own (default: none). Unlimited window, one run each.",
			'',
			t4.md,
			'',
		);
	}
	if (t5.rows > 0) {
		md.push(
			'## Scenario 5 — the rate limit with the Batching yield',
			'',
			'The same N at 100 requests per 1000 ms, with n8n defaults and with the Batching yield: the time spent preparing items before the ' +
				'first request is lost under a rate limit unless requests can leave meanwhile. Targets: wall ≤ 1.05 × bound, 0 failed, ≤ 1% 429.',
			'',
			t5.md,
			'',
		);
	}
	if (t6.rows > 0) {
		md.push(
			'## Scenario 6 — window phase',
			'',
			'Intercom rounds `X-RateLimit-Reset` up to a whole second, so a window that opens just after a whole second is announced as ending up to ' +
				'a second late. The simulator places its windows at a fixed phase after a whole second; the gate learns where windows really end ' +
				'from its own answers. Targets: wall ≤ 1.05 × bound, 0 failed, ≤ 1% 429.',
			'',
			t6.md,
			'',
		);
	}
	md.push('## Profiles', '');
	if (profiles.length === 0) {
		md.push(
			flags.profile === 'never'
				? 'Profiling was off (--profile never).'
				: 'No target was missed, so no profile was taken (use --profile always).',
			'',
		);
	} else {
		md.push(
			'Taken with `node --cpu-prof` on the worker (one extra run each), summarised by tools/bench/cpuprofile.ts ' +
				'(self time per function and per owner; samples outside the measured run — module loading, warm-up — left out). ' +
				'"ours" = this package\'s built code (dist/nodes/IntercomUsers, dist/credentials).',
			'',
		);
		for (const p of profiles) {
			md.push(`### ${p.title}`, '', profileVerdict(p.summary), '', profileMarkdown(p.summary), '');
		}
	}
	md.push(
		'## Method notes',
		'',
		'- Every measured run is a child process (`node --expose-gc --import tsx tools/bench/worker.ts --way engine|raw --items N --base-url …`); ' +
			'the simulator runs in the parent, so its memory is not counted. Workers load their modules and warm up (the engine runs the workflow once ' +
			'with zero items; raw loads fetch with a data: URL) before the baseline is taken; neither sends a warm-up request.',
		"- Simulator lookup: the simulator's store indexes users by email and user_id, so a `?email=` lookup costs the same at 50,000 users as at 1,000 and the fixture does not become the bottleneck.",
		'- Rate runs use the engine only. The main rate run is repeated `--rate-reps` times (median shown); each scaling rate run is done once (20 s each). ' +
			`A rate run still going at ${RATE_TIMEOUT_FACTOR}× its bound (at least 60 s) is killed and reported as a MISS with how far it got.`,
		'- *to 1st answer* = from the worker starting the run to the simulator sending its first answer (both on the system-wide monotonic clock): ' +
			"in the engine this is n8n's RoutingNode preparing every item (parameters, expressions) before the first request can leave.",
		'- Scenario 1 with more requests than one process can hold open (open-files limit, ephemeral ports): the engine is run as it is (it opens one ' +
			'connection per item at once); raw sends all N at once up to half the smaller limit, and above that keeps 1,000 in flight ' +
			'(a fetch loop keeps finished connections open, and at a few thousand in flight the server closes idle keep-alive connections under it). ' +
			'A capped raw loop is faster than an all-at-once one, so that ratio is the stricter one.',
		"- Reset rounding in the rate runs: X-RateLimit-Reset is whole UNIX seconds (as at Intercom) while the simulator's 1-second windows start " +
			'wherever the first request fell (or at a fixed phase, scenario 6). A gate that waited for the announced reset would lose up to a second ' +
			'per window; the node learns where windows really end from its own answers instead. Each rate run starts after a random 0–999 ms pause, ' +
			'so repetitions do not inherit one phase; the per-run wall times and phases (ms past the whole second at which the first window opened) are shown.',
		'- Targets are reported, never asserted; the script exits 0 whatever they say.',
		'',
	);
	return md.join('\n');
}
