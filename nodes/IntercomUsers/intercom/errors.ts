import type { IDataObject, IN8nHttpFullResponse, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ItemOutcome, UserOperation } from '../shared/types';
import type { BrokenAnswer } from '../transport/failures';
import type { Refusal } from '../transport/rateLimit';
import { brokenStatus } from '../transport/failures';

/**
 * One entry of Intercom's error envelope.
 * Intercom API 1.x/2.x, "Errors": only `code` is guaranteed.
 */
export interface IntercomErrorEntry {
	code: string;
	message?: string;
	field?: string;
}

/**
 * What an Intercom error answer tells us, whatever its body looked like.
 * `status` is the HTTP status; `code`/`message` come from the body's error object (see
 * {@link readFailure}; undefined when it had none, e.g. a proxy's HTML page);
 * `requestId` from the body's `request_id` or the `X-Request-Id` header;
 * `excerpt` is at most 200 characters of a body without an error code.
 */
export interface IntercomFailure {
	status: number;
	code?: string;
	message?: string;
	requestId?: string;
	excerpt?: string;
}

/** What the failed request was trying to do, for the error's description. */
export interface FailedAction {
	/** The field label the user filled in, e.g. `Email`. */
	field: string;
	/** The value sent, already trimmed. */
	value: string;
	/** The `Intercom-Version` sent. */
	version?: string;
	/** What the item was doing; shapes the 404 explanation. Default `archive`. */
	operation?: UserOperation;
	/** `user` (Users API) or `contact` (Contacts API). Default `user`. */
	noun?: 'user' | 'contact';
	/** True when the failed request was a change (archive, unarchive, delete), not a read. */
	write?: boolean;
	/**
	 * How an earlier attempt of this same request ended without a clear answer
	 * (e.g. `HTTP 504`, `the connection was dropped (ECONNRESET)`), when it did.
	 */
	unclearAttempt?: string;
}

/**
 * True for Intercom's own "no such user" answer: HTTP 404 with code `not_found`
 * and the message "User Not Found" or "Contact Not Found" (Intercom API 1.x/2.x).
 * Not for "Resource Not Found" (an unknown endpoint, e.g. a wrong base URL) nor for
 * a 404 page without Intercom's error body (a proxy): those are never "not found".
 */
export function isUserNotFound(failure: IntercomFailure): boolean {
	return (
		failure.status === 404 &&
		failure.code === 'not_found' &&
		/^(user|contact) not found$/i.test((failure.message ?? '').trim())
	);
}

/** The outcome kept on an error, in `error.context.intercom.outcome` (see {@link ItemOutcome}). */
export function outcomeOf(error: unknown): ItemOutcome | undefined {
	const context = (error as { context?: { intercom?: { outcome?: unknown } } } | undefined)
		?.context;
	const outcome = context?.intercom?.outcome;
	return outcome === 'notFound' ||
		outcome === 'probablyDone' ||
		outcome === 'unknown' ||
		outcome === 'cancelled'
		? outcome
		: undefined;
}

const MAY_OR_MAY_NOT = (noun: string) =>
	`The change may or may not have been made in Intercom: check the ${noun} there, or run the item again with the option "Ignore Not Found" on (a ${noun} already done then gives a marker item instead of an error).`;

/** At most this many characters of a body without an error code are shown in an error. */
const EXCERPT_LENGTH = 200;
/**
 * At most this many characters of such a body are kept until redaction: the
 * excerpt is cut to {@link EXCERPT_LENGTH} only after secrets are replaced, so
 * that a cut never leaves part of a token behind.
 */
const KEPT_BODY_LENGTH = 4_000;

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (typeof body === 'string') return body;
	try {
		return JSON.stringify(body);
	} catch {
		return String(body);
	}
}

/**
 * Parses a body that may be a JSON string, a Buffer, or an already parsed value.
 * Returns `undefined` when it is not JSON.
 */
export function parseJsonBody(body: unknown): unknown {
	if (Buffer.isBuffer(body) || typeof body === 'string') {
		const text = bodyText(body).trim();
		if (text === '') return undefined;
		try {
			return JSON.parse(text) as unknown;
		} catch {
			return undefined;
		}
	}
	return body;
}

function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = (response.headers as IDataObject | undefined)?.[name];
	if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
	return value === undefined || value === null ? undefined : String(value);
}

/**
 * Reads an HTTP answer that is not a success into an {@link IntercomFailure}.
 * The code and message come from the object that holds a string `code`:
 * - Intercom's error list, `{"type":"error.list","request_id":…,"errors":[{code,message,field}]}`
 *   (its first entry);
 * - a gateway's `{"error":{"code":…,"message":…}}`;
 * - the body itself: a bare `{"code":…,"message":…}` or `{"type":"error","code":…,"message":…}`.
 * The request id is the body's `request_id`, else the `X-Request-Id` header. Anything
 * else (HTML from a proxy, an empty body, JSON without a string `code` in one of these
 * places) keeps the start of the body as `excerpt` (at most 4,000 characters;
 * {@link redactFailure} cuts it to 200 after redaction): the HTTP status decides.
 */
export function readFailure(response: IN8nHttpFullResponse): IntercomFailure {
	const failure: IntercomFailure = {
		status: response.statusCode,
		requestId: header(response, 'x-request-id'),
	};
	const parsed = parseJsonBody(response.body);
	const body = (parsed && typeof parsed === 'object' ? parsed : {}) as IDataObject;
	// Exactly one place per shape holds the code: no search through other keys.
	const holder: unknown = Array.isArray(body.errors)
		? body.errors[0]
		: body.error && typeof body.error === 'object'
			? body.error
			: body;
	const entry = (holder ?? {}) as { code?: unknown; message?: unknown };
	if (typeof entry.code === 'string' && entry.code !== '') {
		failure.code = entry.code;
		if (typeof entry.message === 'string') failure.message = entry.message;
		if (typeof body.request_id === 'string') failure.requestId = body.request_id;
		return failure;
	}
	const text = bodyText(response.body).replace(/\s+/g, ' ').trim();
	if (text) {
		failure.excerpt = text.slice(0, KEPT_BODY_LENGTH);
	}
	return failure;
}

