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
	brokenExchangeError,
	droppedChangeError,
	failureOf,
	intercomApiError,
	isUserNotFound,
	outcomeOf,
	parseJsonBody,
	readFailure,
	redirectError,
	redirectOrigin,
	refusedError,
	unclearChangeError,
} from '../intercom/errors';
import { readAnswer } from '../intercom/answers';
import type { IntercomRequest, ItemContext } from '../intercom/request';
import { confirmingRead, readShowsActive, requestEffect, retrySafe } from '../intercom/request';
import { intercomBaseUrl } from '../../../credentials/IntercomAccessTokenApi.credentials';
import { CREDENTIAL_TYPE } from '../shared/credential';
import type { FailedItem, OutcomeMarker, SelectBy, Target, UserOperation } from '../shared/types';
import {
	DEFAULT_CONTACTS_API_VERSION,
	DRY_RUN_OPTION,
	IGNORE_NOT_FOUND_OPTION,
	SELECT_BY,
} from '../shared/types';
import { baseUrlProblem, checkApi, checkTarget } from '../shared/validation';
import { brokenAnswer, droppedConnectionCode, toSafeError } from '../transport/failures';
import type { Redact } from '../transport/redact';
import { redactor, scrub } from '../transport/redact';
import type { Attempt } from '../transport/send';
import { MAX_RATE_LIMIT_WAIT_MS } from '../transport/rateLimit';
import {
	exchangeDeadlineMs,
	isRedirectStatus,
	isUnclearAttempt,
	RefusedError,
	send,
} from '../transport/send';
import type { RunProgress } from './runMemory';
import { begin, itemsHanded, newRunProgress, othersSettled, runSummary, settle } from './runMemory';
import { isDuplicate, oncePerUser } from './sameUser';
import { OPERATIONS } from './user/operations';

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
 * failure is caught under "Continue on fail" and becomes one item paired with its
 * input item whose json is a {@link FailedItem}:
 * `{ error, value, selector, operation, outcome, description }` (`error` is the message;
 * `outcome` is `failed` unless the error has one; `selector`/`value` are missing when
 * the item failed before its user was known, `field` then names the field when known).
 * - On Error → Continue (regular output, or the legacy `continueOnFail`): the item is
 *   `{ json, pairedItem }` without n8n's `error` property, since n8n 2.41 replaces the
 *   json of every item that carries one with `{ error: message }` (workflow-execute.js
 *   `normalizeNodeErrors`): the fields then show in the output, e.g. in the Table view.
 * - On Error → Continue (using error output): the item also carries the n8n error
 *   (`httpCode`, `description`, `context.intercom` with Intercom's code and request id),
 *   which is what sends it to the error output; n8n keeps only `{ error: message }` of
 *   its json there, so the same fields, without `error`, are kept in the error's
 *   `context.item`.
 * Otherwise the n8n error is thrown. No error carries the access token.
 *
 * Items about the same user in one run change it once: the later ones wait for the
 * earlier and come out as a `DuplicateItem` (see `oncePerUser` in sameUser.ts, which also
 * tries the value's other spellings); a duplicate counts as no change.
 *
 * Settings → Retry On Fail: n8n runs the whole node again, every item, with the same
 * execute data and run index (n8n-core `workflow-execute.js`, the `tryIndex` loop). The
 * {@link RunState} is keyed on that execute data, so it outlives a try: an item whose
 * request succeeded in an earlier try resolves with that try's output and sends nothing
 * (see {@link rememberKey}: same item, operation, API, base URL and user); only the
 * others are sent again.
 *
 * Options → Dry Run (`options.dryRun`): the item runs the operation's dry run
 * ({@link DRY_RUNS}) instead of its action, and `call` refuses any request whose
 * {@link requestEffect} is not `read`, so nothing but lookups leaves. The item resolves
 * with a `DryRunItem`; its errors and markers are the real run's, with `dryRun: true`
 * and {@link DRY_RUN_ERROR} added to the description. A dry-run item never counts as a
 * change (Retry On Fail, the stopped-run summary).
 *
 * Stop Workflow: before throwing, the item waits (bounded, `SETTLE_IDLE_MS` without
 * progress) for the run's other items, which n8n's engine has started alongside it (only
 * the first with Settings → Execute Once), and adds to the error's description what they
 * and the node's earlier runs in the execution already changed (`runSummary`, in
 * `runMemory.ts`).
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
	let dryRun = false;
	let operation: UserOperation = 'archive';
	let target: Target | undefined;
	let selector: SelectBy | undefined;
	let remember: string | undefined;
	begin(run, itemIndex, itemsHanded(this, node));
	try {
		const credentials = await run.credentials;
		if ('unreadable' in credentials) {
			throw new NodeOperationError(node, 'The Intercom credential could not be read', {
				itemIndex,
				description: `${credentials.unreadable} No request was sent for this item.`,
			});
		}
		redact = credentials.redact;
		const { baseURL, baseUrlProblem: problem } = credentials;
		if (problem) {
			throw new NodeOperationError(node, problem, {
				itemIndex,
				description:
					"Open the Intercom credential and correct its Base URL (Region: Custom), e.g. https://proxy.example.com/intercom, or pick your workspace's region. No request was sent for this item.",
			});
		}
		const ref = { node, itemIndex };
		const parameter = (name: string, fallback: unknown) => readParameter(this, run, name, fallback);
		operation = parameter('operation', 'archive') as UserOperation;
		const options = parameter('options', {}) as IDataObject | undefined;
		ignoreNotFound = options?.[IGNORE_NOT_FOUND_OPTION] === true;
		dryRun = options?.[DRY_RUN_OPTION] === true;
		const by = parameter('archiveBy', 'email');
		if (typeof by === 'string' && Object.prototype.hasOwnProperty.call(SELECT_BY, by)) {
			selector = by as SelectBy;
		}
		target = checkTarget(ref, operation, by, (name) => parameter(name, ''));
		const api = checkApi(ref, parameter('api', 'users'), () =>
			parameter('contactsApiVersion', DEFAULT_CONTACTS_API_VERSION),
		);
		remember = rememberKey(itemIndex, operation, api.version, baseURL, target, dryRun);
		const earlier = run.done.get(remember);
		if (earlier) {
			settle(run, itemIndex, { operation, value: target.value, changed: earlier.changed });
			return earlier.output;
		}
		const known = Object.prototype.hasOwnProperty.call(OPERATIONS, operation);
		const runOperation = known ? OPERATIONS[operation][dryRun ? 'dryRun' : 'run'] : undefined;
		if (!runOperation) {
			throw new NodeOperationError(node, `Operation "${String(operation)}" is not supported`, {
				itemIndex,
			});
		}
		/** Runs the operation for `sent` (the target, or its value in another spelling). */
		const attempt = async (sent: Target): Promise<IDataObject> => {
			const failed: FailedAction = {
				field: sent.label,
				value: sent.value,
				version: api.version,
				operation,
				noun: api.generation === 'contacts' ? 'contact' : 'user',
			};
			/** The words of a failure of `request`: a Contacts API read sent on the Users API path is a contact's. */
			const failedFor = (request: IntercomRequest): FailedAction =>
				request.version === undefined
					? failed
					: { ...failed, version: request.version, noun: 'contact' };
			const defaults = requestData.options as IHttpRequestOptions;
			const allowedDomains = withOwnHost(defaults.allowedDomains, baseURL);
			/** Sends one request (paced, retried as {@link retrySafe} allows), recording its attempts. */
			const exchange = async (request: IntercomRequest, attempts: Attempt[]) =>
				await send(
					this,
					{
						...defaults,
						baseURL,
						...(allowedDomains ? { allowedDomains } : {}),
						method: request.method,
						url: request.url,
						qs: {},
						headers: {
							...(defaults.headers ?? {}),
							'Intercom-Version': request.version ?? api.version,
						},
						...(request.body ? { body: request.body, json: true } : { body: undefined }),
					},
					{
						retryUnclear: retrySafe(request),
						attempts,
						credentials: credentials.decrypted,
						change: requestEffect(request) !== 'read',
					},
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
				target: sent,
				api,
				parameter,
				call: async (request) => {
					const effect = requestEffect(request);
					if (dryRun && effect !== 'read') {
						// Never reached by the dry runs of actions/dryRun.ts: a last guard, so no change leaves.
						throw new NodeOperationError(node, 'A dry run sends no change to Intercom', {
							itemIndex,
							description: `${request.method} ${request.url.split('?')[0]} was not sent: with Dry Run on, the node sends lookups only. Nothing was changed.`,
						});
					}
					const action: FailedAction = { ...failedFor(request), write: effect !== 'read' };
					const attempts: Attempt[] = [];
					let response: IN8nHttpFullResponse | undefined;
					let unanswered: unknown;
					try {
						response = await exchange(request, attempts);
					} catch (caught) {
						unanswered = caught;
					}
					const earlier = unclearBefore(attempts, unanswered);
					if (earlier) action.unclearAttempt = describeAttempt(earlier);
					if (!response) {
						throw unansweredError(node, unanswered, action, itemIndex, defaults.timeout);
					}
					if (isRedirectStatus(response.statusCode)) {
						const origin = redirectOrigin(response, `${baseURL}${request.url}`);
						throw redirectError(node, response.statusCode, origin, action, itemIndex, redact);
					}
					const answer = readAnswer(ref, request, response, action, redact);
					if (answer) return answer;
					const failure = failureOf(response) ?? readFailure(response);
					if (earlier && effect === 'once' && isUserNotFound(failure)) {
						const active = await stillActive(request);
						throw unclearChangeError(node, failure, action, itemIndex, active, redact);
					}
					throw intercomApiError(node, failure, action, itemIndex, redact);
				},
			};
			return await runOperation(context);
		};
		const json = await oncePerUser(
			this,
			{ itemIndex, operation, dryRun, baseURL, target },
			attempt,
		);
		const output: INodeExecutionData[] = [{ json, pairedItem: { item: itemIndex } }];
		const changed = !dryRun && !isDuplicate(json);
		run.done.set(remember, { output, changed });
		settle(run, itemIndex, { operation, value: target.value, changed });
		return output;
	} catch (caught) {
		const deadlineMs = exchangeDeadlineMs(requestData.options.timeout);
		const error = scrub(toSafeError(node, caught, itemIndex, deadlineMs), redact);
		const outcome = outcomeOf(error);
		if (ignoreNotFound && target && (outcome === 'notFound' || outcome === 'probablyDone')) {
			const marker = {
				...(dryRun ? { dryRun: true as const } : {}),
				...outcomeMarker(outcome, operation, target, error),
			};
			const output = [{ json: marker as unknown as IDataObject, pairedItem: { item: itemIndex } }];
			if (remember) run.done.set(remember, { output, changed: false });
			settle(run, itemIndex, { operation, value: target.value, changed: false });
			return output;
		}
		settle(run, itemIndex, { operation, value: target?.value, changed: false, failed: true });
		if (dryRun) {
			error.description = [error.description, DRY_RUN_ERROR].filter(Boolean).join(' ');
		}
		if (this.continueOnFail()) {
			const json = {
				...failedItem(error, operation, target, selector),
				...(dryRun ? { dryRun: true as const } : {}),
			};
			const pairedItem = { item: itemIndex };
			// n8n replaces the json of an item carrying `error` with `{ error: message }`
			// (workflow-execute.js normalizeNodeErrors), and routes such an item to the error
			// output: only that output mode gets the error object.
			if (node.onError !== 'continueErrorOutput') {
				return [{ json: json as unknown as IDataObject, pairedItem }];
			}
			const { error: message, ...about } = json;
			void message;
			error.context = { ...error.context, item: about };
			return [{ json: json as unknown as IDataObject, error, pairedItem }];
		}
		const summary = runSummary(run, itemIndex, await othersSettled(run, itemIndex));
		if (summary) {
			error.description = [error.description, redact(summary)].filter(Boolean).join(' ');
		}
		throw error;
	}
}

