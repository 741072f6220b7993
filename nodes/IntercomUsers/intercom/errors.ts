import type { IDataObject, IN8nHttpFullResponse, INode, NodeApiError } from 'n8n-workflow';

import type { ItemOutcome } from '../shared/types';
import type { BrokenAnswer } from '../transport/failures';
import { brokenStatus } from '../transport/failures';
import type { Refusal } from '../transport/rateLimit';
import type { IntercomFailure, UnreadableAnswer } from './answers';
import { answerProblem, isUserNotFound, redactFailure } from './answers';
import { failureError, nodeApiError } from './nodeError';
import type { IntercomRequest } from './request';
import { codeWords, explain } from './words/advice';
import type { FailedAction } from './words/phrases';
import {
	answeredHttp,
	doneWord,
	MAY_OR_MAY_NOT,
	RAISE_TIMEOUT,
	READ_AS,
	requestIdNote,
	requestOf,
	targetOf,
	timedOut,
	utcTime,
} from './words/phrases';

export type { IntercomErrorEntry, IntercomFailure, UnreadableAnswer } from './answers';
export {
	failureOf,
	isUserNotFound,
	parseJsonBody,
	readFailure,
	redactFailure,
	redirectOrigin,
} from './answers';
export type { ArchivedAgain } from './lookupErrors';
export {
	ambiguousMatch,
	archivedLeadNotDeleted,
	leadNotUser,
	noMatch,
	restoredNote,
	unarchivedLead,
	unknownIntercomId,
} from './lookupErrors';
export { outcomeOf } from './nodeError';
export type { CodeAdvice } from './words/advice';
export { CODE_ADVICE, codeAdviceText } from './words/advice';
export type { FailedAction, LookupSubject } from './words/phrases';

/** Replaces secrets in a text; the identity when there are none to replace. */
type Redact = (text: string) => string;
const asIs: Redact = (text) => text;

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
 * The n8n error for an Intercom answer that is not a success. Message
 * `Intercom: <message> (<code>)` for a body with an error code (without a message, the
 * code in words), else `Intercom answered HTTP <status>`. The description says what it
 * means for this action, then the body excerpt and the request id; every text read from
 * the answer goes through `redact` first.
 */
export function intercomApiError(
	node: INode,
	failure: IntercomFailure,
	action: FailedAction,
	itemIndex: number,
	redact: Redact = asIs,
): NodeApiError {
	failure = redactFailure(failure, redact);
	const message = failure.code
		? `Intercom: ${failure.message ?? codeWords(failure.code)} (${failure.code})`
		: answeredHttp(failure.status);
	const outcome = outcomeFor(failure, action);
	const details = [explain(failure, action)];
	if (outcome === 'unknown') {
		if (action.unclearAttempt) {
			details.push(`An earlier attempt got no clear answer (${action.unclearAttempt}).`);
		}
		details.push(MAY_OR_MAY_NOT(action.noun ?? 'user'));
	}
	if (failure.excerpt) details.push(`Response body: ${failure.excerpt}`);
	if (failure.requestId) details.push(requestIdNote(failure.requestId));
	const extra = outcome ? { outcome } : {};
	return failureError(node, itemIndex, failure, message, details.join(' '), extra);
}

/**
 * The error for a change whose retry answered 404 after an earlier attempt got no clear
 * answer: Intercom archives or deletes a user only once, so the earlier attempt most
 * likely made the change (outcome `probablyDone`, see the table in `request.ts`) —
 * unless the confirming read still finds the user active (`active` true): then it was
 * not made, and trying again is safe.
 *
 * @param active what the confirming read showed (see `readShowsActive` in request.ts)
 */
