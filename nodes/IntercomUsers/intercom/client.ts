import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiChoice, Target, UserOperation } from '../shared/types';
import { brokenAnswer, CancelledError, droppedConnectionCode } from '../transport/failures';
import { MAX_RATE_LIMIT_WAIT_MS } from '../transport/rateLimit';
import type { Redact } from '../transport/redact';
import type { Attempt } from '../transport/send';
import {
	exchangeDeadlineMs,
	isRedirectStatus,
	isUnclearAttempt,
	RefusedError,
	send,
} from '../transport/send';
import type { FailedAction } from './errors';
import {
	brokenExchangeError,
	droppedChangeError,
	failureOf,
	intercomApiError,
	isUserNotFound,
	readAnswer,
	parseJsonBody,
	readFailure,
	redirectError,
	redirectOrigin,
	refusedError,
	unclearChangeError,
} from './errors';
import type { IntercomRequest, ItemContext } from './request';
import { confirmingRead, readShowsActive, requestEffect, retrySafe } from './request';
import { cancelledError } from './networkErrors';

/** Everything the client needs to send one item's requests. */
export interface ClientSetup {
	context: IExecuteSingleFunctions;
	node: INode;
	itemIndex: number;
	defaults: IHttpRequestOptions;
	baseURL: string;
	credentials: ICredentialsDecrypted;
	redact: Redact;
	api: ApiChoice;
	operation: UserOperation;
	dryRun: boolean;
}

/** The item's `call` (paced, retried as {@link retrySafe} allows); rejects with the item's n8n error. */
export function intercomCall(
	setup: ClientSetup,
	sent: Pick<Target, 'label' | 'value'>,
): ItemContext['call'] {
	const failed: FailedAction = {
		field: sent.label,
		value: sent.value,
		version: setup.api.version,
		operation: setup.operation,
		noun: setup.api.generation === 'contacts' ? 'contact' : 'user',
	};
	return async (request) => await call(setup, failed, request);
}

/** The words of a failure of `request`: a Contacts API read sent on the Users API path is a contact's. */
function failedFor(failed: FailedAction, request: IntercomRequest): FailedAction {
	const about =
		request.version === undefined
			? failed
			: { ...failed, version: request.version, noun: 'contact' as const };
	return { ...about, write: requestEffect(request) !== 'read' };
}

async function call(
	setup: ClientSetup,
	itemFailed: FailedAction,
	request: IntercomRequest,
): Promise<IDataObject> {
	const { node, itemIndex, redact } = setup;
	const effect = requestEffect(request);
	if (setup.dryRun && effect !== 'read') {
		// A last guard: the operations' dry runs never get here.
		throw new NodeOperationError(node, 'A dry run sends no change to Intercom', {
			itemIndex,
			description: `${request.method} ${request.url.split('?')[0]} was not sent: with Dry Run on, the node sends lookups only. Nothing was changed.`,
		});
	}
	const failed = failedFor(itemFailed, request);
	const attempts: Attempt[] = [];
	let response: IN8nHttpFullResponse | undefined;
	let unanswered: unknown;
	try {
		response = await exchange(setup, request, attempts);
	} catch (caught) {
		unanswered = caught;
	}
	const unclear = unclearBefore(attempts, unanswered);
	if (unclear) failed.unclearAttempt = describeAttempt(unclear);
	if (!response) throw unansweredError(setup, unanswered, failed);
	if (isRedirectStatus(response.statusCode)) {
		const origin = redirectOrigin(response, `${setup.baseURL}${request.url}`);
		throw redirectError(node, response.statusCode, origin, failed, itemIndex, redact);
	}
	const answer = readAnswer({ node, itemIndex }, request, response, failed, redact);
	if (answer) return answer;
	const failure = failureOf(response) ?? readFailure(response);
	if (unclear && effect === 'once' && isUserNotFound(failure)) {
		const active = await stillActive(setup, request);
		throw unclearChangeError(node, failure, failed, itemIndex, active, redact);
	}
	throw intercomApiError(node, failure, failed, itemIndex, redact);
}

/** Sends one request (paced, retried as {@link retrySafe} allows), recording its attempts. */
async function exchange(
	setup: ClientSetup,
	request: IntercomRequest,
	attempts: Attempt[],
): Promise<IN8nHttpFullResponse> {
	const { defaults, baseURL } = setup;
	const allowedDomains = withOwnHost(defaults.allowedDomains, baseURL);
	return await send(
		setup.context,
		{
			...defaults,
			baseURL,
			...(allowedDomains ? { allowedDomains } : {}),
			method: request.method,
			url: request.url,
			qs: {},
			headers: {
				...(defaults.headers ?? {}),
				'Intercom-Version': request.version ?? setup.api.version,
			},
			...(request.body ? { body: request.body, json: true } : { body: undefined }),
		},
		{
			retryUnclear: retrySafe(request),
			attempts,
			credentials: setup.credentials,
		},
	);
}

/** Whether a confirming read still finds the user active; undefined when it cannot tell. */
async function stillActive(
	setup: ClientSetup,
	request: IntercomRequest,
): Promise<boolean | undefined> {
	const read = confirmingRead(request);
	if (!read) return undefined;
	try {
		const answer = await exchange(setup, read, []);
		const notFound = answer.statusCode === 404 && isUserNotFound(readFailure(answer));
		return readShowsActive(answer.statusCode, parseJsonBody(answer.body), notFound);
	} catch {
		return undefined;
	}
}

/** Allowed Domains plus the base URL's own host, as n8n adds a `requestDefaults.baseURL` host. */
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

/** The unclear attempt before the one that ended a request (a refused, unsent one added none). */
function unclearBefore(attempts: Attempt[], unanswered: unknown): Attempt | undefined {
	const notSent = unanswered instanceof RefusedError && !unanswered.sent;
	return (notSent ? attempts : attempts.slice(0, -1)).find(isUnclearAttempt);
}

/** The error for a request that ended without an answer to read. */
function unansweredError(setup: ClientSetup, unanswered: unknown, failed: FailedAction): unknown {
	const { node, itemIndex } = setup;
	if (unanswered instanceof CancelledError) {
		return cancelledError(node, unanswered.underWay, failed.write === true);
	}
	if (unanswered instanceof RefusedError) {
		const { refusal, sent } = unanswered;
		return refusedError(node, refusal, sent, failed, itemIndex, MAX_RATE_LIMIT_WAIT_MS);
	}
	const dropped = droppedConnectionCode(unanswered);
	if (failed.write && dropped !== undefined) {
		return droppedChangeError(node, dropped, failed, itemIndex);
	}
	const broken = brokenAnswer(unanswered);
	if (broken !== undefined) {
		const deadlineMs = exchangeDeadlineMs(setup.defaults.timeout);
		return brokenExchangeError(node, broken, unanswered, failed, itemIndex, deadlineMs);
	}
	return unanswered;
}

/** An attempt without a clear answer, in words: `HTTP 504`, `connection dropped: ECONNRESET`. */
function describeAttempt(attempt: Attempt): string {
	return 'dropped' in attempt ? `connection dropped: ${attempt.dropped}` : `HTTP ${attempt.status}`;
}
