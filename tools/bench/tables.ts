/**
 * The report's tables, built from the scenario rows, and the one-paragraph reading
 * of a CPU profile.
 */
import type { ProfileSummary } from './cpuprofile';
import type { Table } from './format';
import { fmt, table, verdict } from './format';
import type { FirstRequestRow, OverheadRow, RateRow } from './scenarios';
import {
	overheadStats,
	rateStats,
	TARGET_429_SHARE,
	TARGET_BOUND,
	TARGET_RATIO,
	targetRatio,
} from './scenarios';

/** Builds the scenario-1 table. */
export function overheadTable(rows: OverheadRow[]): Table {
	const out: string[][] = [];
	for (const row of rows) {
		const e = overheadStats(row.engine);
		const r = overheadStats(row.raw);
		const m = overheadStats(row.matched);
		const ways: Array<[string, ReturnType<typeof overheadStats>]> = [
			['engine (node in WorkflowExecute)', e],
			[
				`raw fetch, ${row.rawConcurrency >= row.items ? 'all at once' : `≤ ${fmt(row.rawConcurrency)} in flight`}`,
				r,
			],
		];
		if (row.matchedConcurrency !== undefined) {
			ways.push([`raw fetch, ≤ ${fmt(row.matchedConcurrency)} in flight (= engine's peak)`, m]);
		}
		for (const [way, s] of ways) {
			out.push([
				fmt(row.items),
				way,
				s ? `${s.runs}` : '0',
				s ? fmt(s.itemsPerS) : 'n/a',
				s ? fmt(s.wallMs / 1000, 2) : 'n/a',
				s ? fmt(s.toFirstAnswerS, 2) : 'n/a',
				s ? fmt(s.msPerItem, 3) : 'n/a',
				s ? fmt(s.failed) : 'n/a',
				s ? fmt(s.peakInFlight) : 'n/a',
				s ? fmt(s.peakConnections) : 'n/a',
				s ? fmt(s.growthMb) : 'n/a',
				s ? fmt(s.growthMbPer1k, 1) : 'n/a',
				s ? fmt(s.cpuS, 1) : 'n/a',
				s ? fmt(s.maxStallS, 2) : 'n/a',
				s ? fmt(s.simCpuUsPerReq) : 'n/a',
			]);
		}
	}
	return table(
		[
			'N',
			'way',
			'runs',
			'items/s (median)',
			'wall s',
			'to 1st answer s',
			'ms/item',
			'failed',
			'peak in flight',
			'peak conns',
			'peak RSS growth MB',
			'RSS MB/1k items',
			'worker CPU s',
			'longest loop stall s',
			'sim CPU µs/req',
		],
		out,
		[true, false, true, true, true, true, true, true, true, true, true, true, true, true, true],
	);
}

/** One line per way and N that had failed items, with up to three distinct messages. */
export function failureNotes(rows: OverheadRow[]): string[] {
	const notes: string[] = [];
	for (const row of rows) {
		for (const way of ['engine', 'raw', 'matched'] as const) {
			const s = overheadStats(row[way]);
			if (s && s.failed > 0) {
				const samples = [...new Set(s.failureSamples)]
					.slice(0, 3)
					.map((m) => `"${m.slice(0, 160)}"`);
				notes.push(
					`${way} at N=${fmt(row.items)}: ${fmt(s.failed)} of ${fmt(row.items)} items failed, e.g. ${samples.join('; ')}`,
				);
			}
			for (const m of row[way])
				if (m.problem) notes.push(`${way} at N=${fmt(row.items)}: ${m.problem}`);
		}
	}
	return notes;
}

/** Builds the raw/engine ratio table of scenario 1 (one row per N). */
export function ratioTable(rows: OverheadRow[]): Table {
	const out = rows.map((row) => {
		const e = overheadStats(row.engine);
		const r = overheadStats(row.raw);
		const m = overheadStats(row.matched);
		const { ratio } = targetRatio(row);
		const allRatio =
			e && r && e.failed === 0 && r.failed === 0 ? r.itemsPerS / e.itemsPerS : undefined;
		const failedNote = [
			e && e.failed > 0 ? `engine ${fmt(e.failed)} failed` : '',
			r && r.failed > 0 ? `raw ${fmt(r.failed)} failed` : '',
			m && m.failed > 0 ? `raw ${fmt(m.failed)} failed` : '',
		]
			.filter(Boolean)
			.join(', ');
		return [
			fmt(row.items),
			e ? fmt(e.itemsPerS) : 'n/a',
			e ? fmt(e.peakInFlight) : 'n/a',
			m ? fmt(m.itemsPerS) : '—',
			ratio === undefined ? `n/a${failedNote ? ` (${failedNote})` : ''}` : fmt(ratio, 2),
			verdict(
				ratio === undefined ? (e && e.failed > 0 ? false : undefined) : ratio <= TARGET_RATIO,
			),
			r
				? `${fmt(r.itemsPerS)} (${row.rawConcurrency >= row.items ? 'all' : `≤ ${fmt(row.rawConcurrency)}`})`
				: 'n/a',
			allRatio === undefined ? 'n/a' : fmt(allRatio, 2),
			e ? fmt(e.growthMb) : 'n/a',
			m ? fmt(m.growthMb) : '—',
			r ? fmt(r.growthMb) : 'n/a',
			row.sameRequests === undefined ? 'not compared' : row.sameRequests ? 'yes' : 'NO',
		];
	});
	return table(
		[
			'N',
			'engine items/s',
			'engine peak in flight',
			'raw items/s, same in flight',
			`raw/engine (≤ ${TARGET_RATIO})`,
			'target',
			'raw items/s, all at once',
			'raw(all)/engine',
			'engine RSS growth MB',
			'raw RSS MB, same in flight',
			'raw RSS MB, all at once',
			'same requests',
		],
		out,
		[true, true, true, true, true, false, true, true, true, true, true, false],
	);
}