/** Text that may depend on what the failed request was for. */
type Words = string | ((action: FailedAction, failure: IntercomFailure) => string);

/**
 * What one of Intercom's error codes means (`means`) and what to do about it
 * (`todo`), for the error's description.
 */
export interface CodeAdvice {
	means: Words;
	todo?: Words;
}

const VERBS: Record<UserOperation, string> = {
	archive: 'archive',
	unarchive: 'unarchive',
	permanentlyDelete: 'permanently delete',
};

/** What the refused request was for, e.g. `permanently delete the user with Intercom ID "…"`. */
function attempted(action: FailedAction): string {
	const verb = VERBS[action.operation ?? 'archive'];
	const target = `the ${action.noun ?? 'user'} with ${action.field} "${action.value}"`;
	return action.write === false ? `look up ${target} (to ${verb} it)` : `${verb} ${target}`;
}

/** The item's field and value, e.g. `Email "wash@serenity.io"`. */
const targetOf = (action: FailedAction) => `${action.field} "${action.value}"`;

/** Where an app's permissions are granted in Intercom. */
const PERMISSIONS_PAGE =
	"Intercom's Developer Hub: open the app → Configure → Authentication → edit permissions";

const TOKEN_REJECTED = 'The access token was rejected';
const CURRENT_TOKEN =
	"Copy the app's current access token from Intercom's Developer Hub (the app → Configure → Authentication) into the Intercom credential.";
const RETRY_LATER = 'Intercom could not process the request. Try again later.';
const VALUE_REFUSED: CodeAdvice = {
	means: (action) =>
		`Intercom did not accept the request for ${targetOf(action)}: a value in it is missing or invalid (Intercom's message names it).`,
	todo: (action) =>
		`Check the ${action.field}; if it is right, check that no proxy in between changes the request.`,
};

/** The advice for a 404 / `not_found`: no such user (per operation), or no such endpoint. */
function notFoundText(failure: IntercomFailure, action: FailedAction): string {
	if (failure.message !== undefined && !/(user|contact) not found/i.test(failure.message)) {
		return "Intercom knows no such endpoint. Check the credential's Base URL (a proxy path may be wrong).";
	}
	const noun = action.noun ?? 'user';
	const target = targetOf(action);
	if (action.operation === 'unarchive') {
		return `No ${noun} has ${target}, or it was permanently deleted. Nothing was changed.`;
	}
	if (action.operation === 'permanentlyDelete') {
		return `No ${noun} matches ${target}, or it was already deleted. Nothing was deleted.`;
	}
	return `No ${noun} matches ${target}, or that ${noun} is already archived.`;
}

/** The advice for a 409 / `conflict`: several users match, so none was changed. */
function conflictText(action: FailedAction): string {
	const [done, redo] =
		action.operation === 'permanentlyDelete' ? ['deleted', 'Delete'] : ['archived', 'Archive'];
	return `Several users match ${targetOf(action)}, so nobody was ${done}. ${redo} by User ID or by Intercom ID instead.`;
}

/** The advice for `intercom_version_invalid`: the endpoint is not in the version applied. */
function versionText(action: FailedAction): string {
	return `This endpoint is not available in the API version Intercom applied. The node sends Intercom-Version ${action.version ?? '1.4'}; check that no proxy strips that header, and pick the API that matches the endpoint.`;
}

const RATE_LIMITED =
	"Intercom's rate limit was reached. Wait for the rate-limit window to refill, or space the items out with the Batching option.";

/**
 * Intercom's error codes (Intercom API 1.x/2.x, "Error Codes"; the OpenAPI examples
 * of the Users and Contacts endpoints) and the advice each one gets. The code decides,
 * not the HTTP status: a 401 `token_unauthorized` is a missing permission of an app
 * whose token is valid, a 403 `api_plan_restricted` is the workspace's plan. A code
 * not listed here gets the advice of its HTTP status.
 */
