import { sleep } from 'n8n-workflow';

import type { Refusal } from './patience';
import { Patience } from './patience';
import { SharedWindow } from './sharedWindow';
import type { WindowState } from './windowHeaders';
import { backoffMs, MAX_RATE_LIMIT_WAIT_MS } from './windowHeaders';
import { WindowPhase } from './windowPhase';

/** At most this many requests of one gate are under way at once. */
export const MAX_IN_FLIGHT = 100;

/** What the gate knows of the window it sends into (times in local epoch ms). */
interface CurrentWindow {
	reset?: number;
	/** Undefined: unknown, so only one request goes, to learn it. */
	remaining?: number;
	/** When it ends at the latest, when given outright (a 429's wait, a backoff). */
	endAtMs?: number;
	/** When it had certainly not ended yet (a request answered in it was sent then). */
	openAtMs?: number;
}

/**
 * Queues the requests that share one rate-limit window in this process, first come first
 * served, and lets one go while fewer than {@link MAX_IN_FLIGHT} are under way and the window
 * has some left. docs/rate-limits.md explains the pacing.
 */
export class RateLimitGate {
	private cur: CurrentWindow = {};

	private limit: number | undefined;

	private endedReset: number | undefined;

	private readonly phase = new WindowPhase();

	private readonly sharedWindow = new SharedWindow();

	private inFlight = 0;

	/** When the one request under way was let go, if it went while none other was under way. */
	private soloSentAtMs: number | undefined;

	/** Waiting requests from `head` (an index, so taking one is O(1)). */
	private queue: Array<() => void> = [];

	private head = 0;

	private sleeping = false;

	private wakeAtMs = Number.POSITIVE_INFINITY;

	private waitStreak = 0;

	private readonly patience = new Patience(() => this.letAllGo());

	constructor(private readonly maxInFlight = MAX_IN_FLIGHT) {}

	/** True while the gate spreads its requests because others spend the same window. */
	get shared(): boolean {
		return this.sharedWindow.shared;
	}

	/** Resolves when a request may go (pair with {@link release} or {@link forgo}); an abort leaves the queue. */
	async acquire(signal?: AbortSignal): Promise<void> {
		signal?.throwIfAborted();
		await new Promise<void>((resolve, reject) => {
			const onAbort = () => {
				const at = this.queue.indexOf(entry, this.head);
				if (at < 0) return; // Already let go: the caller sees the abort and forgoes it.
				this.queue.splice(at, 1);
				reject(signal?.reason);
				this.pump();
			};
			const entry = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.queue.push(entry);
			this.pump();
		});
	}

