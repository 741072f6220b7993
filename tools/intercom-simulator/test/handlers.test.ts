import type { SimRequest, SimResponse, SimulatorState, StateOptions } from '../simulator';
import { createState, DEFAULT_TOKEN, handle, UserStore } from '../simulator';
import { bulkUsers, DUP_A, DUP_B, LEAD, WASH } from '../../../test/seed';

/**
 * The simulator's request handler driven directly, without a server or sockets:
 * `handle(state, {method, url, headers, body})` → `{status, headers, body}`.
 * The same behaviour over HTTP is covered by simulator.test.ts and
 * contacts.test.ts.
 */

const HEADERS = { authorization: `Bearer ${DEFAULT_TOKEN}`, accept: 'application/json' };
const V2 = { ...HEADERS, 'intercom-version': '2.14' };

interface ErrorList {
	type: string;
	request_id: string;
	errors: Array<{ code: string; message: string }>;
}

/** A request with the default Bearer token and Accept header unless `headers` is given. */
function request(
	method: string,
	url: string,
	headers: SimRequest['headers'] = HEADERS,
	body = '',
): SimRequest {
	return { method, url, headers, body };
}

/** The parsed JSON body of an answer. */
function json<T>(response: SimResponse): T {
	return JSON.parse(response.body) as T;
}

/** The single error of an error.list answer, after checking its shape and X-Request-Id. */
function errorOf(response: SimResponse): { code: string; message: string } {
	const body = json<ErrorList>(response);
	expect(body.type).toBe('error.list');
	expect(response.headers['X-Request-Id']).toBe(body.request_id);
	expect(body.errors).toHaveLength(1);
	return body.errors[0];
}

let state: SimulatorState;

/** A fresh state (seed users unless `options.users` is given). */
function fresh(options: StateOptions = {}): SimulatorState {
	state = createState(options);
	return state;
}

beforeEach(() => {
	fresh();
});

describe('1.x Users, handled without a server', () => {
	it('archive by email answers 200 with the User and marks the user archived', () => {
		const response = handle(state, request('DELETE', '/users?email=wash%40serenity.io'));
		expect(response.status).toBe(200);
		expect(response.headers['Content-Type']).toBe('application/json; charset=utf-8');
		const user = json<{ type: string; id: string; email: string }>(response);
		expect(user).toMatchObject({ type: 'user', id: WASH, email: 'wash@serenity.io' });
		expect(state.store.get(WASH)?.archived).toBe(true);
		expect(state.store.archivedIds()).toEqual([WASH]);

		// Archived users are gone for 1.x: the same request now finds nobody.
		const again = handle(state, request('DELETE', '/users?email=wash%40serenity.io'));
		expect(again.status).toBe(404);
		expect(errorOf(again)).toEqual({ code: 'not_found', message: 'User Not Found' });
	});

	it('unknown id answers 404 not_found and changes nothing', () => {
		const response = handle(state, request('DELETE', '/users/000000000000000000000000'));
		expect(response.status).toBe(404);
		expect(errorOf(response)).toEqual({ code: 'not_found', message: 'User Not Found' });
		expect(state.store.archivedIds()).toEqual([]);
	});

	it('a lead is not a 1.x user', () => {
		expect(handle(state, request('GET', `/users/${LEAD}`)).status).toBe(404);
	});

	it('two users sharing an email: 409 conflict, nobody archived', () => {
		const response = handle(state, request('DELETE', '/users?email=dup%40example.com'));
		expect(response.status).toBe(409);
		expect(errorOf(response).code).toBe('conflict');
		expect(state.store.get(DUP_A)?.archived).toBe(false);
		expect(state.store.get(DUP_B)?.archived).toBe(false);
	});
});

describe('authentication and the checks before routing', () => {
	it('a wrong token answers 401 unauthorized without X-RateLimit-* headers', () => {
		const response = handle(
			state,
			request('GET', '/me', { authorization: 'Bearer wrong', accept: 'application/json' }),
		);
		expect(response.status).toBe(401);
		expect(errorOf(response)).toEqual({ code: 'unauthorized', message: 'Access Token Invalid' });
		expect(Object.keys(response.headers).filter((name) => /^x-ratelimit-/i.test(name))).toEqual([]);
	});

	it('a missing Accept answers 406, a 2.x path under version 1.4 answers 400', () => {
		const noAccept = handle(state, request('GET', '/me', { authorization: HEADERS.authorization }));
		expect(noAccept.status).toBe(406);
		const wrongVersion = handle(state, request('GET', `/contacts/${WASH}`));
		expect(wrongVersion.status).toBe(400);
		expect(errorOf(wrongVersion).code).toBe('intercom_version_invalid');
	});

	it('GET /me answers the admin', () => {
		const response = handle(state, request('GET', '/me'));
		expect(response.status).toBe(200);
		expect(json<{ type: string }>(response).type).toBe('admin');
	});
});

