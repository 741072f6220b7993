import type { SimulatorOptions } from '../simulator';
import { DEFAULT_TOKEN, errorList, IntercomSimulator } from '../simulator';
import { SPACE, WASH } from '../../../test/seed';

/** The Intercom API simulator itself, over real HTTP (global fetch). */

const HEADERS = { Authorization: `Bearer ${DEFAULT_TOKEN}`, Accept: 'application/json' };
const RATE_HEADERS = [
	'x-ratelimit-limit',
	'x-ratelimit-remaining',
	'x-ratelimit-reset',
	'x-ratelimit-reset-ms',
];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface ErrorList {
	type: string;
	request_id: string;
	errors: Array<{ code: string; message: string }>;
}

let sim: IntercomSimulator;
let baseUrl: string;

/** Replaces the running simulator by one built with these options. */
async function restart(options: SimulatorOptions): Promise<void> {
	await sim.stop();
	sim = new IntercomSimulator(options);
	baseUrl = await sim.start();
}

/** Sends a request to the simulator; `headers` replaces the default Bearer + Accept headers. */
function call(
	method: string,
	path: string,
	headers: Record<string, string> = HEADERS,
): Promise<Response> {
	return fetch(`${baseUrl}${path}`, { method, headers });
}

async function errorOf(response: Response): Promise<ErrorList> {
	const body = (await response.json()) as ErrorList;
	expect(body.type).toBe('error.list');
	expect(body.request_id).toMatch(
		/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
	);
	expect(response.headers.get('x-request-id')).toBe(body.request_id);
	return body;
}

function rateHeadersOf(response: Response): Record<string, string | null> {
	return Object.fromEntries(RATE_HEADERS.map((name) => [name, response.headers.get(name)]));
}

beforeEach(async () => {
	sim = new IntercomSimulator();
	baseUrl = await sim.start();
});

afterEach(async () => {
	await sim.stop();
});

describe('Intercom API 1.4 rules', () => {
	it.each(['/users?email=%ZZ', '/users?email=a%2', '/users?user_id=%E0%A4%A'])(
		'400 parameter_invalid for a malformed escape in the query (%s), nobody archived',
		async (path) => {
			const response = await call('DELETE', path);
			expect(response.status).toBe(400);
			expect((await errorOf(response)).errors).toEqual([
				{ code: 'parameter_invalid', message: 'Malformed percent-encoding in the query string' },
			]);
			expect(sim.archivedIds()).toEqual([]);
		},
	);

	it('401 unauthorized "Access Token Invalid" for a wrong token, without rate-limit headers', async () => {
		const response = await call('GET', '/me', {
			Authorization: 'Bearer wrong',
			Accept: 'application/json',
		});
		expect(response.status).toBe(401);
		expect((await errorOf(response)).errors).toEqual([
			{ code: 'unauthorized', message: 'Access Token Invalid' },
		]);
		expect(response.headers.get('x-ratelimit-limit')).toBeNull();
	});

	it('406 not_acceptable when Accept is not application/json', async () => {
		const response = await call('GET', '/me', {
			Authorization: `Bearer ${DEFAULT_TOKEN}`,
			Accept: 'text/html',
		});
		expect(response.status).toBe(406);
		expect((await errorOf(response)).errors).toEqual([
			{ code: 'not_acceptable', message: 'Accept header must be application/json' },
		]);
	});

	const versionInvalid = [
		{
			code: 'intercom_version_invalid',
			message: 'Requested resource is not available in current API version',
		},
	];

	it('400 intercom_version_invalid for /users with Intercom-Version 2.11', async () => {
		const response = await call('DELETE', `/users/${WASH}`, {
			...HEADERS,
			'Intercom-Version': '2.11',
		});
		expect(response.status).toBe(400);
		expect((await errorOf(response)).errors).toEqual(versionInvalid);
		expect(sim.archivedIds()).toEqual([]);
	});

	it('400 intercom_version_invalid for /users when the app defaults to 2.11 and no header is sent', async () => {
		await restart({ defaultVersion: '2.11' });
		const response = await call('DELETE', `/users/${WASH}`);
		expect(response.status).toBe(400);
		expect((await errorOf(response)).errors).toEqual(versionInvalid);
		const withHeader = await call('GET', `/users/${WASH}`, {
			...HEADERS,
			'Intercom-Version': '1.4',
		});
		expect(withHeader.status).toBe(200);
	});

	it('GET /me answers the admin on 2.x as well', async () => {
		const response = await call('GET', '/me', { ...HEADERS, 'Intercom-Version': '2.11' });
		expect(response.status).toBe(200);
		const admin = (await response.json()) as { type: string; id: string; app: { id_code: string } };
		expect([admin.type, admin.id, admin.app.id_code]).toEqual(['admin', '991267', 'simapp1']);
	});

	it('DELETE /users/{id} archives (200, the User) and a second call is 404 "User Not Found"', async () => {
		const first = await call('DELETE', `/users/${WASH}`);
		expect(first.status).toBe(200);
		const user = (await first.json()) as { type: string; id: string; email: string };
		expect([user.type, user.id, user.email]).toEqual(['user', WASH, 'wash@serenity.io']);
		const second = await call('DELETE', `/users/${WASH}`);
		expect(second.status).toBe(404);
		expect((await errorOf(second)).errors).toEqual([
			{ code: 'not_found', message: 'User Not Found' },
		]);
		expect(sim.archivedIds()).toEqual([WASH]);
	});

	it('DELETE /users?email= with a shared email is 409 conflict and archives nothing', async () => {
		const response = await call('DELETE', '/users?email=dup%40example.com');
		expect(response.status).toBe(409);
		expect((await errorOf(response)).errors).toEqual([
			{
				code: 'conflict',
				message:
					'Multiple existing users match this email address - must be more specific using user_id',
			},
		]);
		expect(sim.archivedIds()).toEqual([]);
	});

	it('a raw + in the query decodes to a space: email=first+tag@example.com archives "first tag@example.com"', async () => {
		const response = await call('DELETE', '/users?email=first+tag@example.com');
		expect(response.status).toBe(200);
		expect(((await response.json()) as { email: string }).email).toBe('first tag@example.com');
		expect(sim.archivedIds()).toEqual([SPACE]);
		expect(sim.requests.map((r) => r.rawQuery)).toEqual(['email=first+tag@example.com']);
	});
});

