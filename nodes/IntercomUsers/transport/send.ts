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

/**
 * How many times a request is sent again after an unclear attempt: a 5xx answer
 * (Intercom: "retry once") or a connection dropped after the request went out.
 * Both kinds share this one budget.
 */
export const SERVER_ERROR_RETRIES = 1;

/**
 * One attempt of a request, in the order they were made:
 * - `{ status }`: an HTTP answer with that status (429s that were waited out included);
 * - `{ dropped: code }`: the connection was closed after the request was sent, with
 *   no answer (Node's error code, e.g. `ECONNRESET`), so the request may or may not
 *   have reached Intercom.
 */
export type Attempt = { status: number } | { dropped: string };

/**
 * True for an attempt whose effect is unknown: a 5xx answer (Intercom, or a gateway
 * in front of it, may have carried the request out before failing) or a dropped
 * connection. A 429 is not unclear: Intercom refuses it before doing anything.
 */
export function isUnclearAttempt(attempt: Attempt): boolean {
	return 'dropped' in attempt || attempt.status >= 500;
}

/**
 * The request options that keep n8n's request helper from following a redirect:
 * `disableFollowRedirect` (axios `maxRedirects: 0`, so a 3xx answer comes back as
 * it is) and, as a second guard should a redirect ever be followed,
 * `sendCredentialsOnCrossOriginRedirect: false` (n8n's helper otherwise sends the
 * Authorization header again to whatever origin `Location` names). Every request of
 * the node and its credential test carry them.
 */
export const NO_REDIRECTS = {
	disableFollowRedirect: true,
	sendCredentialsOnCrossOriginRedirect: false,
} as const;

/** True for an HTTP status that asks the client to go elsewhere (300–399): never followed. */
export function isRedirectStatus(status: number): boolean {
	return status >= 300 && status < 400;
}

/**
 * The longest one attempt (request, answer and its whole body) may take when the
 * node's Request Options → Timeout is not set: 300,000 ms (5 minutes, n8n's own
 * default for a request).
 */
export const EXCHANGE_CEILING_MS = 300_000;

/**
 * The deadline of one attempt in ms: the node's Request Options → Timeout when set
 * (a positive number of ms), else {@link EXCHANGE_CEILING_MS}.
 */
export function exchangeDeadlineMs(timeout: number | undefined): number {
	return typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0
		? timeout
		: EXCHANGE_CEILING_MS;
}

/**
 * Settles like `pending`, or rejects with {@link deadlineError} once `ms` have passed
 * first. axios's own `timeout` only bounds the wait between bytes, so a server that
 * trickles its body would otherwise hold an item as long as it likes; and n8n's
 * authenticated helper replaces a request's `abortSignal` with the execution's, so
 * the deadline cannot abort the request: it stops waiting for it. The timer is
 * `AbortSignal.timeout`'s (unreferenced: it keeps no process alive).
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
		// A late failure of the abandoned request is expected: nobody waits for it any more.
		pending.catch(() => undefined);
	}
}

/**
 * What {@link send} rejects with when the request is refused for the node's patience
 * (see `Refusal` in rateLimit.ts): `sent` true when this request went out and the
 * server refused it (a `429`, or a `5xx` asking for a wait beyond the cap), false when
 * the gate did not send it. Either way the server did not carry it out.
 */
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
	// Requests that waited in the gate when it began to refuse are let go to fail here.
	const after = gate.refusal();
	if (!after) return;
	gate.forgo();
	throw new RefusedError(after, false);
}

/**
 * Applies the node's patience to an answer before it is waited out or retried:
 * rejects with {@link RefusedError} (the gate released) for a `429` or `5xx` asking
 * for a wait beyond the cap (`waitBeyondCapMs`), or for a `429` once the gate's
 * patience is spent (`RateLimitGate.noteAnswer`); resolves true for a `5xx` once it is
 * spent (released; the answer is the item's, unclear as any 5xx, and not retried);
 * false otherwise (the gate not released).
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
	/**
	 * Whether the request may be sent again after an unclear attempt (a 5xx, or a
	 * dropped connection), at most {@link SERVER_ERROR_RETRIES} time. Decide it per
	 * request: the caller knows whether a repeat is harmless (see the table in
	 * `intercom/request.ts`). Default true. A 429 is always waited out and retried.
	 */
	retryUnclear?: boolean;
	/** Filled with every attempt of this request, in order (see {@link Attempt}). */
	attempts?: Attempt[];
	/**
	 * The node's credential, already read and decrypted (e.g. once per node run). Passed
	 * to n8n's request helper, which otherwise reads it from n8n's database and decrypts
	 * it again for every attempt. Unset: the helper reads it.
	 */
	credentials?: ICredentialsDecrypted;
	/** Whether the request changes Intercom: a cancel while it is under way leaves its outcome unknown. */
	change?: boolean;
}

