import type {
	DeclarativeRestApiSettings,
	ICredentialsDecrypted,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FailedAction } from '../intercom/errors';
import {
	droppedChangeError,
	failureOf,
	intercomApiError,
	isUserNotFound,
	outcomeOf,
	parseJsonBody,
	readFailure,
	redirectError,
	redirectOrigin,
	unclearChangeError,
} from '../intercom/errors';
import type { IntercomRequest, ItemContext, ItemOperation } from '../intercom/request';
import { confirmingRead, readShowsActive, requestEffect, retrySafe } from '../intercom/request';
import { CREDENTIAL_TYPE } from '../shared/credential';
import type { OutcomeMarker, Target, UserOperation } from '../shared/types';
import { IGNORE_NOT_FOUND_OPTION } from '../shared/types';
import { baseUrlProblem, checkApi, checkTarget } from '../shared/validation';
import { droppedConnectionCode, toSafeError } from '../transport/failures';
import type { Redact } from '../transport/redact';
import { redactParsed, redactor, scrub } from '../transport/redact';
import type { Attempt } from '../transport/send';
import { isRedirectStatus, isUnclearAttempt, send } from '../transport/send';
import { archive } from './archive';
import { permanentlyDelete } from './permanentlyDelete';
import { unarchive } from './unarchive';

/** What each operation of the User resource does for one item. */
export const ACTIONS: Record<UserOperation, ItemOperation> = {
	archive,
	unarchive,
	permanentlyDelete,
};

/**
 * The node's one per-item runner, declared once on the node description as
 * `requestOperations.pagination` (and switched on by `send.paginate` on the
 * Resource property).
 *
 * Why this hook: in a declarative node, n8n's routing engine builds each
 * item's request (credential, base URL, headers, Request Options) and then
 * calls this hook once per item instead of sending the request itself. It is
 * the only declarative hook that may send several dependent requests (a lookup,
 * then the change), pace them by Intercom's rate limit and retry them.
 *
 * For one item it checks the parameters first (so a bad value sends nothing),
 * then runs the chosen operation ({@link ACTIONS}) with an {@link ItemContext}
 * whose `call` sends requests with everything n8n resolved in
 * `requestData.options` (base URL from the credential's region, `Accept`,
 * timeout, proxy, allowed domains) and the chosen `Intercom-Version`, through
 * the transport's paced, retried {@link send}.
 *
 * Each request is sent again once after an unclear attempt (a 5xx, or a
 * connection dropped after the request went out) when the table in
 * `intercom/request.ts` says a repeat is harmless. When the repeat of an archive
 * or delete answers 404, the earlier attempt most likely made the change: a read
 * checks that the user is no longer active, and the item fails with the
 * `probablyDone` outcome instead of "not found" (see `unclearChangeError`).
 *
 * Resolves with one item `{ json, pairedItem: { item: itemIndex } }`. With the
 * option "Ignore Not Found" (`options.ignoreNotFound`) on, an item whose error has
 * the outcome `notFound` or `probablyDone` resolves with an {@link OutcomeMarker}
 * instead (see {@link outcomeMarker}). Every other
 * failure is caught: with "Continue on fail" (either output mode) it becomes
 * one item `{ json: { error: message }, error }` paired with its input item
 * (the shape n8n gives failed items; the error keeps `httpCode`, `description`
 * and `context.intercom` with Intercom's code and request id); otherwise the
 * n8n error is thrown. No error carries the access token.
 */
