/**
 * The tables of `npm run bench:n8n` that compare this node with itself: with and without
 * the fast path, and Simplify on against off.
 */
import type { Table } from './format';
import { fmt, ratio, table, withRange } from './format';
import type { RowFigures } from './report';

/**
 * By email with and without the fast path (a plain `{{ $json.email }}` read from the item,
 * against `{{ String($json.email) }}`, which n8n evaluates once more), per N: node items/s,
 * first request and expressions per item. Undefined when the run has no control row.
 */
export function fastPathTable(rows: RowFigures[]): Table | undefined {
	const unlimited = rows.filter((r) => !r.key.limited);
	const ns = [...new Set(unlimited.map((r) => r.key.n))];
	const lines = ns.flatMap((n) => {
		const fast = unlimited.find((r) => r.peer.kind === 'oursEmail' && r.key.n === n);
		const slow = unlimited.find((r) => r.peer.kind === 'oursEmailNoFastPath' && r.key.n === n);
		if (!fast || !slow) return [];
		return [
			[
				fmt(n),
				withRange(fast.nodeItemsPerS, fast.nodeItemsPerSRange, 1),
				withRange(slow.nodeItemsPerS, slow.nodeItemsPerSRange, 1),
				ratio(fast.nodeItemsPerS, slow.nodeItemsPerS),
				`${fmt(fast.firstRequestS, 2)} / ${fmt(slow.firstRequestS, 2)}`,
				`${fmt(fast.evaluationsPerItem, 2)} / ${fmt(slow.evaluationsPerItem, 2)}`,
			],
		];
	});
	if (lines.length === 0) return undefined;
	return table(
		[
			'N',
			'with: node items/s (min–max)',
			'without: node items/s (min–max)',
			'with / without',
			'first request s, with / without',
			'expressions / item, with / without',
		],
		lines,
		[true, true, true, true, true, true],
	);
}

/**
 * This node's rows that differ only in node version and Simplify, per user shape, Simplify
 * on first (each group's ratios are against its own Simplify on).
 */
const SIMPLIFY_GROUPS = [
	['oursEmailSimplified', 'oursEmailSimplifyOff', 'oursEmail'],
	['oursEmailSimplifiedFull', 'oursEmailSimplifyOffFull'],
];

/** One row of the Simplify table: `r` against Simplify on (`on`) of the same users and N. */
function simplifyLine(r: RowFigures, on: RowFigures): string[] {
	const self = r === on;
	return [
		r.peer.kind === 'oursEmail' ? `${r.peer.label} (version 1)` : r.peer.label,
		fmt(r.key.n),
		`${r.okRuns}/${r.runs}`,
		withRange(r.peakRssMiB, r.peakRssMiBRange, 0),
		fmt(r.rssPer1000MiB, 1),
		self ? '' : ratio(r.rssPer1000MiB, on.rssPer1000MiB),
		fmt(r.outputCharsPerItem, 0),
		self ? '' : ratio(r.outputCharsPerItem, on.outputCharsPerItem),
		withRange(r.nodeItemsPerS, r.nodeItemsPerSRange, 1),
	];
}

/**
 * Simplify on against off (and version 1, when it ran), per N and user shape: peak RSS,
 * memory per 1,000 items net of the NoOp row, and the output item's size in JSON
 * characters, each with its ratio to Simplify on from the same run. Undefined when the run
 * has no pair of Simplify rows.
 */
export function simplifyTable(rows: RowFigures[]): Table | undefined {
	const unlimited = rows.filter((r) => !r.key.limited);
	const lines = [...new Set(unlimited.map((r) => r.key.n))].flatMap((n) =>
		SIMPLIFY_GROUPS.flatMap((kinds) => {
			const found = kinds.flatMap((kind) => {
				const r = unlimited.find((row) => row.peer.kind === kind && row.key.n === n);
				return r ? [r] : [];
			});
			const on = found[0];
			if (found.length < 2 || on.peer.kind !== kinds[0]) return [];
			return found.map((r) => simplifyLine(r, on));
		}),
	);
	if (lines.length === 0) return undefined;
	return table(
		[
			'row',
			'N',
			'runs ok',
			'peak RSS MiB (min–max)',
			'MiB / 1,000 items',
			'vs Simplify on',
			'JSON chars / item',
			'vs Simplify on',
			'node items/s (min–max)',
		],
		lines,
		[false, true, true, true, true, true, true, true, true],
	);
}
