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
 * The longest the node waits for a rate-limit window, in ms: 60 s, six of
 * Intercom's 10-second windows (Intercom API, "Rate limiting"). A reset time
 * further away than this is not believed: the wait falls back to the bounded
 * backoff ({@link backoffMs}). No single wait of the gate is longer either.
 */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * `X-RateLimit-Reset` values from this on are not UNIX seconds (10^11 s is the
 * year 5138): most likely epoch milliseconds from a proxy. Such a reset is not
 * used.
 */
export const MAX_RESET_SECONDS = 1e11;

/**
 * What one answer says of the rate-limit window. Intercom API, "Rate limiting":
 * every authenticated answer carries `X-RateLimit-Limit`, `X-RateLimit-Remaining`
 * and `X-RateLimit-Reset` (UNIX seconds on Intercom's clock, rounded up to a
 * whole second, when the window refills); HTTP gives every answer a `Date`
 * (Intercom's clock, whole seconds).
 */
export interface WindowState {
	limit?: number;
	remaining?: number;
	/**
	 * Epoch milliseconds on the local clock by which the window has refilled: the
	 * reset less the server's `Date` (taken as the start of its second, so never
	 * too early), counted from when the answer was read. Undefined when the reset
	 * is missing, unparsable, not in UNIX seconds, already past or more than
	 * {@link MAX_RATE_LIMIT_WAIT_MS} away.
	 */
	resetAtMs?: number;
	/** The `X-RateLimit-Reset` that `resetAtMs` comes from (UNIX seconds, server clock); it names the window. */
	resetSeconds?: number;
	/** Epoch milliseconds (local clock) when the answer was read. */
	receivedAtMs?: number;
	/**
	 * How far the server's clock is at least ahead of the local one, in ms
	 * (negative: behind), from the `Date` header; undefined without a readable one.
	 */
	serverAheadMs?: number;
}

/** The first value of a header as a string, or undefined. */
function headerText(headers: IDataObject | undefined, name: string): string | undefined {
	const raw = headers?.[name];
	const value = Array.isArray(raw) ? raw[0] : raw;
	return value === undefined || value === null || value === '' ? undefined : String(value);
}

function numberHeader(headers: IDataObject | undefined, name: string): number | undefined {
	const text = headerText(headers, name);
	const value = Number(text);
	return text === undefined || !Number.isFinite(value) ? undefined : value;
}

/**
 * Reads the `X-RateLimit-*` and `Date` headers of an answer read at `nowMs`
 * (epoch ms, local clock; default now). Header names are lower-case, as in n8n's
 * responses; a header given as an array counts by its first value. The reset is
 * translated to the local clock with the answer's `Date` (reset − Date = how long
 * the window still runs; without a `Date`, the local clock stands in for the
 * server's). See {@link WindowState} for when the reset is not used. Never throws.
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
 * How long an answer's `Retry-After` header asks to wait, in ms, capped at
 * {@link MAX_RATE_LIMIT_WAIT_MS} (RFC 9110 §10.2.3: a number of seconds, or an
 * HTTP date). A date is read against the answer's `Date` header (the server's
 * clock), else against `nowMs` (epoch ms, local clock; default now). Undefined
 * when the header is missing, unparsable or already past (negative seconds, a
 * date not after `Date`). A wait longer than the cap is cut to the cap. Never throws.
 */
export function retryAfterMs(
	headers: IDataObject | undefined,
	nowMs = Date.now(),
): number | undefined {
	const waitMs = askedRetryAfterMs(headers, nowMs);
	return waitMs === undefined ? undefined : Math.min(waitMs, MAX_RATE_LIMIT_WAIT_MS);
}

/** The answer's `Date` header as epoch ms (the server's clock), or NaN without a readable one. */
function serverDateMs(headers: IDataObject | undefined): number {
	const dateText = headerText(headers, 'date');
	return dateText === undefined ? Number.NaN : Date.parse(dateText);
}