/**
 * The credential's Allowed HTTP Request Domains (`allowedDomains`, a comma-separated
 * list n8n's routing resolved from it) with the host of the credential's own base URL
 * added, as n8n itself adds the host of a node's `requestDefaults.baseURL` (n8n-workflow
 * `getCredentialAllowedDomains`, a credential-owned endpoint): the base URL comes from
 * the credential, so a credential that lists other domains still reaches its own Intercom
 * host. Undefined when the credential sets no list.
 */
function withOwnHost(allowedDomains: unknown, baseURL: string): string | undefined {
	if (typeof allowedDomains !== 'string' || allowedDomains.trim() === '') return undefined;
	let host: string;
	try {
		host = new URL(baseURL).hostname;
	} catch {
		return allowedDomains;
	}
	const listed = allowedDomains.split(',').map((domain) => domain.trim().toLowerCase());
	return host === '' || listed.includes(host.toLowerCase())
		? allowedDomains
		: `${host}, ${allowedDomains}`;
}

/**
 * The credential as read once for a node run: for n8n's request helper, the redactor of
 * its token, and the base URL every request of the run goes to (the region host or the
 * Custom Base URL, see `intercomBaseUrl`) with what is wrong with it, if anything
 * ({@link baseUrlProblem}).
 */
interface RunCredentials {
	decrypted: ICredentialsDecrypted;
	redact: Redact;
	baseURL: string;
	baseUrlProblem: string | undefined;
}