	/** Gives back the place of a request that was let go but then not sent. */
	forgo(): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (this.inFlight === 0) this.soloSentAtMs = undefined;
		this.pump();
	}

	/** Records an answer's window (undefined: none) and lets the next go; a 429 passes `spentUntilMs`. */
	release(window: WindowState | undefined, spentUntilMs?: number): void {
		const soloSentAtMs = this.inFlight === 1 ? this.soloSentAtMs : undefined;
		this.sharedWindow.noteStall(Date.now(), this.wakeAtMs);
		this.sharedWindow.freshen(soloSentAtMs);
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (this.inFlight === 0) this.soloSentAtMs = undefined;
		if (window?.limit !== undefined) this.limit = window.limit;
		const reset = window?.resetSeconds;
		if (window && reset !== undefined) {
			this.phase.learn(window, reset, soloSentAtMs);
			this.sharedWindow.countOwn(
				window,
				reset,
				spentUntilMs !== undefined,
				this.limit,
				this.inFlight,
			);
		}
		if (!window) this.sharedWindow.countUnanswered();
		this.noteWindow(window, reset, spentUntilMs, soloSentAtMs);
		this.pump();
	}

	/** Why requests are refused now without being sent, or undefined while they may go. */
	refusal(now = Date.now()): Refusal | undefined {
		return this.patience.refusal(now);
	}

	/** An answer with `status` asked to wait `askedMs`, beyond the cap. Call before {@link release}. */
	refuseLongWait(askedMs: number, status: number, now = Date.now()): Refusal {
		return this.patience.refuseLongWait(askedMs, status, now);
	}

	/** Counts a refusing answer (`429`, `5xx`); returns why once patience is spent. Call before {@link release}. */
	noteAnswer(status: number, now = Date.now()): Refusal | undefined {
		return this.patience.noteAnswer(status, now);
	}

	/** Lets every waiting request go at once, so each fails without being sent. */
	private letAllGo(): void {
		while (this.head < this.queue.length) this.grant(Date.now());
	}

	/** Updates the current window from an answer from window `reset`. */
	private noteWindow(
		window: WindowState | undefined,
		reset: number | undefined,
		spentUntilMs: number | undefined,
		soloSentAtMs: number | undefined,
	): void {
		const ended = reset !== undefined && this.endedReset !== undefined && reset <= this.endedReset;
		if (ended || (reset !== undefined && this.cur.reset !== undefined && reset < this.cur.reset)) {
			// A 429 from a window taken as ended: the gate woke too early. Else a late answer.
			if (ended && spentUntilMs !== undefined) {
				this.phase.forget();
				this.endedReset = reset - 1;
				this.cur = { reset, remaining: 0, endAtMs: spentUntilMs };
			}
		} else if (spentUntilMs !== undefined) {
			this.cur = { reset, remaining: 0, endAtMs: spentUntilMs };
		} else if (window?.remaining !== undefined) {
			this.noteRemaining(window, window.remaining, reset, soloSentAtMs);
		} else if (window && this.cur.remaining === undefined) {
			// An answer without headers (e.g. from a proxy): pace only by MAX_IN_FLIGHT.
			this.cur = { remaining: Number.POSITIVE_INFINITY };
		}
	}

	private noteRemaining(
		window: WindowState,
		remaining: number,
		reset: number | undefined,
		soloSentAtMs: number | undefined,
	): void {
		const sameWindow =
			reset !== undefined
				? reset === this.cur.reset
				: this.cur.reset === undefined &&
					window.resetAtMs !== undefined &&
					window.resetAtMs === this.cur.endAtMs;
		if (sameWindow && this.cur.remaining !== undefined) {
			this.cur.remaining = Math.min(this.cur.remaining, remaining);
		} else {
			this.cur = { reset, remaining, endAtMs: window.resetAtMs };
			this.sharedWindow.restart();
		}
		if (soloSentAtMs !== undefined && reset !== undefined) {
			this.cur.openAtMs = Math.max(this.cur.openAtMs ?? soloSentAtMs, soloSentAtMs);
		}
	}

	/** When the current window has ended at the latest; undefined if unknown. */
	private endOf(): number | undefined {
		const { reset, endAtMs } = this.cur;
		if (reset === undefined) return endAtMs;
		const latest = this.phase.latestEnd(reset);
		return endAtMs === undefined ? latest : Math.min(endAtMs, latest);
	}

	/** The current window is over: the next one is full (when it ended by its reset time) or unknown. */
	private turnOver(): void {
		const { reset } = this.cur;
		if (reset !== undefined) this.endedReset = Math.max(this.endedReset ?? reset, reset);
		this.cur = { remaining: reset !== undefined ? this.limit : undefined };
		this.sharedWindow.turnOver();
	}

	private grant(now: number): void {
		this.soloSentAtMs = this.inFlight === 0 ? now : undefined;
		this.inFlight++;
		const next = this.queue[this.head++];
		if (this.head > 1024 && this.head * 2 > this.queue.length) {
			this.queue = this.queue.slice(this.head);
			this.head = 0;
		}
		next();
	}

	/** Sleeps until `atMs` (at most the cap), then lets the queue go on. */
	private sleepUntil(atMs: number, now: number): void {
		this.sleeping = true;
		const ms = Math.min(MAX_RATE_LIMIT_WAIT_MS, Math.max(1, Math.ceil(atMs - now)));
		this.wakeAtMs = now + ms;
		void sleep(ms).then(() => {
			this.sharedWindow.noteStall(Date.now(), this.wakeAtMs);
			this.sleeping = false;
			this.wakeAtMs = Number.POSITIVE_INFINITY;
			this.pump();
		});
	}

	private pump(): void {
		while (this.head < this.queue.length && !this.sleeping) {
			if (!this.step(Date.now())) return;
		}
	}

	/** Lets the next request go or turns the window over (true), or waits (false). */
	private step(now: number): boolean {
		const end = this.endOf();
		if (end !== undefined && now >= end && this.inFlight === 0) {
			this.turnOver();
			return true;
		}
		if (this.inFlight >= this.maxInFlight) return false;
		const { remaining } = this.cur;
		if (remaining === undefined) return this.inFlight === 0 && this.grantNow(now);
		const free = remaining - this.inFlight;
		// In a shared window, the last few are left to the others.
		const spare = free - this.sharedWindow.margin(this.limit, this.inFlight);
		const waiting = this.queue.length - this.head;
		const reserve = this.phase.reserve(this.limit, this.sharedWindow.shared);
		if (spare > 0 && (waiting <= spare || spare > reserve)) return this.spend(now, end, free);
		if (this.inFlight > 0) return false;
		if (spare > 0) return this.probe(now, end);
		this.waitForEnd(now, end);
		return false;
	}

	private grantNow(now: number): true {
		this.grant(now);
		return true;
	}

	private spend(now: number, end: number | undefined, free: number): boolean {
		const at = this.sharedWindow.paceAt(now, end, free, this.inFlight);
		if (at > now) {
			// Infinity: the answer of the request under way calls the pump again.
			if (Number.isFinite(at)) this.sleepUntil(at, now);
			return false;
		}
		this.waitStreak = 0;
		this.sharedWindow.schedule(now, end, free);
		return this.grantNow(now);
	}

	/** Sends a kept-back request across where the window may end. */
	private probe(now: number, end: number | undefined): boolean {
		const at = end === undefined ? now : this.phase.probeAt(end, this.cur.reset, this.cur.openAtMs);
		if (at <= now) return this.grantNow(now);
		this.sleepUntil(at, now);
		return false;
	}

	private waitForEnd(now: number, end: number | undefined): void {
		if (end === undefined) this.cur.endAtMs = now + backoffMs(this.waitStreak++);
		else this.cur.endAtMs = Math.min(end, now + MAX_RATE_LIMIT_WAIT_MS);
		this.sleepUntil(this.cur.endAtMs, now);
	}
}