/**
 * How long an answer's `Retry-After` asks to wait, in ms, as asked (not capped): see
 * {@link retryAfterMs}, which caps it. Undefined when missing, unparsable or past.
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
 * How long until an answer's `X-RateLimit-Reset`, in ms, not capped: the reset less
 * the answer's `Date` (else less `nowMs`, the local clock). Undefined when the reset
 * is missing, not in UNIX seconds ({@link MAX_RESET_SECONDS}) or not after the `Date`.
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
 * The wait a refusal asks for when it is longer than the node waits
 * ({@link MAX_RATE_LIMIT_WAIT_MS}), in ms; undefined otherwise. It counts for a
 * `429` (its `Retry-After` or its `X-RateLimit-Reset`, the later one) and for a
 * `5xx` (its `Retry-After`). Such a request is not retried: see {@link RateLimitGate.refuseLongWait}.
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

/** At most this many requests of one gate are under way at once. */
export const MAX_IN_FLIGHT = 100;

/**
 * How long the gate keeps spreading its requests over the window after it last saw
 * others spend the same window, in ms (six of Intercom's 10-second windows).
 */
export const SHARED_HOLD_MS = 60_000;

/**
 * The most requests of a shared window a gate leaves to the others at its end (see
 * `sharedMargin`): enough for about four other processes.
 */
export const MAX_SHARED_MARGIN = 5;

/**
 * How late a wait of the gate may end, in ms, before the gate takes it that its process
 * stalled and what it knows is left is stale (see `noteStall`).
 */
const STALL_MS = 100;

/**
 * How far the spread requests may catch up, in ms, when the gate's timer fired late
 * (a busy event loop): the schedule, not the last send, sets the next request.
 */
const PACE_CATCH_UP_MS = 250;

/**
 * How long the gate goes on waiting out answers that refuse (`429`, `5xx`) without a
 * single success in between, in ms: 2 minutes. A `429` after that fails its item at
 * once (as does a `5xx`, which is then not retried), and the gate refuses further
 * requests for {@link GIVE_UP_HOLD_MS}. Longer than one item's own 10 retries (about
 * 111 s of backoff), so a single item keeps those; shorter than any run under a block
 * that lasts.
 */
export const PATIENCE_MS = 120_000;

/** After the gate gave up (see {@link PATIENCE_MS}), how long it sends nothing, in ms: 1 minute. */
export const GIVE_UP_HOLD_MS = 60_000;

/**
 * The longest the gate refuses requests after a server asked for a wait beyond
 * {@link MAX_RATE_LIMIT_WAIT_MS}, in ms: 5 minutes, or less when the server asked for
 * less. So a fixed gateway is tried again without restarting n8n.
 */
export const MAX_REFUSAL_MS = 300_000;

/** A refusing answer more than this after the previous one starts a new streak, in ms. */
export const STREAK_GAP_MS = 120_000;

/**
 * The patience new gates get: {@link PATIENCE_MS} and {@link GIVE_UP_HOLD_MS}. Tests
 * shorten it (they load the node in the same module registry); nothing else changes it.
 */
export const GATE_PATIENCE = { patienceMs: PATIENCE_MS, holdMs: GIVE_UP_HOLD_MS };

/**
 * Why the gate refuses requests until `untilMs` (local epoch ms), without sending them:
 * - `waitTooLong`: an answer with `status` asked to wait `askedMs` (until `retryAtMs`),
 *   longer than {@link MAX_RATE_LIMIT_WAIT_MS};
 * - `keptRefusing`: for `lastedMs` every answer was one of `statuses` (`429`, `5xx`),
 *   at least the gate's patience `patienceMs` ({@link PATIENCE_MS}).
 */
export type Refusal =
	| { kind: 'waitTooLong'; status: number; askedMs: number; retryAtMs: number; untilMs: number }
	| {
			kind: 'keptRefusing';
			statuses: number[];
			lastedMs: number;
			patienceMs: number;
			untilMs: number;
	  };

/** Requests of a window kept back to find where it ends, while that is not known closely. */
const PHASE_PROBES = 1;
/** The end of the windows counts as known when its learned bounds are this close, in ms. */
const PHASE_PRECISION_MS = 50;
/**
 * How far before its latest possible end a window may end, in ms: the reset's
 * rounding up (< 1 s) plus what the whole-second `Date` leaves open (< 1 s).
 */
const PHASE_SEARCH_MS = 2_000;

/** What the gate knows of the window it sends into. */
interface CurrentWindow {
	/** Its `X-RateLimit-Reset` (UNIX seconds, server clock), when known. */
	reset?: number;
	/** What it has left; undefined: unknown (only one request goes, to learn it). */
	remaining?: number;
	/** Local epoch ms by which it ends at the latest, when given outright (a 429's wait, a backoff). */
	endAtMs?: number;
	/** Local epoch ms at which it had certainly not ended yet (a request answered in it was sent then). */
	openAtMs?: number;
}

