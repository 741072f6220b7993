/**
 * Progress output for the real-n8n tools: a logger that prefixes each line with a
 * tag and the seconds since it was made, and small formatting helpers.
 */

/** Writes one progress line to stdout. */
export type Log = (message: string) => void;

/** A {@link Log} that also knows when it was made. */
export interface TaggedLog extends Log {
	/** `Date.now()` when the logger was made (ms since the epoch). */
	readonly startedAt: number;
}

/**
 * A logger printing `[<tag> <seconds>s] <message>`, the seconds since this call
 * right-aligned to six characters with one decimal, e.g. `[e2e   12.3s] packed …`.
 */
export function taggedLog(tag: string): TaggedLog {
	const startedAt = Date.now();
	const log = (message: string): void => {
		const elapsed = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(6);
		console.log(`[${tag} ${elapsed}s] ${message}`);
	};
	return Object.assign(log, { startedAt });
}

/** Milliseconds as seconds with one decimal and a unit, e.g. `1234` → `"1.2s"`. */
export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)}s`;
}

/** One timed step of a run, for a closing timings table. */
export interface Timing {
	/** What was done, e.g. `n8n import:workflow`. */
	step: string;
	/** How long it took (ms); 0 when `cached`. */
	ms: number;
	/** True when the step was skipped because its result was already in the cache. */
	cached?: boolean;
}

/**
 * Builds `time(step, fn)`: runs `fn` and adds how long it took (ms) to `timings`
 * as `step`, whether it resolved or threw.
 */
export function stepTimer(timings: Timing[]) {
	return async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
		const started = Date.now();
		try {
			return await fn();
		} finally {
			timings.push({ step, ms: Date.now() - started });
		}
	};
}