export const CODE_ADVICE: ReadonlyMap<string, CodeAdvice> = new Map<string, CodeAdvice>([
	[
		'unauthorized',
		{
			means: `${TOKEN_REJECTED}.`,
			todo: "Check the Access Token in the Intercom credential, and that it belongs to a workspace in the credential's region.",
		},
	],
	[
		'token_not_found',
		{
			means: `${TOKEN_REJECTED}: Intercom knows no such token.`,
			todo: "Check that the credential holds the whole access token, and that it belongs to a workspace in the credential's region.",
		},
	],
	[
		'token_revoked',
		{
			means: `${TOKEN_REJECTED}: it has been revoked (regenerated, or its app uninstalled).`,
			todo: CURRENT_TOKEN,
		},
	],
	['token_expired', { means: `${TOKEN_REJECTED}: it has expired.`, todo: CURRENT_TOKEN }],
	[
		'token_blocked',
		{
			means: 'Intercom has blocked the app this access token belongs to.',
			todo: "Contact Intercom's support: the app must be unblocked before it can call the API.",
		},
	],
	[
		'token_suspended',
		{
			means: 'Intercom has suspended the app this access token belongs to.',
			todo: "Contact Intercom's support to have the app reinstated.",
		},
	],
	[
		'missing_authorization',
		{
			means: 'Intercom found no access token on the request.',
			todo: 'Check that the Intercom credential has an Access Token, and that no proxy in between removes the Authorization header.',
		},
	],
	[
		'token_unauthorized',
		{
			means: (action) =>
				`The access token is valid, but its app lacks a permission it needs to ${attempted(action)}.`,
			todo: `Grant it in ${PERMISSIONS_PAGE}, turn on "Read and write users" and "Read and list users and companies", and save (an app connected through OAuth must then be installed again). The credential's Test (GET /me) passes without these permissions, so it cannot show this.`,
		},
	],
	[
		'forbidden',
		{
			means: (action) =>
				`Intercom does not allow this app to ${attempted(action)}; its message may name the missing permission.`,
			todo: `Check the app's permissions in ${PERMISSIONS_PAGE}.`,
		},
	],
	[
		'action_forbidden',
		{
			means: (action) =>
				`Intercom refused to let this app ${attempted(action)}: the action is not authorized.`,
			todo: `Intercom's message may say why. Check what the app may do in ${PERMISSIONS_PAGE}, and whether the workspace allows this action.`,
		},
	],
	[
		'api_plan_restricted',
		{
			means:
				"The workspace's Intercom plan does not include this API (an active subscription is needed).",
			todo: "Check the workspace's subscription in Intercom's billing settings, or ask the workspace's owner.",
		},
	],
	[
		'region_mismatch',
		{
			means:
				'The access token belongs to a workspace hosted in another region than the host the node called.',
			todo: "Pick the workspace's region in the Intercom credential (United States, Europe or Australia), or point a Custom Base URL at that region's host. The token itself can stay.",
		},
	],
	['intercom_version_invalid', { means: versionText }],
	['not_found', { means: (action, failure) => notFoundText(failure, action) }],
	[
		'contact_merged',
		{
			means: (action) =>
				`The contact with ${targetOf(action)} was merged into another contact; Intercom's Link header names that one.`,
			todo: 'Use the Intercom ID of the contact it was merged into.',
		},
	],
	[
		'not_restorable',
		{
			means: (action) =>
				`Intercom cannot restore the ${action.noun ?? 'user'} with ${targetOf(action)}: it was blocked.`,
			todo: 'Check it in Intercom; the API cannot undo a block.',
		},
	],
	['conflict', { means: conflictText }],
	[
		'unsupported',
		{
			means: (action) => `Intercom does not support this operation for ${targetOf(action)}.`,
			todo: "Intercom's message says why; check the node's API option (Users API or Contacts API).",
		},
	],
	...[
		'parameter_invalid',
		'parameter_not_found',
		'parameter_missing',
		'missing_parameter',
		'parameter_mismatch',
		'type_mismatch',
		'data_invalid',
		'validation_error',
		'unprocessable_entity',
		'bad_request',
		'client_error',
	].map((code): [string, CodeAdvice] => [code, VALUE_REFUSED]),
	['rate_limit_exceeded', { means: RATE_LIMITED }],
	[
		'too_many_requests',
		{
			means: 'Intercom is receiving too many requests for this resource.',
			todo: 'Run the item again later.',
		},
	],
	[
		'retry_after',
		{
			means: 'Intercom asked to wait before the request is sent again.',
			todo: 'Run the item again later, or space the items out with the Batching option.',
		},
	],
	[
		'request_timeout',
		{ means: 'Intercom timed out while processing the request.', todo: 'Try again later.' },
	],
	['server_error', { means: RETRY_LATER }],
	['service_unavailable', { means: RETRY_LATER }],
]);

/** The advice of {@link CODE_ADVICE} for the failure's code, in words; undefined for a code not listed. */
export function codeAdviceText(failure: IntercomFailure, action: FailedAction): string | undefined {
	const advice = failure.code === undefined ? undefined : CODE_ADVICE.get(failure.code);
	if (!advice) return undefined;
	const say = (words: Words | undefined) =>
		typeof words === 'function' ? words(action, failure) : (words ?? '');
	return [say(advice.means), say(advice.todo)].filter(Boolean).join(' ');
}

/** The advice of the HTTP status, for a code {@link CODE_ADVICE} does not list or a body without one. */
function statusAdviceText(failure: IntercomFailure, action: FailedAction): string {
	const { status, code } = failure;
	if (status >= 200 && status < 300) {
		return `Intercom answered without a JSON object (empty or unreadable body), so the outcome for ${targetOf(action)} is unknown. Check the user in Intercom before retrying.`;
	}
	if (status === 401) {
		return `${TOKEN_REJECTED}. Check the Access Token in the Intercom credential, and that it belongs to a workspace in the credential's region.`;
	}
	if (status === 403) {
		return "Intercom refused the request. If your workspace is hosted in the EU or Australia, pick that region in the credential; otherwise check the app's permissions and plan.";
	}
	if (status === 410 && code === undefined) {
		const api = action.noun === 'contact' ? 'Contacts API' : 'Users API';
		return `The address answered 410 Gone without Intercom's error body: this endpoint is no longer served for the API version sent (the node used the ${api} with Intercom-Version ${action.version ?? '1.4'}). ${action.noun === 'contact' ? "Check the node's Contacts API Version" : "Check the node's API: if Intercom no longer serves the Users API to your workspace, pick the Contacts API"}, and that no proxy rewrites the path or the Intercom-Version header.`;
	}
	if (status === 404) return notFoundText(failure, action);
	if (status === 409) return conflictText(action);
	if (status === 429) return RATE_LIMITED;
	if (status >= 500) return RETRY_LATER;
	return `Intercom did not accept the request for ${targetOf(action)}.`;
}

/** The description's advice: by Intercom's error code when it is known, else by the HTTP status. */
function explain(failure: IntercomFailure, action: FailedAction): string {
	return codeAdviceText(failure, action) ?? statusAdviceText(failure, action);
}

