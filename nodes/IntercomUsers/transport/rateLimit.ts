import { RateLimitGate } from './gate';

export { MAX_IN_FLIGHT, RateLimitGate } from './gate';
export type { Refusal } from './patience';
export {
	GATE_PATIENCE,
	GIVE_UP_HOLD_MS,
	MAX_REFUSAL_MS,
	PATIENCE_MS,
	STREAK_GAP_MS,
} from './patience';
export { MAX_SHARED_MARGIN, SHARED_HOLD_MS } from './sharedWindow';
export type { WindowState } from './windowHeaders';
export {
	askedRetryAfterMs,
	BACKOFF_BASE_MS,
	BACKOFF_MAX_MS,
	backoffMs,
	MAX_RATE_LIMIT_RETRIES,
	MAX_RATE_LIMIT_WAIT_MS,
	MAX_RESET_SECONDS,
	readWindow,
	resetWaitMs,
	retryAfterMs,
	waitBeyondCapMs,
} from './windowHeaders';

const gates = new Map<string, RateLimitGate>();

/**
 * The gate shared by every request to one host with one credential in this process. `key`
 * must not be the token itself: callers pass a hash of it.
 */
export function gateFor(key: string): RateLimitGate {
	let gate = gates.get(key);
	if (!gate) {
		gate = new RateLimitGate();
		gates.set(key, gate);
	}
	return gate;
}
