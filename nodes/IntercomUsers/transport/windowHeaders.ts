import type { IDataObject } from 'n8n-workflow';

import { headerText } from './http';

/** How long to wait when Intercom gives no usable reset time: 1 s, 2 s, 4 s … capped at 16 s. */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 16_000;

/**
 * How many times one request is retried after `429 rate_limit_exceeded`. Each retry waits
 * for a new window, so this also bounds how long another client of the app can crowd an item out.
 */
export const MAX_RATE_LIMIT_RETRIES = 10;

/**
 * The longest the node waits for a rate-limit window, in ms: six of Intercom's 10-second
 * windows. A reset further away is not believed (the wait falls back to {@link backoffMs}).
 */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;

/** `X-RateLimit-Reset` values from this on are not UNIX seconds (year 5138): likely epoch ms from a proxy. */
export const MAX_RESET_SECONDS = 1e11;

/** What one answer says of the rate-limit window (`X-RateLimit-*` and `Date` headers). */
export interface WindowState {
	limit?: number;
	remaining?: number;
	/**
	 * Local epoch ms by which the window has refilled: reset less the server's `Date`, counted
	 * from when the answer was read. Undefined when the reset is unusable or beyond the cap.
	 */
	resetAtMs?: number;
	/** The `X-RateLimit-Reset` that `resetAtMs` comes from (UNIX seconds, server clock); it names the window. */
	resetSeconds?: number;
	/** Epoch milliseconds (local clock) when the answer was read. */
	receivedAtMs?: number;
	/** How far the server's clock is at least ahead of the local one, in ms (negative: behind). */
	serverAheadMs?: number;
}

function numberHeader(headers: IDataObject | undefined, name: string): number | undefined {
	const text = headerText(headers, name);
	if (text === undefined || text === '') return undefined;
	const value = Number(text);
	return Number.isFinite(value) ? value : undefined;
}

/** The answer's `Date` header as epoch ms (the server's clock), or NaN without a readable one. */
function serverDateMs(headers: IDataObject | undefined): number {
	const dateText = headerText(headers, 'date');
	return dateText === undefined ? Number.NaN : Date.parse(dateText);
}

/**
 * Reads the `X-RateLimit-*` and `Date` headers of an answer read at `nowMs` (local epoch ms).
 * The reset is put on the local clock with the answer's `Date`, as the server's clock may
 * differ from ours. Never throws.
 */
export function readWindow(headers: IDataObject | undefined, nowMs = Date.now()): WindowState {
	const reset = numberHeader(headers, 'x-ratelimit-reset');
	const dateMs = serverDateMs(headers);
	const waitMs = resetWaitMs(headers, nowMs) ?? Number.NaN;
	const usable = waitMs <= MAX_RATE_LIMIT_WAIT_MS;
	return {
		limit: numberHeader(headers, 'x-ratelimit-limit'),
		remaining: numberHeader(headers, 'x-ratelimit-remaining'),
		resetAtMs: usable ? nowMs + waitMs : undefined,
		resetSeconds: usable ? reset : undefined,
		receivedAtMs: nowMs,
		serverAheadMs: Number.isFinite(dateMs) ? dateMs - nowMs : undefined,
	};
}

/**
 * How long an answer's `Retry-After` asks to wait, in ms, cut to {@link MAX_RATE_LIMIT_WAIT_MS};
 * undefined when missing, unparsable or past. Never throws.
 */
export function retryAfterMs(
	headers: IDataObject | undefined,
	nowMs = Date.now(),
): number | undefined {
	const waitMs = askedRetryAfterMs(headers, nowMs);
	return waitMs === undefined ? undefined : Math.min(waitMs, MAX_RATE_LIMIT_WAIT_MS);
}

/**
 * How long an answer's `Retry-After` (seconds or an HTTP date) asks to wait, in ms, not capped.
 * A date is read against the answer's `Date` (the server's clock), else `nowMs`.
 */
export function askedRetryAfterMs(
	headers: IDataObject | undefined,
	nowMs = Date.now(),
): number | undefined {
	const text = headerText(headers, 'retry-after')?.trim();
	if (text === undefined) return undefined;
	let waitMs: number;
	if (/^\d+(\.\d+)?$/.test(text)) {
		waitMs = Number(text) * 1000;
	} else {
		const atMs = Date.parse(text);
		if (!Number.isFinite(atMs)) return undefined;
		const dateMs = serverDateMs(headers);
		waitMs = atMs - (Number.isFinite(dateMs) ? dateMs : nowMs);
	}
	return Number.isFinite(waitMs) && waitMs > 0 ? waitMs : undefined;
}

/**
 * How long until an answer's `X-RateLimit-Reset`, in ms, not capped: the reset less the
 * answer's `Date` (else `nowMs`). Undefined when missing, not UNIX seconds or not ahead.
 */
export function resetWaitMs(
	headers: IDataObject | undefined,
	nowMs = Date.now(),
): number | undefined {
	const reset = numberHeader(headers, 'x-ratelimit-reset');
	if (reset === undefined || reset >= MAX_RESET_SECONDS) return undefined;
	const dateMs = serverDateMs(headers);
	const waitMs = reset * 1000 - (Number.isFinite(dateMs) ? dateMs : nowMs);
	return waitMs > 0 ? waitMs : undefined;
}

/**
 * The wait a `429` (its `Retry-After` or reset, the later) or a `5xx` (its `Retry-After`)
 * asks for when it is longer than {@link MAX_RATE_LIMIT_WAIT_MS}; undefined otherwise.
 */
export function waitBeyondCapMs(
	status: number,
	headers: IDataObject | undefined,
	nowMs = Date.now(),
): number | undefined {
	if (status !== 429 && status < 500) return undefined;
	const reset = status === 429 ? (resetWaitMs(headers, nowMs) ?? 0) : 0;
	const asked = Math.max(askedRetryAfterMs(headers, nowMs) ?? 0, reset);
	return asked > MAX_RATE_LIMIT_WAIT_MS ? asked : undefined;
}

/** The bounded backoff for retry `attempt` (0-based) when no reset time is usable, in ms. */
export function backoffMs(attempt: number): number {
	return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
}