/**
 * Paces the requests that share one Intercom rate-limit window (one base URL and
 * credential) inside this n8n process. n8n's declarative engine starts every
 * item's request at once; the gate queues them (first come, first served) and
 * lets one go only while
 * - fewer than {@link MAX_IN_FLIGHT} are under way, and
 * - the last known `X-RateLimit-Remaining`, less the requests under way, is above
 *   zero; otherwise the queue waits for the window's end.
 * Before the first answer only one request goes, to learn the limit; when a
 * window ends by its reset time, the next one is taken as full and its requests go
 * at once (its answers then correct what is left).
 *
 * Where a window ends, on the local clock (Intercom API, "Rate limiting": fixed
 * windows, `X-RateLimit-Reset` in UNIX seconds rounded up): at the latest at the
 * reset less the server's `Date` (see {@link readWindow}), which can be up to two
 * seconds late. The gate learns the real turnover: a request answered in a
 * window was sent before it ended, and the first answer from a newer window came
 * after the older one ended. As Intercom's windows last whole seconds, "real end −
 * reset × 1000" is the same for every window, so bounds learned on one window hold
 * for the next. While those bounds are wider than {@link PHASE_PRECISION_MS}, a
 * few requests of each window are kept back and sent one at a time across the
 * uncertain end (halving it each time); the first one answered by the new window
 * opens it at once. A 429 from a window the gate took as ended shows the bounds do
 * not hold (windows that are not whole seconds, a clock that jumped): the gate then
 * forgets them and waits for reset times only.
 *
 * Other processes on the same Intercom app (n8n workers in queue mode, other
 * integrations) spend the same window, and `X-RateLimit-Remaining` counts
 * everyone's requests. The gate counts its own requests answered in each window;
 * when the window's use (limit − the lowest Remaining seen) exceeds them and the
 * requests still under way, others are spending it too (alone, it never can: a
 * request that got no answer counts as the gate's own).
 * From then on, until {@link SHARED_HOLD_MS} after it last saw that, the gate
 * spreads its requests over the rest of the window instead of bursting: the next
 * one is due (time left in the window) / (what is left of it) after the previous
 * one was due. Each process so spends what it sees left evenly over the time left; with W
 * processes doing that, what is left falls like (time left)^W, reaching zero only
 * as the window ends, so the window is used up without the processes overrunning
 * it together. As each gate learns what is left only from its own answers, it leaves
 * the window's last few requests to the others (see `sharedMargin`), sends no probe
 * for the window's end, and after its process stalled waits for a fresh count before
 * it sends more (see `noteStall`). Alone, the gate keeps sending at once whatever the
 * window has left.
 *
 * If the reset time is missing or unusable, the queue waits a bounded backoff
 * instead. No wait is longer than {@link MAX_RATE_LIMIT_WAIT_MS}. Each change
 * wakes only the requests that may go.
 */
export class RateLimitGate {
	private cur: CurrentWindow = {};

	private limit: number | undefined;

	/** The newest reset seen in any answer, and the newest the gate took as ended. */
	private newestReset: number | undefined;

	private endedReset: number | undefined;

	/** Best lower bound of how far the server's clock is ahead (max over answers), in ms. */
	private serverAheadMs: number | undefined;

	/** Learned bounds of "real window end (local ms) − reset × 1000". */
	private phaseLowMs = Number.NEGATIVE_INFINITY;

	private phaseHighMs = Number.POSITIVE_INFINITY;

	private phaseBroken = false;

	private inFlight = 0;

	/** When the one request under way was let go, if it went while none other was under way. */
	private soloSentAtMs: number | undefined;

	/** Waiting requests, oldest first from `head` (an index, so taking one is O(1)). */
	private queue: Array<() => void> = [];

	private head = 0;

	/** True while the queue waits for a time (a window's end, a backoff, a probe). */
	private sleeping = false;

	/** When the current wait should end (local epoch ms), while `sleeping`. */
	private wakeAtMs = Number.POSITIVE_INFINITY;

