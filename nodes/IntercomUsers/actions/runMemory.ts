import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { intercomBaseUrl } from '../../../credentials/IntercomAccessTokenApi.credentials';
import { credentialTypeFor } from '../shared/credential';
import type { Target, UserOperation } from '../shared/types';
import { baseUrlProblem } from '../shared/validation';
import { OPERATION_WORDS } from '../shared/vocabulary';
import type { Redact } from '../transport/redact';
import { redactor } from '../transport/redact';
import { isToolNode } from './toolErrors';

/** What one item of a try came to. */
export interface ItemResult {
	operation: UserOperation;
	value?: string;
	changed: boolean;
	failed?: boolean;
}

/** A run's progress, for a stopped run's summary. */
export interface RunProgress {
	begun: Set<number>;
	results: Map<number, ItemResult>;
	resultCount: number;
	total: number;
	earlierRuns: ReadonlyArray<ReadonlyMap<number, ItemResult>>;
}

/** The credential as read once for a node run. */
export interface RunCredentials {
	decrypted: ICredentialsDecrypted;
	redact: Redact;
	baseURL: string;
	baseUrlProblem: string | undefined;
}

export interface Remembered {
	output: INodeExecutionData[];
	changed: boolean;
}

/** What a run reads once for all its items; `done` is what a later Retry On Fail try returns. */
export interface RunState extends RunProgress {
	node: INode;
	/** The node runs as an AI tool (see `isToolNode`). */
	tool: boolean;
	credentials: Promise<RunCredentials | { unreadable: string }>;
	parameters: Map<string, unknown>;
	done: Map<string, Remembered>;
}

/** Keyed by the run's execute data, which outlives a try. */
const runStates = new WeakMap<object, RunState>();

/** The secrets of either credential that an answer or error must never show. */
function secretsOf(data: ICredentialDataDecryptedObject | undefined): Array<string | undefined> {
	const tokenData = data?.oauthTokenData as IDataObject | undefined;
	return [data?.accessToken, tokenData?.access_token, tokenData?.token, data?.clientSecret].map(
		(secret) => (typeof secret === 'string' ? secret : undefined),
	);
}

async function readCredentials(
	context: IExecutePaginationFunctions,
	node: INode,
): Promise<RunCredentials | { unreadable: string }> {
	const type = credentialTypeFor(context.getNodeParameter('authentication', 'accessToken'));
	const reference = node.credentials?.[type];
	return await context.getCredentials(type).then(
		(data): RunCredentials => ({
			decrypted: { id: reference?.id ?? '', name: reference?.name ?? '', type, data },
			redact: redactor(secretsOf(data)),
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
		tool: isToolNode(node),
		credentials: readCredentials(context, node),
		parameters: new Map(),
		done: new Map(),
		...newRunProgress(key ? context : undefined),
	};
	if (key) runStates.set(key, state);
	return state;
}

/** The key of an item's remembered output: any change (a re-resolved expression) sends again. */
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

/** Keyed by the node's `getContext('node')` object, one per execution. */
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
		runs = undefined;
	}
	const earlierRuns = runs ? [...runs] : [];
	runs?.push(results);
	return { begun: new Set(), results, resultCount: 0, total: 0, earlierRuns };
}

/** Input items handed to this run; with Execute Once, one (the execute data still lists all). */
export function itemsHanded(context: IExecuteSingleFunctions, node: INode): number {
	const data = context.getExecuteData?.()?.data?.main?.[0];
	const listed = Array.isArray(data) ? data.length : 0;
	return node.executeOnce === true ? Math.min(1, listed) : listed;
}

/** Marks an item begun; begun twice means a new Retry On Fail try, so bookkeeping restarts. */
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

/** Waits for the try's other items (at most {@link FINISH_IDLE_MS} idle); resolves with how many are missing. */
export async function othersFinished(run: RunProgress, itemIndex: number): Promise<number> {
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

/** `2 archived (ann@…, cy@…); 1 deleted (…)` */
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

/** What the node had done when an item stopped the run, for the error's description; undefined if nothing. */
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