export async function runItem(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const run = runState(this);
	const { node } = run;
	let redact: Redact = (text) => text;
	let ignoreNotFound = false;
	let operation: UserOperation = 'archive';
	let target: Target | undefined;
	try {
		const credentials = await run.credentials;
		if (credentials) redact = credentials.redact;
		const baseURL = String(requestData.options.baseURL ?? '');
		if (!run.baseUrlProblems.has(baseURL)) {
			run.baseUrlProblems.set(baseURL, baseUrlProblem(requestData.options.baseURL));
		}
		const problem = run.baseUrlProblems.get(baseURL);
		if (problem) throw new NodeOperationError(node, problem, { itemIndex });
		const ref = { node, itemIndex };
		const parameter = (name: string, fallback: unknown) => readParameter(this, run, name, fallback);
		operation = parameter('operation', 'archive') as UserOperation;
		const options = parameter('options', {}) as IDataObject | undefined;
		ignoreNotFound = options?.[IGNORE_NOT_FOUND_OPTION] === true;
		target = checkTarget(ref, operation, parameter('archiveBy', 'email'), (name) =>
			parameter(name, ''),
		);
		const api = checkApi(ref, parameter('api', 'users'), () =>
			parameter('contactsApiVersion', '2.14'),
		);
		const action = ACTIONS[operation];
		if (!action) {
			throw new NodeOperationError(node, `Operation "${String(operation)}" is not supported`, {
				itemIndex,
			});
		}
		const failed: FailedAction = {
			field: target.label,
			value: target.value,
			version: api.version,
			operation,
			noun: api.generation === 'contacts' ? 'contact' : 'user',
		};
		const defaults = requestData.options as IHttpRequestOptions;
		/** Sends one request (paced, retried as {@link retrySafe} allows), recording its attempts. */
		const exchange = async (request: IntercomRequest, attempts: Attempt[]) =>
			await send(
				this,
				{
					...defaults,
					method: request.method,
					url: request.url,
					qs: {},
					headers: { ...(defaults.headers ?? {}), 'Intercom-Version': api.version },
					...(request.body ? { body: request.body, json: true } : { body: undefined }),
				},
				{ retryUnclear: retrySafe(request), attempts, credentials: credentials?.decrypted },
			);
		/** Whether a confirming read still finds the user active; undefined when it cannot tell. */
		const stillActive = async (request: IntercomRequest): Promise<boolean | undefined> => {
			const read = confirmingRead(request);
			if (!read) return undefined;
			try {
				const answer = await exchange(read, []);
				const notFound = answer.statusCode === 404 && isUserNotFound(readFailure(answer));
				return readShowsActive(answer.statusCode, parseJsonBody(answer.body), notFound);
			} catch {
				return undefined;
			}
		};
		const context: ItemContext = {
			node,
			itemIndex,
			target,
			api,
			parameter,
			call: async (request) => {
				const effect = requestEffect(request);
				const action: FailedAction = { ...failed, write: effect !== 'read' };
				const attempts: Attempt[] = [];
				let response: IN8nHttpFullResponse | undefined;
				let unanswered: unknown;
				try {
					response = await exchange(request, attempts);
				} catch (caught) {
					unanswered = caught;
				}
				const earlier = attempts.slice(0, -1).find(isUnclearAttempt);
				if (earlier) action.unclearAttempt = describeAttempt(earlier);
				if (!response) {
					const dropped = droppedConnectionCode(unanswered);
					if (action.write && dropped !== undefined) {
						throw droppedChangeError(node, dropped, action, itemIndex);
					}
					// No answer for a read, or no dropped connection: made safe by toSafeError below.
					throw unanswered;
				}
				if (isRedirectStatus(response.statusCode)) {
					const origin = redirectOrigin(
						response,
						`${String(defaults.baseURL ?? '')}${request.url}`,
					);
					throw redirectError(node, response.statusCode, origin, action, itemIndex, redact);
				}
				const failure = failureOf(response);
				if (!failure) return redactParsed(parseJsonBody(response.body), redact) as IDataObject;
				if (earlier && effect === 'once' && isUserNotFound(failure)) {
					const active = await stillActive(request);
					throw unclearChangeError(node, failure, action, itemIndex, active, redact);
				}
				throw intercomApiError(node, failure, action, itemIndex, redact);
			},
		};
		const json = await action(context);
		return [{ json, pairedItem: { item: itemIndex } }];
	} catch (caught) {
		const error = scrub(toSafeError(node, caught, itemIndex, requestData.options.timeout), redact);
		const outcome = outcomeOf(error);
		if (ignoreNotFound && target && (outcome === 'notFound' || outcome === 'probablyDone')) {
			const marker = outcomeMarker(outcome, operation, target, error);
			return [{ json: marker as unknown as IDataObject, pairedItem: { item: itemIndex } }];
		}
		if (this.continueOnFail()) {
			return [{ json: { error: error.message }, error, pairedItem: { item: itemIndex } }];
		}
		throw error;
	}
}