/** The error's outcome for an Intercom answer that is not a success (see {@link ItemOutcome}). */
function outcomeFor(failure: IntercomFailure, action: FailedAction): ItemOutcome | undefined {
	if (isUserNotFound(failure)) return 'notFound';
	const unreadable = failure.status >= 200 && failure.status < 300;
	// Intercom's request_timeout: it gave up while processing, so a change may have been made.
	const unanswered =
		failure.status >= 500 ||
		unreadable ||
		failure.code === 'request_timeout' ||
		action.unclearAttempt !== undefined;
	return action.write && unanswered ? 'unknown' : undefined;
}

/**
 * Returns a secret-free copy of a failure for an error: `redact` is applied to
 * every text that came from the answer (Intercom's code and message, the
 * request id and the body excerpt), since a server or proxy may echo request
 * headers, and so the access token, back in any of them. Only then is the
 * excerpt cut to 200 characters (`…` marks a cut).
 */
export function redactFailure(
	failure: IntercomFailure,
	redact: (text: string) => string,
): IntercomFailure {
	const clean = (text: string | undefined) => (text === undefined ? undefined : redact(text));
	const excerpt = clean(failure.excerpt);
	const copy: IntercomFailure = { ...failure };
	for (const [key, value] of [
		['code', clean(failure.code)],
		['message', clean(failure.message)],
		['requestId', clean(failure.requestId)],
		[
			'excerpt',
			excerpt !== undefined && excerpt.length > EXCERPT_LENGTH
				? `${excerpt.slice(0, EXCERPT_LENGTH)}…`
				: excerpt,
		],
	] as const) {
		if (value !== undefined) copy[key] = value;
	}
	return copy;
}

/** An error code in words, for an answer that gave no message: `action_forbidden` → `Action forbidden`. */
function codeWords(code: string): string {
	const words = code.replace(/_+/g, ' ').trim();
	return words ? words[0].toUpperCase() + words.slice(1) : 'Error';
}

/**
 * Builds the n8n error for an Intercom answer that is not a success.
 * Message: `Intercom: <message> (<code>)` for a body with an error code (see
 * {@link readFailure}; without a message, the code in words), else
 * `Intercom answered HTTP <status>`. The description says what it
 * means for this action, then the body excerpt (bodies without a code) and the request id.
 * `httpCode` is the HTTP status as a string. The error carries no request options,
 * so no header (and no access token) can leak through it.
 */
export function intercomApiError(
	node: INode,
	failure: IntercomFailure,
	action: FailedAction,
	itemIndex: number,
	redact: (text: string) => string = (text) => text,
): NodeApiError {
	failure = redactFailure(failure, redact);
	const message = failure.code
		? `Intercom: ${failure.message ?? codeWords(failure.code)} (${failure.code})`
		: `Intercom answered HTTP ${failure.status}`;
	const outcome = outcomeFor(failure, action);
	const details = [explain(failure, action)];
	if (outcome === 'unknown') {
		if (action.unclearAttempt) {
			details.push(`An earlier attempt got no clear answer (${action.unclearAttempt}).`);
		}
		details.push(MAY_OR_MAY_NOT(action.noun ?? 'user'));
	}
	if (failure.excerpt) details.push(`Response body: ${failure.excerpt}`);
	if (failure.requestId) details.push(`Request ID: ${failure.requestId}`);
	return failureError(
		node,
		itemIndex,
		failure,
		message,
		details.join(' '),
		outcome ? { outcome } : {},
	);
}

/** What the change of an operation is called in texts: archived, unarchived, deleted. */
function doneWord(operation: UserOperation | undefined): string {
	if (operation === 'permanentlyDelete') return 'deleted';
	return operation === 'unarchive' ? 'unarchived' : 'archived';
}

/**
 * The error for a change whose retry answered 404 "not found" after an earlier
 * attempt got no clear answer (a 5xx, or a dropped connection): Intercom archives
 * or deletes a user only once, so the earlier attempt most likely made the change
 * (see the table in `request.ts`).
 *
 * - `active` false or undefined: message `Intercom: the <noun> was most likely
 *   <archived|deleted> by an earlier attempt`, HTTP code 404,
 *   `context.intercom.outcome = 'probablyDone'` and `context.intercom.firstAttempt`
 *   (e.g. `HTTP 504`). The description says what the check read found: no active
 *   user (`false`), or that the check could not tell (`undefined`).
 * - `active` true (the check still finds an active user, so the change was not
 *   made despite the 404): message `Intercom: the <noun> was not <archived|deleted>`,
 *   no outcome marker; trying again is safe.
 *
 * @param failure the retry's 404 answer (Intercom's error.list)
 * @param active what the confirming read showed (see `readShowsActive` in request.ts)
 */
export function unclearChangeError(
	node: INode,
	failure: IntercomFailure,
	action: FailedAction,
	itemIndex: number,
	active: boolean | undefined,
	redact: (text: string) => string = (text) => text,
): NodeApiError {
	failure = redactFailure(failure, redact);
	const noun = action.noun ?? 'user';
	const done = doneWord(action.operation);
	const target = `${action.field} "${action.value}"`;
	const first = action.unclearAttempt ?? 'unknown';
	const retried = `The first attempt for ${target} got no clear answer (${first}), so it was sent again, and Intercom answered the repeat with 404 (${noun} not found)`;
	const details =
		active === true
			? [
					`${retried}, yet a check still finds an active ${noun} with ${target}: it was not ${done}. Trying again is safe.`,
				]
			: [
					`${retried}${active === false ? `; a check finds no active ${noun} with ${target} any more` : '; a check could not confirm it'}. Intercom ${done === 'deleted' ? 'deletes' : 'archives'} a ${noun} only once, so the first attempt most likely ${done} it. Check the ${noun} in Intercom if you need certainty.`,
				];
	if (failure.requestId) details.push(`Request ID: ${failure.requestId}`);
	const message =
		active === true
			? `Intercom: the ${noun} was not ${done}`
			: `Intercom: the ${noun} was most likely ${done} by an earlier attempt`;
	return failureError(node, itemIndex, failure, message, details.join(' '), {
		...(active === true ? {} : { outcome: 'probablyDone' }),
		firstAttempt: first,
	});
}