/**
 * What one run of the node reads once and shares between its items, with its
 * {@link RunProgress} for the summary of a stopped run: n8n's routing
 * engine calls {@link runItem} once per item, and each of these reads costs n8n work per
 * call (`getNode()` deep-copies the node; `getCredentials()` reads the credential from
 * n8n's database and decrypts it; `getNodeParameter()` resolves and validates).
 * - `node`: the node, for errors;
 * - `credentials`: the decrypted credential and its base URL, read once (or why it could
 *   not be read, `{ unreadable: <n8n's message> }`: every item then fails with it);
 * - `parameters`: the values of parameters that are not expressions (their raw value in
 *   the workflow holds no `=…` string), so the same for every item.
 */
interface RunState extends RunProgress {
	node: INode;
	credentials: Promise<RunCredentials | { unreadable: string }>;
	parameters: Map<string, unknown>;
	/**
	 * The output of each item that resolved in a try of this run, by {@link rememberKey}
	 * (at most one entry per input item), and whether its request made a change: a later
	 * try of Retry On Fail returns it instead of sending again.
	 */
	done: Map<string, { output: INodeExecutionData[]; changed: boolean }>;
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
				baseURL: intercomBaseUrl(data),
				baseUrlProblem: baseUrlProblem(intercomBaseUrl(data)),
			}),
			(error: unknown) => ({
				unreadable: error instanceof Error ? error.message : String(error),
			}),
		),
		parameters: new Map(),
		done: new Map(),
		// Only a run n8n identifies (its execute data) joins the execution's record.
		...newRunProgress(key ? context : undefined),
	};
	if (key) runStates.set(key, state);
	return state;
}