/** Builds the rate-limit table. */
export function rateTable(rows: RateRow[]): Table {
	const out = rows.map((row) => {
		const s = rateStats(row);
		if (!s) {
			const problem = row.runs[0]?.problem ?? 'no result';
			const killed = /^killed after ([\d,]+) s/.exec(problem);
			return [
				rateLabel(row),
				`${row.limit}/${row.windowMs} ms`,
				fmt(row.boundS, 1),
				killed ? `> ${killed[1]}` : 'n/a',
				killed ? `> ${fmt(Number(killed[1].replace(/,/g, '')) / row.boundS, 1)} MISS` : 'MISS',
				'',
				'',
				`${fmt(row.runs[0]?.statuses.get(429) ?? 0)} so far`,
				problem,
				'',
				'',
				'',
				'MISS',
				'',
				row.runs
					.map(
						(m) =>
							`${m.result ? fmt(m.result.wallMs / 1000, 2) : 'killed'} (phase ${fmt(m.windowPhaseMs)} ms)`,
					)
					.join(' / '),
			];
		}
		const pass = s.ratio <= TARGET_BOUND && s.failed === 0 && s.share429 <= TARGET_429_SHARE;
		return [
			rateLabel(row),
			`${row.limit}/${row.windowMs} ms`,
			fmt(row.boundS, 1),
			fmt(s.wallS, 2),
			`${fmt(s.ratio, 3)} ${verdict(s.ratio <= TARGET_BOUND)}`,
			fmt(s.toFirstS, 2),
			fmt(s.spanS, 2),
			`${fmt(s.c429)} (${fmt(100 * s.share429, 2)}%) ${verdict(s.share429 <= TARGET_429_SHARE)}`,
			`${fmt(s.failed)} ${verdict(s.failed === 0)}`,
			fmt(s.peakConnections),
			fmt(s.cpuS, 1),
			fmt(s.maxStallS, 2),
			verdict(pass),
			fmt(s.growthMb),
			row.runs
				.map(
					(m) =>
						`${m.result ? fmt(m.result.wallMs / 1000, 2) : 'killed'} (phase ${fmt(m.windowPhaseMs)} ms)`,
				)
				.join(' / '),
		];
	});
	return table(
		[
			'N',
			'limit',
			'bound s',
			'wall s',
			'wall/bound (≤ 1.05)',
			'to 1st answer s',
			'first→last answer s',
			'429s (≤ 1%)',
			'failed (0)',
			'peak conns',
			'worker CPU s',
			'longest loop stall s',
			'all targets',
			'RSS growth MB',
			'each run: wall s (window phase)',
		],
		out,
		[
			true,
			false,
			true,
			true,
			false,
			true,
			true,
			false,
			false,
			true,
			true,
			true,
			false,
			true,
			false,
		],
	);
}