export function unclearChangeError(
	node: INode,
	failure: IntercomFailure,
	action: FailedAction,
	itemIndex: number,
	active: boolean | undefined,
	redact: Redact = asIs,
): NodeApiError {
	failure = redactFailure(failure, redact);
	const noun = action.noun ?? 'user';
	const done = doneWord(action.operation);
	const target = targetOf(action);
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
	if (failure.requestId) details.push(requestIdNote(failure.requestId));
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
 * The error for a change whose connection was dropped after the request went out, on
 * its last attempt (`code` e.g. `ECONNRESET`): outcome `unknown`. The message names no
 * network code, because n8n replaces a message naming one with its generic text.
 */
export function droppedChangeError(
	node: INode,
	code: string,
	action: FailedAction,
	itemIndex: number,
): NodeApiError {
	const again = action.unclearAttempt
		? ` again after an earlier attempt got no clear answer (${action.unclearAttempt})`
		: '';
	const description = `The request for ${targetOf(action)} was sent${again}, but the connection closed without an answer (${code}). ${MAY_OR_MAY_NOT(action.noun ?? 'user')}`;
	return nodeApiError(
		node,
		`connection dropped (${code})`,
		{
			message: 'Intercom could not be reached: the connection was dropped',
			description,
			itemIndex,
		},
		{ outcome: 'unknown', dropped: code },
	);
}

/**
 * The error for a request whose exchange broke after it went out (see `BrokenAnswer`
 * in transport/failures.ts): it timed out, was cut off, or could not be decoded. For a
 * change the outcome is `unknown`; a read changed nothing.
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
	const status = kind === 'timeout' ? undefined : brokenStatus(error);
	const answered = status ? ` (HTTP ${status})` : '';
	const what = requestOf(action);
	const happened = {
		timeout: `${what} was sent, but no whole answer came within ${deadlineMs} ms.`,
		cutOff: `${what} was sent and Intercom began to answer${answered}, but the connection closed before the whole answer came.`,
		undecodable: `${what} was sent and an answer came${answered}, but its body did not match the compression its Content-Encoding header named; a proxy or gateway in between may have changed it.`,
	}[kind];
	const next = action.write
		? MAY_OR_MAY_NOT(action.noun ?? 'user')
		: `Nothing was changed by it; run the item again${kind === 'timeout' ? ' later' : ''}.`;
	const message = {
		timeout: timedOut(deadlineMs),
		cutOff: "Intercom's answer was cut off",
		undecodable: "Intercom's answer could not be decoded",
	}[kind];
	const description = [happened, next, kind === 'timeout' ? RAISE_TIMEOUT : '']
		.filter(Boolean)
		.join(' ');
	return nodeApiError(
		node,
		`${kind}${answered}`,
		{ message, description, httpCode: status, itemIndex },
		action.write ? { outcome: 'unknown', broken: kind } : { broken: kind },
	);
}

/**
 * The error for an answer that asks to go elsewhere (HTTP 300–399): the node follows no
 * redirect, so neither the request nor the access token went to the other origin. The
 * description names that origin (never its path or query, which may carry a secret).
 * No outcome: a redirected item is neither done nor not found.
 *
 * @param origin what `redirectOrigin` read, undefined when `Location` was missing
 */
export function redirectError(
	node: INode,
	status: number,
	origin: string | undefined,
	action: FailedAction,
	itemIndex: number,
	redact: Redact = asIs,
): NodeApiError {
	const where = origin ? `to ${redact(origin)}` : 'without a Location header';
	const change = action.write
		? ` Nothing confirms that the ${action.noun ?? 'user'} was ${doneWord(action.operation)}: check it in Intercom.`
		: '';
	const description =
		`The request for ${targetOf(action)} was answered with a redirect ${where}. ` +
		'The node follows no redirect: the request was not repeated there and the access token was not sent there.' +
		`${change} Check the credential's Region and Base URL: Intercom's API does not redirect, so a proxy or gateway in between is sending the node elsewhere (for example to a login page).`;
	return failureError(
		node,
		itemIndex,
		{ status },
		`${answeredHttp(status)}, a redirect (not followed)`,
		description,
		origin ? { redirectOrigin: redact(origin) } : {},
	);
}

/** What a refusal says happened: asked to wait too long, or kept refusing. */
function refusalWhy(refusal: Refusal, sent: boolean, capMs: number): [string, string] {
	const seconds = (ms: number) => Math.ceil(ms / 1000);
	const statuses = refusal.kind === 'keptRefusing' ? refusal.statuses : [refusal.status];
	const codes = statuses.map((status) => `HTTP ${status}`).join(' and ');
	const until = utcTime(refusal.untilMs);
	if (refusal.kind === 'waitTooLong') {
		return [
			`Intercom asked to wait ${seconds(refusal.askedMs)} s, longer than the node waits (${seconds(capMs)} s)`,
			`${sent ? 'Intercom (or a gateway in front of it)' : 'An earlier request with this credential was'} answered ${codes}, asking to wait until ${utcTime(refusal.retryAtMs)}; the node waits at most ${seconds(capMs)} s, so it sends nothing more there until ${until}.`,
		];
	}
	return [
		`Intercom kept answering ${codes} for ${seconds(refusal.lastedMs)} s without a single success`,
		`For ${seconds(refusal.lastedMs)} s every answer to this credential's requests was ${codes}, not one a success; the node waits at most ${seconds(refusal.patienceMs)} s for one, so it stopped and sends nothing more there until ${until}.`,
	];
}

/**
 * The error for a request refused for the node's patience (see `Refusal` in
 * transport/rateLimit.ts): `sent` says whether it went out (the server refused it) or
 * the gate kept it back. Either way it was not carried out, so it changed nothing —
 * unless an earlier attempt of the same change got no clear answer
 * (`action.unclearAttempt`): then the outcome is `unknown`.
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
	const [message, why] = refusalWhy(refusal, sent, capMs);
	const what = requestOf(action);
	const unclear = action.write && action.unclearAttempt !== undefined;
	const effect = unclear
		? `${what} was ${sent ? 'refused' : 'not sent'} this time, but an earlier attempt got no clear answer (${action.unclearAttempt}). ${MAY_OR_MAY_NOT(action.noun ?? 'user')}`
		: `${what} was ${sent ? 'refused' : 'not sent'}, so nothing was changed${action.write ? '' : ' by it'}.`;
	const next =
		refusal.kind === 'waitTooLong'
			? `Run the item again after ${utcTime(refusal.retryAtMs)}.`
			: 'Run the item again later; if a proxy or gateway in front of Intercom answers these, check its limits.';
	const httpCode = !sent
		? undefined
		: refusal.kind === 'waitTooLong'
			? String(refusal.status)
			: '429';
	return nodeApiError(
		node,
		message,
		{ message, description: [why, effect, next].join(' '), httpCode, itemIndex },
		{
			refused: refusal.kind,
			sent,
			...(unclear ? { outcome: 'unknown', firstAttempt: action.unclearAttempt } : {}),
		} as IDataObject,
	);
}

/**
 * The error for a 2xx answer the node cannot act on (e.g. a lookup answered `[]`):
 * message `Intercom's answer could not be read as <readAs>: <problem>`, `httpCode` the
 * status. A read fails its item (never "not found"); for a change, whose answer this
 * was, the change may have been made: outcome `unknown`.
 */
export function unreadableAnswer(
	node: INode,
	itemIndex: number,
	answer: UnreadableAnswer,
	action: FailedAction,
): NodeApiError {
	const next = action.write
		? `It answered a change, which ${MAY_OR_MAY_NOT(action.noun ?? 'user').replace(/^The change /, '')}`
		: 'The node did not act on it.';
	const description = [
		`Intercom answered HTTP ${answer.status} for ${targetOf(action)}, but its answer does not have the shape of ${answer.readAs} (${answer.problem}).`,
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

/**
 * The 2xx answer to `request` as the object the node acts on (see `answerProblem` in
 * answers.ts); undefined when the answer is no 2xx with a JSON body (the caller reads
 * it as a failure). A body of another shape rejects with {@link unreadableAnswer}.
 *
 * @param action the item's failed-action words, `write` set for a change
 */
export function readAnswer(
	subject: { node: INode; itemIndex: number },
	request: IntercomRequest,
	response: IN8nHttpFullResponse,
	action: FailedAction,
	redact: Redact,
): IDataObject | undefined {
	const read = answerProblem(request, response, redact);
	if (read === undefined || 'body' in read) return read?.body;
	const { status, shape, problem } = read;
	const answer = { status, readAs: READ_AS[shape], problem };
	throw unreadableAnswer(subject.node, subject.itemIndex, answer, action);
}
