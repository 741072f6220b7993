import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ClientSetup } from '../intercom/client';
import { intercomCall } from '../intercom/client';
import { outcomeOf } from '../intercom/errors';
import type { ApiChoice, SelectBy, Target, UserOperation } from '../shared/types';
import {
	DEFAULT_CONTACTS_API_VERSION,
	DRY_RUN_OPTION,
	IGNORE_NOT_FOUND_OPTION,
	SELECT_BY,
	USER_OPERATIONS,
} from '../shared/types';
import { attemptSpellings } from '../shared/spellings';
import { checkApi, checkTarget, unsupportedChoice } from '../shared/validation';
import { NO_REQUEST_FOR_ITEM } from '../shared/words';
import { toSafeError } from '../intercom/networkErrors';
import type { Redact } from '../transport/redact';
import { scrub } from '../transport/redact';
import { exchangeDeadlineMs } from '../transport/send';
import type { RunAbout } from './listRun';
import { listOutput } from './listRun';
import type { ItemAbout } from './output';
import { continuedOutput, dryRunDescription, markerOutput, noteAboutItem } from './output';
import { readParameter } from './parameters';
import type { OutputShape } from './simplify';
import { listShape, RAW_OUTPUT, readOutputShape, shapeJson } from './simplify';
import type { RunCredentials, RunState } from './runMemory';
import {
	begin,
	itemsHanded,
	othersFinished,
	recordResult,
	rememberKey,
	runState,
	runSummary,
} from './runMemory';
import { isDuplicate, oncePerUser } from './sameUser';
import { wordForModel } from './toolErrors';
import type { ItemOperation, Operation } from './user/operation';
import { isListOperation, OPERATIONS } from './user/operations';

/** What the runner knows of an item so far; a failure reports what is known. */
interface ItemState extends ItemAbout {
	ignoreNotFound: boolean;
	redact: Redact;
	/** Where its output is remembered for a later try (see `rememberKey`). */
	remember?: string;
	/** How its output json is shaped (Simplify, or the tool's Output). */
	shape: OutputShape;
	/** The API the item runs on, once read: a Users API item's simplified user has `user_id`. */
	generation?: ApiChoice['generation'];
}

/** Reads another parameter of the node for the item. */
type ReadParameter = (name: string, fallback: unknown) => unknown;

/** The node's per-item runner: checks the item (bad input sends nothing), runs it once per user, shapes its output. */
export async function runItem(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const run = runState(this);
	const item: ItemState = {
		itemIndex: this.getItemIndex(),
		operation: 'archive',
		dryRun: false,
		ignoreNotFound: false,
		redact: (text) => text,
		shape: RAW_OUTPUT,
	};
	begin(run, item.itemIndex, itemsHanded(this, run.node));
	const defaults = requestData.options as IHttpRequestOptions;
	try {
		return await runChecked(this, run, item, defaults);
	} catch (caught) {
		return await failureOutput(this, run, item, caught, defaults.timeout);
	}
}

/** Runs the item once its credential and parameters are checked; resolves with its output. */
async function runChecked(
	context: IExecutePaginationFunctions,
	run: RunState,
	item: ItemState,
	defaults: IHttpRequestOptions,
): Promise<INodeExecutionData[]> {
	const parameter: ReadParameter = (name, fallback) => readParameter(context, run, name, fallback);
	const credentials = await usableCredentials(run, item, parameter);
	const operation = chosenOperation(run, item, parameter);
	const about = { context, run, item, defaults, credentials, parameter };
	if (isListOperation(operation)) {
		item.shape = listShape(readOutputShape(run.node, item.itemIndex, parameter), parameter);
		return shaped(item, await listOutput(about, operation.list));
	}
	const { api, target, remember } = readItem(run, item, credentials.baseURL, parameter);
	const remembered = rememberedOutput(run, item, remember, target.value);
	if (remembered) return remembered;
	const json = await userJson(about, operation, api, target);
	return finished(run, item, json, operation.readOnly === true);
}

