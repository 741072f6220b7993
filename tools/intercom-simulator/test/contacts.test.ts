import type { SimUser, SimulatorOptions } from '../simulator';
import { DEFAULT_TOKEN, IntercomSimulator, loadSeedUsers } from '../simulator';
import { checkExchange, checkSimulatorContacts } from '../../../test/contract/openapi';
import { DUP_A, DUP_B, LEAD, MAL, SOLO, WASH } from '../../../test/seed';

/**
 * The simulator's API 2.x Contacts routes, its API 1.x lookup / permanent-deletion
 * additions, the archive state both share, and the recorded response bodies; over
 * real HTTP (global fetch). Every 2.x exchange is also checked against Intercom's
 * official OpenAPI 2.14 description (test/contract/openapi.ts).
 */

const USER_IDS = [
	WASH,
	'5714dd359a3fd47136000002',
	'5714dd359a3fd47136000003',
	'5714dd359a3fd47136000004',
	DUP_A,
	DUP_B,
	SOLO,
	MAL,
];
const seed = Object.fromEntries(loadSeedUsers().map((user) => [user.id, user]));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const JSON_TYPE = 'application/json; charset=utf-8';

interface ErrorList {
	type: string;
	request_id: string;
	errors: Array<{ code: string; message: string }>;
}

interface ContactList {
	type: string;
	data: Array<Record<string, unknown>>;
	total_count: number;
	pages: {
		type: string;
		page: number;
		per_page: number;
		total_pages: number;
		next?: { per_page: number; starting_after: string };
	};
}

let sim: IntercomSimulator;
let baseUrl: string;

beforeEach(async () => {
	sim = new IntercomSimulator();
	baseUrl = await sim.start();
});

afterEach(async () => {
	await sim.stop();
});

/** Replaces the running simulator by one built with these options. */
async function restart(options: SimulatorOptions): Promise<void> {
	await sim.stop();
	sim = new IntercomSimulator(options);
	baseUrl = await sim.start();
}

/**
 * Sends one request with the default token and Accept header. `version` is the
 * Intercom-Version header (none when null); a `body` object is sent as JSON, a
 * string as is.
 */
function call(
	method: string,
	path: string,
	options: { version?: string | null; body?: unknown } = {},
): Promise<Response> {
	const headers: Record<string, string> = {
		Authorization: `Bearer ${DEFAULT_TOKEN}`,
		Accept: 'application/json',
	};
	const version = options.version === undefined ? '2.14' : options.version;
	if (version !== null) headers['Intercom-Version'] = version;
	let body: string | undefined;
	if (options.body !== undefined) {
		headers['Content-Type'] = 'application/json';
		body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
	}
	return fetch(`${baseUrl}${path}`, { method, headers, body });
}

/** A 1.x request (Intercom-Version: 1.4). */
const call1 = (method: string, path: string, body?: unknown) =>
	call(method, path, { version: '1.4', body });

/** POST /contacts/search for `field = value`, with optional pagination. */
async function search(
	field: string,
	value: unknown,
	pagination?: Record<string, unknown>,
): Promise<ContactList> {
	const response = await call('POST', '/contacts/search', {
		body: { query: { field, operator: '=', value }, ...(pagination ? { pagination } : {}) },
	});
	expect(response.status).toBe(200);
	return (await response.json()) as ContactList;
}

/** Asserts an error.list answer and returns its errors. */
async function errorsOf(response: Response, status: number): Promise<ErrorList['errors']> {
	expect(response.status).toBe(status);
	const body = (await response.json()) as ErrorList;
	expect(body.type).toBe('error.list');
	expect(body.request_id).toMatch(UUID);
	return body.errors;
}

const contactNotFound = [{ code: 'not_found', message: 'Contact Not Found' }];
const userNotFound = [{ code: 'not_found', message: 'User Not Found' }];

/** Every 2.x exchange so far conforms to the OpenAPI spec, and there was at least one. */
function expectContract(): void {
	const { checked, violations } = checkSimulatorContacts(sim);
	expect(violations).toEqual([]);
	expect(checked).toBeGreaterThan(0);
}

const emptyList = (id: string, kind: string) => ({
	type: 'list',
	data: [],
	url: `/contacts/${id}/${kind}`,
	total_count: 0,
	has_more: false,
});

