/** How long refusing answers are waited out without a success, in ms: longer than one item's 10 retries. */
export const PATIENCE_MS = 120_000;

/** After the gate gave up (see {@link PATIENCE_MS}), how long it sends nothing, in ms. */
export const GIVE_UP_HOLD_MS = 60_000;

/** The longest refusal after a wait beyond the cap, in ms: a fixed gateway is tried again without a restart. */
export const MAX_REFUSAL_MS = 300_000;

/** A refusing answer more than this after the previous one starts a new streak, in ms. */
export const STREAK_GAP_MS = 120_000;

/** The patience new gates get; only tests change it. */
export const GATE_PATIENCE = { patienceMs: PATIENCE_MS, holdMs: GIVE_UP_HOLD_MS };

/** Why the gate refuses requests, unsent, until `untilMs`: a wait beyond the cap, or refusals for its patience. */
export type Refusal =
	| { kind: 'waitTooLong'; status: number; askedMs: number; retryAtMs: number; untilMs: number }
	| {
			kind: 'keptRefusing';
			statuses: number[];
			lastedMs: number;
			patienceMs: number;
			untilMs: number;
	  };

/** The gate's budget of refusals: when it stops sending and for how long. */
export class Patience {
	private refused: Refusal | undefined;

	private streak: { sinceMs: number; lastMs: number; statuses: number[] } | undefined;

	private readonly budget = { ...GATE_PATIENCE };

	/** `onRefuse` lets every waiting request go, so each fails without being sent. */
	constructor(private readonly onRefuse: () => void) {}

	/** Why requests are refused now, or undefined while they may go. */
	refusal(now: number): Refusal | undefined {
		if (this.refused && now >= this.refused.untilMs) this.refused = undefined;
		return this.refused;
	}

	/** Refuses requests for the asked wait, at most {@link MAX_REFUSAL_MS}. */
	refuseLongWait(askedMs: number, status: number, now: number): Refusal {
		const untilMs = now + Math.min(askedMs, MAX_REFUSAL_MS);
		return this.refuse({ kind: 'waitTooLong', status, askedMs, retryAtMs: now + askedMs, untilMs });
	}

	/** Counts an answer into the refusing streak; returns why once the streak outlasted the patience. */
	noteAnswer(status: number, now: number): Refusal | undefined {
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
		const { sinceMs, statuses } = this.streak as NonNullable<Patience['streak']>;
		const { patienceMs, holdMs } = this.budget;
		const lastedMs = now - sinceMs;
		if (lastedMs < patienceMs) return undefined;
		const untilMs = now + holdMs;
		return this.refuse({
			kind: 'keptRefusing',
			statuses: [...statuses],
			lastedMs,
			patienceMs,
			untilMs,
		});
	}

	private refuse(refusal: Refusal): Refusal {
		this.refused = refusal;
		this.onRefuse();
		return refusal;
	}
}