	/**
	 * Set (local epoch ms) when the process stalled while the window was shared: what
	 * the gate knows is left is stale until a request let go after it is answered.
	 */
	private staleSinceMs: number | undefined;

	private waitStreak = 0;

	/** This gate's own requests answered (not 429) in the window `reset`, and the lowest Remaining seen there. */
	private own: { reset?: number; answered: number; lowest: number } = {
		answered: 0,
		lowest: Number.POSITIVE_INFINITY,
	};

	/** Local epoch ms until which the window counts as shared with others (see the class notes). */
	private sharedUntilMs = Number.NEGATIVE_INFINITY;

	/** True from a turnover until the first answer after it. */
	private turnedOver = false;

	/** When the next spread request is due (local epoch ms); see {@link paceAt}. */
	private paceNextAtMs = Number.NEGATIVE_INFINITY;

	/** Why the gate refuses requests, while it does (see {@link refusal}). */
	private refused: Refusal | undefined;

	/** The current run of refusing answers (`429`, `5xx`): when it began, its last one, their statuses. */
	private streak: { sinceMs: number; lastMs: number; statuses: number[] } | undefined;

	/** This gate's patience (see {@link GATE_PATIENCE}). */
	readonly patience = { ...GATE_PATIENCE };

	constructor(private readonly maxInFlight = MAX_IN_FLIGHT) {}

	/** True while the gate spreads its requests because others spend the same window. */
	get shared(): boolean {
		return Date.now() < this.sharedUntilMs;
	}

	/**
	 * Resolves when this request may be sent; pair every call that resolves with
	 * {@link release}, or with {@link forgo} when the request is then not sent. When
	 * `signal` aborts first (the execution was cancelled), the request leaves the queue
	 * and the call rejects with the signal's reason, holding no place.
	 */
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

	/**
	 * Records what the answer said of the window and lets the next requests go.
	 * `window` undefined means the request got no answer at all (network error).
	 * `spentUntilMs` (after a 429; local epoch ms) marks the window as used up until then.
	 */
	release(window: WindowState | undefined, spentUntilMs?: number): void {
		const soloSentAtMs = this.inFlight === 1 ? this.soloSentAtMs : undefined;
		this.noteStall(Date.now());
		this.freshen(soloSentAtMs);
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (this.inFlight === 0) this.soloSentAtMs = undefined;
		if (window?.limit !== undefined) this.limit = window.limit;
		const reset = window?.resetSeconds;
		if (window && reset !== undefined) this.learn(window, reset, soloSentAtMs);
		if (window && reset !== undefined) this.countOwn(window, reset, spentUntilMs !== undefined);
		// No answer: Intercom may still have counted it, so it counts as this gate's own.
		if (!window) this.own.answered++;

		const stale =
			reset !== undefined &&
			((this.endedReset !== undefined && reset <= this.endedReset) ||
				(this.cur.reset !== undefined && reset < this.cur.reset));
		if (stale) {
			if (spentUntilMs !== undefined && this.endedReset !== undefined && reset <= this.endedReset) {
				// A 429 from a window taken as ended: the gate woke too early.
				this.phaseBroken = true;
				this.endedReset = reset - 1;
				this.cur = { reset, remaining: 0, endAtMs: spentUntilMs };
			}
			// Otherwise a late answer from an older window: it says nothing of this one.
		} else if (spentUntilMs !== undefined) {
			this.cur = { reset, remaining: 0, endAtMs: spentUntilMs };
		} else if (window && window.remaining !== undefined) {
			const sameWindow =
				reset !== undefined
					? reset === this.cur.reset
					: this.cur.reset === undefined &&
						window.resetAtMs !== undefined &&
						window.resetAtMs === this.cur.endAtMs;
			if (sameWindow && this.cur.remaining !== undefined) {
				this.cur.remaining = Math.min(this.cur.remaining, window.remaining);
			} else {
				this.cur = { reset, remaining: window.remaining, endAtMs: window.resetAtMs };
				this.paceNextAtMs = Number.NEGATIVE_INFINITY;
			}
			if (soloSentAtMs !== undefined && reset !== undefined) {
				this.cur.openAtMs = Math.max(this.cur.openAtMs ?? soloSentAtMs, soloSentAtMs);
			}
		} else if (window && this.cur.remaining === undefined) {
			// An answer without headers (e.g. from a proxy): pace only by MAX_IN_FLIGHT.
			this.cur = { remaining: Number.POSITIVE_INFINITY };
		}
		this.pump();
	}

