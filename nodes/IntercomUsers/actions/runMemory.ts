import type {
	ICredentialsDecrypted,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { intercomBaseUrl } from '../../../credentials/IntercomAccessTokenApi.credentials';
import { CREDENTIAL_TYPE } from '../shared/credential';
import type { Target, UserOperation } from '../shared/types';
import { baseUrlProblem } from '../shared/validation';
import { OPERATION_WORDS } from '../shared/vocabulary';
import type { Redact } from '../transport/redact';
import { redactor } from '../transport/redact';

/** What one item of a try came to: its operation and value, whether it changed its user or failed. */
export interface ItemResult {
	operation: UserOperation;
	value?: string;
	changed: boolean;
	failed?: boolean;
}

/**
 * A run's progress, for a stopped run's summary: the current try's items begun and their
 * results, how many items n8n handed over, and the node's earlier runs in the execution.
 */
export interface RunProgress {
	begun: Set<number>;
	results: Map<number, ItemResult>;
	resultCount: number;
	total: number;
	earlierRuns: ReadonlyArray<ReadonlyMap<number, ItemResult>>;
}

/** The credential as read once for a node run, with the base URL and what is wrong with it. */
export interface RunCredentials {
	decrypted: ICredentialsDecrypted;
	redact: Redact;
	baseURL: string;
	baseUrlProblem: string | undefined;
}

/** An item's output as a try left it, and whether its request made a change. */
export interface Remembered {
	output: INodeExecutionData[];
	changed: boolean;
}

/**
 * What a run reads once and shares between its items (each read costs n8n work per
 * call), and `done`: each item's output, which a later try of Retry On Fail returns.
 */
export interface RunState extends RunProgress {
	node: INode;
	credentials: Promise<RunCredentials | { unreadable: string }>;
	parameters: Map<string, unknown>;
	done: Map<string, Remembered>;
}

/** The {@link RunState} of each run, keyed by its execute data, which outlives a try. */
const runStates = new WeakMap<object, RunState>();

async function readCredentials(
	context: IExecutePaginationFunctions,
	node: INode,
): Promise<RunCredentials | { unreadable: string }> {
	const reference = node.credentials?.[CREDENTIAL_TYPE];
	return await context.getCredentials(CREDENTIAL_TYPE).then(
		(data): RunCredentials => ({
			decrypted: {
				id: reference?.id ?? '',
				name: reference?.name ?? '',
				type: CREDENTIAL_TYPE,
				data,
			},
			redact: redactor([data?.accessToken as string | undefined]),
			baseURL: intercomBaseUrl(data),
			baseUrlProblem: baseUrlProblem(intercomBaseUrl(data)),
		}),
		(error: unknown) => ({ unreadable: error instanceof Error ? error.message : String(error) }),
	);
}

/** This item's {@link RunState}: the run's, or a new one (also when n8n gives no execute data). */
export function runState(context: IExecutePaginationFunctions): RunState {
	const key = context.getExecuteData?.() as object | undefined;
	const known = key ? runStates.get(key) : undefined;
	if (known) return known;
	const node = context.getNode();
	const state: RunState = {
		node,
		credentials: readCredentials(context, node),
		parameters: new Map(),
		done: new Map(),
		// Only a run n8n identifies (its execute data) joins the execution's record.
		...newRunProgress(key ? context : undefined),
	};
	if (key) runStates.set(key, state);
	return state;
}

/**
 * The key under which an item's output is remembered for later tries: any change (an
 * expression that now resolves differently) sends again.
 */
export function rememberKey(
	itemIndex: number,
	operation: UserOperation,
	version: string,
	baseURL: string,
	target: Target,
	dryRun: boolean,
): string {
	return JSON.stringify([itemIndex, operation, version, baseURL, target.by, target.value, dryRun]);
}

/** The runs of each node in one execution, keyed by its `getContext('node')` object. */
const executionRuns = new WeakMap<object, Array<Map<number, ItemResult>>>();

/** A new {@link RunProgress}, registered with the node's earlier runs in the execution. */
export function newRunProgress(context: IExecuteSingleFunctions | undefined): RunProgress {
	const results = new Map<number, ItemResult>();
	let runs: Array<Map<number, ItemResult>> | undefined;
	try {
		const key = context?.getContext('node');
		runs = key ? executionRuns.get(key) : undefined;
		if (key && !runs) executionRuns.set(key, (runs = []));
	} catch {
		// No execution data to keep the record on (e.g. a node run outside a workflow).
		runs = undefined;
	}
	const earlierRuns = runs ? [...runs] : [];
	runs?.push(results);
	return { begun: new Set(), results, resultCount: 0, total: 0, earlierRuns };
}

/**
 * How many input items n8n handed to this run: the execute data's main input, or only
 * its first item with Settings → Execute Once (the execute data still lists every item).
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
		run.results.clear();
	}
	run.begun.add(itemIndex);
	run.total = Math.max(run.total, total, itemIndex + 1);
}

export function recordResult(run: RunProgress, itemIndex: number, result: ItemResult): void {
	run.results.set(itemIndex, result);
	run.resultCount++;
}

/** How long a stopping item waits for the next of the run's other items to finish, in ms. */
export const FINISH_IDLE_MS = 60_000;

const FINISH_POLL_MS = 20;

/**
 * Waits until every other item of the current try has a result, or until none came for
 * {@link FINISH_IDLE_MS}; resolves with how many were still missing then.
 */
export async function othersFinished(run: RunProgress, itemIndex: number): Promise<number> {
	// The item itself has its result, so the others missing are the total less the results.
	const missing = () =>
		Math.max(0, run.total - run.results.size - (run.results.has(itemIndex) ? 0 : 1));
	let idle = 0;
	let seen = run.resultCount;
	while (missing() > 0 && idle < FINISH_IDLE_MS) {
		await sleep(FINISH_POLL_MS);
		idle = run.resultCount === seen ? idle + FINISH_POLL_MS : 0;
		seen = run.resultCount;
	}
	return missing();
}

/** How many values a stopped run's summary lists per operation before "and N more". */
export const SUMMARY_VALUES = 5;

/** The changes among `results` (item index `skip` left out), by operation, in order. */
function changesOf(
	results: Iterable<[number, ItemResult]>,
	into: Map<UserOperation, string[]>,
	skip?: number,
): number {
	let count = 0;
	for (const [index, item] of results) {
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
 * What the node had done when item `itemIndex` stopped the run (its other items, and its
 * earlier runs in the execution), for the error's description; undefined when nothing
 * else changed Intercom and no item is missing.
 */
export function runSummary(
	run: RunProgress,
	itemIndex: number,
	missing: number,
): string | undefined {
	const changed = new Map<UserOperation, string[]>();
	let before = 0;
	for (const earlierRun of run.earlierRuns) before += changesOf(earlierRun, changed);
	const now = changesOf(run.results, changed, itemIndex);
	let failed = 0;
	for (const [index, result] of run.results) if (index !== itemIndex && result.failed) failed++;
	if (before + now === 0 && missing === 0) return undefined;
	const runs = run.earlierRuns.length;
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