describe('rate limits', () => {
	it('every authenticated answer carries X-RateLimit-*, Remaining decreasing within the window', async () => {
		const before = Date.now();
		const first = await call('GET', '/me');
		const after = Date.now();
		const second = await call('GET', '/nowhere');
		expect(second.status).toBe(404);
		const a = rateHeadersOf(first);
		const b = rateHeadersOf(second);
		expect([a['x-ratelimit-limit'], a['x-ratelimit-remaining']]).toEqual(['1666', '1665']);
		expect([b['x-ratelimit-limit'], b['x-ratelimit-remaining']]).toEqual(['1666', '1664']);
		const endMs = Number(a['x-ratelimit-reset-ms']);
		expect(endMs).toBeGreaterThanOrEqual(before + 10000);
		expect(endMs).toBeLessThanOrEqual(after + 10000);
		expect(a['x-ratelimit-reset']).toBe(String(Math.ceil(endMs / 1000)));
		expect(b['x-ratelimit-reset-ms']).toBe(a['x-ratelimit-reset-ms']);
	});

	it('enforced: 8 quick requests against 5 per 1000 ms → 5 answered, 3 × 429; after the window, answered again', async () => {
		await restart({ rateLimit: { limit: 5, windowMs: 1000, enforce: true } });
		const responses: Response[] = [];
		for (let i = 0; i < 8; i++) responses.push(await call('GET', '/me'));
		expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
		expect(responses.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual([
			'4',
			'3',
			'2',
			'1',
			'0',
			'0',
			'0',
			'0',
		]);
		const endMs = Number(responses[0].headers.get('x-ratelimit-reset-ms'));
		for (const response of responses) {
			expect(rateHeadersOf(response)).toEqual({
				'x-ratelimit-limit': '5',
				'x-ratelimit-remaining': response.headers.get('x-ratelimit-remaining'),
				'x-ratelimit-reset': String(Math.ceil(endMs / 1000)),
				'x-ratelimit-reset-ms': String(endMs),
			});
		}
		const rejected = await errorOf(responses[5]);
		expect(rejected.errors).toEqual([
			{ code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 5 in 1 seconds' },
		]);
		expect(sim.countStatus(429)).toBe(3);

		await sleep(Math.max(0, endMs - Date.now()) + 5);
		const again = await call('GET', '/me');
		expect(again.status).toBe(200);
		// the next fixed window: start + 1 * windowMs, with a fresh quota (429s consumed none)
		expect(again.headers.get('x-ratelimit-reset-ms')).toBe(String(endMs + 1000));
		expect(again.headers.get('x-ratelimit-remaining')).toBe('4');
	});

	it('windows are fixed at start + k*windowMs, also for sub-second windows', async () => {
		await restart({ rateLimit: { limit: 2, windowMs: 100, enforce: true } });
		const first = await call('GET', '/me');
		const endMs = Number(first.headers.get('x-ratelimit-reset-ms'));
		await sleep(Math.max(0, endMs + 150 - Date.now()) + 5); // into the window after next
		const later = await call('GET', '/me');
		const laterEnd = Number(later.headers.get('x-ratelimit-reset-ms'));
		expect((laterEnd - endMs) % 100).toBe(0);
		expect(laterEnd - endMs).toBeGreaterThanOrEqual(200);
		expect(later.headers.get('x-ratelimit-remaining')).toBe('1');
	});

	it('not enforced by default: past the limit Remaining stays at 0 and requests are answered', async () => {
		await restart({ rateLimit: { limit: 1, windowMs: 10000 } });
		const statuses: number[] = [];
		const remaining: Array<string | null> = [];
		for (let i = 0; i < 3; i++) {
			const response = await call('GET', '/me');
			statuses.push(response.status);
			remaining.push(response.headers.get('x-ratelimit-remaining'));
		}
		expect(statuses).toEqual([200, 200, 200]);
		expect(remaining).toEqual(['0', '0', '0']);
	});
});

describe('fault injection', () => {
	it("status override: a load balancer's HTML 403, with no Intercom headers, and the route does not run", async () => {
		sim.injectFault({
			match: { method: 'delete', pathPrefix: '/users' },
			status: 403,
			body: '<html>Forbidden</html>',
			contentType: 'text/html',
			omitRateLimitHeaders: true,
		});
		const response = await call('DELETE', `/users/${WASH}`);
		expect(response.status).toBe(403);
		expect(response.headers.get('content-type')).toBe('text/html');
		expect(await response.text()).toBe('<html>Forbidden</html>');
		expect(rateHeadersOf(response)).toEqual(
			Object.fromEntries(RATE_HEADERS.map((name) => [name, null])),
		);
		expect(response.headers.get('x-request-id')).toBeNull();
		expect(sim.archivedIds()).toEqual([]);
		expect(sim.requests).toHaveLength(1);
		// used up (times defaults to 1): the real route answers next
		expect((await call('DELETE', `/users/${WASH}`)).status).toBe(200);
		expect(sim.archivedIds()).toEqual([WASH]);
	});

	it('status override with an errorList body: JSON content type, extra headers, rate headers peeked not consumed', async () => {
		sim.injectFault({
			match: { path: '/me' },
			status: 503,
			body: errorList('service_unavailable', 'Please retry'),
			headers: { 'Retry-After': '1' },
		});
		const response = await call('GET', '/me');
		expect(response.status).toBe(503);
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(response.headers.get('retry-after')).toBe('1');
		expect(response.headers.get('x-ratelimit-remaining')).toBe('1666');
		const body = (await response.json()) as ErrorList;
		expect(body.type).toBe('error.list');
		expect(body.errors).toEqual([{ code: 'service_unavailable', message: 'Please retry' }]);
		expect((await call('GET', '/me')).headers.get('x-ratelimit-remaining')).toBe('1665');
	});

	it('errorList: an error.list JSON string with a fresh uuid request_id each time', () => {
		const a = JSON.parse(errorList('conflict', 'x')) as ErrorList;
		const b = JSON.parse(errorList('conflict', 'x')) as ErrorList;
		expect(a).toEqual({
			type: 'error.list',
			request_id: expect.any(String),
			errors: [{ code: 'conflict', message: 'x' }],
		});
		expect(a.request_id).not.toBe(b.request_id);
	});

	it('a non-JSON override body defaults to text/plain; faults apply before auth', async () => {
		sim.injectFault({ status: 502, body: 'Bad Gateway' });
		const response = await call('GET', '/me', { Authorization: 'Bearer wrong' });
		expect(response.status).toBe(502);
		expect(response.headers.get('content-type')).toBe('text/plain');
		expect(await response.text()).toBe('Bad Gateway');
		expect(response.headers.get('x-ratelimit-limit')).toBeNull(); // not authenticated
	});

	it('latency only: delays, then the real route answers', async () => {
		sim.injectFault({ match: { method: 'DELETE' }, latencyMs: 200 });
		const started = performance.now();
		const response = await call('DELETE', `/users/${WASH}`);
		const elapsed = performance.now() - started;
		expect(response.status).toBe(200);
		expect(elapsed).toBeGreaterThanOrEqual(195);
		expect(sim.archivedIds()).toEqual([WASH]);
		expect(response.headers.get('x-ratelimit-remaining')).toBe('1665');
	});

	it('reset: the connection is destroyed without an answer, so fetch rejects; nothing changes', async () => {
		sim.injectFault({ reset: true, latencyMs: 20 });
		const failure: unknown = await call('DELETE', `/users/${WASH}`).then(
			() => undefined,
			(err: unknown) => err,
		);
		expect(failure).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNRESET' } });
		expect(sim.archivedIds()).toEqual([]);
		expect(sim.requests).toHaveLength(1);
		expect(sim.responses.map((r) => r.status)).toEqual(['reset']);
		expect((await call('DELETE', `/users/${WASH}`)).status).toBe(200);
	});

	it('requestNumber matches the n-th request received (1-based, over all requests)', async () => {
		sim.injectFault({
			match: { requestNumber: 2 },
			status: 500,
			body: errorList('server_error', 'Boom'),
		});
		const statuses: number[] = [];
		for (let i = 0; i < 3; i++) statuses.push((await call('GET', '/me')).status);
		expect(statuses).toEqual([200, 500, 200]);
	});

	it('times: applies to that many matching requests; Infinity to all; first matching fault wins; clearFaults', async () => {
		sim.injectFault({ match: { path: '/me' }, status: 500, times: 2 });
		sim.injectFault({ match: { pathPrefix: '/' }, status: 503, times: Infinity });
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) statuses.push((await call('GET', '/me')).status);
		expect(statuses).toEqual([500, 500, 503, 503]);
		sim.clearFaults();
		expect((await call('GET', '/me')).status).toBe(200);
	});

	it('omitRateLimitHeaders on the real route: answered normally, without X-RateLimit-*, quota still used', async () => {
		sim.injectFault({ omitRateLimitHeaders: true });
		const response = await call('GET', '/me');
		expect(response.status).toBe(200);
		expect(rateHeadersOf(response)).toEqual(
			Object.fromEntries(RATE_HEADERS.map((name) => [name, null])),
		);
		expect((await call('GET', '/me')).headers.get('x-ratelimit-remaining')).toBe('1664');
	});

	it('forward: the route runs (the user is archived), then its answer is replaced or the connection reset', async () => {
		sim.injectFault({
			match: { method: 'DELETE' },
			forward: true,
			status: 504,
			body: '<html>504</html>',
		});
		const response = await call('DELETE', `/users/${WASH}`);
		expect(response.status).toBe(504);
		expect(response.headers.get('content-type')).toBe('text/html');
		expect(sim.archivedIds()).toEqual([WASH]);
		sim.injectFault({ match: { method: 'DELETE' }, forward: true, reset: true });
		await expect(call('DELETE', `/users/${SPACE}`)).rejects.toThrow('fetch failed');
		expect(sim.archivedIds()).toEqual([WASH, SPACE].sort());
		expect(sim.responses.map((r) => r.status)).toEqual([504, 'reset']);
	});

	it('cutAfterBytes: the headers and that many body bytes, then the connection closes', async () => {
		sim.injectFault({ match: { path: '/me' }, cutAfterBytes: 5 });
		const response = await call('GET', '/me');
		expect(response.status).toBe(200);
		await expect(response.text()).rejects.toThrow();
	});

	it('trickleMs: the whole body arrives, one byte at a time', async () => {
		sim.injectFault({ status: 200, body: '{"a":1}', trickleMs: 5 });
		const response = await call('GET', '/me');
		expect(await response.json()).toEqual({ a: 1 });
	});

	it('rejects invalid faults with a TypeError', () => {
		expect(() => sim.injectFault({ reset: true, status: 500 })).toThrow(TypeError);
		expect(() => sim.injectFault({ times: 0 })).toThrow(TypeError);
		expect(() => sim.injectFault({ body: 'x' })).toThrow(TypeError);
		expect(() => sim.injectFault({ status: 99 })).toThrow(TypeError);
		expect(() => sim.injectFault({ latencyMs: -1 })).toThrow(TypeError);
		expect(() => sim.injectFault({ match: { requestNumber: 0 } })).toThrow(TypeError);
		expect(() => sim.injectFault({ trickleMs: -1 })).toThrow(TypeError);
		expect(() => sim.injectFault({ cutAfterBytes: 1.5 })).toThrow(TypeError);
		expect(() => sim.injectFault({ forward: 'yes' as never })).toThrow(TypeError);
	});
});

describe('responses / countStatus', () => {
	it('records every status sent, in order, with the request, and counts them', async () => {
		sim.injectFault({ match: { requestNumber: 3 }, reset: true });
		await call('GET', '/me');
		await call('DELETE', '/users/unknown');
		await expect(call('GET', '/me')).rejects.toThrow('fetch failed');
		await call('GET', '/me', { Accept: 'application/json' });
		await call('GET', '/me');
		expect(sim.responses.map((r) => r.status)).toEqual([200, 404, 'reset', 401, 200]);
		expect(sim.responses.map((r) => r.request)).toEqual(sim.requests);
		expect(sim.responses[1].request).toBe(sim.requests[1]);
		expect(sim.countStatus(200)).toBe(2);
		expect(sim.countStatus('reset')).toBe(1);
		expect(sim.countStatus(429)).toBe(0);
	});

	it('onResponse still reports every HTTP answer (but not resets)', async () => {
		const seen: number[] = [];
		await restart({ onResponse: ({ status }) => seen.push(status) });
		sim.injectFault({ match: { requestNumber: 1 }, reset: true });
		await expect(call('GET', '/me')).rejects.toThrow('fetch failed');
		await call('GET', '/me');
		expect(seen).toEqual([200]);
	});
});