/**
 * The error for a change that got no answer at all: the connection was dropped
 * after the request went out (code e.g. `ECONNRESET`) on its last attempt (after
 * its one retry, when the request may be retried; `action.unclearAttempt` names
 * the earlier attempt's failure). Message `Intercom could not be reached: the
 * connection was dropped`; the description names the code and says the change may
 * or may not have been made;
 * `context.intercom = { outcome: 'unknown', dropped: <code> }`. No HTTP code.
 */
export function droppedChangeError(
	node: INode,
	code: string,
	action: FailedAction,
	itemIndex: number,
): NodeApiError {
	const noun = action.noun ?? 'user';
	const again = action.unclearAttempt
		? ` again after an earlier attempt got no clear answer (${action.unclearAttempt})`
		: '';
	// No `code` in the response object: n8n would replace the message with its generic text for it.
	const error = new NodeApiError(node, { message: `connection dropped (${code})` } as JsonObject, {
		// No code in the message either: n8n replaces a message naming a network error code.
		message: 'Intercom could not be reached: the connection was dropped',
		description: `The request for ${action.field} "${action.value}" was sent${again}, but the connection closed without an answer (${code}). ${MAY_OR_MAY_NOT(noun)}`,
		itemIndex,
	});
	error.context.intercom = { outcome: 'unknown', dropped: code } as IDataObject;
	return error;
}

/** Where Request Options → Timeout sits (n8n 1.x and 2.x: the node's Settings tab). */
const RAISE_TIMEOUT =
	"To wait longer, raise the timeout on the node's Settings tab → Request Options → Timeout.";

/**
 * The error for a request whose exchange broke after it went out (see
 * `BrokenAnswer` in transport/failures.ts), for a read or a change alike:
 * - `timeout`: message `Intercom did not answer within <deadlineMs> ms (timed out)`;
 * - `cutOff`: message `Intercom's answer was cut off` (the connection closed before
 *   the whole body came);
 * - `undecodable`: message `Intercom's answer could not be decoded` (the body did not
 *   match its `Content-Encoding`).
 * `httpCode` is the status the answer began with, when one came. The description
 * names the item's field and value; for a change (`action.write`) it says the change
 * may or may not have been made, and `context.intercom = { outcome: 'unknown',
 * broken: <kind> }`; for a read, `context.intercom = { broken: <kind> }` (nothing was
 * changed by it). Holds no request options, so no header can leak through it.
 *
 * @param error what n8n's request helper threw (read for the status only)
 * @param deadlineMs the attempt's deadline in ms (see `exchangeDeadlineMs`)
 */
export function brokenExchangeError(
	node: INode,
	kind: BrokenAnswer,
	error: unknown,
	action: FailedAction,
	itemIndex: number,
	deadlineMs: number,
): NodeApiError {
	const noun = action.noun ?? 'user';
	const status = kind === 'timeout' ? undefined : brokenStatus(error);
	const answered = status ? ` (HTTP ${status})` : '';
	const what = action.write
		? `The request for ${action.field} "${action.value}"`
		: `The lookup of ${action.field} "${action.value}"`;
	const happened = {
		timeout: `${what} was sent, but no whole answer came within ${deadlineMs} ms.`,
		cutOff: `${what} was sent and Intercom began to answer${answered}, but the connection closed before the whole answer came.`,
		undecodable: `${what} was sent and an answer came${answered}, but its body did not match the compression its Content-Encoding header named; a proxy or gateway in between may have changed it.`,
	}[kind];
	const next = action.write
		? MAY_OR_MAY_NOT(noun)
		: `Nothing was changed by it; run the item again${kind === 'timeout' ? ' later' : ''}.`;
	const message = {
		timeout: `Intercom did not answer within ${deadlineMs} ms (timed out)`,
		cutOff: "Intercom's answer was cut off",
		undecodable: "Intercom's answer could not be decoded",
	}[kind];
	// No `code` in the response object: n8n would replace the message with its generic text for it.
	const result = new NodeApiError(node, { message: `${kind}${answered}` } as JsonObject, {
		message,
		description: [happened, next, kind === 'timeout' ? RAISE_TIMEOUT : '']
			.filter(Boolean)
			.join(' '),
		...(status ? { httpCode: status } : {}),
		itemIndex,
	});
	result.context.intercom = (
		action.write ? { outcome: 'unknown', broken: kind } : { broken: kind }
	) as IDataObject;
	return result;
}

/** The item a lookup was for: its node, index and target (label and value). */
export interface LookupSubject {
	node: INode;
	itemIndex: number;
	target: { label: string; value: string };
}

function lookupError(
	subject: LookupSubject,
	failure: IntercomFailure,
	message: string,
	description: string,
): NodeApiError {
	return failureError(subject.node, subject.itemIndex, failure, message, description);
}

/**
 * The n8n error for one failure: `httpCode` is its HTTP status, and
 * `context.intercom` holds the failure (code, message, request id, excerpt)
 * plus `extra` (e.g. the outcome). It carries no request options, so no header
 * (and no access token) can leak through it.
 */
function failureError(
	node: INode,
	itemIndex: number,
	failure: IntercomFailure,
	message: string,
	description: string,
	extra: IDataObject = {},
): NodeApiError {
	const error = new NodeApiError(node, failure as unknown as JsonObject, {
		message,
		description,
		httpCode: String(failure.status),
		itemIndex,
	});
	error.context.intercom = { ...failure, ...extra } as unknown as IDataObject;
	return error;
}