	/** Why requests are refused now without being sent, or undefined while they may go. */
	refusal(now = Date.now()): Refusal | undefined {
		if (this.refused && now >= this.refused.untilMs) this.refused = undefined;
		return this.refused;
	}

	/**
	 * An answer with `status` asked to wait `askedMs`, beyond the cap: the gate refuses
	 * requests until then, at most {@link MAX_REFUSAL_MS}. Call before {@link release}.
	 */
	refuseLongWait(askedMs: number, status: number, now = Date.now()): Refusal {
		const untilMs = now + Math.min(askedMs, MAX_REFUSAL_MS);
		return this.refuse({ kind: 'waitTooLong', status, askedMs, retryAtMs: now + askedMs, untilMs });
	}

	/**
	 * Counts an answer into the streak of refusing ones (`429`, `5xx`; any other answer
	 * ends it). When the streak has lasted the gate's patience, the gate refuses
	 * requests for its hold and this returns why; else undefined. Call before {@link release}.
	 */
	noteAnswer(status: number, now = Date.now()): Refusal | undefined {
		if (status !== 429 && status < 500) {
			this.streak = undefined;
			return undefined;
		}
		const streak = this.streak;
		if (!streak || now - streak.lastMs > STREAK_GAP_MS) {
			this.streak = { sinceMs: now, lastMs: now, statuses: [status] };
		} else {
			streak.lastMs = now;
			if (!streak.statuses.includes(status)) streak.statuses.push(status);
		}
		const { sinceMs, statuses } = this.streak as NonNullable<RateLimitGate['streak']>;
		const { patienceMs, holdMs } = this.patience;
		if (now - sinceMs < patienceMs) return undefined;
		const lastedMs = now - sinceMs;
		const untilMs = now + holdMs;
		return this.refuse({
			kind: 'keptRefusing',
			statuses: [...statuses],
			lastedMs,
			patienceMs,
			untilMs,
		});
	}

	/** Refuses from now on, and lets every waiting request go at once, so each fails without being sent. */
	private refuse(refusal: Refusal): Refusal {
		this.refused = refusal;
		while (this.head < this.queue.length) this.grant(Date.now());
		return refusal;
	}

	/**
	 * Counts an answer of this gate from window `reset` and checks whether others
	 * spend that window too. Of a window's use, this gate can account for its own
	 * requests answered in it and, at most, those still under way; anything beyond
	 * that (more than a tolerance) was spent by others. The use is known from the
	 * lowest Remaining seen, and is the whole limit when a request got a 429. The
	 * check runs on every answer, and once more for the previous window when the
	 * first answer of a newer one arrives (nothing of the older one is under way
	 * then, unless answers are late). A late answer from an older window is ignored.
	 */
	private countOwn(window: WindowState, reset: number, rateLimited: boolean): void {
		const own = this.own;
		if (own.reset !== undefined && reset < own.reset) return;
		if (own.reset !== undefined && reset > own.reset) {
			// The gate turns a window over only with nothing under way: whatever is under
			// way now went out after, so the older window's own share is all answered.
			this.checkShared(own.answered, own.lowest, this.turnedOver ? 0 : this.inFlight);
		}
		this.turnedOver = false;
		if (own.reset !== reset) {
			this.own = { reset, answered: 0, lowest: Number.POSITIVE_INFINITY };
		}
		if (rateLimited) {
			// A 429: the window is spent, the request itself was not counted.
			this.own.lowest = 0;
			this.checkShared(this.own.answered + 1, 0, this.inFlight);
			return;
		}
		this.own.answered++;
		if (window.remaining !== undefined) {
			this.own.lowest = Math.min(this.own.lowest, window.remaining);
		}
		this.checkShared(this.own.answered, this.own.lowest, this.inFlight);
	}

	/**
	 * Takes the window as shared for {@link SHARED_HOLD_MS} when its use (limit −
	 * `lowest`) exceeds `answered` own requests plus `underWay` ones that may count in
	 * it.
	 */
	private checkShared(answered: number, lowest: number, underWay: number): void {
		const { limit } = this;
		if (limit === undefined || !Number.isFinite(lowest)) return;
		// Alone, a window's use never exceeds the gate's own answered and pending requests.
		if (limit - lowest - answered - underWay > 0) {
			this.sharedUntilMs = Date.now() + SHARED_HOLD_MS;
		}
	}

