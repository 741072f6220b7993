import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../shared/credential';
import { cancelledError, deadlineError, droppedConnectionCode } from './failures';
import { sleep } from 'n8n-workflow';

import type { RateLimitGate, Refusal, WindowState } from './rateLimit';
import {
	backoffMs,
	gateFor,
	MAX_RATE_LIMIT_RETRIES,
	readWindow,
	retryAfterMs,
	waitBeyondCapMs,
} from './rateLimit';

/** How many times an unclear attempt (a 5xx or a dropped connection) is sent again. */
export const SERVER_ERROR_RETRIES = 1;

/** One attempt of a request: an HTTP status, or the code of a connection dropped without an answer. */
export type Attempt = { status: number } | { dropped: string };

/** True for a 5xx or a dropped connection: the server may have carried the request out. A 429 never is. */
export function isUnclearAttempt(attempt: Attempt): boolean {
	return 'dropped' in attempt || attempt.status >= 500;
}

/**
 * Keeps n8n's helper from following a redirect, and, should one ever be followed, from
 * sending the Authorization header again to whatever origin `Location` names.
 */
export const NO_REDIRECTS = {
	disableFollowRedirect: true,
	sendCredentialsOnCrossOriginRedirect: false,
} as const;

/** True for a status that asks to go elsewhere (300–399): never followed. */
export function isRedirectStatus(status: number): boolean {
	return status >= 300 && status < 400;
}

/** The deadline of one attempt without Request Options → Timeout: n8n's own default, 5 minutes. */
export const EXCHANGE_CEILING_MS = 300_000;

/** The deadline of one attempt in ms: Request Options → Timeout when set, else the ceiling. */
export function exchangeDeadlineMs(timeout: number | undefined): number {
	return typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0
		? timeout
		: EXCHANGE_CEILING_MS;
}

/**
 * Settles like `pending`, or rejects with {@link deadlineError} after `ms`. axios's own
 * timeout only bounds the wait between bytes, and n8n's helper replaces a request's
 * abort signal with the execution's, so this stops waiting for the request instead.
 */
export async function withDeadline<T>(pending: Promise<T>, ms: number): Promise<T> {
	const signal = AbortSignal.timeout(ms);
	let onAbort: () => void = () => undefined;
	const expired = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(deadlineError(ms));
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([pending, expired]);
	} finally {
		signal.removeEventListener('abort', onAbort);
		pending.catch(() => undefined);
	}
}

/** Rejected with beyond the node's patience; `sent` false when the gate kept the request back. */
export class RefusedError extends Error {
	constructor(
		readonly refusal: Refusal,
		readonly sent: boolean,
	) {
		super(sent ? 'The request was refused' : 'The request was not sent');
		this.name = 'RefusedError';
	}
}

/** Waits for the gate, or rejects with {@link RefusedError} (nothing sent) while it refuses. */
async function acquireUnlessRefused(
	gate: RateLimitGate,
	signal: AbortSignal | undefined,
	cancelled: (sent: boolean) => Error,
): Promise<void> {
	const before = gate.refusal();
	if (before) throw new RefusedError(before, false);
	try {
		await gate.acquire(signal);
	} catch {
		throw cancelled(false);
	}
	if (signal?.aborted) {
		gate.forgo();
		throw cancelled(false);
	}
	const after = gate.refusal();
	if (!after) return;
	gate.forgo();
	throw new RefusedError(after, false);
}

/**
 * Applies the node's patience to an answer: throws {@link RefusedError} for a wait
 * beyond the cap or a 429 once patience is spent; true for a 5xx once it is spent (the
 * answer is the item's); false otherwise.
 */
function outOfPatience(
	gate: RateLimitGate,
	response: IN8nHttpFullResponse,
	window: WindowState,
): boolean {
	const status = response.statusCode;
	const now = Date.now();
	const askedMs = waitBeyondCapMs(status, response.headers as IDataObject, now);
	const refusal =
		askedMs !== undefined
			? gate.refuseLongWait(askedMs, status, now)
			: gate.noteAnswer(status, now);
	if (!refusal) return false;
	gate.release(window, status === 429 ? now : undefined);
	if (askedMs !== undefined || status === 429) throw new RefusedError(refusal, true);
	return true;
}

