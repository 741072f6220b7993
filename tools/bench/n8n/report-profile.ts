/**
 * The parts of BENCHMARKS-n8n.md that come from the profile run and the goals: where the
 * CPU goes per item ("Where the time goes") and why a default-settings goal is missed.
 */
import type { Table } from './format';
import { fmt, table } from './format';
import { OURS_IN_RUN_NODE_GROUP, RUN_NODE_GROUP } from './profile';
import type { ReportInput, RowFigures, RowProfile } from './report';

/** Where the CPU goes per item, by part, for every profiled row (ms per item, inclusive). */
export function profileTables(profiles: RowProfile[]): Array<{ title: string; t: Table }> {
	const withGroups = profiles.filter((p) => p.groups.length > 0);
	const parts: Array<{ title: string; t: Table }> = [];
	if (withGroups.length > 0) {
		const groups = withGroups[0].groups.map((g) => g.group);
		parts.push({
			title: `Where the time goes: CPU ms per item under the profiler, N = ${fmt(withGroups[0].n)}`,
			t: table(
				['part (inclusive; parts overlap)', ...withGroups.map((p) => p.label)],
				[
					[
						'node run, s (under the profiler)',
						...withGroups.map((p) => fmt((p.measured.nodeMs ?? NaN) / 1000, 2)),
					],
					[
						'busy CPU of the n8n process',
						...withGroups.map((p) => fmt((p.busyMs ?? NaN) / p.n, 3)),
					],
					...groups.map((group) => [
						group,
						...withGroups.map((p) =>
							fmt((p.groups.find((g) => g.group === group)?.ms ?? NaN) / p.n, 3),
						),
					]),
				],
				[false, ...withGroups.map(() => true)],
			),
		});
	}
	const callers = profiles.flatMap((p) =>
		p.callers.map((c) => [p.label, c.where.replace(/\|/g, '/'), fmt(c.perItem, 2)]),
	);
	if (callers.length > 0) {
		parts.push({
			title: 'Expression evaluations per item, by caller',
			t: table(['row', 'evaluated by / expression', 'per item'], callers, [false, false, true]),
		});
	}
	return parts;
}

/**
 * Why a default-settings goal of issue 18 is missed, from the same run's figures and
 * profile: n8n's RoutingNode prepares every item before any request leaves. Empty when
 * those goals pass or the figures are missing.
 */
export function missCauses(input: ReportInput, rows: RowFigures[]): string[] {
	const at = (kind: string, n: number, limited = false) =>
		rows.find((r) => r.peer.kind === kind && r.key.n === n && r.key.limited === limited);
	const prof = input.profiles?.find((p) => p.kind === 'oursEmail' && p.groups.length > 0);
	const perItem = (group: string) =>
		prof ? (prof.groups.find((g) => g.group === group)?.ms ?? NaN) / prof.n : undefined;
	const loop = perItem(RUN_NODE_GROUP);
	const ours = perItem(OURS_IN_RUN_NODE_GROUP);
	const causes: string[] = [];
	const engine =
		loop !== undefined && ours !== undefined
			? ` In the profile run (N=${fmt(prof?.n)}, slowed by the profiler) that loop took ${fmt(loop, 2)} ms per item, ${fmt(ours, 2)} ms of it this node's own code (the runner and sender) and ${fmt(loop - ours, 2)} ms n8n's: evaluating the value parameter in both of RoutingNode's passes over the properties and preparing the request.`
			: '';
	for (const n of [...input.flags.items, ...input.flags.oursOnlyItems]) {
		const plain = at('oursEmail', n);
		const batched = at('oursEmailBatched', n);
		if (!plain || n < 10_000 || plain.firstRequestS === undefined || plain.firstRequestS <= 10) {
			continue;
		}
		causes.push(
			`- **First request at N=${fmt(n)} with default settings (${fmt(plain.firstRequestS, 2)} s).** n8n's declarative engine prepares every item before any request can leave: RoutingNode's per-item loop awaits nothing unless Batching is set, so no socket is written until all ${fmt(n)} items are prepared (reference: routing-node.js, the loop and its one await).${engine} No node setting can change that loop; Batching 10/1 ms yields inside it, and its first request came after ${fmt(batched?.firstRequestS, 2)} s.`,
		);
	}
	for (const n of input.flags.limitedItems) {
		const row = at('oursEmail', n, true);
		if (!row || row.wallPerBound === undefined || row.wallPerBound <= 1.1) continue;
		causes.push(
			`- **Limited run at N=${fmt(n)} with default settings (${fmt(row.wallPerBound, 2)} × bound).** The same preparation comes before the first window: the first request left ${fmt(row.firstRequestS, 2)} s after the node started, and from then on the run took ${fmt(row.afterFirstPerBound, 2)} × the bound (0 failed, ${fmt((row.rate429 ?? NaN) * 100, 1)} % 429). With Batching 10/1 ms: ${fmt(at('oursEmailBatched', n, true)?.wallPerBound, 2)} × the bound.`,
		);
	}
	return causes;
}
