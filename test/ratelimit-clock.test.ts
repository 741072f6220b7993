/**
 * Rate-limit waits read on the server's clock, and bounded (cases C14 and C15), over
 * real HTTP through n8n-core's engine: the node is loaded from its source and talks to
 * the simulator at a Custom base URL.
 */
import type { SimulatorResponseInfo } from '../tools/intercom-simulator/simulator';
import { errorList } from '../tools/intercom-simulator/simulator';
import { runNode, useSimulator } from './helpers';
import { bulkUsers } from './seed';

/**
 * When each answer was sent (local epoch ms), in order, and the end of the window the
 * simulator counted it in (its X-RateLimit-Reset-Ms); filled by the simulator's hook.
 */
function answerLog() {
	const times: number[] = [];
	const windowEnds: number[] = [];
	const onResponse = ({ headers }: SimulatorResponseInfo) => {
		times.push(Date.now());
		const end = Object.entries(headers).find(([name]) => /^x-ratelimit-reset-ms$/i.test(name));
		windowEnds.push(Number(end?.[1]));
	};
	return { times, windowEnds, onResponse };
}

/** The gaps between consecutive times, in ms. */
const gaps = (times: number[]) => times.slice(1).map((time, index) => time - times[index]);

/**
 * What Node printed to stderr while `run` ran: its process warnings (such as
 * TimeoutOverflowWarning) go there, and Jest's sandboxed `process` does not relay
 * the 'warning' event of the real one.
 */
async function stderrDuring<T>(run: () => Promise<T>): Promise<{ result: T; printed: string }> {
	const chunks: string[] = [];
	const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
		chunks.push(String(chunk));
		return true;
	});
	try {
		const result = await run();
		// Node emits warnings on the next tick.
		await new Promise((resolve) => setImmediate(resolve));
		return { result, printed: chunks.join('') };
	} finally {
		spy.mockRestore();
	}
}

describe('C14: a server clock 45 s ahead of the local one', () => {
	const users = bulkUsers(2, 'clock');
	const log = answerLog();
	// One request per 7 s window; the windows open on the server's whole seconds, so
	// the first answer says Remaining 0 and Reset = its Date + 7 s.
	const env = useSimulator({
		users,
		clockOffsetMs: 45_000,
		rateLimit: { limit: 1, windowMs: 7_000, enforce: true, phaseMs: 0 },
		onResponse: log.onResponse,
	});

	it('the second item waits for the next window (reset minus the Date), not 52 s more', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			{ archiveBy: 'id', intercomId: '={{ $json.id }}' },
			{ items: users.map((user) => ({ id: user.id })) },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(users.map((user) => user.id));
		expect(env.sim.responses.map((response) => response.status)).toEqual([200, 200]);
		// Counted by the simulator's windows, not timed: the second request went in the
		// very next 7 s window. Reading the reset on the local clock would have waited
		// 45 s more, past six more windows (and past this test's timeout).
		const [firstEnd, secondEnd] = log.windowEnds;
		expect(secondEnd - firstEnd).toBe(7_000);
		// And it did wait for that window: it was not sent into the first one.
		const [gap] = gaps(log.times);
		expect(gap).toBeGreaterThanOrEqual(6_000);
		// The setup is what the case describes: the server's Date runs 45 s ahead. Taken
		// between two readings of the local clock, so a slow answer cannot break it.
		const before = Date.now();
		const answer = await fetch(`${env.baseUrl}/me`);
		const after = Date.now();
		const serverDate = Date.parse(answer.headers.get('date') ?? '');
		// The Date has whole seconds: at most 1 s below the server's time.
		expect(serverDate).toBeGreaterThan(before + 45_000 - 1_000);
		expect(serverDate).toBeLessThanOrEqual(after + 45_000);
	}, 30_000);
});

describe('C15: a proxy answering 429 with X-RateLimit-Reset in epoch milliseconds', () => {
	const users = bulkUsers(1, 'proxy');
	const log = answerLog();
	const env = useSimulator({ users, onResponse: log.onResponse });

	/** A 429 as such a proxy sends it, `times` times in a row. */
	const proxy429 = (times: number) =>
		env.sim.injectFault({
			status: 429,
			body: errorList('rate_limit_exceeded', 'Rate Limit Exceeded'),
			omitRateLimitHeaders: true,
			headers: {
				'X-RateLimit-Limit': '100',
				'X-RateLimit-Remaining': '0',
				'X-RateLimit-Reset': String(Date.now() + 5_000),
			},
			times,
		});

	// The whole sequence (10 retries 1 s, 2 s, 4 s, 8 s, then 16 s apart, about 111 s,
	// then the 429) runs on a fake clock through the real send() in
	// test/nodes/IntercomUsers/transport/rateLimit.test.ts. Here, over HTTP, the first three waits.
	it('the bounded backoff (1 s, 2 s, 4 s) applies, no TimeoutOverflowWarning, then the item goes through', async () => {
		proxy429(3);
		const { result, printed } = await stderrDuring(() =>
			runNode(env.baseUrl, { archiveBy: 'id', intercomId: users[0].id }),
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.id).toBe(users[0].id);
		expect(env.sim.responses.map((response) => response.status)).toEqual([429, 429, 429, 200]);
		const [first, second, third] = gaps(log.times);
		expect(first).toBeGreaterThanOrEqual(1_000);
		expect(second).toBeGreaterThanOrEqual(2_000);
		expect(third).toBeGreaterThanOrEqual(4_000);
		expect(printed).not.toContain('TimeoutOverflowWarning');
	}, 30_000);

	it('the stderr capture does see a TimeoutOverflowWarning when a timer overflows', async () => {
		const { printed } = await stderrDuring(async () => {
			clearTimeout(setTimeout(() => undefined, 2 ** 32));
		});
		expect(printed).toContain('TimeoutOverflowWarning');
	});
});

describe('429 forever with a usable reset: 10 retries, then a clear 429 error', () => {
	const users = bulkUsers(1, 'forever');
	// Windows on the server's whole seconds: each 429 says the window ends within 1 s.
	const env = useSimulator({ users, rateLimit: { limit: 100, windowMs: 1_000, phaseMs: 0 } });

	it('11 requests, each after its window ended, then the error names the rate limit', async () => {
		// Each answer carries the real X-RateLimit-Reset of the simulator's 1 s window.
		env.sim.injectFault({
			status: 429,
			body: errorList('rate_limit_exceeded', 'Exceeded rate limit of 100 in 1 seconds'),
			headers: { 'X-RateLimit-Remaining': '0' },
			times: Infinity,
		});
		const { error } = await runNode(env.baseUrl, { archiveBy: 'id', intercomId: users[0].id });
		expect(env.sim.requests).toHaveLength(11);
		const failure = error as unknown as {
			httpCode?: string;
			message: string;
			description?: string;
		};
		expect(failure.httpCode).toBe('429');
		expect(failure.message).toContain('rate_limit_exceeded');
		expect(failure.description).toMatch(/rate limit/i);
	}, 40_000);
});
