import type { IDataObject } from 'n8n-workflow';

import { headerText } from './http';

/** The wait when no reset time is usable: 1 s, 2 s, 4 s … at most 16 s. */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 16_000;

/** Retries of one request after a `429`; also bounds how long other clients can crowd an item out. */
export const MAX_RATE_LIMIT_RETRIES = 10;

/** The longest the node waits at once, in ms (six 10-second windows); a later reset is not believed. */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;

/** `X-RateLimit-Reset` values from this on are not UNIX seconds (year 5138): likely epoch ms from a proxy. */
export const MAX_RESET_SECONDS = 1e11;

/** What one answer says of the rate-limit window (`X-RateLimit-*` and `Date` headers). */
export interface WindowState {
	limit?: number;
	remaining?: number;
	/** Local epoch ms by which the window refilled; undefined when the reset is unusable or beyond the cap. */
	resetAtMs?: number;
	/** The `X-RateLimit-Reset` that `resetAtMs` comes from (UNIX seconds, server clock); it names the window. */
	resetSeconds?: number;
	receivedAtMs?: number;
	/** How far the server's clock is at least ahead of the local one, in ms. */
	serverAheadMs?: number;
}

function numberHeader(headers: IDataObject | undefined, name: string): number | undefined {
	const text = headerText(headers, name);
	if (text === undefined || text === '') return undefined;
	const value = Number(text);
	return Number.isFinite(value) ? value : undefined;
}

function serverDateMs(headers: IDataObject | undefined): number {
	const dateText = headerText(headers, 'date');
	return dateText === undefined ? Number.NaN : Date.parse(dateText);
}

/** Reads the rate-limit headers of an answer read at `nowMs`, the reset put on the local clock via `Date`. */
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

/** The `Retry-After` wait in ms, cut to {@link MAX_RATE_LIMIT_WAIT_MS}; undefined when absent or past. */
export function retryAfterMs(
	headers: IDataObject | undefined,
	nowMs = Date.now(),
): number | undefined {
	const waitMs = askedRetryAfterMs(headers, nowMs);
	return waitMs === undefined ? undefined : Math.min(waitMs, MAX_RATE_LIMIT_WAIT_MS);
}

/** The `Retry-After` wait in ms as asked; a date is read against the answer's `Date` (the server's clock). */
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

/** Ms until `X-RateLimit-Reset`, counted from the answer's `Date`; undefined when unusable or past. */
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

/** The wait a `429` or `5xx` asks for when beyond {@link MAX_RATE_LIMIT_WAIT_MS}; else undefined. */
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
