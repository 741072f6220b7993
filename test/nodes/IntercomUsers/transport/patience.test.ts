/**
 * The node's patience (case C40) on Jest's fake clock, with the numbers that ship: a
 * wait asked beyond the cap is not waited, and a gate that sees nothing but refusals
 * for 2 minutes gives up. No n8n, no sockets; the last part drives the real `send`.
 */
import type { IExecuteSingleFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import {
	GIVE_UP_HOLD_MS,
	MAX_RATE_LIMIT_WAIT_MS,
	MAX_REFUSAL_MS,
	PATIENCE_MS,
	RateLimitGate,
	retryAfterMs,
	waitBeyondCapMs,
} from '../../../../nodes/IntercomUsers/transport/rateLimit';
import { RefusedError, send } from '../../../../nodes/IntercomUsers/transport/send';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const seconds = (value: number) => String(NOW / 1000 + value);

describe('waitBeyondCapMs: what counts as asking for more than the node waits', () => {
	it.each([
		['429, Retry-After 600', 429, { 'retry-after': '600' }, 600_000],
		['503, Retry-After 600', 503, { 'retry-after': '600' }, 600_000],
		['429, Retry-After 61', 429, { 'retry-after': '61' }, 61_000],
		[
			'429, Retry-After an HTTP date 10 minutes after the Date',
			429,
			{ date: 'Thu, 01 Jan 2026 00:00:00 GMT', 'retry-after': 'Thu, 01 Jan 2026 00:10:00 GMT' },
			600_000,
		],
		[
			'429, X-RateLimit-Reset 600 s after the Date',
			429,
			{ date: 'Thu, 01 Jan 2026 00:00:00 GMT', 'x-ratelimit-reset': seconds(600) },
			600_000,
		],
	])('%s: the asked wait', (_, status, headers, expected) => {
		expect(waitBeyondCapMs(status, headers, NOW)).toBe(expected);
	});

	it.each([
		['429, Retry-After 60 (the cap)', 429, { 'retry-after': '60' }],
		['429, no header', 429, {}],
		['404, Retry-After 600', 404, { 'retry-after': '600' }],
		[
			'503, X-RateLimit-Reset 600 s away (a 5xx says nothing of the window)',
			503,
			{ 'x-ratelimit-reset': seconds(600) },
		],
		[
			'429, X-RateLimit-Reset in epoch ms (C15: not believed)',
			429,
			{ 'x-ratelimit-reset': String(NOW + 600_000) },
		],
		['429, Retry-After in the past', 429, { 'retry-after': '-5' }],
	])('%s: not beyond the cap', (_, status, headers) => {
		expect(waitBeyondCapMs(status, headers, NOW)).toBeUndefined();
	});

	it('retryAfterMs still caps what it returns at 60 s', () => {
		expect(retryAfterMs({ 'retry-after': '600' }, NOW)).toBe(MAX_RATE_LIMIT_WAIT_MS);
	});
});

describe('RateLimitGate refusals', () => {
	beforeEach(() => {
		jest.useFakeTimers({ now: NOW });
	});
	afterEach(() => {
		jest.useRealTimers();
	});

	it('a long wait refuses for what was asked, at most 5 minutes, and lets the queued requests go at once', async () => {
		const gate = new RateLimitGate();
		const granted: number[] = [];
		await gate.acquire();
		for (let index = 0; index < 3; index++) void gate.acquire().then(() => granted.push(index));
		await jest.advanceTimersByTimeAsync(0);
		expect(granted).toEqual([]);
		const refusal = gate.refuseLongWait(600_000, 503);
		expect(refusal).toEqual({
			kind: 'waitTooLong',
			status: 503,
			askedMs: 600_000,
			retryAtMs: NOW + 600_000,
			untilMs: NOW + MAX_REFUSAL_MS,
		});
		await jest.advanceTimersByTimeAsync(0);
		expect(granted).toEqual([0, 1, 2]);
		expect(gate.refusal()).toBe(refusal);
		await jest.advanceTimersByTimeAsync(MAX_REFUSAL_MS - 1);
		expect(gate.refusal()).toBe(refusal);
		await jest.advanceTimersByTimeAsync(1);
		expect(gate.refusal()).toBeUndefined();
	});

	it('a long wait shorter than 5 minutes refuses until it ends', () => {
		const gate = new RateLimitGate();
		expect(gate.refuseLongWait(90_000, 429).untilMs).toBe(NOW + 90_000);
	});

	it('refusals for 2 minutes without a success: refused for 1 minute; a success in between starts over', async () => {
		const gate = new RateLimitGate();
		expect(gate.noteAnswer(429)).toBeUndefined();
		await jest.advanceTimersByTimeAsync(PATIENCE_MS - 1_000);
		expect(gate.noteAnswer(200)).toBeUndefined();
		expect(gate.noteAnswer(503)).toBeUndefined();
		await jest.advanceTimersByTimeAsync(PATIENCE_MS - 1);
		expect(gate.noteAnswer(429)).toBeUndefined();
		await jest.advanceTimersByTimeAsync(1);
		const refusal = gate.noteAnswer(429);
		expect(refusal).toEqual({
			kind: 'keptRefusing',
			statuses: [503, 429],
			lastedMs: PATIENCE_MS,
			patienceMs: PATIENCE_MS,
			untilMs: Date.now() + GIVE_UP_HOLD_MS,
		});
		expect(gate.refusal()).toBe(refusal);
		await jest.advanceTimersByTimeAsync(GIVE_UP_HOLD_MS);
		expect(gate.refusal()).toBeUndefined();
		// The block still lasts: the first refusal after the hold gives up again at once.
		expect(gate.noteAnswer(429)?.kind).toBe('keptRefusing');
	});

	it('a refusal long after the last one (an idle gate) starts a new count', async () => {
		const gate = new RateLimitGate();
		gate.noteAnswer(429);
		await jest.advanceTimersByTimeAsync(30 * 60_000);
		expect(gate.noteAnswer(429)).toBeUndefined();
		expect(gate.refusal()).toBeUndefined();
	});
});

describe('send under a lasting block (real send, fake clock, shipped numbers)', () => {
	beforeEach(() => {
		jest.useFakeTimers({ now: NOW });
	});
	afterEach(() => {
		jest.useRealTimers();
	});

	let contexts = 0;

	/** A fake n8n context whose every request is answered 429 without rate-limit headers. */
	function blocked(arrivals: number[]): IExecuteSingleFunctions {
		const id = `patience-${++contexts}`;
		return {
			getNode: () => ({ credentials: { intercomAccessTokenApi: { id, name: id } } }),
			helpers: {
				httpRequestWithAuthentication: async (): Promise<IN8nHttpFullResponse> => {
					arrivals.push(Date.now());
					await new Promise((resolve) => setTimeout(resolve, 5));
					return { statusCode: 429, headers: {}, body: {} };
				},
			},
		} as unknown as IExecuteSingleFunctions;
	}

	it('C40: 50 requests answered 429 forever: all fail after 2 minutes, at most one request per second of it', async () => {
		const arrivals: number[] = [];
		const context = blocked(arrivals);
		const outcomes: unknown[] = [];
		for (let index = 0; index < 50; index++) {
			void send(context, { url: '/users', baseURL: 'https://gateway.example' }).then(
				(response) => outcomes.push(response.statusCode),
				(error: unknown) => outcomes.push(error),
			);
		}
		while (outcomes.length < 50) await jest.advanceTimersByTimeAsync(500);
		expect(outcomes.every((outcome) => outcome instanceof RefusedError)).toBe(true);
		const refusals = outcomes as RefusedError[];
		expect(refusals.every((error) => error.refusal.kind === 'keptRefusing')).toBe(true);
		// One request at a time, each at least the 1 s backoff after the previous answer:
		// at most 121 in 120 s, whatever the number of items (without it: 11 each, 550).
		expect(arrivals.length).toBeLessThanOrEqual(PATIENCE_MS / 1_000 + 1);
		expect(arrivals[arrivals.length - 1] - arrivals[0]).toBeGreaterThanOrEqual(PATIENCE_MS);
		// The 429 that spent the patience refused its own request; the rest were not sent.
		expect(refusals.filter((error) => error.sent)).toHaveLength(1);
	});
});
