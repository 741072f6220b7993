import type { IDataObject } from 'n8n-workflow';

import { loadSeedUsers } from '../tools/intercom-simulator/simulator';
import { checkSimulatorContacts } from './contract/openapi';
import { details, runNode, useSimulator } from './helpers';
import { bulkUsers, DUP_A, DUP_B, LEAD, MAL, SOLO, WASH } from './seed';

const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const CONFIRMED = { confirmPermanentDelete: true };

type Selector = [string, IDataObject];
const selectors = (id: string, email: string, userId: string): Selector[] => [
	['id', { archiveBy: 'id', intercomId: id }],
	['email', { archiveBy: 'email', email }],
	['user_id', { archiveBy: 'userId', userId }],
];

function wire(request: { method: string; path: string; rawQuery: string; body: string }) {
	return `${request.method} ${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}${request.body ? ` ${request.body}` : ''}`;
}

describe('Users API (1.4)', () => {
	const env = useSimulator();

	it.each(selectors(WASH, 'wash@serenity.io', '25'))(
		'unarchive by %s fails before any request: it needs the Contacts API',
		async (_by, params) => {
			// A saved value the editor no longer offers for Unarchive (its default is the Contacts API).
			const { error } = await runNode(env.baseUrl, {
				operation: 'unarchive',
				api: 'users',
				...params,
			});
			expect(error?.message).toBe('Unarchive needs the Contacts API (2.x)');
			expect(details(error).description).toContain("Set API to 'Contacts API (2.x)'");
			expect(env.sim.requests).toEqual([]);
		},
	);

	it.each([
		[
			// Read first, so that a lead is never deleted (case C35).
			'id',
			{ archiveBy: 'id', intercomId: SOLO },
			[`GET /users/${SOLO}`, `POST /user_delete_requests {"intercom_user_id":"${SOLO}"}`],
		],
		[
			'email (C11: the lookup answers a user.list)',
			{ archiveBy: 'email', email: 'solo@example.com' },
			[
				'GET /users?email=solo%40example.com',
				`POST /user_delete_requests {"intercom_user_id":"${SOLO}"}`,
			],
		],
		[
			'user_id',
			{ archiveBy: 'userId', userId: '31' },
			['GET /users?user_id=31', `POST /user_delete_requests {"intercom_user_id":"${SOLO}"}`],
		],
	])(
		'permanently delete by %s sends exactly those requests and deletes that user',
		async (_by, params, requests) => {
			const { items, error } = await runNode(env.baseUrl, {
				operation: 'permanentlyDelete',
				...CONFIRMED,
				...params,
			});
			expect(error).toBeUndefined();
			expect(env.sim.requests.map(wire)).toEqual(requests);
			expect(items).toHaveLength(1);
			expect(items[0].json).toMatchObject({ type: 'user_delete_request', intercom_user_id: SOLO });
			expect(typeof items[0].json.id).toBe('number');
			expect((items[0].json.user as IDataObject).email).toBe('solo@example.com');
			expect(env.sim.deletedIds()).toEqual([SOLO]);
			expect(env.sim.requests.every((r) => r.headers['intercom-version'] === '1.4')).toBe(true);
		},
	);

	it('C11: several users with the email: a conflict, and nobody is deleted', async () => {
		const { error } = await runNode(env.baseUrl, {
			operation: 'permanentlyDelete',
			...CONFIRMED,
			archiveBy: 'email',
			email: 'dup@example.com',
		});
		expect(error?.message).toBe('Intercom: Multiple users match this Email (conflict)');
		expect(details(error).httpCode).toBe('409');
		expect(details(error).description).toBe(
			`2 users match Email "dup@example.com", so nobody was deleted. Candidates (Intercom IDs): ${DUP_A}, ${DUP_B}. Use User ID or Intercom ID instead.`,
		);
		expect(env.sim.requests.map(wire)).toEqual(['GET /users?email=dup%40example.com']);
		expect(env.sim.deletedIds()).toEqual([]);
	});

	it.each([
		[
			'total_count above the users listed',
			{ total_count: 2, pages: { type: 'pages', page: 1, per_page: 50, total_pages: 1 } },
			`2 users match Email "solo@example.com", but Intercom's answer lists only 1, so nobody was deleted. Candidates seen (Intercom IDs): ${SOLO}, and more not listed. Use User ID or Intercom ID instead.`,
		],
		[
			'a next page',
			{
				total_count: 1,
				pages: {
					type: 'pages',
					page: 1,
					per_page: 1,
					total_pages: 2,
					next: 'https://api.intercom.io/users?email=solo%40example.com&page=2',
				},
			},
			`At least 2 users match Email "solo@example.com", but Intercom's answer lists only 1, so nobody was deleted. Candidates seen (Intercom IDs): ${SOLO}, and more not listed. Use User ID or Intercom ID instead.`,
		],
	])(
		'a lookup answer with only part of the matches (%s) is a conflict: nothing is deleted',
		async (_shape, paging, description) => {
			const solo = { type: 'user', id: SOLO, user_id: '31', email: 'solo@example.com' };
			env.sim.injectFault({
				status: 200,
				body: JSON.stringify({ type: 'user.list', users: [solo], ...paging }),
				match: { method: 'GET', path: '/users' },
			});
			const { error } = await runNode(env.baseUrl, {
				operation: 'permanentlyDelete',
				...CONFIRMED,
				archiveBy: 'email',
				email: 'solo@example.com',
			});
			expect(error?.message).toBe('Intercom: Multiple users match this Email (conflict)');
			expect(details(error).httpCode).toBe('409');
			expect(details(error).description).toBe(description);
			expect(env.sim.requests.map(wire)).toEqual(['GET /users?email=solo%40example.com']);
			expect(env.sim.requests.some((r) => r.path === '/user_delete_requests')).toBe(false);
			expect(env.sim.deletedIds()).toEqual([]);
		},
	);

	it('permanently deleting an unknown id says it may already be deleted', async () => {
		const { error } = await runNode(env.baseUrl, {
			operation: 'permanentlyDelete',
			...CONFIRMED,
			archiveBy: 'id',
			intercomId: 'nope123',
		});
		expect(error?.message).toBe('Intercom: User Not Found (not_found)');
		expect(details(error).description).toMatch(
			/^No user matches Intercom ID "nope123", or it was already deleted\. Nothing was deleted\./,
		);
	});

	it('C11: no user with the email: not found, nothing deleted', async () => {
		const { error } = await runNode(env.baseUrl, {
			operation: 'permanentlyDelete',
			...CONFIRMED,
			archiveBy: 'email',
			email: 'nobody@example.com',
		});
		expect(error?.message).toBe('Intercom: User Not Found (not_found)');
		expect(details(error).httpCode).toBe('404');
		expect(env.sim.deletedIds()).toEqual([]);
	});

	it.each(selectors(SOLO, 'solo@example.com', '31'))(
		'permanent delete by %s without the confirmation toggle fails and sends nothing',
		async (_by, params) => {
			const { error } = await runNode(env.baseUrl, {
				operation: 'permanentlyDelete',
				...params,
			});
			expect(error?.message).toBe('Permanent deletion is not confirmed');
			expect(details(error).description).toContain("Turn on 'Confirm Permanent Deletion'");
			expect(env.sim.requests).toEqual([]);
		},
	);
});