/** The item's output, shaped, remembered for a later try and counted in the run's record. */
function finished(
	run: RunState,
	item: ItemState,
	json: IDataObject,
	readOnly: boolean,
): INodeExecutionData[] {
	const { itemIndex, operation, target } = item;
	const output = shaped(item, [{ json, pairedItem: { item: itemIndex } }]);
	const changed = !readOnly && !item.dryRun && !isDuplicate(json) && json.outcome !== 'notArchived';
	if (item.remember) run.done.set(item.remember, { output, changed });
	recordResult(run, itemIndex, { operation, value: target?.value, changed });
	return output;
}

/** `output` with each json in the item's shape (see `shapeJson`). */
function shaped(item: ItemState, output: INodeExecutionData[]): INodeExecutionData[] {
	return output.map((entry) => ({
		...entry,
		json: shapeJson(entry.json, item.operation, item.shape, item.generation),
	}));
}

/**
 * Runs the operation (or its dry run) for the item's user, in each spelling that may name
 * it; once per user per run for a change, every time for a read.
 */
async function userJson(
	about: RunAbout,
	operation: ItemOperation,
	api: ApiChoice,
	target: Target,
): Promise<IDataObject> {
	const { context, run, item, defaults, credentials, parameter } = about;
	const { node } = run;
	const { itemIndex, dryRun, redact } = item;
	const { baseURL } = credentials;
	const setup: ClientSetup = {
		...{ context, node, itemIndex, defaults, baseURL, api, dryRun, redact },
		...{ operation: item.operation, credentials: credentials.decrypted },
	};
	const runOperation = dryRun ? operation.dryRun : operation.run;
	const runSpelling = async (spelling: Target) => {
		const call = intercomCall(setup, spelling);
		return await runOperation({ node, itemIndex, target: spelling, api, parameter, call });
	};
	if (operation.readOnly) {
		return await attemptSpellings(target, runSpelling, (error) => outcomeOf(error) === 'notFound');
	}
	const scope = { itemIndex, operation: item.operation, dryRun, baseURL, target };
	return await oncePerUser(context, scope, runSpelling);
}

/** The output a Retry On Fail try returns for an item an earlier try finished, or undefined. */
function rememberedOutput(
	run: RunState,
	item: ItemState,
	remember: string,
	value: string | undefined,
): INodeExecutionData[] | undefined {
	const remembered = run.done.get(remember);
	if (!remembered) return undefined;
	const { changed } = remembered;
	recordResult(run, item.itemIndex, { operation: item.operation, value, changed });
	return remembered.output;
}

/**
 * The run's credential, or the item's error when it cannot be read or its Base URL is wrong;
 * that error still says whom the item was about (see `noteItem`).
 */
async function usableCredentials(
	run: RunState,
	item: ItemState,
	parameter: ReadParameter,
): Promise<RunCredentials> {
	const { node } = run;
	const { itemIndex } = item;
	const credentials = await run.credentials;
	if ('unreadable' in credentials) {
		noteItem(run, item, parameter);
		throw new NodeOperationError(node, 'The Intercom credential could not be read', {
			itemIndex,
			description: `${credentials.unreadable} ${NO_REQUEST_FOR_ITEM}`,
		});
	}
	item.redact = credentials.redact;
	if (credentials.baseUrlProblem) {
		noteItem(run, item, parameter);
		throw new NodeOperationError(node, credentials.baseUrlProblem, {
			itemIndex,
			description:
				"Open the Intercom credential and correct its Base URL (Region: Custom), e.g. https://proxy.example.com/intercom, or pick your workspace's region. " +
				NO_REQUEST_FOR_ITEM,
		});
	}
	return credentials;
}

/**
 * Notes in `item` what its parameters say (operation, selector, value, Dry Run, output
 * shape) when it fails before they are checked, so the failure says whom it was about.
 * Sends nothing; a parameter that cannot be read or is wrong is left out.
 */