/**
 * A lookup (Intercom API 1.1+ `GET /users?email=`, or 2.x contact search) found
 * nobody. Reads like Intercom's own 404: `Intercom: User Not Found (not_found)`
 * or `Intercom: Contact Not Found (not_found)`, HTTP code 404,
 * `context.intercom.outcome = 'notFound'`. For contacts the description also says
 * that Intercom's search can take a few minutes to show a new or changed contact
 * (Intercom API 2.x, "Search contacts": results are eventually consistent). When
 * only leads matched (`leads`: their Intercom ids), the description says so instead:
 * the node acts on users only.
 */
export function noMatch(
	subject: LookupSubject,
	kind: 'user' | 'contact',
	leads: string[] = [],
): NodeApiError {
	const { label, value } = subject.target;
	const noun = kind === 'user' ? 'User' : 'Contact';
	const delay =
		kind === 'contact'
			? " Intercom's search can take a few minutes to show a new or changed contact, so one created or edited just now may not be found yet."
			: '';
	const description =
		leads.length > 0
			? `No user matches ${label} "${value}": only ${leads.length === 1 ? 'a lead has' : `${leads.length} leads have`} it (Intercom ID ${leads.slice(0, 20).join(', ')}), and the node acts on users only, so leads are never changed. Nothing was changed.`
			: `No ${kind} matches ${label} "${value}", or that ${kind} is archived (archived ${kind}s do not appear in lookups).${delay} Nothing was changed.`;
	const error = lookupError(
		subject,
		{ status: 404, code: 'not_found', message: `${noun} Not Found` },
		`Intercom: ${noun} Not Found (not_found)`,
		description,
	);
	error.context.intercom = { ...(error.context.intercom as IDataObject), outcome: 'notFound' };
	return error;
}

/**
 * The Intercom id names a lead (Contacts API, role `lead`), not a user: the node acts
 * on users only and never changes a lead. Message `Intercom ID "<id>" is a lead, not
 * a user`, no HTTP code, no outcome (it is not "not found": a re-run with Ignore Not
 * Found does not hide it). Nothing was changed.
 *
 * @param change what was not done, e.g. `archived`, `deleted`
 */
export function leadNotUser(subject: LookupSubject, change: string): NodeApiError {
	const { label, value } = subject.target;
	return new NodeApiError(
		subject.node,
		{ message: 'lead' },
		{
			message: `${label} "${value}" is a lead, not a user`,
			description: `The node acts on users only, so the lead was not ${change}: leads are never changed. Nothing was changed.`,
			itemIndex: subject.itemIndex,
		},
	);
}

/**
 * Unarchive by Intercom ID restored a lead: Intercom shows no archived contact before
 * it is restored, so only the read-back after `POST /contacts/{id}/unarchive` showed
 * role `lead`. The node has archived it again (`POST /contacts/{id}/archive`, Intercom
 * API 2.x) before this error.
 * - Archived again (`rearchiveFailure` undefined): message `Intercom ID "<id>" is a
 *   lead, not a user`, as {@link leadNotUser}; the description says that Unarchive had
 *   restored it and that it was archived again, so it is as before.
 * - The archive failed: message `Intercom ID "<id>" is a lead, not a user, and is now
 *   unarchived`; the description says so plainly, with the archive's error.
 * No HTTP code, no outcome (Ignore Not Found never hides it).
 *
 * @param rearchiveFailure the message of the failed archive, when it failed
 */
export function unarchivedLead(subject: LookupSubject, rearchiveFailure?: string): NodeApiError {
	const { label, value } = subject.target;
	const restored =
		'Unarchive had restored it, because Intercom cannot show an archived contact before it is restored';
	const again =
		rearchiveFailure === undefined
			? `The node acts on users only, so leads are never changed. ${restored}; it was archived again at once, so it is as before.`
			: `The node acts on users only, so leads are never changed. ${restored}, and archiving it again failed (${rearchiveFailure}): the lead is now unarchived. Archive it again in Intercom.`;
	return new NodeApiError(
		subject.node,
		{ message: 'lead' },
		{
			message:
				rearchiveFailure === undefined
					? `${label} "${value}" is a lead, not a user`
					: `${label} "${value}" is a lead, not a user, and is now unarchived`,
			description: again,
			itemIndex: subject.itemIndex,
		},
	);
}

/**
 * A lookup found several users, so none is changed (case C4 in test/CASES.md). Message
 * `Intercom: Multiple users match this <field> (conflict)`, HTTP code 409; the
 * description lists the candidates' Intercom ids (at most 20) and suggests a
 * more specific selector.
 */
export function ambiguousMatch(
	subject: LookupSubject,
	ids: string[],
	change: string,
): NodeApiError {
	const { label, value } = subject.target;
	const shown = ids.slice(0, 20).join(', ');
	const more = ids.length > 20 ? ` and ${ids.length - 20} more` : '';
	return lookupError(
		subject,
		{ status: 409, code: 'conflict', message: `Multiple users match this ${label}` },
		`Intercom: Multiple users match this ${label} (conflict)`,
		`${ids.length} users match ${label} "${value}", so nobody was ${change}. Candidates (Intercom IDs): ${shown}${more}. Use User ID or Intercom ID instead.`,
	);
}

/**
 * Reads an answer that should hold one Intercom object (e.g. the User object of
 * Intercom API 1.4 "Archive a user"): undefined for a 2xx answer whose body is a
 * JSON object; otherwise what went wrong, including a 2xx whose body is empty or
 * not a JSON object.
 */
export function failureOf(response: IN8nHttpFullResponse): IntercomFailure | undefined {
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	if (!ok) return readFailure(response);
	const body = parseJsonBody(response.body);
	if (body && typeof body === 'object' && !Array.isArray(body)) return undefined;
	const failure = readFailure(response);
	return {
		status: failure.status,
		requestId: failure.requestId,
		excerpt: failure.excerpt ?? '(empty body)',
	};
}

