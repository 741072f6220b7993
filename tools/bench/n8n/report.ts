/**
 * The tables of `npm run bench:n8n` (terminal and Markdown), the goals' PASS / MISS,
 * and BENCHMARKS-n8n.md.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Table } from './format';
import { fmt, gitCommit, ratio, table, verdict, withRange } from './format';
import { PROJECT_ROOT } from '../../real-n8n/project';
import type { Measurement } from './execute';
import type { N8nBenchFlags } from './flags';
import { WINDOW_MS } from './peers';
import { missCauses, profileTables } from './report-profile';
import { fastPathTable, simplifyTable } from './report-variants';
import type { Peer } from './workflows';

/** Which run: N and whether the simulator enforced the limit. */
export interface RunKey {
	n: number;
	limited: boolean;
}

/** One row's repetitions. */
export interface RowRuns {
	key: RunKey;
	peer: Peer;
	measurements: Measurement[];
}

/** One row's profile run (untimed): CPU by group and expression evaluations by caller. */
export interface RowProfile {
	label: string;
	kind: string;
	/** Items of the profile run. */
	n: number;
	measured: Measurement;
	/** Busy (non-idle) CPU of the `n8n execute` process under the profiler, ms. */
	busyMs?: number;
	/** Inclusive CPU ms per group of tools/bench/n8n/profile.ts (groups overlap). */
	groups: Array<{ group: string; ms: number }>;
	evaluationsPerItem?: number;
	/** The callers that evaluated expressions, per item, most first. */
	callers: Array<{ where: string; perItem: number }>;
}

/** Everything the report is written from. */
export interface ReportInput {
	flags: N8nBenchFlags;
	runs: RowRuns[];
	n8nVersion: string;
	nodeVersion: string;
	/** Wall time of the whole benchmark (minutes). */
	minutes: number;
	/** Why the built-in node did not run, when it did not. */
	builtinNote?: string;
	/** Expression evaluations per item by peer kind (an untimed counting run per row). */
	evaluations?: Map<string, number>;
	/** Profile runs for "Where the time goes" (empty or absent: the section is left out). */
	profiles?: RowProfile[];
}