function noteItem(run: RunState, item: ItemState, parameter: ReadParameter): void {
	const attempt = (read: () => void) => {
		try {
			read();
		} catch {
			// The item fails with its credential's error; a parameter's error would hide it.
		}
	};
	let operation: Operation | undefined;
	attempt(() => (operation = chosenOperation(run, item, parameter)));
	if (!operation) return;
	const list = isListOperation(operation);
	if (!list) attempt(() => readTarget(run, item, parameter));
	attempt(() => {
		const shape = readOutputShape(run.node, item.itemIndex, parameter);
		item.shape = list ? listShape(shape, parameter) : shape;
	});
}

/** Reads the item's options, selector and value, noting them in `item`; a wrong value fails the item. */
function readTarget(run: RunState, item: ItemState, parameter: ReadParameter): Target {
	const ref = { node: run.node, itemIndex: item.itemIndex };
	const options = parameter('options', {}) as IDataObject | undefined;
	item.ignoreNotFound = options?.[IGNORE_NOT_FOUND_OPTION] === true;
	item.dryRun = options?.[DRY_RUN_OPTION] === true;
	const by = parameter('archiveBy', 'email');
	if (typeof by === 'string' && Object.prototype.hasOwnProperty.call(SELECT_BY, by)) {
		item.selector = by as SelectBy;
	}
	item.target = checkTarget(ref, item.operation, by, (name) => parameter(name, ''));
	return item.target;
}

/** Reads and checks the item's parameters, noting in `item` what it learns. */
function readItem(
	run: RunState,
	item: ItemState,
	baseURL: string,
	parameter: ReadParameter,
): { api: ApiChoice; target: Target; remember: string } {
	const ref = { node: run.node, itemIndex: item.itemIndex };
	const target = readTarget(run, item, parameter);
	const api = checkApi(ref, parameter('api', 'users'), () =>
		parameter('contactsApiVersion', DEFAULT_CONTACTS_API_VERSION),
	);
	item.shape = readOutputShape(run.node, item.itemIndex, parameter);
	item.generation = api.generation;
	const { itemIndex, operation, dryRun } = item;
	item.remember = rememberKey(itemIndex, operation, api.version, baseURL, target, dryRun);
	return { api, target, remember: item.remember };
}

/** The item's operation, noted in `item`; an unknown one fails the item. */
function chosenOperation(run: RunState, item: ItemState, parameter: ReadParameter): Operation {
	const operation = parameter('operation', 'archive') as UserOperation;
	if (!Object.prototype.hasOwnProperty.call(OPERATIONS, operation)) {
		const ref = { node: run.node, itemIndex: item.itemIndex };
		throw unsupportedChoice(
			ref,
			{ label: 'Operation', name: 'operation' },
			operation,
			USER_OPERATIONS,
		);
	}
	item.operation = operation;
	return OPERATIONS[operation];
}

/** The item's failure, made safe: a marker, a Continue item, or the error with the stopped run's summary. */
async function failureOutput(
	context: IExecutePaginationFunctions,
	run: RunState,
	item: ItemState,
	caught: unknown,
	timeout: number | undefined,
): Promise<INodeExecutionData[]> {
	const { node } = run;
	const { itemIndex, operation, target, dryRun } = item;
	const safe = toSafeError(node, caught, itemIndex, exchangeDeadlineMs(timeout));
	const error = scrub(safe, item.redact);
	const outcome = outcomeOf(error);
	if (item.ignoreNotFound && target && (outcome === 'notFound' || outcome === 'probablyDone')) {
		const output = shaped(item, markerOutput({ ...item, target }, outcome, error));
		if (item.remember) run.done.set(item.remember, { output, changed: false });
		recordResult(run, itemIndex, { operation, value: target.value, changed: false });
		return output;
	}
	recordResult(run, itemIndex, { operation, value: target?.value, changed: false, failed: true });
	if (dryRun) error.description = dryRunDescription(error.description);
	// A tool call is one item: the model gets the outcome in the message, no run summary.
	if (run.tool) wordForModel(error, item, node);
	if (context.continueOnFail()) return shaped(item, continuedOutput(node, item, error));
	if (run.tool) throw error;
	noteAboutItem(item, error);
	const summary = runSummary(run, itemIndex, await othersFinished(run, itemIndex));
	if (summary) {
		error.description = [error.description, item.redact(summary)].filter(Boolean).join(' ');
	}
	throw error;
}