/**
 * The origin (`scheme://host[:port]`) an answer's `Location` header points to, resolved
 * against the URL the request went to; never its path or query string, which may carry
 * a one-time code or the token itself. Undefined without a usable `Location`.
 */
export function redirectOrigin(
	response: IN8nHttpFullResponse,
	requestUrl: string,
): string | undefined {
	const location = header(response, 'location');
	if (location === undefined || location.trim() === '') return undefined;
	try {
		return new URL(location.trim(), requestUrl).origin;
	} catch {
		return undefined;
	}
}

/**
 * The error for an answer that asks to go elsewhere (HTTP 300–399): the node follows
 * no redirect, so neither the request nor the access token went to the other origin.
 * Intercom's REST API does not redirect these calls; a proxy, a gateway's login page or
 * a mistyped Custom Base URL does. Message `Intercom answered HTTP <status>, a redirect
 * (not followed)`; the description names the origin `Location` points to (never its
 * path or query), says that nothing was sent there, and for a change that nothing
 * confirms it was made. `httpCode` is the status; no outcome marker: a redirected item
 * is neither done nor not found, so Ignore Not Found never hides it.
 *
 * @param origin what {@link redirectOrigin} read, undefined when `Location` was missing
 */
export function redirectError(
	node: INode,
	status: number,
	origin: string | undefined,
	action: FailedAction,
	itemIndex: number,
	redact: (text: string) => string = (text) => text,
): NodeApiError {
	const target = `${action.field} "${action.value}"`;
	const where = origin ? `to ${redact(origin)}` : 'without a Location header';
	const change = action.write
		? ` Nothing confirms that the ${action.noun ?? 'user'} was ${doneWord(action.operation)}: check it in Intercom.`
		: '';
	const description =
		`The request for ${target} was answered with a redirect ${where}. ` +
		'The node follows no redirect: the request was not repeated there and the access token was not sent there.' +
		`${change} Check the credential's Region and Base URL: Intercom's API does not redirect, so a proxy or gateway in between is sending the node elsewhere (for example to a login page).`;
	return failureError(
		node,
		itemIndex,
		{ status },
		`Intercom answered HTTP ${status}, a redirect (not followed)`,
		description,
		origin ? { redirectOrigin: redact(origin) } : {},
	);
}