/** The median of the defined values; undefined when there are none. */
export function median(values: Array<number | undefined>): number | undefined {
	const sorted = values
		.filter((v): v is number => v !== undefined && Number.isFinite(v))
		.sort((a, b) => a - b);
	if (sorted.length === 0) return undefined;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The smallest and largest of the defined values, when there are at least two. */
export function range(values: Array<number | undefined>): [number, number] | undefined {
	const defined = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
	return defined.length < 2 ? undefined : [Math.min(...defined), Math.max(...defined)];
}

/** A row's medians, net of the baseline of the same N (see the Method section). */
export interface RowFigures {
	peer: Peer;
	key: RunKey;
	runs: number;
	okRuns: number;
	/** N / (wall − baseline wall), items/s. */
	netItemsPerS?: number;
	/** N / the node's own run time, items/s. */
	nodeItemsPerS?: number;
	firstRequestS?: number;
	failed?: number;
	rate429?: number;
	answers?: number;
	/** Node run time / bound (limited runs). */
	wallPerBound?: number;
	/** (Node run time − first request) / bound (limited runs): the pacing alone. */
	afterFirstPerBound?: number;
	boundS?: number;
	peakRssMiB?: number;
	peakRssMiBRange?: [number, number];
	/** Mean JSON characters of an output item's `json` (median over the repetitions). */
	outputCharsPerItem?: number;
	/** (peak RSS − baseline peak RSS) per 1,000 items, MiB. */
	rssPer1000MiB?: number;
	cpuS?: number;
	/** (CPU − baseline CPU) per item, ms. */
	cpuMsPerItem?: number;
	/** Min–max over the repetitions (two or more) of node items/s, first request s, wall / bound. */
	nodeItemsPerSRange?: [number, number];
	firstRequestSRange?: [number, number];
	wallPerBoundRange?: [number, number];
	/** Expression evaluations per item (see {@link ReportInput.evaluations}). */
	evaluationsPerItem?: number;
}

/** The medians of every row (see {@link RowFigures}). */
export function figures(input: ReportInput): RowFigures[] {
	const baselineOf = (key: RunKey) =>
		input.runs.find(
			(r) => r.peer.kind === 'baseline' && r.key.n === key.n && r.key.limited === key.limited,
		);
	return input.runs.map((row) => {
		const { n, limited } = row.key;
		const ok = row.measurements.filter((m) => m.ok);
		const base = baselineOf(row.key)?.measurements.filter((m) => m.ok) ?? [];
		const baseWall = median(base.map((m) => m.wallMs));
		const baseRss = median(base.map((m) => m.peakRssMiB));
		const baseCpu = median(base.map((m) => m.cpuS));
		const wall = median(ok.map((m) => m.wallMs));
		const rss = median(ok.map((m) => m.peakRssMiB));
		const cpu = median(ok.map((m) => m.cpuS));
		const boundS = limited ? (n / input.flags.limitPerWindow) * (WINDOW_MS / 1000) : undefined;
		const answers = median(ok.map((m) => [...m.statuses.values()].reduce((a, b) => a + b, 0)));
		const count429 = median(ok.map((m) => m.statuses.get(429) ?? 0));
		const isBaseline = row.peer.kind === 'baseline';
		return {
			peer: row.peer,
			key: row.key,
			runs: row.measurements.length,
			okRuns: ok.length,
			netItemsPerS:
				!isBaseline && wall !== undefined && baseWall !== undefined && wall > baseWall
					? n / ((wall - baseWall) / 1000)
					: undefined,
			nodeItemsPerS: median(ok.map((m) => (m.nodeMs ? n / (m.nodeMs / 1000) : undefined))),
			nodeItemsPerSRange: range(ok.map((m) => (m.nodeMs ? n / (m.nodeMs / 1000) : undefined))),
			firstRequestS: median(ok.map((m) => (m.firstRequestMs ?? NaN) / 1000)),
			firstRequestSRange: range(ok.map((m) => (m.firstRequestMs ?? NaN) / 1000)),
			evaluationsPerItem: input.evaluations?.get(row.peer.kind),
			failed: isBaseline ? undefined : median(ok.map((m) => m.failed)),
			rate429:
				answers !== undefined && answers > 0 && count429 !== undefined
					? count429 / answers
					: undefined,
			answers,
			wallPerBound: boundS ? median(ok.map((m) => (m.nodeMs ?? NaN) / 1000 / boundS)) : undefined,
			wallPerBoundRange: boundS
				? range(ok.map((m) => (m.nodeMs ?? NaN) / 1000 / boundS))
				: undefined,
			afterFirstPerBound: boundS
				? median(ok.map((m) => ((m.nodeMs ?? NaN) - (m.firstRequestMs ?? NaN)) / 1000 / boundS))
				: undefined,
			boundS,
			peakRssMiB: rss,
			peakRssMiBRange: range(ok.map((m) => m.peakRssMiB)),
			outputCharsPerItem: median(ok.map((m) => m.outputCharsPerItem)),
			rssPer1000MiB:
				!isBaseline && rss !== undefined && baseRss !== undefined
					? ((rss - baseRss) / n) * 1000
					: undefined,
			cpuS: cpu,
			cpuMsPerItem:
				!isBaseline && cpu !== undefined && baseCpu !== undefined
					? ((cpu - baseCpu) / n) * 1000
					: undefined,
		};
	});
}

/** The unlimited table of one N, with ratios against this node by email. */
function unlimitedTable(rows: RowFigures[]): Table {
	const ours = rows.find((r) => r.peer.kind === 'oursEmail');
	return table(
		[
			'row',
			'runs ok',
			'net items/s',
			'vs ours',
			'node items/s (min–max)',
			'first request s (min–max)',
			'failed',
			'peak RSS MiB',
			'MiB / 1,000 items',
			'CPU s',
			'CPU ms / item',
			'expressions / item',
		],
		rows.map((r) => [
			r.peer.label,
			`${r.okRuns}/${r.runs}`,
			fmt(r.netItemsPerS, 1),
			r.peer.kind === 'baseline' ? '' : ratio(r.netItemsPerS, ours?.netItemsPerS),
			r.peer.kind === 'baseline' ? '' : withRange(r.nodeItemsPerS, r.nodeItemsPerSRange, 1),
			r.peer.kind === 'baseline' ? '' : withRange(r.firstRequestS, r.firstRequestSRange, 2),
			fmt(r.failed),
			fmt(r.peakRssMiB),
			fmt(r.rssPer1000MiB, 1),
			fmt(r.cpuS, 1),
			fmt(r.cpuMsPerItem, 2),
			r.peer.kind === 'baseline' ? '' : fmt(r.evaluationsPerItem, 2),
		]),
		[false, true, true, true, true, true, true, true, true, true, true, true],
	);
}

/** The limited table of one N. */
function limitedTable(rows: RowFigures[]): Table {
	return table(
		[
			'row',
			'runs ok',
			'node s',
			'bound s',
			'wall / bound (min–max)',
			'first request s',
			'after first request / bound',
			'failed',
			'429s',
			'429 share',
			'peak RSS MiB',
		],
		rows
			.filter((r) => r.peer.kind !== 'baseline')
			.map((r) => [
				r.peer.label,
				`${r.okRuns}/${r.runs}`,
				fmt(r.nodeItemsPerS ? r.key.n / r.nodeItemsPerS : undefined, 1),
				fmt(r.boundS, 0),
				withRange(r.wallPerBound, r.wallPerBoundRange, 2),
				fmt(r.firstRequestS, 2),
				fmt(r.afterFirstPerBound, 2),
				fmt(r.failed),
				fmt(r.rate429 !== undefined && r.answers ? r.rate429 * r.answers : undefined),
				r.rate429 === undefined ? 'n/a' : `${fmt(r.rate429 * 100, 1)} %`,
				fmt(r.peakRssMiB),
			]),
		[false, true, true, true, true, true, true, true, true, true, true],
	);
}

/**
 * The goals of issue 18 (real n8n 2.41.1, defaults unless said), each PASS / MISS with
 * the figures it was judged on (medians; throughput on the node's own run time).
 */
function goalsTable(rows: RowFigures[], flags: N8nBenchFlags): Table {
	const at = (kind: string, n: number, limited = false) =>
		rows.find((r) => r.peer.kind === kind && r.key.n === n && r.key.limited === limited);
	const lines: string[][] = [];
	const judged = (ok: boolean | undefined) => verdict(ok);
	for (const n of flags.items) {
		const ours = at('oursEmail', n);
		const http = at('httpRequest', n);
		// Judged on the node's own run time (runData): the net-of-baseline figure also carries
		// the noise of two n8n start-ups, which on a loaded machine can exceed the node's time.
		const floor = n >= 10_000 ? 300 : 166;
		lines.push([
			`1. ≥ 2 × HTTP Request and ≥ ${floor}/s, node items/s (N=${fmt(n)})`,
			`${fmt(ours?.nodeItemsPerS, 1)}/s, ${ratio(ours?.nodeItemsPerS, http?.nodeItemsPerS)} HTTP Request`,
			judged(
				ours?.nodeItemsPerS !== undefined && http?.nodeItemsPerS !== undefined
					? ours.nodeItemsPerS >= floor && ours.nodeItemsPerS >= 2 * http.nodeItemsPerS
					: undefined,
			),
		]);
	}
	for (const n of [...flags.items, ...flags.oursOnlyItems]) {
		const plain = at('oursEmail', n);
		if (plain && n >= 10_000) {
			lines.push([
				`2. first request ≤ 10 s after the node starts (N=${fmt(n)}, ${plain.peer.label})`,
				`${fmt(plain.firstRequestS, 2)} s`,
				judged(plain.firstRequestS === undefined ? undefined : plain.firstRequestS <= 10),
			]);
		}
		const batched = at('oursEmailBatched', n);
		if (batched) {
			lines.push([
				`2. first request ≤ 1 s after the node starts (N=${fmt(n)}, ${batched.peer.label})`,
				`${fmt(batched.firstRequestS, 2)} s`,
				judged(batched.firstRequestS === undefined ? undefined : batched.firstRequestS <= 1),
			]);
		}
	}
	for (const n of flags.limitedItems) {
		for (const [kind, cap] of [
			['oursEmail', 1.1],
			['oursEmailBatched', 1.02],
		] as const) {
			const row = at(kind, n, true);
			if (!row) continue;
			lines.push([
				`3. limited: 0 failed, ≤ 1 % 429, wall ≤ ${cap} × bound (N=${fmt(n)}, ${row.peer.label})`,
				`${fmt(row.failed)} failed, ${fmt((row.rate429 ?? NaN) * 100, 1)} % 429, ${fmt(row.wallPerBound, 2)} × bound`,
				judged(
					row.failed !== undefined && row.rate429 !== undefined && row.wallPerBound !== undefined
						? row.failed === 0 && row.rate429 <= 0.01 && row.wallPerBound <= cap
						: undefined,
				),
			]);
		}
	}
	for (const n of flags.items) {
		const ours = at('oursEmail', n);
		const http = at('httpRequest', n);
		lines.push([
			`4. memory per 1,000 items ≤ HTTP Request's (N=${fmt(n)})`,
			`${fmt(ours?.rssPer1000MiB, 1)} vs ${fmt(http?.rssPer1000MiB, 1)} MiB`,
			judged(
				ours?.rssPer1000MiB !== undefined && http?.rssPer1000MiB !== undefined
					? ours.rssPer1000MiB <= http.rssPer1000MiB
					: undefined,
			),
		]);
	}
	const counted = rows.find(
		(r) => r.peer.kind === 'oursEmail' && r.evaluationsPerItem !== undefined,
	);
	lines.push([
		'5. expression evaluations per item ≤ 4 (≤ 3 with the fast path), by email',
		fmt(counted?.evaluationsPerItem, 2),
		judged(counted?.evaluationsPerItem === undefined ? undefined : counted.evaluationsPerItem <= 3),
	]);
	return table(['goal', 'measured', 'verdict'], lines);
}

/** The tables of a run, as terminal text and Markdown sections. */
export function renderTables(input: ReportInput): { text: string; md: string } {
	const rows = figures(input);
	const parts: Array<{ title: string; t: Table }> = [];
	const ns = [...new Set(rows.filter((r) => !r.key.limited).map((r) => r.key.n))];
	for (const n of ns) {
		parts.push({
			title: `Unlimited, N = ${fmt(n)}`,
			t: unlimitedTable(rows.filter((r) => !r.key.limited && r.key.n === n)),
		});
	}
	for (const n of [...new Set(rows.filter((r) => r.key.limited).map((r) => r.key.n))]) {
		parts.push({
			title: `Limited (${fmt(input.flags.limitPerWindow)} per 10-second window, enforced), N = ${fmt(n)}`,
			t: limitedTable(rows.filter((r) => r.key.limited && r.key.n === n)),
		});
	}
	const fastPath = fastPathTable(rows);
	if (fastPath) parts.push({ title: 'The fast path (same run)', t: fastPath });
	const simplify = simplifyTable(rows);
	if (simplify) {
		parts.push({ title: 'Simplify: memory per 1,000 items (same run)', t: simplify });
	}
	// A run of chosen rows (--rows) has no peers to judge the goals by.
	if (!input.flags.rows) parts.push({ title: 'Goals', t: goalsTable(rows, input.flags) });
	const causes = input.flags.rows ? [] : missCauses(input, rows);
	const after = profileTables(input.profiles ?? []);
	const causeText = causes.length > 0 ? `\n\nWhy the MISSes:\n${causes.join('\n')}` : '';
	const causeMd =
		causes.length > 0
			? `\n\nWhy the MISSes (from this run and its profile):\n\n${causes.join('\n')}`
			: '';
	return {
		text:
			parts.map((p) => `${p.title}\n${p.t.text}`).join('\n\n') +
			causeText +
			after.map((p) => `\n\n${p.title}\n${p.t.text}`).join(''),
		md:
			parts.map((p) => `### ${p.title}\n\n${p.t.md}`).join('\n\n') +
			causeMd +
			after.map((p) => `\n\n### ${p.title}\n\n${p.t.md}`).join(''),
	};
}

/** The rows' set-ups, for the Method section. */
function setups(input: ReportInput): string {
	const seen = new Map<string, string>();
	for (const row of input.runs) seen.set(row.peer.label, row.peer.setup);
	return [...seen].map(([label, setup]) => `- **${label}**: ${setup}`).join('\n');
}

/**
 * Renders the report; with `flags.out`, writes it there (formatted with the project's
 * Prettier). Returns the terminal text and the file written.
 */
export function writeReport(input: ReportInput): { text: string; file?: string } {
	const tables = renderTables(input);
	if (!input.flags.out) return { text: tables.text };
	const commit = gitCommit();
	const md = [
		'# Benchmarks in real n8n',
		'',
		'Written by `npm run bench:n8n` (tools/bench/n8n/run-n8n-bench.ts). Do not edit by hand: re-run the command.',
		'Queue mode (workers sharing one rate limit, `npm run bench:queue`) is in [BENCHMARKS.md](BENCHMARKS.md).',
		'',
		'## How to reproduce',
		'',
		'```bash',
		'npm run test:e2e            # once: fills the n8n 2.x / Node 24 install cache',
		'npm run bench:n8n           # this file',
		'npm run bench:n8n -- --quick                 # smoke check: N=1,000, one repetition, prints only',
		'npm run bench:n8n -- --profile oursEmail,httpRequest   # CPU profile and expression counts per item',
		'npm run bench:n8n -- --simplify             # Simplify on and off, 10,000 items: BENCHMARKS-n8n-simplify.md',
		'```',
		'',
		`n8n ${input.n8nVersion} (\`n8n execute\`, default settings and expression engine) on Node ${input.nodeVersion}; ` +
			`${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}; commit ${commit}; ` +
			`${input.flags.reps} repetitions per row (peers in alternating order), medians shown with min–max; the run took ${fmt(input.minutes, 1)} minutes. ` +
			'The machine is shared and noisy: compare ratios within this run, not absolute numbers across runs.',
		'',
		'## Results',
		'',
		tables.md,
		'',
		input.builtinNote ? `${input.builtinNote}\n` : '',
		'## Method',
		'',
		"Every run: a fresh simulator seeded with N users on the port the credential names, then `n8n execute --rawOutput` of a workflow Manual Trigger → Code node emitting N items `{ email, id }` → the row's node (On Error: continue, regular output), in a fresh n8n user folder with the packed package installed as a community package. Rows:",
		'',
		setups(input),
		'',
		"- **net items/s**: N / (wall of `n8n execute` − median wall of the NoOp row at the same N), so n8n's start-up and the Code node are left out. **node items/s**: N / the node's own run time from the execution's runData.",
		"- **first request**: from the node's start (runData `startTime`) to the simulator's first answer.",
		input.flags.count
			? '- **expressions / item**: `={{ … }}` values n8n evaluated, per item, in one more run of the row at the smallest N with a counting preload (tools/bench/n8n/preload/count-expressions.cjs); that run is not timed.'
			: '- **expressions / item**: not counted in this run (`--no-count`).',
		"- **JSON chars / item**: the mean length of an output item's `json` as compact JSON text (`JSON.stringify`), from the execution `n8n execute` printed; the median over the repetitions.",
		'- **failed**: N − 2xx answers. **429s**: answers 429 (a waited-out and retried 429 counts; the HTTP Request and built-in nodes fail the item on it).',
		"- **wall / bound** (limited): the node's run time / (N / limit × 10 s). **after first request / bound**: the same from the first request on, which is the pacing alone. The bound counts N / limit full windows; a run that starts at a window's beginning can finish early in its last one, so a run can come in under 1.00.",
		'- **Where the time goes**: one more untimed run of the profiled rows under `node --cpu-prof` with the counting preload; inclusive CPU per part (tools/bench/n8n/profile.ts), so the parts overlap.',
		"- **peak RSS**, **CPU**: `process.resourceUsage()` of the `n8n execute` process at exit (preload tools/bench/n8n/preload/usage.cjs; the Code node's task runner is another process and not counted); per 1,000 items and per item net of the NoOp row.",
		"- The built-in Intercom node calls `https://api.intercom.io`: for its row only, a preload (tools/real-n8n/host-redirect.cjs) opens connections to api.intercom.io:443 on a loopback TLS front instead (no DNS lookup, so the no-network guard still sees loopback only), which pipes them to the simulator; the front's certificate is made by `openssl` at run time and trusted through NODE_EXTRA_CA_CERTS for that process.",
		"- Batching for the HTTP Request node follows n8n's docs for rate limits: one second's share of the limit per batch, one batch a second (Intercom's default 1,666 per 10 s → 166 per 1,000 ms).",
		'',
	].join('\n');
	const file = path.resolve(PROJECT_ROOT, input.flags.out);
	writeFileSync(file, md);
	try {
		execFileSync('npx', ['prettier', '--write', file], { cwd: PROJECT_ROOT, stdio: 'ignore' });
	} catch {
		// unformatted is still readable
	}
	return { text: tables.text, file };
}
