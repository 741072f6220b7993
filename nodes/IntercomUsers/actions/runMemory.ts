import type { IExecuteSingleFunctions, INode } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { UserOperation } from '../shared/types';
import { OPERATION_WORDS } from '../shared/vocabulary';

/** What one item of a try came to: its operation and value, whether it changed its user or failed. */
export interface Settled {
	operation: UserOperation;
	value?: string;
	changed: boolean;
	failed?: boolean;
}

/**
 * The progress of one run of the node (one call of n8n's routing engine), for the
 * summary of a stopped run:
 * - `begun`, `settled`: the current try's items begun, and the outcome of those settled,
 *   by item index;
 * - `settledCount`: how many items have settled in this run so far (what
 *   {@link othersSettled} watches);
 * - `total`: how many items n8n handed to the run (see {@link itemsHanded});
 * - `earlier`: what the node's earlier runs in the same execution came to (e.g. the
 *   earlier batches of Loop Over Items), oldest first; empty when n8n gives no
 *   execution-scoped object to keep them on.
 */
export interface RunProgress {
	begun: Set<number>;
	settled: Map<number, Settled>;
	settledCount: number;
	total: number;
	earlier: ReadonlyArray<ReadonlyMap<number, Settled>>;
}

/**
 * The runs of each node in one execution, keyed by the node's context object of that
 * execution (`getContext('node')`: one object per node and execution, held in the
 * execution's data), so the record is dropped with the execution. Each entry is a run's
 * `settled` map: one small entry per item.
 */
const executionRuns = new WeakMap<object, Array<Map<number, Settled>>>();

/**
 * A new {@link RunProgress} for a run of the node `context` belongs to, registered
 * with the node's earlier runs in this execution: `earlier` holds what those runs came
 * to. Without a context (a run n8n gives no execute data), the run stands alone.
 */
export function newRunProgress(context: IExecuteSingleFunctions | undefined): RunProgress {
	const settled = new Map<number, Settled>();
	let runs: Array<Map<number, Settled>> | undefined;
	try {
		const key = context?.getContext('node');
		runs = key ? executionRuns.get(key) : undefined;
		if (key && !runs) executionRuns.set(key, (runs = []));
	} catch {
		// No execution data to keep the record on (e.g. a node run outside a workflow).
		runs = undefined;
	}
	const earlier = runs ? [...runs] : [];
	runs?.push(settled);
	return { begun: new Set(), settled, settledCount: 0, total: 0, earlier };
}

/**
 * How many input items n8n handed to this run of `node`: the run's main input as the
 * execute data lists it, or only its first item when the node's Settings → Execute Once
 * is on (n8n then runs the node with the first item alone, while the execute data still
 * lists every item). 0 when unknown.
 */
export function itemsHanded(context: IExecuteSingleFunctions, node: INode): number {
	const data = context.getExecuteData?.()?.data?.main?.[0];
	const listed = Array.isArray(data) ? data.length : 0;
	return node.executeOnce === true ? Math.min(1, listed) : listed;
}

/**
 * Marks item `itemIndex` as begun in the current try. An item begun a second time means
 * n8n started a new try (Retry On Fail): the try's bookkeeping starts afresh.
 */
export function begin(run: RunProgress, itemIndex: number, total: number): void {
	if (run.begun.has(itemIndex)) {
		run.begun.clear();
		run.settled.clear();
	}
	run.begun.add(itemIndex);
	run.total = Math.max(run.total, total, itemIndex + 1);
}

/** Records item `itemIndex`'s outcome in the current try. */
export function settle(run: RunProgress, itemIndex: number, settled: Settled): void {
	run.settled.set(itemIndex, settled);
	run.settledCount++;
}

/** How long a stopping item waits for the next of the run's other items to settle, in ms. */
export const SETTLE_IDLE_MS = 60_000;

/** How often a stopping item looks whether the others have settled, in ms. */
const SETTLE_POLL_MS = 20;