/**
 * The key under which an item's resolved output is remembered for later tries of the
 * same run: item index, operation, `Intercom-Version`, base URL, selector, value and
 * whether it is a dry run. A change to any of them (an expression that now resolves
 * differently) sends again.
 */
function rememberKey(
	itemIndex: number,
	operation: UserOperation,
	version: string,
	baseURL: string,
	target: Target,
	dryRun: boolean,
): string {
	return JSON.stringify([itemIndex, operation, version, baseURL, target.by, target.value, dryRun]);
}

/** Added to the description of every error of a dry run. */
export const DRY_RUN_ERROR = 'This was a dry run: only lookups were sent, and nothing was changed.';

/**
 * The json of a failed item under Continue (see {@link FailedItem}): n8n's `error`
 * (the message), the outcome (`failed` unless the error carries one), and who it was
 * about in the words of {@link outcomeMarker}. Without a target, `selector` and `field`
 * say what is known.
 */
export function failedItem(
	error: { message: string; description?: string | null },
	operation: UserOperation,
	target: Target | undefined,
	selector: SelectBy | undefined,
): FailedItem {
	const by = target?.by ?? selector;
	// The order n8n's Table view shows them in when this item comes first: what happened,
	// to whom, picked how, by which operation, and then the longer description.
	return {
		error: error.message,
		...(target ? { value: target.value } : by ? { field: SELECT_BY[by].label } : {}),
		...(by ? { selector: by } : {}),
		operation,
		outcome: outcomeOf(error) ?? 'failed',
		description: error.description ?? '',
	};
}

/** True when `raw` is an expression (`=…`) or holds one at any depth. */
function holdsExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.charAt(0) === '=';
	if (raw !== null && typeof raw === 'object') return Object.values(raw).some(holdsExpression);
	return false;
}

/**
 * A raw parameter value that is exactly a reference to a field of the current item:
 * `={{ $json.email }}` (an ASCII identifier) or `={{ $json["user id"] }}` /
 * `={{ $json['user id'] }}` (no backslash or quote inside), with any whitespace around.
 */