	/**
	 * When the next request may go: at once while the window is not shared; else when
	 * the schedule says (see {@link schedule}), at the latest at the window's `end`;
	 * with the end unknown (a window taken as turned over, no answer from it yet) or the
	 * count stale (see {@link noteStall}), only while nothing is under way.
	 */
	private paceAt(now: number, end: number | undefined, free: number): number {
		if (!Number.isFinite(free) || now >= this.sharedUntilMs) return now;
		if (end === undefined || this.staleSinceMs !== undefined) {
			return this.inFlight === 0 ? now : Number.POSITIVE_INFINITY;
		}
		return Math.min(this.paceNextAtMs, end);
	}

	/**
	 * Plans the next spread request after one let go at `now`, `free` requests having
	 * been left of a window ending at `end`: (time left) / (what is left) later, counted
	 * from when this one was due, so a timer that fired late is made up (by at most
	 * {@link PACE_CATCH_UP_MS}).
	 */
	private schedule(now: number, end: number | undefined, free: number): void {
		if (end === undefined || !Number.isFinite(free) || free <= 0) return;
		const due = Math.max(this.paceNextAtMs, now - PACE_CATCH_UP_MS);
		this.paceNextAtMs = due + Math.max(0, end - now) / free;
	}

	/** What an answer from window `reset` teaches of the clock and of where windows end. */
	private learn(window: WindowState, reset: number, soloSentAtMs: number | undefined): void {
		if (window.serverAheadMs !== undefined) {
			this.serverAheadMs = Math.max(
				this.serverAheadMs ?? window.serverAheadMs,
				window.serverAheadMs,
			);
		}
		// Sent alone at soloSentAtMs and answered in window `reset`: that window ended later.
		if (soloSentAtMs !== undefined) {
			this.phaseLowMs = Math.max(this.phaseLowMs, soloSentAtMs - reset * 1000);
		}
		// The first answer from a newer window came after the newest known one ended.
		if (this.newestReset !== undefined && reset > this.newestReset) {
			const receivedAtMs = window.receivedAtMs ?? Date.now();
			this.phaseHighMs = Math.min(this.phaseHighMs, receivedAtMs - this.newestReset * 1000);
		}
		this.newestReset = Math.max(this.newestReset ?? reset, reset);
		if (this.phaseLowMs >= this.phaseHighMs) this.phaseBroken = true;
	}

	/** Local epoch ms by which the current window has ended at the latest; undefined if unknown. */
	private endOf(): number | undefined {
		const { reset, endAtMs } = this.cur;
		if (reset === undefined) return endAtMs;
		let latest = reset * 1000 - (this.serverAheadMs ?? 0);
		if (!this.phaseBroken) latest = Math.min(latest, reset * 1000 + this.phaseHighMs);
		return endAtMs === undefined ? latest : Math.min(endAtMs, latest);
	}

	/**
	 * How many requests of the current window to keep back to find its end. None while
	 * others spend the window too: they would spend the kept-back request first, so the
	 * probe would meet a spent window (a 429) and learn nothing.
	 */
	private reserve(): number {
		const { limit } = this;
		if (this.newestReset === undefined || limit === undefined || limit < 10) return 0;
		if (this.shared) return 0;
		const known = !this.phaseBroken && this.phaseHighMs - this.phaseLowMs <= PHASE_PRECISION_MS;
		return known ? 0 : Math.min(PHASE_PROBES, Math.floor(limit / 10));
	}

	/**
	 * How many of a shared window's last requests this gate leaves to the others: about
	 * one for each process spending the window besides this one (others' use in it ÷ this
	 * gate's own), plus one, at most {@link MAX_SHARED_MARGIN}. Each gate learns what is
	 * left only from its own answers, and near a window's end it sends seldom, so its
	 * count is about a round of the others' requests old: spending it to the last, every
	 * gate but one would get a 429. None while the window is not shared.
	 */
	private sharedMargin(): number {
		const { limit } = this;
		if (limit === undefined || !this.shared) return 0;
		const { answered, lowest } = this.own;
		const used = Number.isFinite(lowest) ? limit - lowest : 0;
		const own = answered + this.inFlight;
		const perOwn = Math.max(0, used - own) / Math.max(1, own);
		const cap = Math.max(1, Math.min(MAX_SHARED_MARGIN, Math.floor(limit / 20)));
		return Math.min(cap, Math.ceil(perOwn) + 1);
	}

