/**
 * The rate-limit gate on its own, with Jest's fake clock: what it lets go,
 * when, and what it waits for. No n8n, no sockets. The last part drives the real
 * `send` against a model of Intercom's fixed windows on the same fake clock.
 */
import type { IExecuteSingleFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import {
	backoffMs,
	MAX_RATE_LIMIT_RETRIES,
	MAX_RATE_LIMIT_WAIT_MS,
	MAX_SHARED_MARGIN,
	RateLimitGate,
	readWindow,
	SHARED_HOLD_MS,
} from '../../../../nodes/IntercomUsers/transport/rateLimit';
import type { Attempt } from '../../../../nodes/IntercomUsers/transport/send';
import { send } from '../../../../nodes/IntercomUsers/transport/send';

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

describe('RateLimitGate sharing a window with other processes', () => {
	beforeEach(() => {
		jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00.200Z') });
	});
	afterEach(() => {
		jest.useRealTimers();
	});

	/** What an answer says of a 100-request window that ends 10 s from the start. */
	const answer = (remaining: number) => {
		const resetAtMs = Date.parse('2026-01-01T00:00:10.200Z');
		return { limit: 100, remaining, resetAtMs, resetSeconds: Math.ceil(resetAtMs / 1000) };
	};

	/** A gate that has seen Remaining fall by 50 while its own two requests were answered. */
	async function sharedGate(): Promise<RateLimitGate> {
		const gate = new RateLimitGate();
		await gate.acquire();
		gate.release(answer(99));
		expect(gate.shared).toBe(false);
		await gate.acquire();
		gate.release(answer(50));
		expect(gate.shared).toBe(true);
		return gate;
	}

	/** Starts `count` acquires; the returned list fills with the clock time at which each is let go. */
	function acquireTimed(gate: RateLimitGate, count: number): number[] {
		const at: number[] = [];
		for (let index = 0; index < count; index++) void gate.acquire().then(() => at.push(Date.now()));
		return at;
	}

	it('alone it sends at once what the window has left; once others spend it, it spreads the rest over the time left', async () => {
		const gate = await sharedGate();
		const at = acquireTimed(gate, 10);
		await settle();
		// 50 left, 10 s to go: one request every 200 ms (the first one at once).
		expect(at.length).toBeLessThanOrEqual(2);
		await jest.advanceTimersByTimeAsync(1_000);
		expect(at.length).toBeGreaterThanOrEqual(5);
		expect(at.length).toBeLessThanOrEqual(7);
		const gaps = at.slice(2).map((time, i) => time - at[i + 1]);
		for (const gap of gaps) expect(Math.abs(gap - 200)).toBeLessThanOrEqual(10);
	});

	it('what is left falling faster slows it down: 9 free with 9.5 s to go, the next request about 1.06 s later', async () => {
		const gate = await sharedGate();
		const at = acquireTimed(gate, 5);
		await jest.advanceTimersByTimeAsync(400);
		expect(at).toHaveLength(3);
		// Others took 38 of the window meanwhile.
		gate.release(answer(12));
		gate.release(answer(10));
		await jest.advanceTimersByTimeAsync(3_000);
		expect(at).toHaveLength(5);
		// The request planned before the news goes on time; the one after it waits
		// (10 s − 0.45 s) / (10 left − 1 under way) ≈ 1.06 s.
		const gap = at[4] - at[3];
		expect(gap).toBeGreaterThanOrEqual(1_000);
		expect(gap).toBeLessThanOrEqual(1_100);
	});

	it('a timer that fires late is made up: the schedule, not the last send, sets the next request', async () => {
		const gate = await sharedGate();
		const at = acquireTimed(gate, 20);
		await jest.advanceTimersByTimeAsync(2_000);
		// 2 s of a 10 s window with 50 left: about 10 requests, however the timers fell.
		expect(at.length).toBeGreaterThanOrEqual(10);
		expect(at.length).toBeLessThanOrEqual(12);
	});

	it('a 429 while its own requests cannot have spent the window also marks it shared', async () => {
		const gate = new RateLimitGate();
		await gate.acquire();
		gate.release(answer(99));
		await gate.acquire();
		gate.release(answer(0), Date.parse('2026-01-01T00:00:10.200Z'));
		expect(gate.shared).toBe(true);
	});

	it('alone again for SHARED_HOLD_MS, it goes back to sending at once', async () => {
		const gate = await sharedGate();
		await jest.advanceTimersByTimeAsync(SHARED_HOLD_MS);
		expect(gate.shared).toBe(false);
		const granted = acquireMany(gate, 3);
		await settle();
		gate.release({ limit: 100, remaining: 99, resetAtMs: Date.now() + 10_000 });
		await settle();
		expect(granted.length).toBe(3);
	});

	it('leaves the last few of a shared window to the others: with 6 left it sends 1 and waits for the next window', async () => {
		const gate = await sharedGate();
		await gate.acquire();
		// 6 left, the others spent 90 of what this gate did not: it leaves MAX_SHARED_MARGIN.
		gate.release(answer(6));
		const at = acquireTimed(gate, 5);
		await jest.advanceTimersByTimeAsync(9_000);
		// Without the margin all five went before the window's end (10.2 s), each one
		// against a count that the others' requests had already made stale.
		expect(6 - at.length).toBe(MAX_SHARED_MARGIN);
		expect(at).toHaveLength(1);
		gate.release(answer(2));
		await jest.advanceTimersByTimeAsync(1_500);
		// The window has ended: one request learns the next one.
		expect(at).toHaveLength(2);
		expect(at[1]).toBeGreaterThanOrEqual(Date.parse('2026-01-01T00:00:10.200Z'));
	});

	it('sends no probe across the end of a shared window (20 per window, 2 left): the other waits for the next window', async () => {
		const small = (remaining: number) => ({ ...answer(remaining), limit: 20 });
		const gate = new RateLimitGate();
		await gate.acquire();
		gate.release(small(19));
		await gate.acquire();
		gate.release(small(2));
		expect(gate.shared).toBe(true);
		const at = acquireTimed(gate, 5);
		await jest.advanceTimersByTimeAsync(1_000);
		expect(at).toHaveLength(1);
		gate.release(small(1));
		// Alone it would keep the last one back and send it across where the window may
		// end (from 8.2 s on); shared, the others would take it first and the probe would
		// meet a 429.
		await jest.advanceTimersByTimeAsync(8_800);
		expect(at).toHaveLength(1);
		await jest.advanceTimersByTimeAsync(700);
		expect(at).toHaveLength(2);
		expect(at[1]).toBeGreaterThanOrEqual(Date.parse('2026-01-01T00:00:10.200Z'));
	});

	it('after its process stalled, a shared gate does not catch up on a stale count: its requests are answered, then one goes, then the pace', async () => {
		const gate = await sharedGate();
		const at = acquireTimed(gate, 20);
		await jest.advanceTimersByTimeAsync(500);
		// 50 left, 10 s to go: one every 200 ms.
		const underWay = at.length;
		expect(underWay).toBeGreaterThanOrEqual(3);
		// The event loop is blocked for 1 s: the clock moves, no timer fires.
		jest.setSystemTime(Date.now() + 1_000);
		await jest.advanceTimersByTimeAsync(300);
		// The late timer finds the count stale: nothing more goes (catching up would send 6).
		expect(at).toHaveLength(underWay);
		for (let index = 0; index < underWay; index++) gate.release(answer(47 - index));
		await settle();
		// Everything under way answered: one request goes to learn what is left now …
		expect(at).toHaveLength(underWay + 1);
		await jest.advanceTimersByTimeAsync(1_000);
		expect(at).toHaveLength(underWay + 1);
		// … and from its answer the gate spreads the rest again.
		gate.release(answer(20));
		await jest.advanceTimersByTimeAsync(1_000);
		expect(at.length).toBeGreaterThan(underWay + 1);
	});

	it('its own burst alone does not count as others: 1 + 49 requests, Remaining 99 down to 50', async () => {
		const gate = new RateLimitGate();
		const granted = acquireMany(gate, 50);
		await settle();
		gate.release(answer(99));
		await settle();
		expect(granted).toHaveLength(50);
		for (let remaining = 98; remaining >= 50; remaining--) gate.release(answer(remaining));
		expect(gate.shared).toBe(false);
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

	it('no wait is longer than 60 s', () => {
		expect(MAX_RATE_LIMIT_WAIT_MS).toBe(60_000);
	});

	const now = Date.parse('2026-01-01T00:00:03.400Z');
	const at = (seconds: number) => String(Date.parse('2026-01-01T00:00:00Z') / 1000 + seconds);

	it('reads the X-RateLimit-* headers; without a Date the reset is read on the local clock', () => {
		expect(
			readWindow(
				{ 'x-ratelimit-limit': '167', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': at(10) },
				now,
			),
		).toEqual({
			limit: 167,
			remaining: 0,
			resetAtMs: Date.parse('2026-01-01T00:00:10Z'),
			resetSeconds: Number(at(10)),
			receivedAtMs: now,
			serverAheadMs: undefined,
		});
		expect(readWindow({ 'x-ratelimit-remaining': ['5', '6'] }, now)).toMatchObject({
			limit: undefined,
			remaining: 5,
			resetAtMs: undefined,
		});
		expect(
			readWindow({ 'x-ratelimit-remaining': 'soon', 'x-ratelimit-reset': '' }, now),
		).toMatchObject({
			limit: undefined,
			remaining: undefined,
			resetAtMs: undefined,
		});
		expect(readWindow(undefined, now)).toMatchObject({
			remaining: undefined,
			resetAtMs: undefined,
		});
	});

	it("C14: the reset is translated with the server's Date, taken as the start of its second", () => {
		// The server runs 45 s ahead; its Date says 00:00:48, the reset is 7 s later.
		const window = readWindow(
			{
				date: 'Thu, 01 Jan 2026 00:00:48 GMT',
				'x-ratelimit-remaining': '0',
				'x-ratelimit-reset': at(55),
			},
			now,
		);
		expect(window.resetAtMs).toBe(now + 7_000);
		expect(window.serverAheadMs).toBe(48_000 - 3_400);
	});

	it.each([
		['already past', at(47)],
		['equal to the Date', at(48)],
		['more than 60 s away', at(48 + 61)],
		['in epoch milliseconds (C15)', String(Date.parse('2026-01-01T00:00:50Z'))],
		['unparsable', 'Thu, 01 Jan 2026 00:00:55 GMT'],
	])('a reset %s is not used (the bounded backoff applies)', (_, reset) => {
		const window = readWindow(
			{
				date: 'Thu, 01 Jan 2026 00:00:48 GMT',
				'x-ratelimit-remaining': '0',
				'x-ratelimit-reset': reset,
			},
			now,
		);
		expect(window.resetAtMs).toBeUndefined();
		expect(window.resetSeconds).toBeUndefined();
	});

	it('an unreadable Date falls back to the local clock', () => {
		const window = readWindow({ date: 'yesterday', 'x-ratelimit-reset': at(10) }, now);
		expect(window.resetAtMs).toBe(Date.parse('2026-01-01T00:00:10Z'));
		expect(window.serverAheadMs).toBeUndefined();
	});
});

/**
 * A model of Intercom's rate limit on the fake clock: fixed windows of `windowMs`
 * on the server's clock (`aheadMs` ahead of the local one), the first opening
 * `phaseMs` after a whole second; X-RateLimit-Reset rounded up to a whole second,
 * a Date header in whole seconds, 429 past the limit (not counted).
 */
class ModelServer {
	readonly arrivals: number[] = [];

	/** The server's own window counter: how many requests each window (by its start) took. */
	readonly perWindow = new Map<number, number>();

	readonly answers: number[] = [];

	statuses: number[] = [];

	private start: number | undefined;

	private count = 0;

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
		private readonly phaseMs = 0,
		private readonly aheadMs = 0,
		private readonly latencyMs = 5,
	) {}

	/** The `httpRequestWithAuthentication` of a fake n8n context: one exchange with the model. */
	readonly request = async (): Promise<IN8nHttpFullResponse> => {
		await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
		const serverNow = Date.now() + this.aheadMs;
		this.arrivals.push(Date.now());
		if (this.start === undefined) {
			const second = Math.floor((serverNow - this.phaseMs) / 1000) * 1000 + this.phaseMs;
			this.start = second;
		}
		if (serverNow - this.start >= this.windowMs) {
			this.start += Math.floor((serverNow - this.start) / this.windowMs) * this.windowMs;
			this.count = 0;
		}
		const allowed = this.count < this.limit;
		if (allowed) {
			this.count++;
			this.perWindow.set(this.start, this.count);
		}
		const headers = {
			date: new Date(serverNow).toUTCString(),
			'x-ratelimit-limit': String(this.limit),
			'x-ratelimit-remaining': String(allowed ? this.limit - this.count : 0),
			'x-ratelimit-reset': String(Math.ceil((this.start + this.windowMs) / 1000)),
		};
		await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
		this.answers.push(Date.now());
		this.statuses.push(allowed ? 200 : 429);
		return { statusCode: allowed ? 200 : 429, headers, body: {} };
	};
}

/**
 * How a run used the server's windows: how many took requests, how many between the
 * first and the last took none, and the most any one took.
 */
function windowsOf(server: ModelServer): { used: number; skipped: number; fullest: number } {
	const starts = [...server.perWindow.keys()].sort((a, b) => a - b);
	const windowMs =
		starts.length > 1 ? Math.min(...starts.slice(1).map((s, i) => s - starts[i])) : 1;
	const span = starts.length === 0 ? 0 : (starts[starts.length - 1] - starts[0]) / windowMs + 1;
	return {
		used: starts.length,
		skipped: span - starts.length,
		fullest: Math.max(...server.perWindow.values()),
	};
}

let contextCount = 0;

/** A fake n8n context whose requests go to `request`, with a gate of its own. */
function contextFor(request: () => Promise<IN8nHttpFullResponse>): IExecuteSingleFunctions {
	const id = `unit-${++contextCount}`;
	return {
		getNode: () => ({ credentials: { intercomAccessTokenApi: { id, name: id } } }),
		helpers: { httpRequestWithAuthentication: request },
	} as unknown as IExecuteSingleFunctions;
}

/** Sends `count` requests at once through the real `send`; resolves with their final statuses. */
async function sendMany(server: ModelServer, count: number, stepMs = 100): Promise<number[]> {
	const context = contextFor(server.request);
	const results: number[] = [];
	const all = Promise.all(
		Array.from({ length: count }, () =>
			send(context, { url: '/users', baseURL: 'https://api.intercom.io' }).then((response) =>
				results.push(response.statusCode),
			),
		),
	);
	let done = false;
	void all.then(() => (done = true));
	while (!done) await jest.advanceTimersByTimeAsync(stepMs);
	return results;
}

describe('rate-limit waits against a model of Intercom (real send, fake clock)', () => {
	beforeEach(() => {
		jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00.000Z') });
	});
	afterEach(() => {
		jest.useRealTimers();
	});

	/** Waits to a given offset after a whole second of the fake clock. */
	const toPhase = async (ms: number) => {
		await jest.advanceTimersByTimeAsync((1000 + ms - (Date.now() % 1000)) % 1000);
	};

	it.each([0, 10, 50, 75, 100, 500, 900, 990])(
		'C18: 2,000 requests at 100 per 1 s window opening %i ms after a whole second: 0 × 429, in 20 windows (21 at most) one after another',
		async (phase) => {
			const server = new ModelServer(100, 1_000, phase);
			await toPhase(phase);
			const statuses = await sendMany(server, 2_000, 10);
			expect(statuses.filter((status) => status !== 200)).toEqual([]);
			expect(server.statuses.filter((status) => status === 429)).toHaveLength(0);
			// Counted by the server's windows, not timed: 2,000 / 100 = 20 windows, each used
			// up, none skipped. A gate that waits for the rounded-up reset spills its bursts
			// or leaves every other window unused.
			// The probes that learn where windows end may carry one window's last few
			// requests into a 21st.
			const windows = windowsOf(server);
			expect(windows.used).toBeLessThanOrEqual(21);
			expect([windows.skipped, windows.fullest]).toEqual([0, 100]);
		},
	);

	it.each([0, 75, 500])(
		'1,000 requests at 167 per 10 s window (Intercom), first window at %i ms: 0 × 429, in 6 windows',
		async (phase) => {
			const server = new ModelServer(167, 10_000, phase);
			await toPhase(phase);
			const statuses = await sendMany(server, 1_000);
			expect(statuses.every((status) => status === 200)).toBe(true);
			expect(server.statuses.filter((status) => status === 429)).toHaveLength(0);
			expect(windowsOf(server)).toEqual({ used: Math.ceil(1_000 / 167), skipped: 0, fullest: 167 });
		},
	);

	it('C14: a server clock 45 s ahead does not lengthen the wait', async () => {
		await toPhase(300);
		const server = new ModelServer(1, 7_000, 0, 45_000);
		await sendMany(server, 2);
		const gap = server.arrivals[1] - server.arrivals[0];
		expect(gap).toBeGreaterThanOrEqual(6_000);
		expect(gap).toBeLessThanOrEqual(8_000);
		expect(server.statuses).toEqual([200, 200]);
	});

	it('a server clock 3 s behind: no 429 and no lost request', async () => {
		const server = new ModelServer(50, 1_000, 300, -3_000);
		const statuses = await sendMany(server, 500, 10);
		expect(statuses.every((status) => status === 200)).toBe(true);
		expect(server.statuses.filter((status) => status === 429)).toHaveLength(0);
	});

	it.each([1_500, 2_500, 400])(
		'windows of %i ms (not whole seconds): no request is lost, at most one early burst meets 429s',
		async (windowMs) => {
			const server = new ModelServer(50, windowMs, 120);
			const statuses = await sendMany(server, 600, 10);
			expect(statuses.every((status) => status === 200)).toBe(true);
			// The learned end holds for whole-second windows only: here one wake comes too
			// early, its burst (one window's worth, 50) meets 429s that are waited out, and
			// the gate goes back to reset times.
			expect(server.statuses.filter((status) => status === 429).length).toBeLessThanOrEqual(50);
		},
	);

	it('C15: 429 forever with the reset in epoch ms: 1 s, 2 s, 4 s, 8 s, then 16 s apart, 11 tries, then the 429', async () => {
		const arrivals: number[] = [];
		const timers = jest.spyOn(global, 'setTimeout');
		const context = contextFor(async () => {
			arrivals.push(Date.now());
			return {
				statusCode: 429,
				headers: {
					date: new Date().toUTCString(),
					'x-ratelimit-limit': '100',
					'x-ratelimit-remaining': '0',
					'x-ratelimit-reset': String(Date.now() + 5_000),
				},
				body: { type: 'error.list', errors: [{ code: 'rate_limit_exceeded' }] },
			};
		});
		const attempts: Attempt[] = [];
		let response: IN8nHttpFullResponse | undefined;
		void send(context, { url: '/users', baseURL: 'https://proxy.example' }, { attempts }).then(
			(answer) => (response = answer),
		);
		while (!response) await jest.advanceTimersByTimeAsync(250);
		expect(response.statusCode).toBe(429);
		expect(attempts).toEqual(Array.from({ length: 11 }, () => ({ status: 429 })));
		const gaps = arrivals.slice(1).map((time, index) => time - arrivals[index]);
		expect(gaps).toEqual([1, 2, 4, 8, 16, 16, 16, 16, 16, 16].map((seconds) => seconds * 1000));
		// No timer was ever asked for more than the cap (Node would warn and fire at once).
		const delays = timers.mock.calls.map((call) => Number(call[1] ?? 0));
		expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_RATE_LIMIT_WAIT_MS);
		timers.mockRestore();
	});
});
