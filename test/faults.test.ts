import type { IDataObject } from 'n8n-workflow';

import type { SimUser } from '../tools/intercom-simulator/simulator';
import { errorList } from '../tools/intercom-simulator/simulator';
import type { RunResult } from '../tools/n8n-harness/engine';
import { details, runNode, useSimulator } from './helpers';
import { bulkUsers, MAL, WASH } from './seed';

const TOKEN = 'tok-SECRET-faults-0123456789';

/** Every result of this file, to check at the end that the token shows up nowhere. */
const seen: Array<RunResult & { items: unknown[] }> = [];
const logged: string[] = [];
let spies: jest.SpyInstance[] = [];

/** Each fault a test survived, printed as one summary line at the end. */
const covered = new Set<string>();
afterAll(() => {
	process.stdout.write(`${covered.size} faults covered: ${[...covered].join('; ')}\n`);
});

beforeAll(() => {
	spies = (['log', 'error', 'warn', 'info', 'debug'] as const).map((level) =>
		jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
			logged.push(
				args.map((arg) => (arg instanceof Error ? `${arg.stack}` : JSON.stringify(arg))).join(' '),
			);
		}),
	);
});
afterAll(() => spies.forEach((spy) => spy.mockRestore()));

async function archive(
	baseUrl: string,
	parameters: IDataObject,
	options: Parameters<typeof runNode>[2] = {},
) {
	const result = await runNode(baseUrl, parameters, { token: TOKEN, ...options });
	seen.push(result);
	covered.add(expect.getState().currentTestName ?? 'unnamed');
	return result;
}