	/** When to send the next kept-back request: halfway across where the window may end. */
	private probeAt(latestEndMs: number): number {
		let earliest = Math.max(
			latestEndMs - PHASE_SEARCH_MS,
			this.cur.openAtMs ?? Number.NEGATIVE_INFINITY,
		);
		if (!this.phaseBroken && this.cur.reset !== undefined) {
			earliest = Math.max(earliest, this.cur.reset * 1000 + this.phaseLowMs);
		}
		return Math.ceil((earliest + latestEndMs) / 2);
	}

	/** The current window is over: the next one is full (when it ended by its reset time) or unknown. */
	private turnOver(): void {
		const { reset } = this.cur;
		if (reset !== undefined) this.endedReset = Math.max(this.endedReset ?? reset, reset);
		this.cur = { remaining: reset !== undefined ? this.limit : undefined };
		this.turnedOver = true;
		this.paceNextAtMs = Number.NEGATIVE_INFINITY;
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

	/** Sleeps until `atMs` (at most MAX_RATE_LIMIT_WAIT_MS), then lets the queue go on. */
	private sleepUntil(atMs: number, now: number): void {
		this.sleeping = true;
		const ms = Math.min(MAX_RATE_LIMIT_WAIT_MS, Math.max(1, Math.ceil(atMs - now)));
		this.wakeAtMs = now + ms;
		void sleep(ms).then(() => {
			this.noteStall(Date.now());
			this.sleeping = false;
			this.wakeAtMs = Number.POSITIVE_INFINITY;
			this.pump();
		});
	}

	/**
	 * Notes, at `now`, whether this process stalled (a busy event loop: its wait ended
	 * more than {@link STALL_MS} late) while others spend the window. Answers that came
	 * meanwhile are read only now and say what was left when they were sent; the others
	 * went on spending. Sending what the stale count allows (and catching up the
	 * schedule) would overrun the window, so the gate lets its requests under way be
	 * answered, then sends one and goes on from its answer.
	 */
	private noteStall(now: number): void {
		if (now - this.wakeAtMs > STALL_MS && this.shared) this.staleSinceMs ??= now;
	}

	/** Clears a stale count once a request let go after the stall (at `sentAtMs`) is answered. */
	private freshen(sentAtMs: number | undefined): void {
		const since = this.staleSinceMs;
		if (since !== undefined && sentAtMs !== undefined && sentAtMs >= since) {
			this.staleSinceMs = undefined;
		}
	}

	private pump(): void {
		while (this.head < this.queue.length && !this.sleeping) {
			const now = Date.now();
			const end = this.endOf();
			if (end !== undefined && now >= end && this.inFlight === 0) {
				this.turnOver();
				continue;
			}
			if (this.inFlight >= this.maxInFlight) return;
			const { remaining } = this.cur;
			if (remaining === undefined) {
				if (this.inFlight > 0) return;
				this.grant(now);
				continue;
			}
			const free = remaining - this.inFlight;
			// What this gate may still spend: in a shared window, the last few are left to the others.
			const spare = free - this.sharedMargin();
			const waiting = this.queue.length - this.head;
			if (spare > 0 && (waiting <= spare || spare > this.reserve())) {
				const at = this.paceAt(now, end, free);
				if (at > now) {
					// Infinity: the answer of the request under way calls the pump again.
					if (Number.isFinite(at)) this.sleepUntil(at, now);
					return;
				}
				this.waitStreak = 0;
				this.schedule(now, end, free);
				this.grant(now);
				continue;
			}
			if (this.inFlight > 0) return;
			if (spare > 0) {
				// Kept back to find the window's end: one at a time, across where it may end.
				const at = end === undefined ? now : this.probeAt(end);
				if (at <= now) {
					this.grant(now);
					continue;
				}
				this.sleepUntil(at, now);
				return;
			}
			if (end === undefined) this.cur.endAtMs = now + backoffMs(this.waitStreak++);
			else this.cur.endAtMs = Math.min(end, now + MAX_RATE_LIMIT_WAIT_MS);
			this.sleepUntil(this.cur.endAtMs, now);
			return;
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