/** Every field the simulator sends as null for every contact. */
const ALWAYS_NULL = {
	avatar: null,
	owner_id: null,
	last_replied_at: null,
	last_contacted_at: null,
	last_email_opened_at: null,
	last_email_clicked_at: null,
	language_override: null,
	browser: null,
	browser_version: null,
	browser_language: null,
	os: null,
	android_app_name: null,
	android_app_version: null,
	android_device: null,
	android_os_version: null,
	android_sdk_version: null,
	android_last_seen_at: null,
	ios_app_name: null,
	ios_app_version: null,
	ios_device: null,
	ios_os_version: null,
	ios_sdk_version: null,
	ios_last_seen_at: null,
	utm_campaign: null,
	utm_content: null,
	utm_medium: null,
	utm_source: null,
	utm_term: null,
	referrer: null,
};

const WASH_CONTACT = {
	type: 'contact',
	id: WASH,
	workspace_id: 'simapp1',
	external_id: '25',
	role: 'user',
	email: 'wash@serenity.io',
	email_domain: 'serenity.io',
	phone: '555671243',
	name: 'Hoban Washburne',
	social_profiles: { type: 'list', data: [] },
	has_hard_bounced: false,
	marked_email_as_spam: false,
	unsubscribed_from_emails: false,
	created_at: 1460985141,
	updated_at: 1460992341,
	signed_up_at: 1460985141,
	last_seen_at: 1460988741,
	custom_attributes: { plan: 'pilot', ship: 'Serenity' },
	tags: emptyList(WASH, 'tags'),
	notes: emptyList(WASH, 'notes'),
	companies: emptyList(WASH, 'companies'),
	location: {
		type: 'location',
		country: 'Ireland',
		region: null,
		city: 'Dublin',
		country_code: 'IRL',
		continent_code: 'EU',
	},
	...ALWAYS_NULL,
};

const LEAD_CONTACT = {
	type: 'contact',
	id: LEAD,
	workspace_id: 'simapp1',
	external_id: null,
	role: 'lead',
	email: 'lead@example.com',
	email_domain: 'example.com',
	phone: null,
	name: 'Website Lead',
	social_profiles: { type: 'list', data: [] },
	has_hard_bounced: false,
	marked_email_as_spam: false,
	unsubscribed_from_emails: false,
	created_at: 1461676341,
	updated_at: 1461712341,
	signed_up_at: null,
	last_seen_at: 1461708741,
	custom_attributes: {},
	tags: emptyList(LEAD, 'tags'),
	notes: emptyList(LEAD, 'notes'),
	companies: emptyList(LEAD, 'companies'),
	location: {
		type: 'location',
		country: null,
		region: null,
		city: null,
		country_code: null,
		continent_code: null,
	},
	...ALWAYS_NULL,
};

/** `count` users sharing one email, with ids that sort in creation order. */
function manyUsers(count: number, email: string): SimUser[] {
	const template = loadSeedUsers()[1];
	return Array.from({ length: count }, (_, index) => ({
		...template,
		id: `6000aa00000000000000${String(index).padStart(4, '0')}`,
		user_id: `many-${index}`,
		email,
	}));
}

