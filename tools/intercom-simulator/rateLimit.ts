/**
 * Intercom's rate limit as the simulator applies it (Intercom API reference, Rate
 * limiting: a per-app limit enforced in fixed 10-second windows, reported in the
 * X-RateLimit-Limit / -Remaining / -Reset headers, 429 `rate_limit_exceeded` past it).
 */

/**
 * Rate-limit settings for the simulator option `rateLimit` (`SimulatorOptions` in server.ts).
 *
 * - `limit`: authenticated calls allowed per window (> 0).
 * - `windowMs`: window length in milliseconds (> 0; sub-second windows are fine).
 *   Windows are fixed: the first starts at the first authenticated request, and
 *   window k spans [start + k*windowMs, start + (k+1)*windowMs).
 * - `enforce`: when true, an authenticated request past `limit` in the current
 *   window is answered 429 `rate_limit_exceeded` (Intercom's behaviour past its
 *   per-app limit). Default false: the limit is only reported in headers.
 * - `phaseMs`: when set (0 <= phaseMs < 1000), the windows are placed on the
 *   server's clock instead: the first one opens at the last instant, at or before
 *   the first authenticated request, that is `phaseMs` after a whole second (so it
 *   may already be partly over), and window k spans [open + k*windowMs,
 *   open + (k+1)*windowMs). With a window opening 50 ms after a whole second, the
 *   rounded-up X-RateLimit-Reset is 950 ms after the real end. Out of range: TypeError.
 */
export interface RateLimitOptions {
	limit: number;
	windowMs: number;
	enforce?: boolean;
	phaseMs?: number;
}

/**
 * The outcome of {@link RateLimitWindows.report}: whether the request may go on, and
 * the four X-RateLimit-* headers to send with its answer.
 */
export interface RateLimitReport {
	allowed: boolean;
	headers: Record<string, string>;
}

/**
 * The default rate limit: Intercom's 10,000 calls a minute, enforced in 10-second
 * windows (1666 per 10,000 ms), reported only (not enforced).
 */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 1666, windowMs: 10000 };

/** True for the X-RateLimit-* header family (lower-case name; includes the non-standard -Reset-Ms). */
export const isRateLimitHeader = (lowerName: string): boolean =>
	lowerName.startsWith('x-ratelimit-');

/**
 * Fixed rate-limit windows counting authenticated requests.
 *
 * Windows are aligned to the first authenticated request that is counted (or, with
 * `phaseMs`, to the whole second + phaseMs before it): window k is
 * [start + k*windowMs, start + (k+1)*windowMs), and a window with no request in it
 * is simply skipped over.
 */
export class RateLimitWindows {
	/** Calls allowed per window. */
	readonly limit: number;
	/** Window length in milliseconds. */
	readonly windowMs: number;
	/** Whether a request past `limit` is refused (else it is only reported). */
	readonly enforce: boolean;
	/** Where the first window opens after a whole second, in ms; undefined: at the first request. */
	readonly phaseMs: number | undefined;

	private windowStartMs: number | undefined;
	private windowCount = 0;

	/**
	 * Takes `options` (default {@link DEFAULT_RATE_LIMIT}; `enforce` defaults to false).
	 * Throws a TypeError when `limit` or `windowMs` is not a positive number, or
	 * `phaseMs` is given and not in [0, 1000).
	 */
	constructor(options: RateLimitOptions = DEFAULT_RATE_LIMIT) {
		this.limit = options.limit;
		this.windowMs = options.windowMs;
		this.enforce = options.enforce === true;
		this.phaseMs = options.phaseMs;
		if (!(this.limit > 0) || !(this.windowMs > 0)) {
			throw new TypeError(
				'Intercom simulator: rateLimit.limit and rateLimit.windowMs must be positive',
			);
		}
		if (this.phaseMs !== undefined && !(this.phaseMs >= 0 && this.phaseMs < 1000)) {
			throw new TypeError('Intercom simulator: rateLimit.phaseMs must be in [0, 1000)');
		}
	}

	/**
	 * The X-RateLimit-* headers for an authenticated request at `now` (epoch ms on the
	 * server's clock).
	 *
	 * With `consume`, the request is counted in its window (starting the first window
	 * if needed) unless `enforce` is on and the window is full, in which case `allowed`
	 * is false, nothing is counted and Remaining is 0. Without `consume`, nothing
	 * changes (before the first window the report describes the window that would open
	 * for a request now). Headers: X-RateLimit-Limit (`limit`), X-RateLimit-Remaining (left in the
	 * window after this request), X-RateLimit-Reset (the window end in UNIX seconds,
	 * rounded up) and X-RateLimit-Reset-Ms (the exact end in epoch milliseconds; real
	 * Intercom does not send it).
	 */
	report(now: number, consume: boolean): RateLimitReport {
		const { limit, windowMs, enforce } = this;
		let startMs: number;
		let count: number;
		if (this.windowStartMs === undefined) {
			const phase = this.phaseMs;
			startMs = phase === undefined ? now : Math.floor((now - phase) / 1000) * 1000 + phase;
			count = 0;
		} else {
			startMs = this.windowStartMs;
			count = this.windowCount;
		}
		if (now - startMs >= windowMs) {
			startMs += Math.floor((now - startMs) / windowMs) * windowMs;
			count = 0;
		}
		let allowed = true;
		if (consume) {
			if (enforce && count >= limit) {
				allowed = false;
			} else {
				count += 1;
			}
			this.windowStartMs = startMs;
			this.windowCount = count;
		}
		const endMs = startMs + windowMs;
		return {
			allowed,
			headers: {
				'X-RateLimit-Limit': String(limit),
				'X-RateLimit-Remaining': allowed ? String(Math.max(0, limit - count)) : '0',
				'X-RateLimit-Reset': String(Math.ceil(endMs / 1000)),
				'X-RateLimit-Reset-Ms': String(endMs),
			},
		};
	}
}
