import type { WindowState } from './windowHeaders';

/** How long the gate keeps spreading after it last saw others spend its window, in ms. */
export const SHARED_HOLD_MS = 60_000;

/** The most requests of a shared window a gate leaves to the others: enough for about four. */
export const MAX_SHARED_MARGIN = 5;

/** A wait that ends this much later than planned, in ms, means the process stalled. */
const STALL_MS = 100;

/** How far spread requests may catch up after a late timer, in ms (the schedule sets the next one). */
const PACE_CATCH_UP_MS = 250;

/** Pacing for a window other processes spend too (docs/rate-limits.md, "Several processes on one app"). */
export class SharedWindow {
	/** This gate's requests answered in window `reset`, and the lowest Remaining seen there. */
	private own: { reset?: number; answered: number; lowest: number } = {
		answered: 0,
		lowest: Number.POSITIVE_INFINITY,
	};

	private sharedUntilMs = Number.NEGATIVE_INFINITY;

	/** True from a turnover until the first answer after it. */
	private turnedOver = false;

	private nextAtMs = Number.NEGATIVE_INFINITY;

	/** Set by a stall while shared: the count is stale until a later request is answered. */
	private staleSinceMs: number | undefined;

	/** True while others spend the same window. */
	get shared(): boolean {
		return Date.now() < this.sharedUntilMs;
	}

	/** Counts an answer from window `reset`; a use beyond this gate's own requests means others spend it. */
	countOwn(
		window: WindowState,
		reset: number,
		rateLimited: boolean,
		limit: number | undefined,
		inFlight: number,
	): void {
		const own = this.own;
		if (own.reset !== undefined && reset < own.reset) return;
		if (own.reset !== undefined && reset > own.reset) {
			// A turnover happens with nothing under way, so the older window's share is all answered.
			this.check(limit, own.answered, own.lowest, this.turnedOver ? 0 : inFlight);
		}
		this.turnedOver = false;
		if (own.reset !== reset) this.own = { reset, answered: 0, lowest: Number.POSITIVE_INFINITY };
		if (rateLimited) {
			// The 429's request itself was not counted by Intercom.
			this.own.lowest = 0;
			this.check(limit, this.own.answered + 1, 0, inFlight);
			return;
		}
		this.own.answered++;
		if (window.remaining !== undefined)
			this.own.lowest = Math.min(this.own.lowest, window.remaining);
		this.check(limit, this.own.answered, this.own.lowest, inFlight);
	}

	/** A request got no answer: Intercom may still have counted it, so it counts as this gate's own. */
	countUnanswered(): void {
		this.own.answered++;
	}

	private check(
		limit: number | undefined,
		answered: number,
		lowest: number,
		underWay: number,
	): void {
		if (limit === undefined || !Number.isFinite(lowest)) return;
		if (limit - lowest - answered - underWay > 0) this.sharedUntilMs = Date.now() + SHARED_HOLD_MS;
	}

	/** Requests left to the others at a shared window's end, about one per other process: counts lag there. */
	margin(limit: number | undefined, inFlight: number): number {
		if (limit === undefined || !this.shared) return 0;
		const { answered, lowest } = this.own;
		const used = Number.isFinite(lowest) ? limit - lowest : 0;
		const own = answered + inFlight;
		const perOwn = Math.max(0, used - own) / Math.max(1, own);
		const cap = Math.max(1, Math.min(MAX_SHARED_MARGIN, Math.floor(limit / 20)));
		return Math.min(cap, Math.ceil(perOwn) + 1);
	}

	/** When the next request may go; with the end unknown or the count stale, only with none under way. */
	paceAt(now: number, end: number | undefined, free: number, inFlight: number): number {
		if (!Number.isFinite(free) || now >= this.sharedUntilMs) return now;
		if (end === undefined || this.staleSinceMs !== undefined) {
			return inFlight === 0 ? now : Number.POSITIVE_INFINITY;
		}
		return Math.min(this.nextAtMs, end);
	}

	/** Plans the next spread request: (time left) / (what is left) after this one was due. */
	schedule(now: number, end: number | undefined, free: number): void {
		if (end === undefined || !Number.isFinite(free) || free <= 0) return;
		const due = Math.max(this.nextAtMs, now - PACE_CATCH_UP_MS);
		this.nextAtMs = due + Math.max(0, end - now) / free;
	}

	restart(): void {
		this.nextAtMs = Number.NEGATIVE_INFINITY;
	}

	turnOver(): void {
		this.turnedOver = true;
		this.restart();
	}

	/** A wait planned to end at `wakeAtMs` ended at `now`: late while shared means the count is stale. */
	noteStall(now: number, wakeAtMs: number): void {
		if (now - wakeAtMs > STALL_MS && this.shared) this.staleSinceMs ??= now;
	}

	/** Clears a stale count once a request sent after the stall is answered. */
	freshen(sentAtMs: number | undefined): void {
		const since = this.staleSinceMs;
		if (since !== undefined && sentAtMs !== undefined && sentAtMs >= since) {
			this.staleSinceMs = undefined;
		}
	}
}
