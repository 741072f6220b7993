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
	unreachable,
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

/** Replaces secrets in a text. */
type Redact = (text: string) => string;
const asIs: Redact = (text) => text;

/** The outcome of an answer that is not a success: `notFound`, or `unknown` for a change left open. */
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

/** The error for an answer that is not a success: `Intercom: <message> (<code>)` with advice. */
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

/** A retry's 404 after an unclear attempt: most likely done, unless the confirming read finds the user active. */
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

/** A change whose connection dropped (outcome `unknown`); no network code: n8n would replace the message. */
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
			message: unreachable('the connection was dropped'),
			description,
			itemIndex,
		},
		{ outcome: 'unknown', dropped: code },
	);
}

/** An exchange that timed out, was cut off or could not be decoded after the request went out. */
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
 * A redirect, not followed (the token never went there). A change so answered is `unknown`:
 * something in between answered for Intercom, and nothing says whether it passed the change on.
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
		{
			...(origin ? { redirectOrigin: redact(origin) } : {}),
			...(action.write ? { outcome: 'unknown' } : {}),
		},
	);
}

/** A refusal's message, and what happened, in words. */
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

/** A request refused for the node's patience; `unknown` only when an earlier attempt was unclear. */
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

/** A 2xx answer the node cannot act on; for a change the outcome is `unknown`. */
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

/** The 2xx answer to `request` the node acts on; throws {@link unreadableAnswer} for another shape. */
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