/**
 * Waits `ms`, or rejects with the signal's reason as soon as `signal` aborts (the
 * execution was cancelled).
 */
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

/**
 * Sends one request through n8n's authenticated request helper
 * (`helpers.httpRequestWithAuthentication`, so the credential's Bearer header
 * applies) and resolves with the full answer, whatever its status.
 * `options` carries what n8n's routing resolved for the item (base URL,
 * timeout, proxy, allowed domains, …) plus the request itself.
 * Paces the request through the rate-limit gate shared by this base URL and
 * credential in this process; waits and retries up to
 * {@link MAX_RATE_LIMIT_RETRIES} times on `429`. A `Retry-After` (seconds or an
 * HTTP date, up to 60 s: see `retryAfterMs`) on a 429 or a retried 5xx is
 * waited out first; a longer one, or a gate whose patience is spent, rejects with
 * {@link RefusedError} instead (see {@link outOfPatience}). When `policy.retryUnclear` is
 * not false, sends the request once more ({@link SERVER_ERROR_RETRIES}) after a
 * 5xx answer or a dropped connection (`ECONNRESET`, `EPIPE`: see
 * `droppedConnectionCode`). Every attempt is recorded in `policy.attempts`.
 * Rejects with the helper's error when the last attempt got no answer (network
 * error, dropped connection, timeout; a timeout is never retried: the request
 * may still be under way). Each attempt, its whole body included, is bounded by
 * {@link exchangeDeadlineMs} of `options.timeout` (see {@link withDeadline}).
 * Once the execution is cancelled (`getExecutionCancelSignal`), a waiting request is
 * dropped and nothing more is sent: it rejects with `cancelledError`.
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
	// The execution's cancel signal (n8n gives one when it runs the node as its CLI and
	// server do): a cancelled execution sends nothing more.
	const signal = context.getExecutionCancelSignal?.();
	const cancelled = (underWay: boolean) =>
		cancelledError(context.getNode(), underWay, policy.change === true);
	let rateLimited = 0;
	let unclear = 0;
	for (;;) {
		await acquireUnlessRefused(gate, signal, cancelled);
		let response: IN8nHttpFullResponse | undefined;
		let unanswered: unknown;
		try {
			response = (await withDeadline(
				context.helpers.httpRequestWithAuthentication.call(
					context,
					CREDENTIAL_TYPE,
					{
						...options,
						...NO_REDIRECTS,
						returnFullResponse: true,
						ignoreHttpStatusErrors: true,
					},
					policy.credentials ? { credentialsDecrypted: policy.credentials } : undefined,
				) as Promise<IN8nHttpFullResponse>,
				deadlineMs,
			)) as IN8nHttpFullResponse;
		} catch (error) {
			unanswered = error;
		}
		if (!response) {
			// A request that failed without an answer frees its place in the window too.
			gate.release(undefined);
			if (signal?.aborted) throw cancelled(true);
			const dropped = droppedConnectionCode(unanswered);
			if (dropped !== undefined) attempts.push({ dropped });
			// The helper's own error (an n8n NodeApiError), passed on unchanged.
			if (dropped === undefined || unclear >= retries) throw unanswered;
			unclear++;
			continue;
		}
		attempts.push({ status: response.statusCode });
		const window = readWindow(response.headers as IDataObject);
		if (outOfPatience(gate, response, window)) return response;
		const asked = retryAfterMs(response.headers as IDataObject);
		if (response.statusCode === 429 && rateLimited < MAX_RATE_LIMIT_RETRIES) {
			const now = Date.now();
			const resetUsable = window.resetAtMs !== undefined && window.resetAtMs > now;
			// Both a usable reset and a Retry-After mean "not before": the later one wins.
			const until = Math.max(
				resetUsable ? (window.resetAtMs as number) : 0,
				asked !== undefined ? now + asked : 0,
			);
			gate.release(window, until > 0 ? until : now + backoffMs(rateLimited));
			rateLimited++;
			continue;
		}
		gate.release(window);
		if (response.statusCode >= 500 && unclear < retries) {
			unclear++;
			// A 5xx's Retry-After (capped at 60 s) is waited out before the one retry.
			if (asked !== undefined) {
				try {
					await pause(asked, signal);
				} catch {
					// The 5xx left the request's effect open: cancelled with it unknown.
					throw cancelled(true);
				}
			}
			continue;
		}
		return response;
	}
}