/** A local epoch-ms time for an error's text: `2026-12-05 08:10:00 UTC`. */
function utcTime(ms: number): string {
	const iso = new Date(ms).toISOString();
	return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/**
 * The error for a request refused for the node's patience (see `Refusal` in
 * transport/rateLimit.ts): `sent` says whether it went out (the server refused it) or
 * was not sent (the gate refused it). Message `Intercom asked to wait <n> s, longer
 * than the node waits (60 s)` or `Intercom kept answering HTTP 429 for <n> s without a
 * single success`. The description says what happened, what it means for the item and
 * when to run it again. The request was not carried out, so nothing was changed by it,
 * unless an earlier attempt of the same change got no clear answer
 * (`action.unclearAttempt`): then the outcome is `unknown`, as for any unclear change.
 * `httpCode` is the refusing status when this request got one.
 *
 * @param capMs the longest wait the node accepts (`MAX_RATE_LIMIT_WAIT_MS`)
 */
export function refusedError(
	node: INode,
	refusal: Refusal,
	sent: boolean,
	action: FailedAction,
	itemIndex: number,
	capMs: number,
): NodeApiError {
	const seconds = (ms: number) => Math.ceil(ms / 1000);
	const statuses = refusal.kind === 'keptRefusing' ? refusal.statuses : [refusal.status];
	const codes = statuses.map((status) => `HTTP ${status}`).join(' and ');
	const message =
		refusal.kind === 'waitTooLong'
			? `Intercom asked to wait ${seconds(refusal.askedMs)} s, longer than the node waits (${seconds(capMs)} s)`
			: `Intercom kept answering ${codes} for ${seconds(refusal.lastedMs)} s without a single success`;
	const until = utcTime(refusal.untilMs);
	const why =
		refusal.kind === 'waitTooLong'
			? `${sent ? 'Intercom (or a gateway in front of it)' : 'An earlier request with this credential was'} answered ${codes}, asking to wait until ${utcTime(refusal.retryAtMs)}; the node waits at most ${seconds(capMs)} s, so it sends nothing more there until ${until}.`
			: `For ${seconds(refusal.lastedMs)} s every answer to this credential's requests was ${codes}, not one a success; the node waits at most ${seconds(refusal.patienceMs)} s for one, so it stopped and sends nothing more there until ${until}.`;
	const what = action.write
		? `The request for ${action.field} "${action.value}"`
		: `The lookup of ${action.field} "${action.value}"`;
	const unclear = action.write && action.unclearAttempt !== undefined;
	const effect = unclear
		? `${what} was ${sent ? 'refused' : 'not sent'} this time, but an earlier attempt got no clear answer (${action.unclearAttempt}). ${MAY_OR_MAY_NOT(action.noun ?? 'user')}`
		: `${what} was ${sent ? 'refused' : 'not sent'}, so nothing was changed${action.write ? '' : ' by it'}.`;
	const next =
		refusal.kind === 'waitTooLong'
			? `Run the item again after ${utcTime(refusal.retryAtMs)}.`
			: 'Run the item again later; if a proxy or gateway in front of Intercom answers these, check its limits.';
	const error = new NodeApiError(node, { message } as JsonObject, {
		message,
		description: [why, effect, next].join(' '),
		...(sent ? { httpCode: refusal.kind === 'waitTooLong' ? String(refusal.status) : '429' } : {}),
		itemIndex,
	});
	error.context.intercom = {
		refused: refusal.kind,
		sent,
		...(unclear ? { outcome: 'unknown', firstAttempt: action.unclearAttempt } : {}),
	} as IDataObject;
	return error;
}
/** A 2xx answer that does not have the shape the node needs (see `intercom/answers.ts`). */
export interface UnreadableAnswer {
	/** The answer's HTTP status. */
	status: number;
	/** What the answer was read as, e.g. `a user`, `a user delete request`. */
	readAs: string;
	/** What was wrong, short, e.g. `data[0] has no id`. */
	problem: string;
}

/**
 * The error for a 2xx answer the node cannot act on (e.g. a lookup answered `[]`, or a
 * search whose contact has no id): message `Intercom's answer could not be read as
 * <readAs>: <problem>`, `httpCode` the status. Nothing is sent on such an answer. For
 * a read the item fails (no outcome: it is never "not found"); for a change
 * (`action.write`), whose answer this was, the change may have been made:
 * `context.intercom.outcome = 'unknown'`.
 */
export function unreadableAnswer(
	node: INode,
	itemIndex: number,
	answer: UnreadableAnswer,
	action: FailedAction,
): NodeApiError {
	const target = `${action.field} "${action.value}"`;
	const noun = action.noun ?? 'user';
	const next = action.write
		? `It answered a change, which ${MAY_OR_MAY_NOT(noun).replace(/^The change /, '')}`
		: 'The node did not act on it.';
	const description = [
		`Intercom answered HTTP ${answer.status} for ${target}, but its answer does not have the shape of ${answer.readAs} (${answer.problem}).`,
		next,
		"A proxy in front of Intercom, or an API version the node does not expect, can cause this: check the credential's Base URL and the node's API settings.",
	].join(' ');
	return failureError(
		node,
		itemIndex,
		{ status: answer.status },
		`Intercom's answer could not be read as ${answer.readAs}: ${answer.problem}`,
		description,
		action.write ? { outcome: 'unknown' } : {},
	);
}

/** Why the node restores an archived contact before it deletes by ID, in the errors' words. */
const RESTORED_TO_READ =
	'Intercom shows no archived contact, so to tell an archived user from an archived lead the node had restored it for a moment';

/**
 * Permanently Delete by Intercom ID met an archived lead: Intercom shows no archived
 * contact, so the node restored it (`POST /contacts/{id}/unarchive`, Intercom API 2.x)
 * to read it, saw role `lead`, and archived it again (`POST /contacts/{id}/archive`)
 * before this error. Nothing was deleted.
 * - Archived again (`rearchiveFailure` undefined): message `Intercom ID "<id>" is a lead,
 *   not a user`, as {@link leadNotUser}; the description says it is archived as before.
 * - The archive failed: message `… is a lead, not a user, and is now unarchived`; the
 *   description says so plainly, with the archive's error.
 * No HTTP code, no outcome (Ignore Not Found never hides it).
 */
export function archivedLeadNotDeleted(
	subject: LookupSubject,
	rearchiveFailure?: string,
): NodeApiError {
	const { label, value } = subject.target;
	const base = `The node acts on users only, so the lead was not deleted: leads are never changed. ${RESTORED_TO_READ}`;
	const again =
		rearchiveFailure === undefined
			? `${base}; it saw a lead and archived it again at once, so it is archived as before. Nothing was deleted.`
			: `${base}, and archiving it again failed (${rearchiveFailure}): the lead is now unarchived. Archive it again in Intercom. Nothing was deleted.`;
	return new NodeApiError(
		subject.node,
		{ message: 'lead' },
		{
			message:
				rearchiveFailure === undefined
					? `${label} "${value}" is a lead, not a user`
					: `${label} "${value}" is a lead, not a user, and is now unarchived`,
			description: again,
			itemIndex: subject.itemIndex,
		},
	);
}

/**
 * Permanently Delete by Intercom ID on the Users API found no record with the ID:
 * neither read showed an active user or lead, and Intercom could not restore an
 * archived contact with it (`POST /contacts/{id}/unarchive` answered 404). Reads like
 * Intercom's own 404: `Intercom: User Not Found (not_found)`, HTTP code 404,
 * `context.intercom.outcome = 'notFound'`. Nothing was changed.
 *
 * @param requestId Intercom's request id of the 404, when known
 */
export function unknownIntercomId(subject: LookupSubject, requestId?: string): NodeApiError {
	const { label, value } = subject.target;
	const description = [
		`No user matches ${label} "${value}", or it was already deleted. Nothing was deleted.`,
		'Neither an active nor an archived user or lead has this ID.',
		requestId ? `Request ID: ${requestId}` : '',
	];
	const error = lookupError(
		subject,
		{ status: 404, code: 'not_found', message: 'User Not Found', requestId },
		'Intercom: User Not Found (not_found)',
		description.filter(Boolean).join(' '),
	);
	error.context.intercom = { ...(error.context.intercom as IDataObject), outcome: 'notFound' };
	return error;
}

/**
 * How archiving a contact again went, after the node had restored it to read it:
 * `archived`, `gone` (Intercom answered 404: no contact with the ID any more), or the
 * archive's error message.
 */
export type ArchivedAgain = { archived: true } | { gone: true } | { failure: string };

/**
 * The sentences added to the error of a deletion by Intercom ID that failed after the
 * node had restored the archived contact to read it (see {@link archivedLeadNotDeleted}),
 * saying what became of the contact: archived again, gone, or possibly unarchived.
 *
 * @param erased whether the deletion itself was sent (false: it failed before)
 */
export function restoredNote(again: ArchivedAgain, erased: boolean): string {
	const sent = erased ? '' : ' Nothing was deleted.';
	if ('archived' in again) {
		return `${RESTORED_TO_READ}; it archived it again after this error, so it is archived.${sent}`;
	}
	if ('gone' in again) {
		return `${RESTORED_TO_READ}; archiving it again after this error found no contact with this ID any more.${sent}`;
	}
	return `${RESTORED_TO_READ}, and archiving it again after this error failed (${again.failure}): it may now be unarchived. Check it in Intercom.${sent}`;
}