/** The credential as read once for a node run: for n8n's request helper, and the redactor of its token. */
interface RunCredentials {
	decrypted: ICredentialsDecrypted;
	redact: Redact;
}

/**
 * What one run of the node reads once and shares between its items: n8n's routing
 * engine calls {@link runItem} once per item, and each of these reads costs n8n work per
 * call (`getNode()` deep-copies the node; `getCredentials()` reads the credential from
 * n8n's database and decrypts it; `getNodeParameter()` resolves and validates).
 * - `node`: the node, for errors;
 * - `credentials`: the decrypted credential, read once (undefined when it cannot be read:
 *   n8n's request helper then reads it itself and reports why);
 * - `parameters`: the values of parameters that are not expressions (their raw value in
 *   the workflow holds no `=…` string), so the same for every item;
 * - `baseUrlProblems`: {@link baseUrlProblem} per base URL seen.
 */
interface RunState {
	node: INode;
	credentials: Promise<RunCredentials | undefined>;
	parameters: Map<string, unknown>;
	baseUrlProblems: Map<string, string | undefined>;
}

/**
 * The {@link RunState} of each node run, keyed by the run's execute data (the object n8n
 * hands every item's context of one run of the node; a new run gets a new one), so it is
 * dropped with the run.
 */
const runStates = new WeakMap<object, RunState>();

/** This item's {@link RunState}: the run's, or a new one (also when n8n gives no execute data). */
function runState(context: IExecutePaginationFunctions): RunState {
	const key = context.getExecuteData?.() as object | undefined;
	const known = key ? runStates.get(key) : undefined;
	if (known) return known;
	const node = context.getNode();
	const reference = node.credentials?.[CREDENTIAL_TYPE];
	const state: RunState = {
		node,
		credentials: context.getCredentials(CREDENTIAL_TYPE).then(
			(data): RunCredentials => ({
				decrypted: {
					id: reference?.id ?? '',
					name: reference?.name ?? '',
					type: CREDENTIAL_TYPE,
					data,
				},
				redact: redactor([data?.accessToken as string | undefined]),
			}),
			() => undefined,
		),
		parameters: new Map(),
		baseUrlProblems: new Map(),
	};
	if (key) runStates.set(key, state);
	return state;
}

/** True when `raw` is an expression (`=…`) or holds one at any depth. */
function holdsExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.charAt(0) === '=';
	if (raw !== null && typeof raw === 'object') return Object.values(raw).some(holdsExpression);
	return false;
}

/**
 * The item's value of parameter `name` (n8n's `getNodeParameter(name, fallback)`). A
 * parameter whose raw value holds no expression is read once per run and shared by the
 * run's items; an expression is evaluated for every item, once.
 */
function readParameter(
	context: IExecutePaginationFunctions,
	run: RunState,
	name: string,
	fallback: unknown,
): unknown {
	if (run.parameters.has(name)) return run.parameters.get(name);
	const value = context.getNodeParameter(name, fallback);
	if (!holdsExpression(run.node.parameters[name])) run.parameters.set(name, value);
	return value;
}

/** An attempt without a clear answer, in words for an error description: `HTTP 504`, `connection dropped: ECONNRESET`. */
function describeAttempt(attempt: Attempt): string {
	return 'dropped' in attempt ? `connection dropped: ${attempt.dropped}` : `HTTP ${attempt.status}`;
}

/**
 * The {@link OutcomeMarker} that replaces an item's error when "Ignore Not Found"
 * is on: `{ notFound: true, outcome: 'notFound', operation, selector, value, message, description }`
 * or the same with `probablyDone: true, outcome: 'probablyDone'`. `message` and
 * `description` are the error's (already free of secrets).
 */
export function outcomeMarker(
	outcome: 'notFound' | 'probablyDone',
	operation: UserOperation,
	target: Target,
	error: { message: string; description?: string | null },
): OutcomeMarker {
	return {
		...(outcome === 'notFound' ? { notFound: true as const } : { probablyDone: true as const }),
		outcome,
		operation,
		selector: target.by,
		value: target.value,
		message: error.message,
		description: error.description ?? '',
	};
}
