/**
 * Get: one user by Intercom ID, email or user_id, on the Users API (1.4) and the Contacts API
 * (2.x), with the lookups, conflicts, lead rules and not-found semantics of the other
 * operations; it changes nothing, Dry Run included.
 */
import type { IDataObject } from 'n8n-workflow';

import { errorList, loadSeedUsers } from '../tools/intercom-simulator/simulator';
import { details, runNode, useSimulator } from './helpers';
import { DUP_A, DUP_B, LEAD, MAL, WASH } from './seed';

const seed = Object.fromEntries(loadSeedUsers().map((user) => [user.id, user]));
const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const get = (parameters: IDataObject) => ({ operation: 'get', ...parameters });

describe('Get one user', () => {
	const env = useSimulator({ rateLimit: { limit: 20, windowMs: 1000, enforce: true } });

	it.each([
		['Intercom ID', { archiveBy: 'id', intercomId: WASH }, 'GET', `/users/${WASH}`, ''],
		[
			'email',
			{ archiveBy: 'email', email: 'wash@serenity.io' },
			'GET',
			'/users',
			'email=wash%40serenity.io',
		],
		['user_id', { archiveBy: 'userId', userId: '25' }, 'GET', '/users', 'user_id=25'],
	])(
		'Users API by %s: one read, the full User object, nothing changed',
		async (_by, selector, method, path, rawQuery) => {
			const { items, error } = await runNode(env.baseUrl, get(selector));
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expect(items[0].json).toEqual(seed[WASH]);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(
				env.sim.requests.map((r) => [r.method, r.path, r.rawQuery, r.headers['intercom-version']]),
			).toEqual([[method, path, rawQuery, '1.4']]);
			expect(env.sim.archivedIds()).toEqual([]);
		},
	);

	it.each([
		['Intercom ID', { archiveBy: 'id', intercomId: WASH }, 'GET', `/contacts/${WASH}`, undefined],
		[
			'email',
			{ archiveBy: 'email', email: 'wash@serenity.io' },
			'POST',
			'/contacts/search',
			{ field: 'email', operator: '=', value: 'wash@serenity.io' },
		],
		[
			'user_id',
			{ archiveBy: 'userId', userId: '25' },
			'POST',
			'/contacts/search',
			{ field: 'external_id', operator: '=', value: '25' },
		],
	])(
		'Contacts API by %s: the contact, nothing changed',
		async (_by, selector, method, path, query) => {
			const { items, error } = await runNode(env.baseUrl, get({ ...CONTACTS, ...selector }));
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expect(items[0].json).toMatchObject({
				type: 'contact',
				id: WASH,
				role: 'user',
				external_id: '25',
				email: 'wash@serenity.io',
			});
			const [request] = env.sim.requests;
			expect([request.method, request.path, request.headers['intercom-version']]).toEqual([
				method,
				path,
				'2.14',
			]);
			if (query) expect((JSON.parse(request.body) as IDataObject).query).toEqual(query);
			expect(env.sim.requests).toHaveLength(1);
			expect(env.sim.archivedIds()).toEqual([]);
		},
	);

	it.each([
		['Users API', {}],
		['Contacts API', CONTACTS],
	])(
		'%s: two users on one email is the 409 conflict naming both, and nothing is returned',
		async (_api, api) => {
			const { items, error } = await runNode(
				env.baseUrl,
				get({ ...api, archiveBy: 'email', email: 'dup@example.com' }),
			);
			expect(items).toEqual([]);
			expect(error?.message).toBe('Intercom: Multiple users match this Email (conflict)');
			expect(details(error).httpCode).toBe('409');
			expect(details(error).description).toContain(
				`so nobody was returned. Candidates (Intercom IDs): ${DUP_A}, ${DUP_B}`,
			);
		},
	);

	it('Contacts API: a lead is never returned as a user, by Intercom ID or by email', async () => {
		const byId = await runNode(
			env.baseUrl,
			get({ ...CONTACTS, archiveBy: 'id', intercomId: LEAD }),
		);
		expect(byId.items).toEqual([]);
		expect(byId.error?.message).toContain('is a lead, not a user');
		const byEmail = await runNode(
			env.baseUrl,
			get({ ...CONTACTS, archiveBy: 'email', email: 'lead@example.com' }),
		);
		expect(byEmail.items).toEqual([]);
		expect(details(byEmail.error).description).toContain('only a lead has it');
		expect(details(byEmail.error).context.intercom?.outcome).toBe('notFound');
	});

	it.each([
		['a run', {}],
		['a dry run', { options: { dryRun: true } }],
	])(
		"Users API, %s: a lead's Intercom ID is refused as a lead (GET /users/{id} 404, then GET /contacts/{id} on 2.14)",
		async (_run, extra) => {
			const { items, error } = await runNode(
				env.baseUrl,
				get({ archiveBy: 'id', intercomId: LEAD, ...extra }),
			);
			expect(items).toEqual([]);
			expect(error?.message).toBe(`Intercom ID "${LEAD}" is a lead, not a user`);
			expect(details(error).description).toContain('the lead was not returned');
			expect(details(error).context.intercom?.outcome).toBeUndefined();
			expect(
				env.sim.requests.map((r) => [r.method, r.path, r.headers['intercom-version']]),
			).toEqual([
				['GET', `/users/${LEAD}`, '1.4'],
				['GET', `/contacts/${LEAD}`, '2.14'],
			]);
			expect(env.sim.getUser(LEAD)).toMatchObject({ archived: false, deleted: false });
		},
	);

	it('Users API: an Intercom ID nobody has stays User Not Found, after the same two reads', async () => {
		const nobody = 'nobody0000000000000000';
		const { items, error } = await runNode(
			env.baseUrl,
			get({ archiveBy: 'id', intercomId: nobody }),
		);
		expect(items).toEqual([]);
		expect(error?.message).toBe('Intercom: User Not Found (not_found)');
		expect(details(error).context.intercom?.outcome).toBe('notFound');
		expect(env.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /users/${nobody}`,
			`GET /contacts/${nobody}`,
		]);
	});

	it("Users API: a lead's Intercom ID is not hidden by Ignore Not Found (it is no not-found)", async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			get({ archiveBy: 'id', intercomId: LEAD, options: { ignoreNotFound: true } }),
		);
		expect(items).toEqual([]);
		expect(error?.message).toBe(`Intercom ID "${LEAD}" is a lead, not a user`);
	});

	it.each([
		['Users API', {}],
		['Contacts API', CONTACTS],
	])(
		'%s: an archived or unknown user with Ignore Not Found gives the notFound marker',
		async (_api, api) => {
			await runNode(env.baseUrl, { archiveBy: 'id', intercomId: MAL });
			env.sim.clearRequests();
			const { items, error } = await runNode(
				env.baseUrl,
				get({
					...api,
					archiveBy: 'email',
					email: '={{ $json.email }}',
					options: { ignoreNotFound: true },
				}),
				{
					items: [
						{ email: 'mal@serenity.io' },
						{ email: 'nobody@example.com' },
						{ email: 'wash@serenity.io' },
					],
				},
			);
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.outcome ?? item.json.id)).toEqual([
				'notFound',
				'notFound',
				WASH,
			]);
			expect(items[0].json).toMatchObject({
				notFound: true,
				operation: 'get',
				selector: 'email',
				value: 'mal@serenity.io',
			});
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(env.sim.archivedIds()).toEqual([MAL]);
		},
	);

	it('without Ignore Not Found, a missing user fails the item', async () => {
		const { error } = await runNode(
			env.baseUrl,
			get({ ...CONTACTS, archiveBy: 'id', intercomId: 'nobody0000000000000000' }),
		);
		expect(error?.message).toBe('Intercom: Contact Not Found (not_found)');
	});

	it.each([
		['Users API', {}],
		['Contacts API', CONTACTS],
	])(
		'%s: Dry Run is harmless: the same user, the same lookup, nothing changed',
		async (_api, api) => {
			const { items, error } = await runNode(
				env.baseUrl,
				get({ ...api, archiveBy: 'userId', userId: '25', options: { dryRun: true } }),
			);
			expect(error).toBeUndefined();
			expect(items[0].json.id).toBe(WASH);
			expect(items[0].json.dryRun).toBeUndefined();
			expect(
				env.sim.requests.every((r) => r.method === 'GET' || r.path === '/contacts/search'),
			).toBe(true);
			expect(env.sim.archivedIds()).toEqual([]);
		},
	);

	it('the same user in two rows is returned twice (a read has no duplicate to skip)', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			get({ archiveBy: 'email', email: '={{ $json.email }}' }),
			{
				items: [{ email: 'wash@serenity.io' }, { email: 'wash@serenity.io' }],
			},
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.id, item.json.duplicate])).toEqual([
			[WASH, undefined],
			[WASH, undefined],
		]);
	});

	it('an email in other capitals is looked up in lowercase, as the other operations do', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			get({ archiveBy: 'email', email: 'Wash@Serenity.io' }),
		);
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(WASH);
		expect(env.sim.requests.map((r) => r.rawQuery)).toEqual([
			'email=Wash%40Serenity.io',
			'email=wash%40serenity.io',
		]);
	});

	it('as an AI tool: the model fills in the email with $fromAI and gets that user', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			get({ archiveBy: 'email', email: "={{ $fromAI('email', 'Email of the user', 'string') }}" }),
			{ items: [{ email: 'mal@serenity.io' }] },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([MAL]);
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('a bad value fails before anything is sent, naming the field', async () => {
		const { error } = await runNode(
			env.baseUrl,
			get({ archiveBy: 'email', email: 'Ann <ann@example.com>' }),
		);
		expect(error?.message).toContain('Email "Ann <ann@example.com>" has a display name');
		expect(env.sim.requests).toEqual([]);
	});

	it("a 429 is waited out and retried, as every operation's requests are", async () => {
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
		const { items, error } = await runNode(
			env.baseUrl,
			get({ ...CONTACTS, archiveBy: 'email', email: 'wash@serenity.io' }),
		);
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(WASH);
		expect(env.sim.responses.map((r) => r.status)).toEqual([429, 200]);
	});
});
