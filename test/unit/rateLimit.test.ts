/**
 * The rate-limit gate on its own, with Jest's fake clock: what it lets go,
 * when, and what it waits for. No n8n, no sockets.
 */
import {
	backoffMs,
	MAX_RATE_LIMIT_RETRIES,
	RateLimitGate,
	readWindow,
} from '../../nodes/IntercomUsers/transport/rateLimit';

/** Starts `count` acquires; the returned list fills with their numbers as each is let go. */
function acquireMany(gate: RateLimitGate, count: number): number[] {
	const granted: number[] = [];
	for (let index = 0; index < count; index++) void gate.acquire().then(() => granted.push(index));
	return granted;
}

/** Lets pending promise callbacks run without moving the clock. */
const settle = () => jest.advanceTimersByTimeAsync(0);

describe('RateLimitGate', () => {
	beforeEach(() => {
		jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00.200Z') });
	});
	afterEach(() => {
		jest.useRealTimers();
	});

	it('sends one probe before the first answer, then as many as the window has left', async () => {
		const gate = new RateLimitGate();
		const granted = acquireMany(gate, 5);
		await settle();
		expect(granted).toEqual([0]);
		const resetAtMs = Date.now() + 10_000;
		gate.release({ limit: 3, remaining: 3, resetAtMs });
		await settle();
		expect(granted).toEqual([0, 1, 2, 3]);
		// Window spent (3 under way, 3 remaining): number 4 waits.
		gate.release({ limit: 3, remaining: 2, resetAtMs });
		gate.release({ limit: 3, remaining: 1, resetAtMs });
		gate.release({ limit: 3, remaining: 0, resetAtMs });
		await settle();
		expect(granted).toEqual([0, 1, 2, 3]);
		// It goes once the window refills, not before.
		await jest.advanceTimersByTimeAsync(9_999);
		expect(granted).toEqual([0, 1, 2, 3]);
		await jest.advanceTimersByTimeAsync(1);
		expect(granted).toEqual([0, 1, 2, 3, 4]);
	});

	it('keeps at most maxInFlight requests under way', async () => {
		const gate = new RateLimitGate(2);
		const granted = acquireMany(gate, 6);
		await settle();
		gate.release({ limit: 1000, remaining: 999, resetAtMs: Date.now() + 10_000 });
		await settle();
		expect(granted).toEqual([0, 1, 2]);
		gate.release({ limit: 1000, remaining: 998, resetAtMs: Date.now() + 10_000 });
		await settle();
		expect(granted).toEqual([0, 1, 2, 3]);
	});

	it('a request that got no answer frees its place', async () => {
		const gate = new RateLimitGate();
		const granted = acquireMany(gate, 2);
		await settle();
		expect(granted).toEqual([0]);
		gate.release(undefined);
		await settle();
		expect(granted).toEqual([0, 1]);
	});

	it('an answer without rate-limit headers paces by the in-flight cap only', async () => {
		const gate = new RateLimitGate(3);
		const granted = acquireMany(gate, 5);
		await settle();
		gate.release({});
		await settle();
		expect(granted).toEqual([0, 1, 2, 3]);
	});

	it('after a 429 the window counts as spent until the given time', async () => {
		const gate = new RateLimitGate();
		const granted = acquireMany(gate, 2);
		await settle();
		gate.release({ limit: 10, remaining: 0 }, Date.now() + 2_000);
		await jest.advanceTimersByTimeAsync(1_999);
		expect(granted).toEqual([0]);
		await jest.advanceTimersByTimeAsync(1);
		expect(granted).toEqual([0, 1]);
	});

	it('with no usable reset time it waits the bounded backoff: 1 s, then 2 s', async () => {
		const gate = new RateLimitGate();
		const granted = acquireMany(gate, 3);
		await settle();
		gate.release({ limit: 10, remaining: 0 });
		await jest.advanceTimersByTimeAsync(999);
		expect(granted).toEqual([0]);
		await jest.advanceTimersByTimeAsync(1);
		expect(granted).toEqual([0, 1]);
		gate.release({ limit: 10, remaining: 0 });
		await jest.advanceTimersByTimeAsync(1_999);
		expect(granted).toEqual([0, 1]);
		await jest.advanceTimersByTimeAsync(1);
		expect(granted).toEqual([0, 1, 2]);
	});
});

describe('rate-limit arithmetic', () => {
	it.each([
		[0, 1_000],
		[1, 2_000],
		[3, 8_000],
		[4, 16_000],
		[9, 16_000],
	])('backoff for retry %i is %i ms', (attempt, ms) => {
		expect(backoffMs(attempt)).toBe(ms);
	});

	it('a 429 is retried 10 times', () => {
		expect(MAX_RATE_LIMIT_RETRIES).toBe(10);
	});

	it('reads the X-RateLimit-* headers, the reset in UNIX seconds', () => {
		expect(
			readWindow({ 'x-ratelimit-limit': '167', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1767225610' }),
		).toEqual({ limit: 167, remaining: 0, resetAtMs: 1_767_225_610_000 });
		expect(readWindow({ 'x-ratelimit-remaining': ['5', '6'] })).toEqual({
			limit: undefined,
			remaining: 5,
			resetAtMs: undefined,
		});
		expect(readWindow({ 'x-ratelimit-remaining': 'soon', 'x-ratelimit-reset': '' })).toEqual({
			limit: undefined,
			remaining: undefined,
			resetAtMs: undefined,
		});
		expect(readWindow(undefined)).toEqual({ limit: undefined, remaining: undefined, resetAtMs: undefined });
	});
});