describe('2.x Contacts, handled without a server', () => {
	it('archiving through 2.x hides the user from 1.x; unarchiving shows it again', () => {
		const archived = handle(state, request('POST', `/contacts/${WASH}/archive`, V2));
		expect(json(archived)).toEqual({
			type: 'contact',
			id: WASH,
			external_id: '25',
			archived: true,
		});
		expect(handle(state, request('GET', `/users/${WASH}`)).status).toBe(404);
		handle(state, request('POST', `/contacts/${WASH}/unarchive`, V2));
		expect(handle(state, request('GET', `/users/${WASH}`)).status).toBe(200);
	});

	it('search pages through matches with the cursor from the body', () => {
		fresh({ users: bulkUsers(5, 'page', 'same@example.com') });
		const search = (pagination: Record<string, unknown>): SimResponse =>
			handle(
				state,
				request(
					'POST',
					'/contacts/search',
					V2,
					JSON.stringify({
						query: { field: 'email', operator: '=', value: 'same@example.com' },
						pagination,
					}),
				),
			);
		type Page = {
			data: Array<{ id: string }>;
			total_count: number;
			pages: { page: number; next?: { starting_after: string } };
		};
		const first = json<Page>(search({ per_page: 2 }));
		expect(first.total_count).toBe(5);
		expect(first.data).toHaveLength(2);
		const second = json<Page>(
			search({ per_page: 2, starting_after: first.pages.next?.starting_after }),
		);
		expect(second.pages.page).toBe(2);
		expect(second.data.map((c) => c.id)).not.toContain(first.data[0].id);
	});
});

describe('the email / user_id index', () => {
	const users = bulkUsers(10_000, 'idx');

	it('finds a user among 10,000 generated ones by email and by user_id', () => {
		const store = new UserStore(users);
		expect(store.withValue('email', 'idx-7777@example.com').map((s) => s.user.id)).toEqual([
			users[7777].id,
		]);
		expect(store.withValue('user_id', 'idx-42').map((s) => s.user.id)).toEqual([users[42].id]);
		expect(store.withValue('email', 'nobody@example.com')).toEqual([]);
	});

	it('archives that user by email through the handler', () => {
		fresh({ users });
		const response = handle(state, request('DELETE', '/users?email=idx-9999%40example.com'));
		expect(response.status).toBe(200);
		expect(json<{ id: string }>(response).id).toBe(users[9999].id);
		expect(state.store.archivedIds()).toEqual([users[9999].id]);
	});

	it('keeps every user sharing an email, in store order', () => {
		const store = new UserStore(bulkUsers(3, 'same', 'shared@example.com'));
		expect(store.withValue('email', 'shared@example.com').map((s) => s.user.user_id)).toEqual([
			'same-0',
			'same-1',
			'same-2',
		]);
	});
});

describe('rate-limit windows', () => {
	it('counts requests per window and answers 429 once the limit is spent', () => {
		fresh({ rateLimit: { limit: 2, windowMs: 10_000, enforce: true } });
		const t0 = 1_700_000_000_000;
		const at = (now: number): SimResponse => handle(state, request('GET', '/me'), now);

		const first = at(t0);
		expect(first.status).toBe(200);
		expect(first.headers['X-RateLimit-Limit']).toBe('2');
		expect(first.headers['X-RateLimit-Remaining']).toBe('1');
		expect(first.headers['X-RateLimit-Reset']).toBe(String(Math.ceil((t0 + 10_000) / 1000)));
		expect(first.headers['X-RateLimit-Reset-Ms']).toBe(String(t0 + 10_000));

		expect(at(t0 + 1).headers['X-RateLimit-Remaining']).toBe('0');

		const refused = at(t0 + 2);
		expect(refused.status).toBe(429);
		expect(errorOf(refused)).toEqual({
			code: 'rate_limit_exceeded',
			message: 'Exceeded rate limit of 2 in 10 seconds',
		});
		expect(refused.headers['X-RateLimit-Remaining']).toBe('0');

		// The next window starts at t0 + 10 s, aligned to the first one.
		const next = at(t0 + 25_000);
		expect(next.status).toBe(200);
		expect(next.headers['X-RateLimit-Remaining']).toBe('1');
		expect(next.headers['X-RateLimit-Reset-Ms']).toBe(String(t0 + 30_000));
	});

	it('only reports the limit when it is not enforced', () => {
		fresh({ rateLimit: { limit: 1, windowMs: 1000 } });
		expect(handle(state, request('GET', '/me'), 0).status).toBe(200);
		const past = handle(state, request('GET', '/me'), 1);
		expect(past.status).toBe(200);
		expect(past.headers['X-RateLimit-Remaining']).toBe('0');
	});
});