/** Builds the scaling summary (scenario 3). */
export function scalingTable(overhead: OverheadRow[], rate: RateRow[]): Table {
	const sizes = [...new Set([...overhead.map((r) => r.items), ...rate.map((r) => r.items)])].sort(
		(a, b) => a - b,
	);
	const rows = sizes.map((n) => {
		const o = overhead.find((r) => r.items === n);
		const e = o && overheadStats(o.engine);
		const w = o && overheadStats(o.matchedConcurrency !== undefined ? o.matched : o.raw);
		const rr = rate.find((r) => r.items === n);
		const rs = rr && rateStats(rr);
		return [
			fmt(n),
			e ? fmt(e.msPerItem, 3) : '—',
			w ? fmt(w.msPerItem, 3) : '—',
			e && w && e.failed === 0 && w.failed === 0
				? fmt(w.itemsPerS / e.itemsPerS, 2)
				: e && e.failed > 0
					? `n/a (${fmt(e.failed)} engine items failed)`
					: '—',
			e ? fmt(e.growthMbPer1k, 1) : '—',
			w ? fmt(w.growthMbPer1k, 1) : '—',
			e ? fmt(e.heapGrowthMb / (n / 1000), 1) : '—',
			rr ? `${rr.limit}/${rr.windowMs} ms` : '—',
			rs
				? `${fmt(rs.ratio, 3)} ${verdict(rs.ratio <= TARGET_BOUND)}`
				: rr
					? `MISS (${rr.runs[0]?.problem ?? 'no result'})`
					: '—',
			rs ? fmt((rs.cpuS * 1000) / n, 3) : '—',
			rs ? `${fmt(rs.c429)} / ${fmt(rs.failed)}` : '—',
		];
	});
	return table(
		[
			'N',
			'engine ms/item',
			'raw ms/item (same in flight)',
			'raw/engine',
			'engine RSS MB/1k',
			'raw RSS MB/1k',
			'engine heap MB/1k',
			'rate limit (N/20 per s)',
			'rate wall/bound',
			'rate CPU ms/item',
			'rate 429s / failed',
		],
		rows,
		[true, true, true, true, true, true, true, false, false, true, false],
	);
}

/** Short, computed reading of a profile: how much is ours vs n8n's vs the rest. */
export function profileVerdict(summary: ProfileSummary): string {
	const share = (pred: (owner: string) => boolean) =>
		summary.byOwner.filter((o) => pred(o.owner)).reduce((sum, o) => sum + o.selfMs, 0);
	const pct = (ms: number) => `${fmt((100 * ms) / Math.max(summary.busyMs, 1e-9), 1)}%`;
	const ours = share((o) => o.startsWith('ours'));
	const n8n = share((o) => o === 'n8n-core' || o === 'n8n-workflow' || o.startsWith('n8n ('));
	const n8nDeps = share((o) =>
		/^other module \((luxon|lodash|axios|follow-redirects|proxy-from-env|form-data|qs)\)$/.test(o),
	);
	const runtime = share((o) => o.startsWith('Node.js') || o.startsWith('V8'));
	return (
		`Self time: ours ${pct(ours)}; n8n-core + n8n-workflow + @n8n/* ${pct(n8n)}; ` +
		`libraries n8n calls (luxon, lodash, axios, follow-redirects, …) ${pct(n8nDeps)}; ` +
		`Node.js internals + V8 (sockets, GC, builtins) ${pct(runtime)}. ` +
		`With one of our functions on the stack (inclusive, synchronous part only): ${pct(summary.oursInclusiveMs)}.`
	);
}

/** N, marked `+yield` when the run used the Batching yield. */
function rateLabel(row: RateRow): string {
	const yieldNote = row.batching
		? ` +yield (${row.batching.batchSize}/${row.batching.batchInterval} ms)`
		: '';
	const phaseNote = row.phaseMs !== undefined ? ` @ phase ${row.phaseMs} ms` : '';
	return `${fmt(row.items)}${yieldNote}${phaseNote}`;
}

/** Target of scenario 4: the first request leaves within this many seconds of the run's start. */
export const TARGET_FIRST_REQUEST_S = 1;

/** Builds the scenario-4 table: time to the first answer, n8n's defaults against the Batching yield. */
export function firstRequestTable(rows: FirstRequestRow[]): Table {
	const seconds = (ms: number | undefined) => (ms === undefined ? 'n/a' : fmt(ms / 1000, 2));
	const out = rows.map((row) => {
		const plain = row.plain.toFirstAnswerMs;
		const yielding = row.yielding.toFirstAnswerMs;
		return [
			fmt(row.items),
			seconds(plain),
			`${seconds(yielding)} ${verdict(yielding !== undefined && yielding <= TARGET_FIRST_REQUEST_S * 1000)}`,
			plain !== undefined && yielding ? fmt(plain / yielding, 1) : 'n/a',
			row.plain.result ? fmt(row.plain.result.wallMs / 1000, 2) : (row.plain.problem ?? 'n/a'),
			row.yielding.result
				? fmt(row.yielding.result.wallMs / 1000, 2)
				: (row.yielding.problem ?? 'n/a'),
			`${fmt(row.plain.result?.failed ?? NaN)} / ${fmt(row.yielding.result?.failed ?? NaN)}`,
		];
	});
	return table(
		[
			'N',
			'to 1st answer s, defaults',
			`to 1st answer s, +yield (≤ ${TARGET_FIRST_REQUEST_S})`,
			'defaults ÷ yield',
			'wall s, defaults',
			'wall s, +yield',
			'failed (defaults / yield)',
		],
		out,
		[true, true, false, true, true, true, false],
	);
}