describe("Intercom's faults become clear errors (real HTTP exchanges)", () => {
	const env = useSimulator({ tokens: [TOKEN] });

	it.each([
		['unauthorized', 'Access Token Invalid'],
		['token_revoked', 'Token Revoked'],
		['token_expired', 'Token Expired'],
	])('401 %s: "the access token was rejected"', async (code, message) => {
		env.sim.injectFault({ status: 401, body: errorList(code, message) });
		const { error } = await archive(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		expect(details(error).message).toBe(`Intercom: ${message} (${code})`);
		expect(details(error).httpCode).toBe('401');
		expect(details(error).description).toMatch(/^The access token was rejected[.:]/);
		expect(env.sim.requests).toHaveLength(1);
	});

	it('C5: a 403 HTML page from a proxy gives the status and a short excerpt, no crash', async () => {
		env.sim.injectFault({
			status: 403,
			body: '<html>Forbidden</html>',
			contentType: 'text/html',
			omitRateLimitHeaders: true,
		});
		const { error } = await archive(env.baseUrl, { archiveBy: 'email', email: 'wash@serenity.io' });
		expect(details(error).message).toBe('Intercom answered HTTP 403');
		expect(details(error).httpCode).toBe('403');
		expect(details(error).description).toContain('Response body: <html>Forbidden</html>');
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('a server or proxy that echoes the token back: the error shows [redacted] instead', async () => {
		env.sim.injectFault({
			status: 403,
			body: `<html>Forbidden. Your headers: Authorization: Bearer ${TOKEN}</html>`,
			contentType: 'text/html',
		});
		env.sim.injectFault({
			status: 400,
			body: errorList('parameter_invalid', `bad token ${TOKEN}`),
		});
		const first = await archive(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		expect(details(first.error).description).toContain('Authorization: Bearer [redacted]');
		const second = await archive(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		expect(details(second.error).message).toBe(
			'Intercom: bad token [redacted] (parameter_invalid)',
		);
	});

	it('a successful answer that echoes the token: the output item shows [redacted] instead', async () => {
		const seed = env.sim.getUser(WASH);
		env.sim.injectFault({
			status: 200,
			body: JSON.stringify({
				type: 'user',
				id: WASH,
				email: seed?.email,
				note: `seen Bearer ${TOKEN}`,
			}),
		});
		const { items, error } = await archive(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([
			{ type: 'user', id: WASH, email: 'wash@serenity.io', note: 'seen Bearer [redacted]' },
		]);
		expect(JSON.stringify(items)).not.toContain(TOKEN);
	});

	it('400 intercom_version_invalid names the code', async () => {
		env.sim.injectFault({
			status: 400,
			body: errorList(
				'intercom_version_invalid',
				'Requested resource is not available in current API version',
			),
		});
		const { error } = await archive(env.baseUrl, { archiveBy: 'userId', userId: '25' });
		expect(details(error).message).toBe(
			'Intercom: Requested resource is not available in current API version (intercom_version_invalid)',
		);
		expect(details(error).description).toContain('sends Intercom-Version 1.4');
	});

	it('a 5xx is retried once, as Intercom advises, and then succeeds', async () => {
		env.sim.injectFault({
			status: 503,
			body: errorList('service_unavailable', 'Service Unavailable'),
		});
		const { items, error } = await archive(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([WASH]);
		expect(env.sim.responses.map((r) => r.status)).toEqual([503, 200]);
	});

	it('a 5xx twice in a row is an error after exactly one retry', async () => {
		env.sim.injectFault({ status: 500, body: errorList('server_error', 'Server Error'), times: 2 });
		const { error } = await archive(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		expect(details(error).message).toBe('Intercom: Server Error (server_error)');
		expect(details(error).httpCode).toBe('500');
		expect(env.sim.responses.map((r) => r.status)).toEqual([500, 500]);
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('a connection reset is retried once, like a 5xx, and then succeeds', async () => {
		env.sim.injectFault({ reset: true, match: { path: `/users/${WASH}` } });
		const { items, error } = await archive(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([WASH]);
		expect(env.sim.responses.map((r) => r.status)).toEqual(['reset', 200]);
	});

	it('a connection reset twice is a clear error that says the change may or may not have been made, and the other items go on', async () => {
		env.sim.injectFault({ reset: true, match: { path: `/users/${WASH}` }, times: 2 });
		const { items } = await archive(
			env.baseUrl,
			{ archiveBy: 'id', intercomId: '={{ $json.id }}' },
			{ items: [{ id: WASH }, { id: MAL }], nodeSettings: { onError: 'continueRegularOutput' } },
		);
		expect(items.map((item) => item.json.error ?? item.json.id)).toEqual([
			'Intercom could not be reached: the connection was dropped',
			MAL,
		]);
		expect(items[0].json.description).toContain(
			'The change may or may not have been made in Intercom',
		);
		expect(items[0].json).toMatchObject({ outcome: 'unknown', selector: 'id', value: WASH });
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a timeout (Request Options → Timeout) is a clear error', async () => {
		env.sim.injectFault({ latencyMs: 1500 });
		const { error } = await archive(env.baseUrl, {
			archiveBy: 'id',
			intercomId: WASH,
			requestOptions: { timeout: 200 },
		});
		expect(details(error).message).toMatch(/timed out|timeout|aborted/i);
		expect(details(error).message).toContain('200 ms');
		expect(details(error).description).toContain(
			"the node's Settings tab → Request Options → Timeout",
		);
	});

	it.each([
		['an empty body', ''],
		['a non-JSON body', 'OK'],
	])('a 200 with %s is an error, not an empty item', async (_what, body) => {
		env.sim.injectFault({ status: 200, body, contentType: 'text/plain' });
		const { error } = await archive(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		expect(details(error).message).toBe('Intercom answered HTTP 200');
		expect(details(error).description).toContain('Intercom answered without a JSON object');
		expect(details(error).description).toContain(`Response body: ${body || '(empty body)'}`);
	});
});

describe('rate limits: requests are paced by X-RateLimit-* and 429s are waited out', () => {
	const users = bulkUsers(300);
	const env = useSimulator({
		tokens: [TOKEN],
		users,
		rateLimit: { limit: 20, windowMs: 1000, enforce: true },
	});

	it('100 items against 20 requests per 1 s window: all archived, no 429 needed', async () => {
		const { items, error } = await archive(
			env.baseUrl,
			{ archiveBy: 'userId', userId: '={{ $json.uid }}' },
			{ items: users.slice(0, 100).map((user) => ({ uid: user.user_id })) },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(100);
		expect(items.map((item) => item.json.user_id)).toEqual(
			users.slice(0, 100).map((user) => user.user_id),
		);
		expect(env.sim.archivedIds()).toHaveLength(100);
		expect(env.sim.countStatus(429)).toBe(0);
		expect(env.sim.requests).toHaveLength(100);
	});

	it("works together with n8n's Batching option", async () => {
		const { items } = await archive(
			env.baseUrl,
			{
				archiveBy: 'id',
				intercomId: '={{ $json.id }}',
				requestOptions: { batching: { batch: { batchSize: 10, batchInterval: 20 } } },
			},
			{ items: users.slice(100, 150).map((user) => ({ id: user.id })) },
		);
		expect(items.map((item) => item.json.id)).toEqual(users.slice(100, 150).map((user) => user.id));
		expect(env.sim.countStatus(429)).toBe(0);
	});

	it('a 429 whose X-RateLimit-Reset is already past is retried after a bounded backoff', async () => {
		env.sim.injectFault({
			status: 429,
			body: errorList('rate_limit_exceeded', 'Rate Limit Exceeded'),
			omitRateLimitHeaders: true,
			headers: {
				'X-RateLimit-Limit': '20',
				'X-RateLimit-Remaining': '0',
				'X-RateLimit-Reset': '1',
			},
		});
		const started = Date.now();
		const { items, error } = await archive(env.baseUrl, {
			archiveBy: 'id',
			intercomId: users[201].id,
		});
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(users[201].id);
		expect(env.sim.responses.map((r) => r.status)).toEqual([429, 200]);
		// The first backoff step is 1 s; a reset time in 1970 must not mean "retry at once, forever".
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
	});

	it('a 429 without rate-limit headers is retried after a bounded backoff', async () => {
		env.sim.injectFault({
			status: 429,
			body: errorList('rate_limit_exceeded', 'Rate Limit Exceeded'),
			omitRateLimitHeaders: true,
			times: 2,
		});
		const { items, error } = await archive(env.baseUrl, {
			archiveBy: 'id',
			intercomId: users[200].id,
		});
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(users[200].id);
		expect(env.sim.responses.map((r) => r.status)).toEqual([429, 429, 200]);
	});
});

describe('two workers share one Intercom app (queue mode): each sees the other in Remaining and spreads its requests', () => {
	const users = bulkUsers(300);
	const env = useSimulator({
		tokens: [TOKEN],
		users,
		rateLimit: { limit: 20, windowMs: 1000, enforce: true },
	});

	it('150 + 150 items at 20 requests per 1 s window: all 300 archived, few 429s', async () => {
		// A different credential id gives each run its own pacing gate, like two worker processes.
		const worker = (id: string, slice: SimUser[]) =>
			archive(
				env.baseUrl,
				{ archiveBy: 'id', intercomId: '={{ $json.id }}' },
				{
					items: slice.map((user) => ({ id: user.id })),
					nodeSettings: { credentials: { intercomAccessTokenApi: { id, name: id } } },
				},
			);
		const [a, b] = await Promise.all([
			worker('worker-a', users.slice(0, 150)),
			worker('worker-b', users.slice(150)),
		]);
		expect(a.error).toBeUndefined();
		expect(b.error).toBeUndefined();
		expect([...a.items, ...b.items].map((item) => item.json.id)).toEqual(
			users.map((user) => user.id),
		);
		expect(env.sim.archivedIds()).toHaveLength(300);
		const rateLimited = env.sim.countStatus(429);
		process.stdout.write(
			`two workers: ${rateLimited} of ${env.sim.responses.length} answers were 429 (waited out and retried)\n`,
		);
		// Each pacing by itself gave 87 to 144 of about 400 answers as 429; sharing the
		// window by Remaining gave about a dozen, and 3 or 4 since a gate leaves a shared
		// window's last requests to the other and sends no window-phase probe into it.
		expect(rateLimited).toBeLessThanOrEqual(30);
	}, 90_000);
});

describe('C6: 300 archive items against 167 requests per 10 s window', () => {
	const users = bulkUsers(300);
	const env = useSimulator({
		tokens: [TOKEN],
		users,
		rateLimit: { limit: 167, windowMs: 10_000, enforce: true },
	});

	it('every item is archived and none is lost', async () => {
		const { items, error } = await archive(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{ items: users.map((user) => ({ email: user.email })) },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.email)).toEqual(users.map((user) => user.email));
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(
			users.map((_, index) => index),
		);
		expect(env.sim.archivedIds()).toHaveLength(300);
		expect(env.sim.countStatus(429)).toBe(0);
	}, 60_000);
});

describe('the token appears in nothing this file produced', () => {
	it('no output item, error, description or log line holds it', () => {
		expect(seen.length).toBeGreaterThan(10);
		const serialised = JSON.stringify(
			seen.map(({ run, items, error }) => ({
				run,
				items,
				error: error && {
					...error,
					message: error.message,
					description: error.description,
					cause: (error as Error).cause,
					stack: error.stack,
				},
			})),
		);
		expect(serialised).not.toContain('SECRET');
		for (const line of logged) expect(line).not.toContain('SECRET');
	});
});