/**
 * Waits until every other item of the run's current try has settled, or until none has
 * settled for {@link SETTLE_IDLE_MS}; resolves with how many had not settled then (0 when
 * the summary is complete). Resolves at once when no other item is missing.
 */
export async function othersSettled(run: RunProgress, itemIndex: number): Promise<number> {
	// The item itself has settled, so the others missing are the total less those settled.
	const missing = () =>
		Math.max(0, run.total - run.settled.size - (run.settled.has(itemIndex) ? 0 : 1));
	let idle = 0;
	let seen = run.settledCount;
	while (missing() > 0 && idle < SETTLE_IDLE_MS) {
		await sleep(SETTLE_POLL_MS);
		idle = run.settledCount === seen ? idle + SETTLE_POLL_MS : 0;
		seen = run.settledCount;
	}
	return missing();
}

/** How many values a stopped run's summary lists per operation before "and N more". */
export const SUMMARY_VALUES = 5;

/** The changes among `settled` (item index `skip` left out), by operation, in order. */
function changesOf(
	settled: Iterable<[number, Settled]>,
	into: Map<UserOperation, string[]>,
	skip?: number,
): number {
	let count = 0;
	for (const [index, item] of settled) {
		if (index === skip || !item.changed) continue;
		const values = into.get(item.operation) ?? [];
		values.push(item.value ?? '');
		into.set(item.operation, values);
		count++;
	}
	return count;
}

/** `2 archived (ann@…, cy@…); 1 deleted (…)`, {@link SUMMARY_VALUES} values per operation. */
function describeChanges(changed: Map<UserOperation, string[]>): string {
	const parts: string[] = [];
	for (const [operation, values] of changed) {
		const shown = values.slice(0, SUMMARY_VALUES).join(', ');
		const more =
			values.length > SUMMARY_VALUES ? ` and ${values.length - SUMMARY_VALUES} more` : '';
		parts.push(
			`${values.length} ${OPERATION_WORDS[operation]?.pastTense ?? operation} (${shown}${more})`,
		);
	}
	return parts.join('; ');
}

/**
 * What the node had done when item `itemIndex` stopped the run, for the error's
 * description, or undefined when nothing else changed Intercom and no item is missing.
 * It counts the run's other items and the node's earlier runs in the same execution
 * (e.g. the earlier batches of Loop Over Items), e.g. `Before this error stopped the
 * run, its other items had already changed Intercom: 2 archived (ann@example.com,
 * cy@example.com). 1 other item failed. To keep every item's result, set Settings → On
 * Error to "Continue" or "Continue (using error output)".`
 */
export function runSummary(
	run: RunProgress,
	itemIndex: number,
	missing: number,
): string | undefined {
	const changed = new Map<UserOperation, string[]>();
	let before = 0;
	for (const earlier of run.earlier) before += changesOf(earlier, changed);
	const now = changesOf(run.settled, changed, itemIndex);
	let failed = 0;
	for (const [index, settled] of run.settled) if (index !== itemIndex && settled.failed) failed++;
	if (before + now === 0 && missing === 0) return undefined;
	const runs = run.earlier.length;
	const sentences = [
		before > 0
			? `Before this error stopped the execution, this node had already changed Intercom in it: ${describeChanges(changed)}; ${before} of these in its ${runs} earlier run${runs === 1 ? '' : 's'} in this execution (e.g. earlier batches of Loop Over Items), ${now} in this run.`
			: now > 0
				? `Before this error stopped the run, its other items had already changed Intercom: ${describeChanges(changed)}.`
				: 'Before this error stopped the run, its other items had changed nothing in Intercom.',
	];
	if (failed > 0) sentences.push(`${failed} other item${failed === 1 ? '' : 's'} failed.`);
	if (missing > 0) {
		sentences.push(
			`${missing} other item${missing === 1 ? '' : 's'} had not finished yet and may still change Intercom.`,
		);
	}
	sentences.push(
		'To keep every item\'s result, set Settings → On Error to "Continue" or "Continue (using error output)".',
	);
	return sentences.join(' ');
}