/** How {@link send} treats one request. */
export interface SendPolicy {
	/** Whether a repeat is harmless, so an unclear attempt may be resent (default true). */
	retryUnclear?: boolean;
	/** Filled with every attempt of this request, in order. */
	attempts?: Attempt[];
	/** The credential, already decrypted: the helper would otherwise decrypt it for every attempt. */
	credentials?: ICredentialsDecrypted;
	/** Whether the request changes something: a cancel while it is under way leaves it unknown. */
	change?: boolean;
}

/** Waits `ms`, or rejects as soon as the execution is cancelled. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return await sleep(ms);
	signal.throwIfAborted();
	let onAbort: () => void = () => undefined;
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(signal.reason);
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleep(ms), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

/** One attempt through n8n's authenticated helper, bounded by `deadlineMs`: the answer, or what it threw. */
async function attemptOnce(
	context: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
	policy: SendPolicy,
	deadlineMs: number,
): Promise<{ response: IN8nHttpFullResponse } | { unanswered: unknown }> {
	try {
		const request = context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			{ ...options, ...NO_REDIRECTS, returnFullResponse: true, ignoreHttpStatusErrors: true },
			policy.credentials ? { credentialsDecrypted: policy.credentials } : undefined,
		) as Promise<IN8nHttpFullResponse>;
		return { response: await withDeadline(request, deadlineMs) };
	} catch (unanswered) {
		return { unanswered };
	}
}

/** The gate's next opening after a 429: both a usable reset and a Retry-After mean "not before", so the later one wins. */
function after429(window: WindowState, asked: number | undefined, rateLimited: number): number {
	const now = Date.now();
	const resetUsable = window.resetAtMs !== undefined && window.resetAtMs > now;
	const until = Math.max(
		resetUsable ? (window.resetAtMs as number) : 0,
		asked !== undefined ? now + asked : 0,
	);
	return until > 0 ? until : now + backoffMs(rateLimited);
}

/**
 * Sends one request through n8n's authenticated request helper and resolves with the
 * full answer, whatever its status. Paced by the rate-limit gate of this base URL and
 * credential; a 429 is waited out and retried up to {@link MAX_RATE_LIMIT_RETRIES}
 * times; a 5xx or a dropped connection is retried {@link SERVER_ERROR_RETRIES} time
 * when `policy.retryUnclear` allows it. A timeout is never retried: the request may
 * still be under way. Rejects with {@link RefusedError} beyond the node's patience,
 * with `cancelledError` once the execution is cancelled, and with the helper's own
 * error when the last attempt got no answer.
 */
export async function send(
	context: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
	policy: SendPolicy = {},
): Promise<IN8nHttpFullResponse> {
	const credentialId =
		policy.credentials?.id || (context.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '');
	const gate = gateFor(`${String(options.baseURL)} ${credentialId}`);
	const retries = policy.retryUnclear === false ? 0 : SERVER_ERROR_RETRIES;
	const attempts = policy.attempts ?? [];
	const deadlineMs = exchangeDeadlineMs(options.timeout);
	const signal = context.getExecutionCancelSignal?.();
	const cancelled = (underWay: boolean) =>
		cancelledError(context.getNode(), underWay, policy.change === true);
	let rateLimited = 0;
	let unclear = 0;
	for (;;) {
		await acquireUnlessRefused(gate, signal, cancelled);
		const result = await attemptOnce(context, options, policy, deadlineMs);
		if ('unanswered' in result) {
			gate.release(undefined);
			if (signal?.aborted) throw cancelled(true);
			const dropped = droppedConnectionCode(result.unanswered);
			if (dropped !== undefined) attempts.push({ dropped });
			if (dropped === undefined || unclear >= retries) throw result.unanswered;
			unclear++;
			continue;
		}
		const { response } = result;
		attempts.push({ status: response.statusCode });
		const window = readWindow(response.headers as IDataObject);
		if (outOfPatience(gate, response, window)) return response;
		const asked = retryAfterMs(response.headers as IDataObject);
		if (response.statusCode === 429 && rateLimited < MAX_RATE_LIMIT_RETRIES) {
			gate.release(window, after429(window, asked, rateLimited));
			rateLimited++;
			continue;
		}
		gate.release(window);
		if (response.statusCode < 500 || unclear >= retries) return response;
		unclear++;
		// A 5xx leaves the request's effect open, so a cancel during its wait leaves it unknown.
		if (asked !== undefined)
			await pause(asked, signal).catch(() => Promise.reject(cancelled(true)));
	}
}
