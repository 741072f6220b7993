import type { WindowState } from './windowHeaders';

/** Requests of a window kept back to find where it ends. */
const PHASE_PROBES = 1;
/** The end counts as known when its learned bounds are this close, in ms. */
const PHASE_PRECISION_MS = 50;
/** How far before its latest end a window may end, in ms: the reset's rounding plus the `Date`'s. */
const PHASE_SEARCH_MS = 2_000;

/**
 * Where Intercom's windows really end on the local clock. Windows last whole seconds, so
 * "real end − reset × 1000" is the same for every window and bounds learned on one hold
 * for the next (docs/rate-limits.md, "Where windows really end").
 */
export class WindowPhase {
	private serverAheadMs: number | undefined;

	private newestReset: number | undefined;

	/** Learned bounds of "real window end (local ms) − reset × 1000". */
	private lowMs = Number.NEGATIVE_INFINITY;

	private highMs = Number.POSITIVE_INFINITY;

	private broken = false;

	/** What an answer from window `reset` teaches of the clock and of where windows end. */
	learn(window: WindowState, reset: number, soloSentAtMs: number | undefined): void {
		if (window.serverAheadMs !== undefined) {
			this.serverAheadMs = Math.max(
				this.serverAheadMs ?? window.serverAheadMs,
				window.serverAheadMs,
			);
		}
		// Sent alone at soloSentAtMs and answered in window `reset`: that window ended later.
		if (soloSentAtMs !== undefined) {
			this.lowMs = Math.max(this.lowMs, soloSentAtMs - reset * 1000);
		}
		// The first answer from a newer window came after the newest known one ended.
		if (this.newestReset !== undefined && reset > this.newestReset) {
			const receivedAtMs = window.receivedAtMs ?? Date.now();
			this.highMs = Math.min(this.highMs, receivedAtMs - this.newestReset * 1000);
		}
		this.newestReset = Math.max(this.newestReset ?? reset, reset);
		if (this.lowMs >= this.highMs) this.broken = true;
	}

	/** A 429 from a window taken as ended: the learned bounds do not hold. */
	forget(): void {
		this.broken = true;
	}

	/** Local epoch ms by which window `reset` has ended at the latest. */
	latestEnd(reset: number): number {
		const latest = reset * 1000 - (this.serverAheadMs ?? 0);
		return this.broken ? latest : Math.min(latest, reset * 1000 + this.highMs);
	}

	/** Requests to keep back to find the end; none while shared, as others would spend them first. */
	reserve(limit: number | undefined, shared: boolean): number {
		if (this.newestReset === undefined || limit === undefined || limit < 10) return 0;
		if (shared) return 0;
		const known = !this.broken && this.highMs - this.lowMs <= PHASE_PRECISION_MS;
		return known ? 0 : Math.min(PHASE_PROBES, Math.floor(limit / 10));
	}

	/** When to send the next kept-back request: halfway across where the window may end. */
	probeAt(latestEndMs: number, reset: number | undefined, openAtMs: number | undefined): number {
		let earliest = Math.max(latestEndMs - PHASE_SEARCH_MS, openAtMs ?? Number.NEGATIVE_INFINITY);
		if (!this.broken && reset !== undefined) {
			earliest = Math.max(earliest, reset * 1000 + this.lowMs);
		}
		return Math.ceil((earliest + latestEndMs) / 2);
	}
}
