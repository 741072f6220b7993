import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../shared/credential';
import { CancelledError, deadlineError, droppedConnectionCode } from './failures';
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

/** No redirect is followed, nor would the Authorization header go to another origin. */
export const NO_REDIRECTS = {
	disableFollowRedirect: true,
	sendCredentialsOnCrossOriginRedirect: false,
} as const;

/** True for a status that asks to go elsewhere (300–399): never followed. */
export function isRedirectStatus(status: number): boolean {
	return status >= 300 && status < 400;
}

/** The deadline of one attempt without Request Options → Timeout: n8n's default, 5 minutes. */
export const EXCHANGE_CEILING_MS = 300_000;

/** The deadline of one attempt in ms: Request Options → Timeout when set, else the ceiling. */
export function exchangeDeadlineMs(timeout: number | undefined): number {
	return typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0
		? timeout
		: EXCHANGE_CEILING_MS;
}

/** Settles like `pending`, or rejects after `ms`: axios's timeout bounds only the wait between bytes. */
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

/** Throws {@link RefusedError} for a wait beyond the cap or a 429 past patience; true for a 5xx past it. */
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
	/** The run's credential (its type picks n8n's authentication), decrypted once: the helper would otherwise decrypt it for every attempt. */
	credentials?: ICredentialsDecrypted;
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
			policy.credentials?.type ?? CREDENTIAL_TYPE,
			{ ...options, ...NO_REDIRECTS, returnFullResponse: true, ignoreHttpStatusErrors: true },
			policy.credentials ? { credentialsDecrypted: policy.credentials } : undefined,
		) as Promise<IN8nHttpFullResponse>;
		return { response: await withDeadline(request, deadlineMs) };
	} catch (unanswered) {
		return { unanswered };
	}
}

/** The gate's next opening after a 429: the later of a usable reset and a Retry-After. */
function after429(window: WindowState, asked: number | undefined, rateLimited: number): number {
	const now = Date.now();
	const resetUsable = window.resetAtMs !== undefined && window.resetAtMs > now;
	const until = Math.max(
		resetUsable ? (window.resetAtMs as number) : 0,
		asked !== undefined ? now + asked : 0,
	);
	return until > 0 ? until : now + backoffMs(rateLimited);
}

/** What one {@link send} carries from attempt to attempt. */
interface Run {
	gate: RateLimitGate;
	signal: AbortSignal | undefined;
	cancelled: (underWay: boolean) => Error;
	attempts: Attempt[];
	retries: number;
	rateLimited: number;
	unclear: number;
}

/**
 * Sends one request, paced by the gate of its host and credential, and resolves with the full
 * answer. A 429 is retried; a 5xx or a dropped connection once when `policy.retryUnclear`
 * allows; a timeout never, as the request may still be under way.
 */
export async function send(
	context: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
	policy: SendPolicy = {},
): Promise<IN8nHttpFullResponse> {
	const type = policy.credentials?.type ?? CREDENTIAL_TYPE;
	const credentialId = policy.credentials?.id || (context.getNode().credentials?.[type]?.id ?? '');
	const run: Run = {
		gate: gateFor(`${String(options.baseURL)} ${credentialId}`),
		signal: context.getExecutionCancelSignal?.(),
		cancelled: (underWay) => new CancelledError(underWay),
		attempts: policy.attempts ?? [],
		retries: policy.retryUnclear === false ? 0 : SERVER_ERROR_RETRIES,
		rateLimited: 0,
		unclear: 0,
	};
	const deadlineMs = exchangeDeadlineMs(options.timeout);
	for (;;) {
		await acquireUnlessRefused(run.gate, run.signal, run.cancelled);
		const result = await attemptOnce(context, options, policy, deadlineMs);
		if ('unanswered' in result) noteUnanswered(run, result.unanswered);
		else if (await isFinal(run, result.response)) return result.response;
	}
}

/** An attempt got no answer: throws unless it was a dropped connection that may be retried. */
function noteUnanswered(run: Run, unanswered: unknown): void {
	run.gate.release(undefined);
	if (run.signal?.aborted) throw run.cancelled(true);
	const dropped = droppedConnectionCode(unanswered);
	if (dropped !== undefined) run.attempts.push({ dropped });
	if (dropped === undefined || run.unclear >= run.retries) throw unanswered;
	run.unclear++;
}

/** True when `response` is the request's answer; false after waiting to retry it. */
async function isFinal(run: Run, response: IN8nHttpFullResponse): Promise<boolean> {
	const { gate } = run;
	run.attempts.push({ status: response.statusCode });
	const window = readWindow(response.headers as IDataObject);
	if (outOfPatience(gate, response, window)) return true;
	const asked = retryAfterMs(response.headers as IDataObject);
	if (response.statusCode === 429 && run.rateLimited < MAX_RATE_LIMIT_RETRIES) {
		gate.release(window, after429(window, asked, run.rateLimited));
		run.rateLimited++;
		return false;
	}
	gate.release(window);
	if (response.statusCode < 500 || run.unclear >= run.retries) return true;
	run.unclear++;
	// A 5xx leaves the request's effect open, so a cancel during its wait leaves it unknown.
	if (asked !== undefined)
		await pause(asked, run.signal).catch(() => Promise.reject(run.cancelled(true)));
	return false;
}