describe('Contacts API (2.14)', () => {
	const env = useSimulator();
	afterEach(() => {
		// Every 2.x exchange of the test, request and answer, against Intercom's official OpenAPI 2.14
		// (the description of the version sent).
		const { checked, violations } = checkSimulatorContacts(env.sim);
		expect(violations).toEqual([]);
		if (env.sim.requests.some((r) => r.path.startsWith('/contacts')))
			expect(checked).toBeGreaterThan(0);
	});

	const search = (field: string, value: string) =>
		`POST /contacts/search ${JSON.stringify({ query: { field, operator: '=', value }, pagination: { per_page: 50 } })}`;

	it.each([
		[
			'id',
			{ archiveBy: 'id', intercomId: MAL },
			[`GET /contacts/${MAL}`, `POST /contacts/${MAL}/archive`],
		],
		[
			'email',
			{ archiveBy: 'email', email: 'mal@serenity.io' },
			[search('email', 'mal@serenity.io'), `POST /contacts/${MAL}/archive`],
		],
		[
			'user_id (external_id)',
			{ archiveBy: 'userId', userId: '32' },
			[search('external_id', '32'), `POST /contacts/${MAL}/archive`],
		],
	])(
		'archive by %s finds the contact, archives it and returns it with archived: true',
		async (_by, params, requests) => {
			const { items, error } = await runNode(env.baseUrl, { ...CONTACTS, ...params });
			expect(error).toBeUndefined();
			expect(env.sim.requests.map(wire)).toEqual(requests);
			expect(env.sim.requests.every((r) => r.headers['intercom-version'] === '2.14')).toBe(true);
			expect(items[0].json).toMatchObject({
				type: 'contact',
				id: MAL,
				external_id: '32',
				email: 'mal@serenity.io',
				name: 'Malcolm Reynolds',
				role: 'user',
				archived: true,
			});
			expect(env.sim.archivedIds()).toEqual([MAL]);
		},
	);

	it('archive by email does not touch a lead: the node acts on users (case C30)', async () => {
		const { items, error } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'email',
			email: 'lead@example.com',
		});
		expect(items).toEqual([]);
		expect(details(error).description).toContain(`only a lead has it (Intercom ID ${LEAD})`);
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('C4: several contacts share the email: a conflict listing the candidates, nobody archived', async () => {
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'email',
			email: 'dup@example.com',
		});
		expect(error?.message).toBe('Intercom: Multiple users match this Email (conflict)');
		expect(details(error).description).toBe(
			`2 users match Email "dup@example.com", so nobody was archived. Candidates (Intercom IDs): ${DUP_A}, ${DUP_B}. Use User ID or Intercom ID instead.`,
		);
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it.each([
		[
			'email',
			{ archiveBy: 'email', email: 'nobody@example.com' },
			'Intercom: Contact Not Found (not_found)',
		],
		[
			'user_id',
			{ archiveBy: 'userId', userId: 'nobody' },
			'Intercom: Contact Not Found (not_found)',
		],
		[
			'id',
			{ archiveBy: 'id', intercomId: '000000000000000000000000' },
			'Intercom: Contact Not Found (not_found)',
		],
	])('zero matches by %s: not found, nothing archived', async (_by, params, message) => {
		const { error } = await runNode(env.baseUrl, { ...CONTACTS, ...params });
		expect(error?.message).toBe(message);
		expect(details(error).httpCode).toBe('404');
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('C10: archiving the same contact twice says it is not found or already archived', async () => {
		await runNode(env.baseUrl, { ...CONTACTS, archiveBy: 'id', intercomId: WASH });
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'id',
			intercomId: WASH,
		});
		expect(error?.message).toBe('Intercom: Contact Not Found (not_found)');
		expect(details(error).description).toContain('or that contact is already archived');
	});

	it('unarchive of an unknown id says so, without calling it "already archived"', async () => {
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			operation: 'unarchive',
			archiveBy: 'id',
			intercomId: 'nope123',
		});
		expect(error?.message).toBe('Intercom: Contact Not Found (not_found)');
		expect(details(error).description).toMatch(
			/^No contact has Intercom ID "nope123", or it was permanently deleted\. Nothing was changed\./,
		);
	});

	it('a bad selector from an expression is named for the operation', async () => {
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			operation: 'unarchive',
			archiveBy: '={{ "mail" }}',
			intercomId: 'x',
			email: 'x',
			userId: 'x',
		});
		expect(error?.message).toBe('Unarchive By "mail" is not supported. Use email, id or userId.');
		expect(env.sim.requests).toEqual([]);
	});

	it("unarchive with the node's defaults (Contacts API 2.14, by Intercom ID) restores an archived contact", async () => {
		await runNode(env.baseUrl, { ...CONTACTS, archiveBy: 'id', intercomId: WASH });
		env.sim.clearRequests();
		const { items, error } = await runNode(env.baseUrl, {
			operation: 'unarchive',
			intercomId: WASH,
		});
		expect(error).toBeUndefined();
		// The archived contact answers 404 to the first read, which refuses an active lead (C36).
		expect(env.sim.requests.map(wire)).toEqual([
			`GET /contacts/${WASH}`,
			`POST /contacts/${WASH}/unarchive`,
			`GET /contacts/${WASH}`,
		]);
		expect(env.sim.requests.every((r) => r.headers['intercom-version'] === '2.14')).toBe(true);
		expect(items[0].json).toMatchObject({ type: 'contact', id: WASH, archived: false });
	});

	it.each([false, true])(
		'Users API archive by the Intercom ID of an active lead is refused as a lead, not "not found" (dry run: %s)',
		async (dryRun) => {
			const { items, error } = await runNode(env.baseUrl, {
				archiveBy: 'id',
				intercomId: LEAD,
				options: { ignoreNotFound: true, ...(dryRun ? { dryRun: true } : {}) },
			});
			expect(items).toEqual([]);
			expect(error?.message).toBe(`Intercom ID "${LEAD}" is a lead, not a user`);
			expect(env.sim.requests.map(wire)).toEqual([
				`${dryRun ? 'GET' : 'DELETE'} /users/${LEAD}`,
				`GET /contacts/${LEAD}`,
			]);
			expect(env.sim.getUser(LEAD)?.archived).toBe(false);
		},
	);

	it('unarchive of an active user sends no unarchive and says notArchived: nothing changed', async () => {
		const { items, error } = await runNode(env.baseUrl, {
			...CONTACTS,
			operation: 'unarchive',
			archiveBy: 'id',
			intercomId: WASH,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([`GET /contacts/${WASH}`]);
		expect(items[0].json).toMatchObject({
			type: 'contact',
			id: WASH,
			archived: false,
			outcome: 'notArchived',
		});
	});

	it('unarchive after archive restores the contact and returns it with archived: false', async () => {
		await runNode(env.baseUrl, { ...CONTACTS, archiveBy: 'email', email: 'wash@serenity.io' });
		env.sim.clearRequests();
		const { items, error } = await runNode(env.baseUrl, {
			...CONTACTS,
			operation: 'unarchive',
			archiveBy: 'id',
			intercomId: WASH,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([
			`GET /contacts/${WASH}`,
			`POST /contacts/${WASH}/unarchive`,
			`GET /contacts/${WASH}`,
		]);
		expect(items[0].json).toMatchObject({
			type: 'contact',
			id: WASH,
			email: 'wash@serenity.io',
			archived: false,
		});
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it.each([
		['email', { archiveBy: 'email', email: 'wash@serenity.io' }, 'Email'],
		['user_id', { archiveBy: 'userId', userId: '25' }, 'User ID'],
	])(
		'unarchive by %s fails before any request: archived contacts are not searchable',
		async (_by, params, label) => {
			const { error } = await runNode(env.baseUrl, {
				...CONTACTS,
				operation: 'unarchive',
				...params,
			});
			expect(error?.message).toBe(`Unarchive by ${label} is not possible; use the Intercom ID`);
			expect(env.sim.requests).toEqual([]);
		},
	);

	it.each([
		// By id, the contact is read first, so that a lead is never deleted (case C30).
		[
			'id',
			{ archiveBy: 'id', intercomId: SOLO },
			[`GET /contacts/${SOLO}`, `DELETE /contacts/${SOLO}`],
		],
		[
			'email',
			{ archiveBy: 'email', email: 'solo@example.com' },
			[search('email', 'solo@example.com'), `DELETE /contacts/${SOLO}`],
		],
		[
			'user_id (external_id)',
			{ archiveBy: 'userId', userId: '31' },
			[search('external_id', '31'), `DELETE /contacts/${SOLO}`],
		],
	])('permanently delete by %s deletes exactly that contact', async (_by, params, requests) => {
		const { items, error } = await runNode(env.baseUrl, {
			...CONTACTS,
			operation: 'permanentlyDelete',
			...CONFIRMED,
			...params,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual(requests);
		expect(items[0].json).toMatchObject({
			type: 'contact',
			id: SOLO,
			external_id: '31',
			deleted: true,
		});
		expect(env.sim.deletedIds()).toEqual([SOLO]);
	});

	it('permanent delete without the confirmation toggle fails and sends nothing', async () => {
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			operation: 'permanentlyDelete',
			archiveBy: 'id',
			intercomId: SOLO,
		});
		expect(error?.message).toBe('Permanent deletion is not confirmed');
		expect(env.sim.requests).toEqual([]);
	});

	it('a Contacts API version that is not 2.x is refused before any request', async () => {
		const { error } = await runNode(env.baseUrl, {
			api: 'contacts',
			contactsApiVersion: '1.4',
			archiveBy: 'id',
			intercomId: WASH,
		});
		expect(error?.message).toBe(
			'Contacts API Version "1.4" is not a 2.x version (expected e.g. 2.14, 2.16 or Preview)',
		);
		expect(env.sim.requests).toEqual([]);
	});

	it('a Contacts API version given as a number by an expression is refused: 2.10 would be sent as 2.1', async () => {
		const { error } = await runNode(env.baseUrl, {
			api: 'contacts',
			contactsApiVersion: '={{ 2.10 }}',
			archiveBy: 'id',
			intercomId: WASH,
		});
		expect(error?.message).toBe(
			'Contacts API Version must be text such as "2.10", but the value is the number 2.1',
		);
		expect(env.sim.requests).toEqual([]);
	});

	it('continue-on-fail keeps every item, paired, across operations and selectors', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{
				...CONTACTS,
				archiveBy: '={{ $json.by }}',
				intercomId: '={{ $json.v }}',
				email: '={{ $json.v }}',
				userId: '={{ $json.v }}',
			},
			{
				items: [
					{ by: 'email', v: 'wash@serenity.io' },
					{ by: 'email', v: 'dup@example.com' },
					{ by: 'userId', v: '32' },
				],
				nodeSettings: { onError: 'continueRegularOutput' },
			},
		);
		expect(items.map((item) => item.json.id ?? item.json.error)).toEqual([
			WASH,
			'Intercom: Multiple users match this Email (conflict)',
			MAL,
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('C9: an email search with more than one page of results', () => {
	const many = bulkUsers(120, 'many', 'many@example.com');
	const env = useSimulator({ users: [...loadSeedUsers(), ...many] });

	it('passes the cursor in the body, reads every page once, and lists every candidate', async () => {
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'email',
			email: 'many@example.com',
		});
		const searches = env.sim.requests.filter((r) => r.path === '/contacts/search');
		expect(searches).toHaveLength(3);
		expect(searches.every((r) => r.rawQuery === '')).toBe(true);
		const cursors = searches.map(
			(r) => (JSON.parse(r.body) as { pagination: IDataObject }).pagination.starting_after,
		);
		expect(cursors[0]).toBeUndefined();
		expect(new Set(cursors.slice(1)).size).toBe(2);
		expect(error?.message).toBe('Intercom: Multiple users match this Email (conflict)');
		expect(details(error).description).toContain(
			'120 users match Email "many@example.com", so nobody was archived.',
		);
		expect(details(error).description).toContain('and 100 more');
		expect(env.sim.archivedIds()).toEqual([]);
		expect(checkSimulatorContacts(env.sim).violations).toEqual([]);
	});
});

describe('a contact search that cannot read every match changes nobody', () => {
	const capped = bulkUsers(1_001, 'cap', 'cap@example.com');
	const env = useSimulator({ users: [...loadSeedUsers(), ...capped] });
	const mal = {
		type: 'contact',
		id: MAL,
		external_id: '32',
		email: 'mal@serenity.io',
		role: 'user',
	};
	const page = (next: string | undefined, total: number) =>
		JSON.stringify({
			type: 'list',
			data: [mal],
			total_count: total,
			pages: {
				type: 'pages',
				page: 1,
				per_page: 50,
				total_pages: 1,
				...(next ? { next: { per_page: 50, starting_after: next } } : {}),
			},
		});

	it('more matches than the 20 pages the search reads: a conflict, nobody archived', async () => {
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'email',
			email: 'cap@example.com',
		});
		expect(env.sim.requests.filter((r) => r.path === '/contacts/search')).toHaveLength(20);
		expect(error?.message).toBe('Intercom: Multiple users match this Email (conflict)');
		expect(details(error).description).toMatch(
			/^1001 users match Email "cap@example\.com", but the search read only 1000 \(the search stops after 20 pages of 50\), so nobody was archived\. Candidates seen \(Intercom IDs\): cap0+, /,
		);
		expect(env.sim.requests.every((r) => r.path === '/contacts/search')).toBe(true);
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('total_count above the contacts listed: a conflict, nobody deleted', async () => {
		env.sim.injectFault({
			status: 200,
			body: page(undefined, 2),
			match: { method: 'POST', path: '/contacts/search' },
		});
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			operation: 'permanentlyDelete',
			...CONFIRMED,
			archiveBy: 'email',
			email: 'mal@serenity.io',
		});
		expect(error?.message).toBe('Intercom: Multiple users match this Email (conflict)');
		expect(details(error).description).toBe(
			`2 users match Email "mal@serenity.io", but the search read only 1 (Intercom counts 2 matches, more than its pages held), so nobody was deleted. Candidates seen (Intercom IDs): ${MAL}, and more not listed. Use User ID or Intercom ID instead.`,
		);
		expect(env.sim.requests.map((r) => r.method)).toEqual(['POST']);
		expect(env.sim.deletedIds()).toEqual([]);
	});

	it('a page cursor sent twice: a conflict, nobody archived', async () => {
		env.sim.injectFault({
			status: 200,
			body: page('again', 1),
			match: { method: 'POST', path: '/contacts/search' },
			times: 2,
		});
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'email',
			email: 'mal@serenity.io',
		});
		expect(error?.message).toBe('Intercom: Multiple users match this Email (conflict)');
		expect(details(error).description).toContain(
			'(Intercom sent a page cursor it had sent before), so nobody was archived.',
		);
		expect(env.sim.requests).toHaveLength(2);
		expect(env.sim.archivedIds()).toEqual([]);
	});
});

describe('C35: Users API, Permanently Delete by Intercom ID reads first, so a lead is never deleted', () => {
	const env = useSimulator();
	const DELETE_BY_ID = { operation: 'permanentlyDelete', ...CONFIRMED, archiveBy: 'id' };

	it('a lead: GET /users/{id} (404), GET /contacts/{id} (2.14) shows role lead: refused, nothing deleted', async () => {
		const { items, error } = await runNode(env.baseUrl, { ...DELETE_BY_ID, intercomId: LEAD });
		expect(items).toEqual([]);
		expect(error?.message).toBe(`Intercom ID "${LEAD}" is a lead, not a user`);
		expect(details(error).description).toBe(
			'The node acts on users only, so the lead was not deleted: leads are never changed. Nothing was changed.',
		);
		expect(details(error).httpCode).toBeFalsy();
		expect(env.sim.requests.map(wire)).toEqual([`GET /users/${LEAD}`, `GET /contacts/${LEAD}`]);
		expect(env.sim.requests.map((r) => r.headers['intercom-version'])).toEqual(['1.4', '2.14']);
		expect(env.sim.deletedIds()).toEqual([]);
		expect(env.sim.getUser(LEAD)).toMatchObject({ role: 'lead', deleted: false, archived: false });
	});

	it('the same refusal with Ignore Not Found on: a lead is not "not found"', async () => {
		const { error } = await runNode(env.baseUrl, {
			...DELETE_BY_ID,
			intercomId: LEAD,
			options: { ignoreNotFound: true },
		});
		expect(error?.message).toBe(`Intercom ID "${LEAD}" is a lead, not a user`);
		expect(env.sim.deletedIds()).toEqual([]);
	});

	it('an archived user: both reads 404, restored and read as a user (C42), then the deletion', async () => {
		await runNode(env.baseUrl, { archiveBy: 'id', intercomId: SOLO });
		expect(env.sim.archivedIds()).toEqual([SOLO]);
		env.sim.clearRequests();
		const { items, error } = await runNode(env.baseUrl, { ...DELETE_BY_ID, intercomId: SOLO });
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([
			`GET /users/${SOLO}`,
			`GET /contacts/${SOLO}`,
			`POST /contacts/${SOLO}/unarchive`,
			`GET /contacts/${SOLO}`,
			`POST /user_delete_requests {"intercom_user_id":"${SOLO}"}`,
		]);
		expect(env.sim.requests.map((r) => r.headers['intercom-version'])).toEqual([
			'1.4',
			'2.14',
			'2.14',
			'2.14',
			'1.4',
		]);
		expect(items[0].json).toMatchObject({
			type: 'user_delete_request',
			intercom_user_id: SOLO,
			user: { type: 'contact', id: SOLO, role: 'user' },
		});
		expect(env.sim.deletedIds()).toEqual([SOLO]);
	});

	it('an active user the Users API does not show but the Contacts API does (role user): deleted', async () => {
		env.sim.injectFault({
			status: 404,
			body: JSON.stringify({
				type: 'error.list',
				request_id: 'req-1',
				errors: [{ code: 'not_found', message: 'User Not Found' }],
			}),
			match: { method: 'GET', path: `/users/${MAL}` },
		});
		const { items, error } = await runNode(env.baseUrl, { ...DELETE_BY_ID, intercomId: MAL });
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([
			`GET /users/${MAL}`,
			`GET /contacts/${MAL}`,
			`POST /user_delete_requests {"intercom_user_id":"${MAL}"}`,
		]);
		expect(items[0].json).toMatchObject({
			type: 'user_delete_request',
			intercom_user_id: MAL,
			user: { type: 'contact', id: MAL, role: 'user' },
		});
		expect(env.sim.deletedIds()).toEqual([MAL]);
	});

	it('an unknown ID: both reads 404 and the restore 404: User Not Found, no deletion sent', async () => {
		const { error } = await runNode(env.baseUrl, { ...DELETE_BY_ID, intercomId: 'nope123' });
		expect(error?.message).toBe('Intercom: User Not Found (not_found)');
		expect(details(error).httpCode).toBe('404');
		expect(details(error).context.intercom?.outcome).toBe('notFound');
		expect(env.sim.requests.map(wire)).toEqual([
			'GET /users/nope123',
			'GET /contacts/nope123',
			'POST /contacts/nope123/unarchive',
		]);
	});
});

describe('C36: Unarchive by Intercom ID never leaves a lead changed', () => {
	const archivedLead = loadSeedUsers().map((user) =>
		user.id === LEAD || user.id === WASH ? { ...user, archived: true } : user,
	);
	const env = useSimulator({ users: archivedLead });
	const UNARCHIVE = { ...CONTACTS, operation: 'unarchive', archiveBy: 'id' };
	const REARCHIVED = `The node acts on users only, so leads are never changed. Unarchive had restored it, because Intercom cannot show an archived contact before it is restored; it was archived again at once, so it is as before.`;

	it('an archived lead: restored, seen as a lead in the read-back, archived again, and the item fails', async () => {
		const { items, error } = await runNode(env.baseUrl, { ...UNARCHIVE, intercomId: LEAD });
		expect(items).toEqual([]);
		expect(error?.message).toBe(`Intercom ID "${LEAD}" is a lead, not a user`);
		expect(details(error).description).toBe(REARCHIVED);
		expect(details(error).context.intercom?.outcome).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([
			`GET /contacts/${LEAD}`,
			`POST /contacts/${LEAD}/unarchive`,
			`GET /contacts/${LEAD}`,
			`POST /contacts/${LEAD}/archive`,
		]);
		expect(env.sim.getUser(LEAD)).toMatchObject({ role: 'lead', archived: true, deleted: false });
	});

	it('when archiving it again fails, the error says plainly that the lead is now unarchived', async () => {
		env.sim.injectFault({
			status: 500,
			match: { method: 'POST', path: `/contacts/${LEAD}/archive` },
			times: Infinity,
		});
		const { error } = await runNode(env.baseUrl, { ...UNARCHIVE, intercomId: LEAD });
		expect(error?.message).toBe(
			`Intercom ID "${LEAD}" is a lead, not a user, and is now unarchived`,
		);
		expect(details(error).description).toMatch(
			/^The node acts on users only, so leads are never changed\. Unarchive had restored it, because Intercom cannot show an archived contact before it is restored, and archiving it again failed \(.+\): the lead is now unarchived\. Archive it again in Intercom\.$/,
		);
		expect(env.sim.getUser(LEAD)).toMatchObject({ archived: false, deleted: false });
	});

	it('an active lead: refused after the first read, nothing sent to change it', async () => {
		await runNode(env.baseUrl, { ...UNARCHIVE, intercomId: LEAD });
		await fetch(`${env.baseUrl}/contacts/${LEAD}/unarchive`, {
			method: 'POST',
			headers: {
				Authorization: 'Bearer sim-token',
				Accept: 'application/json',
				'Intercom-Version': '2.14',
			},
		});
		expect(env.sim.getUser(LEAD)?.archived).toBe(false);
		env.sim.clearRequests();
		const { error } = await runNode(env.baseUrl, { ...UNARCHIVE, intercomId: LEAD });
		expect(error?.message).toBe(`Intercom ID "${LEAD}" is a lead, not a user`);
		expect(details(error).description).toBe(
			'The node acts on users only, so the lead was not unarchived: leads are never changed. Nothing was changed.',
		);
		expect(env.sim.requests.map(wire)).toEqual([`GET /contacts/${LEAD}`]);
		expect(env.sim.getUser(LEAD)?.archived).toBe(false);
	});

	it('an archived user still unarchives: GET (404), POST unarchive, GET', async () => {
		const { items, error } = await runNode(env.baseUrl, { ...UNARCHIVE, intercomId: WASH });
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([
			`GET /contacts/${WASH}`,
			`POST /contacts/${WASH}/unarchive`,
			`GET /contacts/${WASH}`,
		]);
		expect(items[0].json).toMatchObject({
			type: 'contact',
			id: WASH,
			role: 'user',
			archived: false,
		});
		expect(env.sim.archivedIds()).toEqual([LEAD]);
	});

	it('a stopped run does not count the lead as a change, nor does Retry On Fail', async () => {
		const { error } = await runNode(
			env.baseUrl,
			{ ...UNARCHIVE, intercomId: '={{ $json.id }}' },
			{
				items: [{ id: 'nope123' }, { id: LEAD }, { id: WASH }],
				nodeSettings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 100 },
			},
		);
		expect(error?.message).toBe('Intercom: Contact Not Found (not_found)');
		expect(details(error).description).toContain(
			`Before this error stopped the run, its other items had already changed Intercom: 1 unarchived (${WASH}). 1 other item failed.`,
		);
		const posts = (path: string) =>
			env.sim.requests.filter((r) => r.method === 'POST' && r.path === path).length;
		// WASH was restored in the first try and not sent again; the lead was tried (and archived again) each time.
		expect(posts(`/contacts/${WASH}/unarchive`)).toBe(1);
		expect(posts(`/contacts/${LEAD}/unarchive`)).toBe(2);
		expect(posts(`/contacts/${LEAD}/archive`)).toBe(2);
		expect(env.sim.getUser(LEAD)?.archived).toBe(true);
		expect(env.sim.archivedIds()).toEqual([LEAD]);
	});
});