const FIELD_REFERENCE =
	/^=\{\{\s*\$json\s*(?:\.\s*([A-Za-z_$][A-Za-z0-9_$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\])\s*\}\}$/;

/**
 * The field name a raw parameter value references (see {@link FIELD_REFERENCE}), or
 * undefined for any other value, which n8n evaluates as usual.
 */
export function fieldReference(raw: unknown): string | undefined {
	if (typeof raw !== 'string') return undefined;
	const match = FIELD_REFERENCE.exec(raw);
	const field = match ? (match[1] ?? match[2] ?? match[3]) : undefined;
	// Names n8n's expression sandbox refuses or treats specially are left to n8n.
	return field === undefined || GUARDED_NAMES.has(field) ? undefined : field;
}

/**
 * Property names left to n8n: those its expression sandbox refuses (e.g. "invalid
 * constructor function call") and those every object inherits (`toString`, …), which
 * an item without the field still "has".
 */
const GUARDED_NAMES = new Set([
	...Object.getOwnPropertyNames(Object.prototype),
	'prototype',
	'caller',
	'callee',
	'arguments',
]);

/**
 * What n8n's evaluation of `={{ $json[field] }}` gives for an item's json: the field's
 * own value when the item has it (own property, not inherited); undefined otherwise.
 * A value n8n would turn into something else (an object or array: n8n hands out a copy;
 * a function) gives `{ evaluate: true }`: ask n8n.
 */
export function readFieldReference(
	json: IDataObject | undefined,
	field: string,
): { value: unknown } | { evaluate: true } {
	if (!json || !Object.prototype.hasOwnProperty.call(json, field)) return { value: undefined };
	const value = json[field];
	if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return { value };
	return { evaluate: true };
}

/**
 * The fast path of {@link readParameter}: for a raw value that is a plain field
 * reference, `{ value }` as n8n's `getNodeParameter(name, fallback)` would give it for
 * the item `context` is about (a missing field: undefined, as n8n gives it, not
 * `fallback`); undefined when n8n must
 * evaluate it (another expression, or a field holding an object or array).
 */
export function readFast(
	raw: unknown,
	context: Pick<IExecutePaginationFunctions, 'getInputData'>,
	fallback: unknown,
): { value: unknown } | undefined {
	const field = fieldReference(raw);
	if (field === undefined) return undefined;
	const read = readFieldReference(context.getInputData()?.json, field);
	if (!('value' in read)) return undefined;
	// A missing field evaluates to undefined in n8n, not to the fallback (pinned by the property test).
	void fallback;
	return { value: read.value };
}

/**
 * The item's value of parameter `name` (n8n's `getNodeParameter(name, fallback)`). A
 * parameter whose raw value holds no expression is read once per run and shared by the
 * run's items; a plain reference to a field of the item (see {@link fieldReference}) is
 * read from the item, which n8n's routing has already evaluated it for (issue 18: an
 * evaluation costs ~0.8 ms in n8n 2.x); any other expression is evaluated for every item,
 * once.
 */
function readParameter(
	context: IExecutePaginationFunctions,
	run: RunState,
	name: string,
	fallback: unknown,
): unknown {
	if (run.parameters.has(name)) return run.parameters.get(name);
	const raw = run.node.parameters[name];
	const fast = fieldReference(raw) === undefined ? undefined : readFast(raw, context, fallback);
	if (fast) return fast.value;
	const value = context.getNodeParameter(name, fallback);
	if (!holdsExpression(raw)) run.parameters.set(name, value);
	return value;
}

/**
 * The unclear attempt (see `isUnclearAttempt`) before the one that ended a request,
 * if any. A request the gate refused before sending it ({@link RefusedError} with
 * `sent` false) added no attempt, so all of them came before.
 */
function unclearBefore(attempts: Attempt[], unanswered: unknown): Attempt | undefined {
	const notSent = unanswered instanceof RefusedError && !unanswered.sent;
	return (notSent ? attempts : attempts.slice(0, -1)).find(isUnclearAttempt);
}

/**
 * The error for a request that ended without an answer to read: refused for the node's
 * patience ({@link RefusedError}), a change whose connection was dropped, or an exchange
 * that broke (see `brokenAnswer`); otherwise what the transport threw, which
 * `toSafeError` makes safe later.
 *
 * @param timeout the node's Request Options → Timeout (for the deadline in the text)
 */
function unansweredError(
	node: INode,
	unanswered: unknown,
	action: FailedAction,
	itemIndex: number,
	timeout: number | undefined,
): unknown {
	if (unanswered instanceof RefusedError) {
		const { refusal, sent } = unanswered;
		return refusedError(node, refusal, sent, action, itemIndex, MAX_RATE_LIMIT_WAIT_MS);
	}
	const dropped = droppedConnectionCode(unanswered);
	if (action.write && dropped !== undefined) {
		return droppedChangeError(node, dropped, action, itemIndex);
	}
	const broken = brokenAnswer(unanswered);
	if (broken !== undefined) {
		const deadlineMs = exchangeDeadlineMs(timeout);
		return brokenExchangeError(node, broken, unanswered, action, itemIndex, deadlineMs);
	}
	return unanswered;
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
