import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/** How long to wait when Intercom gives no usable reset time: 1 s, 2 s, 4 s … capped at 16 s. */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 16_000;
/**
 * How many times one request is retried after `429 rate_limit_exceeded`. Each
 * retry waits for a new window, so this also bounds how long another client of
 * the same Intercom app can crowd an item out.
 */
export const MAX_RATE_LIMIT_RETRIES = 10;

/**
 * What one answer says of the rate-limit window. Intercom API, "Rate limiting":
 * every authenticated answer carries `X-RateLimit-Limit`, `X-RateLimit-Remaining`
 * and `X-RateLimit-Reset` (UNIX seconds when the window refills).
 */
export interface WindowState {
	limit?: number;
	remaining?: number;
	/** Epoch milliseconds when the window refills. */
	resetAtMs?: number;
}

function numberHeader(headers: IDataObject | undefined, name: string): number | undefined {
	const raw = headers?.[name];
	const value = Number(Array.isArray(raw) ? raw[0] : raw);
	return raw === undefined || raw === null || raw === '' || !Number.isFinite(value) ? undefined : value;
}

/** Reads the `X-RateLimit-*` headers of an answer (names are lower-case in n8n's responses). */
export function readWindow(headers: IDataObject | undefined): WindowState {
	const resetSeconds = numberHeader(headers, 'x-ratelimit-reset');
	return {
		limit: numberHeader(headers, 'x-ratelimit-limit'),
		remaining: numberHeader(headers, 'x-ratelimit-remaining'),
		resetAtMs: resetSeconds === undefined ? undefined : resetSeconds * 1000,
	};
}

/** The bounded backoff for retry `attempt` (0-based) when no reset time is usable, in ms. */
export function backoffMs(attempt: number): number {
	return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
}

/** At most this many requests of one gate are under way at once. */
export const MAX_IN_FLIGHT = 100;

/**
 * Paces the requests that share one Intercom rate-limit window (one base URL and
 * credential) inside this n8n process. n8n's declarative engine starts every
 * item's request at once; the gate queues them (first come, first served) and
 * lets one go only while
 * - fewer than {@link MAX_IN_FLIGHT} are under way, and
 * - the last known `X-RateLimit-Remaining`, less the requests under way, is above
 *   zero; otherwise the queue waits for `X-RateLimit-Reset`.
 * Before the first answer, and again at the start of every new window, only one
 * request goes, to learn what is left (other clients of the same app may be
 * using the window too). If the reset time is missing or past, the queue waits a
 * bounded backoff instead. Each change wakes only the requests that may go.
 */
export class RateLimitGate {
	private window: WindowState = {};

	private inFlight = 0;

	private probing = false;

	/** Waiting requests, oldest first from `head` (an index, so taking one is O(1)). */
	private queue: Array<() => void> = [];

	private head = 0;

	/** True while the queue waits for a window to refill. */
	private sleeping = false;

	private waitStreak = 0;

	constructor(private readonly maxInFlight = MAX_IN_FLIGHT) {}

	/** Resolves when this request may be sent; pair every call with {@link release}. */
	async acquire(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.queue.push(resolve);
			this.pump();
		});
	}

	/**
	 * Records what the answer said of the window and lets the next requests go.
	 * `window` undefined means the request got no answer at all (network error).
	 * `spentUntilMs` (after a 429) marks the window as used up until then.
	 */
	release(window: WindowState | undefined, spentUntilMs?: number): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		this.probing = false;
		if (window && window.remaining !== undefined) {
			const sameWindow =
				this.window.resetAtMs !== undefined && window.resetAtMs === this.window.resetAtMs;
			this.window = {
				limit: window.limit ?? this.window.limit,
				resetAtMs: window.resetAtMs,
				remaining:
					sameWindow && this.window.remaining !== undefined
						? Math.min(this.window.remaining, window.remaining)
						: window.remaining,
			};
		} else if (window && this.window.remaining === undefined) {
			// An answer without headers (e.g. from a proxy): pace only by MAX_IN_FLIGHT.
			this.window = { remaining: Number.POSITIVE_INFINITY };
		}
		if (spentUntilMs !== undefined) {
			this.window = { limit: window?.limit ?? this.window.limit, remaining: 0, resetAtMs: spentUntilMs };
		}
		this.pump();
	}

	private grant(): void {
		this.inFlight++;
		const next = this.queue[this.head++];
		if (this.head > 1024 && this.head * 2 > this.queue.length) {
			this.queue = this.queue.slice(this.head);
			this.head = 0;
		}
		next();
	}

	private pump(): void {
		while (this.head < this.queue.length && !this.sleeping) {
			const now = Date.now();
			if (this.window.resetAtMs !== undefined && now >= this.window.resetAtMs) {
				this.window = { limit: this.window.limit };
			}
			if (this.inFlight >= this.maxInFlight) return;
			const { remaining, resetAtMs } = this.window;
			if (remaining === undefined) {
				if (this.probing || this.inFlight > 0) return;
				this.probing = true;
				this.grant();
				continue;
			}
			if (remaining - this.inFlight > 0) {
				this.waitStreak = 0;
				this.grant();
				continue;
			}
			if (this.inFlight > 0) return;
			const wait =
				resetAtMs !== undefined && resetAtMs > now ? resetAtMs - now : backoffMs(this.waitStreak++);
			this.sleeping = true;
			void sleep(wait).then(() => {
				this.sleeping = false;
				this.window = { limit: this.window.limit };
				this.pump();
			});
		}
	}
}

const gates = new Map<string, RateLimitGate>();

/**
 * The gate shared by every request to `baseURL` with this credential in this
 * process. `key` must not be the token itself: callers pass a hash of it.
 */
export function gateFor(key: string): RateLimitGate {
	let gate = gates.get(key);
	if (!gate) {
		gate = new RateLimitGate();
		gates.set(key, gate);
	}
	return gate;
}