describe('API 2.x contacts (checked against the OpenAPI 2.14 spec after each test)', () => {
	afterEach(() => {
		expectContract();
	});

	it('GET /contacts/{id} answers the full contact view of a seed user', async () => {
		const response = await call('GET', `/contacts/${WASH}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe(JSON_TYPE);
		expect(await response.json()).toEqual(WASH_CONTACT);
	});

	it('GET /contacts/{id} answers a lead: role lead, external_id null', async () => {
		const response = await call('GET', `/contacts/${LEAD}`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual(LEAD_CONTACT);
	});

	it('GET /contacts/{id}: 404 Contact Not Found for unknown and archived contacts', async () => {
		expect(await errorsOf(await call('GET', '/contacts/000000000000000000000000'), 404)).toEqual(
			contactNotFound,
		);
		await restart({ users: [{ ...seed[WASH], archived: true }, seed[MAL]] });
		expect(await errorsOf(await call('GET', `/contacts/${WASH}`), 404)).toEqual(contactNotFound);
		expect((await call('GET', `/contacts/${MAL}`)).status).toBe(200);
	});

	it('search by email: every match sorted by id, one page, no next', async () => {
		const list = await search('email', 'dup@example.com', { per_page: 50 });
		expect(list.data.map((c) => c.id)).toEqual([DUP_A, DUP_B]);
		expect(list.data[0]).toMatchObject({
			type: 'contact',
			external_id: '29',
			name: 'Duplicate Email One',
			role: 'user',
		});
		expect(list).toMatchObject({
			type: 'list',
			total_count: 2,
			pages: { type: 'pages', page: 1, per_page: 50, total_pages: 1 },
		});
		expect(list.pages).not.toHaveProperty('next');
		expect(Object.keys(list).sort()).toEqual(['data', 'pages', 'total_count', 'type']);
	});

	it('search by external_id, id and role (exact string equality)', async () => {
		expect((await search('external_id', '25')).data).toEqual([WASH_CONTACT]);
		expect((await search('id', LEAD)).data).toEqual([LEAD_CONTACT]);
		expect((await search('role', 'lead')).data.map((c) => c.id)).toEqual([LEAD]);
		const users = await search('role', 'user');
		expect(users.data.map((c) => c.id)).toEqual(USER_IDS);
		expect(users.total_count).toBe(8);
		expect((await search('email', 'WASH@serenity.io')).total_count).toBe(0);
		expect((await search('email', 'first tag@example.com')).data.map((c) => c.id)).toEqual([
			'5714dd359a3fd47136000004',
		]);
	});

	it('search without a match: an empty list with total_pages 0', async () => {
		expect(await search('email', 'nobody@example.com')).toEqual({
			type: 'list',
			data: [],
			total_count: 0,
			pages: { type: 'pages', page: 1, per_page: 50, total_pages: 0 },
		});
	});

	it('archived and deleted contacts never appear in search', async () => {
		expect((await call('POST', `/contacts/${DUP_A}/archive`)).status).toBe(200);
		expect((await call('DELETE', `/contacts/${DUP_B}`)).status).toBe(200);
		expect((await search('email', 'dup@example.com')).total_count).toBe(0);
		expect((await search('role', 'user')).data.map((c) => c.id)).toEqual(
			USER_IDS.filter((id) => id !== DUP_A && id !== DUP_B),
		);
	});

	it('120 matches: three pages read through the body cursor, every contact once, in id order', async () => {
		const many = manyUsers(120, 'many@example.com');
		await restart({ users: [...loadSeedUsers(), ...many] });
		const pages: ContactList[] = [];
		let cursor: string | undefined;
		do {
			const list = await search(
				'email',
				'many@example.com',
				cursor === undefined ? undefined : { starting_after: cursor },
			);
			pages.push(list);
			cursor = list.pages.next?.starting_after;
		} while (cursor !== undefined && pages.length < 10);
		expect(pages.map((p) => p.data.length)).toEqual([50, 50, 20]);
		expect(pages.map((p) => p.total_count)).toEqual([120, 120, 120]);
		expect(pages.map((p) => [p.pages.page, p.pages.per_page, p.pages.total_pages])).toEqual([
			[1, 50, 3],
			[2, 50, 3],
			[3, 50, 3],
		]);
		expect(pages[0].pages.next).toEqual({ per_page: 50, starting_after: expect.any(String) });
		expect(pages[1].pages.next).toEqual({ per_page: 50, starting_after: expect.any(String) });
		expect(pages[2].pages).not.toHaveProperty('next');
		expect(pages.flatMap((p) => p.data.map((c) => c.id))).toEqual(many.map((u) => u.id));
		expect(pages[1].data[0]).toMatchObject({
			id: many[50].id,
			external_id: 'many-50',
			email: 'many@example.com',
		});
	});

	it('per_page up to 150 puts all 120 matches on one page; per_page 7 pages by 7', async () => {
		await restart({ users: manyUsers(120, 'many@example.com') });
		const all = await search('email', 'many@example.com', { per_page: 150 });
		expect(all.data).toHaveLength(120);
		expect(all.pages).toEqual({ type: 'pages', page: 1, per_page: 150, total_pages: 1 });
		const first = await search('email', 'many@example.com', { per_page: 7 });
		expect(first.pages).toMatchObject({
			page: 1,
			per_page: 7,
			total_pages: 18,
			next: { per_page: 7 },
		});
		const second = await search('email', 'many@example.com', {
			per_page: 7,
			starting_after: first.pages.next?.starting_after,
		});
		expect(second.pages.page).toBe(2);
		expect(second.data.map((c) => c.id)).toEqual(all.data.slice(7, 14).map((c) => c.id));
	});

	it('case C9 (test/CASES.md): a starting_after in the query string is ignored, so the answer is page 1 again', async () => {
		await restart({ users: manyUsers(120, 'many@example.com') });
		const first = await search('email', 'many@example.com');
		const cursor = first.pages.next?.starting_after;
		expect(typeof cursor).toBe('string');
		const response = await call(
			'POST',
			`/contacts/search?starting_after=${encodeURIComponent(String(cursor))}`,
			{
				body: { query: { field: 'email', operator: '=', value: 'many@example.com' } },
			},
		);
		expect(response.status).toBe(200);
		const again = (await response.json()) as ContactList;
		expect(again).toEqual(first);
		expect(again.pages.page).toBe(1);
		expect(sim.requests[1].rawQuery).toBe(`starting_after=${encodeURIComponent(String(cursor))}`);
	});

	it('POST /contacts/{id}/archive: the contact reference with archived: true, idempotent', async () => {
		const expected = { type: 'contact', id: WASH, external_id: '25', archived: true };
		const first = await call('POST', `/contacts/${WASH}/archive`);
		expect(first.status).toBe(200);
		expect(await first.json()).toEqual(expected);
		expect(sim.archivedIds()).toEqual([WASH]);
		const again = await call('POST', `/contacts/${WASH}/archive`);
		expect(again.status).toBe(200);
		expect(await again.json()).toEqual(expected);
		expect(sim.archivedIds()).toEqual([WASH]);
		expect(await errorsOf(await call('GET', `/contacts/${WASH}`), 404)).toEqual(contactNotFound);
		expect(sim.getUser(WASH)).toMatchObject({ archived: true, deleted: false, role: 'user' });
	});

	it('archiving a lead answers external_id null', async () => {
		const response = await call('POST', `/contacts/${LEAD}/archive`);
		expect(await response.json()).toEqual({
			type: 'contact',
			id: LEAD,
			external_id: null,
			archived: true,
		});
		expect(sim.archivedIds()).toEqual([LEAD]);
	});

	it('archive / unarchive of an unknown contact: 404 Contact Not Found', async () => {
		const unknown = '000000000000000000000000';
		expect(await errorsOf(await call('POST', `/contacts/${unknown}/archive`), 404)).toEqual(
			contactNotFound,
		);
		expect(await errorsOf(await call('POST', `/contacts/${unknown}/unarchive`), 404)).toEqual(
			contactNotFound,
		);
		expect(sim.archivedIds()).toEqual([]);
	});

	it('POST /contacts/{id}/unarchive restores an archived contact (and is idempotent)', async () => {
		await call('POST', `/contacts/${MAL}/archive`);
		await call('POST', `/contacts/${WASH}/archive`);
		const response = await call('POST', `/contacts/${MAL}/unarchive`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			type: 'contact',
			id: MAL,
			external_id: '32',
			archived: false,
		});
		expect(sim.archivedIds()).toEqual([WASH]);
		expect((await call('GET', `/contacts/${MAL}`)).status).toBe(200);
		expect((await search('email', 'mal@serenity.io')).data.map((c) => c.id)).toEqual([MAL]);
		const again = await call('POST', `/contacts/${MAL}/unarchive`);
		expect(await again.json()).toEqual({
			type: 'contact',
			id: MAL,
			external_id: '32',
			archived: false,
		});
		await call('POST', `/contacts/${MAL}/archive`);
		expect(sim.archivedIds()).toEqual([WASH, MAL]);
	});

	it('DELETE /contacts/{id}: deleted: true, then gone for every route', async () => {
		const response = await call('DELETE', `/contacts/${SOLO}`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			type: 'contact',
			id: SOLO,
			external_id: '31',
			deleted: true,
		});
		expect(sim.isDeleted(SOLO)).toBe(true);
		expect(sim.deletedIds()).toEqual([SOLO]);
		expect(sim.getUser(SOLO)).toMatchObject({
			id: SOLO,
			email: 'solo@example.com',
			archived: false,
			deleted: true,
		});
		expect(await errorsOf(await call('DELETE', `/contacts/${SOLO}`), 404)).toEqual(contactNotFound);
		expect(await errorsOf(await call('GET', `/contacts/${SOLO}`), 404)).toEqual(contactNotFound);
		expect(await errorsOf(await call('POST', `/contacts/${SOLO}/archive`), 404)).toEqual(
			contactNotFound,
		);
		expect(await errorsOf(await call('POST', `/contacts/${SOLO}/unarchive`), 404)).toEqual(
			contactNotFound,
		);
		expect((await search('external_id', '31')).total_count).toBe(0);
		expect(await errorsOf(await call1('GET', `/users/${SOLO}`), 404)).toEqual(userNotFound);
		expect(await errorsOf(await call1('DELETE', '/users?email=solo%40example.com'), 404)).toEqual(
			userNotFound,
		);
		expect(sim.deletedIds()).toEqual([SOLO]);
	});

	it('DELETE /contacts/{id} deletes an archived contact too (it leaves archivedIds)', async () => {
		await call('POST', `/contacts/${WASH}/archive`);
		const response = await call('DELETE', `/contacts/${WASH}`);
		expect(await response.json()).toEqual({
			type: 'contact',
			id: WASH,
			external_id: '25',
			deleted: true,
		});
		expect(sim.archivedIds()).toEqual([]);
		expect(sim.deletedIds()).toEqual([WASH]);
		expect(sim.getUser(WASH)).toMatchObject({ archived: true, deleted: true });
		expect(await errorsOf(await call('DELETE', '/contacts/000000000000000000000000'), 404)).toEqual(
			contactNotFound,
		);
	});

	it('version gating: /contacts needs a 2.x version (header, else the app default)', async () => {
		for (const version of ['1.4', '1.0']) {
			expect(await errorsOf(await call('GET', `/contacts/${WASH}`, { version }), 400)).toEqual([
				{
					code: 'intercom_version_invalid',
					message: 'Requested resource is not available in current API version',
				},
			]);
		}
		expect(
			await errorsOf(
				await call('POST', '/contacts/search', {
					version: null,
					body: { query: { field: 'email', operator: '=', value: 'wash@serenity.io' } },
				}),
				400,
			),
		).toEqual([
			{
				code: 'intercom_version_invalid',
				message: 'Requested resource is not available in current API version',
			},
		]);
		expect((await call('GET', `/contacts/${WASH}`, { version: '2.0' })).status).toBe(200);
		await restart({ defaultVersion: '2.14' });
		expect((await call('GET', `/contacts/${WASH}`, { version: null })).status).toBe(200);
		expect((await call('GET', `/users/${WASH}`, { version: null })).status).toBe(400);
		expect(sim.archivedIds()).toEqual([]);
	});
});

describe('API 2.x search: bad requests', () => {
	it('other paths under /contacts answer 404 Resource Not Found (and are undocumented for the contract)', async () => {
		const response = await call('GET', `/contacts/${WASH}/archive`);
		expect(await errorsOf(response, 404)).toEqual([
			{ code: 'not_found', message: 'Resource Not Found' },
		]);
		expect(checkSimulatorContacts(sim).violations).toEqual([
			{
				method: 'GET',
				path: `/contacts/${WASH}/archive`,
				part: 'request',
				status: 404,
				errors: ['undocumented endpoint: /contacts/{contact_id}/archive has no GET operation'],
			},
		]);
	});

	it.each<[string, unknown, string]>([
		['invalid JSON', '{"query":', 'The request body must be a JSON object'],
		['a JSON array', '[]', 'The request body must be a JSON object'],
		['no query', { pagination: { per_page: 5 } }, 'query must be an object'],
		[
			'an unsupported field',
			{ query: { field: 'nickname', operator: '=', value: 'Solo User' } },
			'"nickname" is not a searchable contact field here; the simulator searches id, role, name, email, email_domain, phone, external_id, created_at, signed_up_at, updated_at, last_seen_at, segment_id, tag_id',
		],
		[
			'an operator the field type does not take',
			{ query: { field: 'email', operator: '<', value: 'solo' } },
			'The operator "<" is not supported for email (a string field); use one of = != IN NIN ~ !~ ^ $',
		],
		[
			'a value that is not a string',
			{ query: { field: 'external_id', operator: '=', value: 31 } },
			'The value for external_id with = must be a string (or null), got 31',
		],
		[
			'an empty AND group',
			{ query: { operator: 'AND', value: [] } },
			'An AND group needs a non-empty array of filters as value',
		],
		[
			'per_page over 150',
			{ query: { field: 'email', operator: '=', value: 'x' }, pagination: { per_page: 151 } },
			'per_page must be an integer from 1 to 150',
		],
		[
			'per_page 0',
			{ query: { field: 'email', operator: '=', value: 'x' }, pagination: { per_page: 0 } },
			'per_page must be an integer from 1 to 150',
		],
		[
			'an unknown cursor',
			{
				query: { field: 'email', operator: '=', value: 'x' },
				pagination: { starting_after: 'not-a-cursor' },
			},
			'starting_after is not a valid cursor',
		],
	])('400 parameter_invalid for %s', async (_what, body, message) => {
		const response = await call('POST', '/contacts/search', { body });
		expect(await errorsOf(response, 400)).toEqual([{ code: 'parameter_invalid', message }]);
	});

	it('the contract helper flags exactly the requests the spec forbids, not the ones it allows', async () => {
		await call('POST', '/contacts/search', { body: '{"query":' });
		await call('POST', '/contacts/search', {
			body: { query: { field: 'email', operator: '=', value: 'x' }, pagination: { per_page: '5' } },
		});
		await call('POST', '/contacts/search', {
			body: { query: { field: 'name', operator: '~', value: 'Solo' } },
		});
		const { checked, violations } = checkSimulatorContacts(sim);
		expect(checked).toBe(3);
		expect(violations.map((v) => [v.part, v.status])).toEqual([
			['request', 400],
			['request', 400],
		]);
		expect(violations[0].errors[0]).toMatch(/^request body is not JSON/);
		expect(violations[1].errors).toEqual([
			'/pagination/per_page must be integer {"type":"integer"}',
		]);
	});
});

describe('API 1.x additions', () => {
	it('GET /users?email= answers a user.list of every live user with exactly that email', async () => {
		const response = await call1('GET', '/users?email=dup%40example.com');
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			type: 'user.list',
			users: [seed[DUP_A], seed[DUP_B]],
			total_count: 2,
			pages: { type: 'pages', page: 1, per_page: 50, total_pages: 1 },
		});
		const plus = await call1('GET', '/users?email=first%2Btag%40example.com');
		expect(((await plus.json()) as { users: SimUser[] }).users.map((u) => u.id)).toEqual([
			'5714dd359a3fd47136000002',
		]);
	});

	it('GET /users?email= answers an empty user.list for no match, a lead, or an archived user', async () => {
		await call1('DELETE', `/users/${WASH}`);
		for (const email of ['nobody%40example.com', 'lead%40example.com', 'wash%40serenity.io']) {
			const response = await call1('GET', `/users?email=${email}`);
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({
				type: 'user.list',
				users: [],
				total_count: 0,
				pages: { type: 'pages', page: 1, per_page: 50, total_pages: 1 },
			});
		}
	});

	it('GET /users?user_id= answers the one User, or 404 User Not Found', async () => {
		const response = await call1('GET', '/users?user_id=25');
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual(seed[WASH]);
		expect(await errorsOf(await call1('GET', '/users?user_id=999'), 404)).toEqual(userNotFound);
		expect(sim.archivedIds()).toEqual([]);
	});

	it.each([
		['/users?email=%ZZ', 'Malformed percent-encoding in the query string'],
		['/users?name=x', 'Unexpected parameter: name'],
		['/users?email=a%40b.c&user_id=1', 'Exactly one of email or user_id must be specified, once'],
		['/users?user_id=', 'user_id must not be blank'],
	])('GET %s: 400 parameter_invalid', async (path, message) => {
		expect(await errorsOf(await call1('GET', path), 400)).toEqual([
			{ code: 'parameter_invalid', message },
		]);
	});

	it('GET /users with no query stays 404 Resource Not Found (listing is not simulated)', async () => {
		expect(await errorsOf(await call1('GET', '/users'), 404)).toEqual([
			{ code: 'not_found', message: 'Resource Not Found' },
		]);
	});

	it('leads are invisible to the Users API', async () => {
		expect(await errorsOf(await call1('GET', `/users/${LEAD}`), 404)).toEqual(userNotFound);
		expect(await errorsOf(await call1('DELETE', `/users/${LEAD}`), 404)).toEqual(userNotFound);
		expect(await errorsOf(await call1('DELETE', '/users?email=lead%40example.com'), 404)).toEqual(
			userNotFound,
		);
		expect(sim.archivedIds()).toEqual([]);
	});

	it('POST /user_delete_requests deletes for good and answers incrementing request ids', async () => {
		const first = await call1('POST', '/user_delete_requests', { intercom_user_id: SOLO });
		expect(first.status).toBe(200);
		expect(await first.json()).toEqual({ id: 10001 });
		const second = await call1('POST', '/user_delete_requests', { intercom_user_id: WASH });
		expect(await second.json()).toEqual({ id: 10002 });
		expect(sim.deletedIds()).toEqual([SOLO, WASH]);
		expect(sim.isDeleted(SOLO)).toBe(true);
		expect(sim.isDeleted(MAL)).toBe(false);
		expect(sim.isDeleted('unknown')).toBe(false);
		expect(await errorsOf(await call1('GET', `/users/${SOLO}`), 404)).toEqual(userNotFound);
		expect(await errorsOf(await call1('DELETE', `/users/${SOLO}`), 404)).toEqual(userNotFound);
		expect(await errorsOf(await call1('GET', '/users?user_id=31'), 404)).toEqual(userNotFound);
		const list = await call1('GET', '/users?email=solo%40example.com');
		expect(((await list.json()) as { total_count: number }).total_count).toBe(0);
		expect(await errorsOf(await call('GET', `/contacts/${SOLO}`), 404)).toEqual(contactNotFound);
		expect(
			await errorsOf(await call1('POST', '/user_delete_requests', { intercom_user_id: SOLO }), 404),
		).toEqual(userNotFound);
		const third = await call1('POST', '/user_delete_requests', { intercom_user_id: MAL });
		expect(await third.json()).toEqual({ id: 10003 });
	});

	it('POST /user_delete_requests deletes archived users and leads too', async () => {
		await call1('DELETE', `/users/${WASH}`);
		expect(
			await (await call1('POST', '/user_delete_requests', { intercom_user_id: WASH })).json(),
		).toEqual({ id: 10001 });
		expect(
			await (await call1('POST', '/user_delete_requests', { intercom_user_id: LEAD })).json(),
		).toEqual({ id: 10002 });
		expect(sim.archivedIds()).toEqual([]);
		expect(sim.deletedIds()).toEqual([WASH, LEAD]);
		expect(sim.getUser(LEAD)).toMatchObject({ role: 'lead', deleted: true });
	});

	it('C42: an archived lead, like an archived user, answers 404 to both reads, and shows its role only once restored', async () => {
		await call('POST', `/contacts/${LEAD}/archive`);
		await call1('DELETE', `/users/${WASH}`);
		for (const id of [LEAD, WASH]) {
			expect(await errorsOf(await call1('GET', `/users/${id}`), 404)).toEqual(userNotFound);
			expect(await errorsOf(await call('GET', `/contacts/${id}`), 404)).toEqual(contactNotFound);
		}
		expect((await (await call('POST', `/contacts/${LEAD}/unarchive`)).json()) as object).toEqual({
			type: 'contact',
			id: LEAD,
			external_id: null,
			archived: false,
		});
		expect(((await (await call('GET', `/contacts/${LEAD}`)).json()) as { role: string }).role).toBe(
			'lead',
		);
		await call('POST', `/contacts/${LEAD}/archive`);
		expect(sim.getUser(LEAD)).toMatchObject({ role: 'lead', archived: true, deleted: false });
	});

	it.each<[string, number, unknown, ErrorList['errors']]>([
		['an unknown id', 404, { intercom_user_id: '000000000000000000000000' }, userNotFound],
		[
			'no intercom_user_id',
			400,
			{},
			[{ code: 'parameter_invalid', message: 'intercom_user_id must be specified' }],
		],
		[
			'no body',
			400,
			'',
			[{ code: 'parameter_invalid', message: 'intercom_user_id must be specified' }],
		],
		[
			'a number id',
			400,
			{ intercom_user_id: 5 },
			[{ code: 'parameter_invalid', message: 'intercom_user_id must be a string' }],
		],
		[
			'invalid JSON',
			400,
			'{',
			[{ code: 'parameter_invalid', message: 'The request body must be a JSON object' }],
		],
	])(
		'POST /user_delete_requests with %s: %d, nothing deleted',
		async (_what, status, body, errors) => {
			const response = await call1('POST', '/user_delete_requests', body === '' ? undefined : body);
			expect(await errorsOf(response, status)).toEqual(errors);
			expect(sim.deletedIds()).toEqual([]);
		},
	);
});

describe('archive state shared by API 1.x and 2.x', () => {
	it('a user archived through DELETE /users is archived for /contacts', async () => {
		expect((await call1('DELETE', '/users?user_id=25')).status).toBe(200);
		expect(await errorsOf(await call('GET', `/contacts/${WASH}`), 404)).toEqual(contactNotFound);
		expect((await search('email', 'wash@serenity.io')).total_count).toBe(0);
		const archive = await call('POST', `/contacts/${WASH}/archive`);
		expect(await archive.json()).toEqual({
			type: 'contact',
			id: WASH,
			external_id: '25',
			archived: true,
		});
		expect(sim.archivedIds()).toEqual([WASH]);
		expectContract();
	});

	it('a contact archived through 2.x is gone for the Users API, and back after unarchive', async () => {
		await call('POST', `/contacts/${MAL}/archive`);
		expect(await errorsOf(await call1('GET', `/users/${MAL}`), 404)).toEqual(userNotFound);
		expect(await errorsOf(await call1('DELETE', '/users?email=mal%40serenity.io'), 404)).toEqual(
			userNotFound,
		);
		expect(await errorsOf(await call1('GET', '/users?user_id=32'), 404)).toEqual(userNotFound);
		await call('POST', `/contacts/${MAL}/unarchive`);
		expect(sim.archivedIds()).toEqual([]);
		const view = await call1('GET', `/users/${MAL}`);
		expect(await view.json()).toEqual(seed[MAL]);
		const archived = await call1('DELETE', '/users?email=mal%40serenity.io');
		expect(await archived.json()).toEqual(seed[MAL]);
		expect(sim.archivedIds()).toEqual([MAL]);
		expectContract();
	});
});

describe('recorded responses and state inspection', () => {
	it('responses record the body and Content-Type sent (and none for a reset)', async () => {
		const ok = await call('GET', `/contacts/${WASH}`);
		const okText = await ok.text();
		sim.injectFault({ status: 403, body: '<html>Forbidden</html>', contentType: 'text/html' });
		await (await call1('GET', '/me')).text();
		sim.injectFault({ reset: true });
		await expect(call1('GET', '/me')).rejects.toThrow();
		expect(sim.responses.map((r) => [r.status, r.contentType])).toEqual([
			[200, JSON_TYPE],
			[403, 'text/html'],
			['reset', undefined],
		]);
		expect(sim.responses[0].body).toBe(okText);
		expect(JSON.parse(sim.responses[0].body)).toEqual(WASH_CONTACT);
		expect(sim.responses[1].body).toBe('<html>Forbidden</html>');
		expect(sim.responses[2].body).toBe('');
	});

	it('getUser reports role and deleted; the users option accepts leads and rejects other roles', async () => {
		expect(sim.getUser(WASH)).toEqual({
			...seed[WASH],
			archived: false,
			deleted: false,
			role: 'user',
		});
		const { role: _role, ...leadUser } = seed[LEAD];
		expect(sim.getUser(LEAD)).toEqual({
			...leadUser,
			archived: false,
			deleted: false,
			role: 'lead',
		});
		expect(sim.getUser('unknown')).toBeUndefined();
		await restart({ users: [{ ...seed[MAL], user_id: null, role: 'lead' }] });
		expect(
			((await search('role', 'lead')).data[0] as { id: string; external_id: null }).external_id,
		).toBeNull();
		expect(() => new IntercomSimulator({ users: [{ ...seed[MAL], role: 'admin' }] })).toThrow(
			TypeError,
		);
	});
});

describe('contract helper (test/contract/openapi.ts)', () => {
	const list = JSON.stringify({
		type: 'list',
		data: [],
		total_count: 0,
		pages: { type: 'pages', page: 1, per_page: 50, total_pages: 0 },
	});

	it('catches a search request body the spec forbids', () => {
		const violations = checkExchange(
			'POST',
			'/contacts/search',
			'{"query":{"field":"email","operator":"===","value":1}}',
			200,
			list,
		);
		expect(violations.length).toBeGreaterThan(0);
		expect(violations[0]).toMatchObject({
			method: 'POST',
			path: '/contacts/search',
			part: 'request',
		});
		expect(violations[0].errors.join('\n')).toContain(
			'/query/operator must be equal to one of the allowed values',
		);
	});

	it('catches an archive answer with a numeric id', () => {
		const violations = checkExchange(
			'POST',
			`/contacts/${WASH}/archive`,
			'',
			200,
			'{"type":"contact","id":5}',
		);
		expect(violations).toEqual([
			{
				method: 'POST',
				path: `/contacts/${WASH}/archive`,
				part: 'response',
				status: 200,
				errors: ['/id must be string {"type":"string"}'],
			},
		]);
	});

	it('accepts conforming exchanges, and flags undocumented endpoints and non-JSON documented answers', () => {
		expect(
			checkExchange(
				'POST',
				'/contacts/search',
				'{"query":{"field":"email","operator":"=","value":"a@b.c"}}',
				200,
				list,
			),
		).toEqual([]);
		expect(checkExchange('GET', `/contacts/${WASH}/nothing/here`, '', 200, '{}')[0].errors[0]).toBe(
			`undocumented endpoint: no path template of the spec matches /contacts/${WASH}/nothing/here`,
		);
		expect(checkExchange('PATCH', `/contacts/${WASH}`, '', 200, '{}')[0].errors[0]).toBe(
			'undocumented endpoint: /contacts/{contact_id} has no PATCH operation',
		);
		expect(checkExchange('DELETE', `/contacts/${WASH}`, '', 401, '<html/>')[0]).toMatchObject({
			part: 'response',
			status: 401,
			errors: [expect.stringMatching(/^response body is not JSON/)],
		});
		expect(checkExchange('GET', `/contacts/${WASH}`, '', 404, 'anything')).toEqual([]);
	});
});
