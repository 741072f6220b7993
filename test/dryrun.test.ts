/**
 * Options → Dry Run (`options.dryRun`): every item makes the lookup the real run would
 * make, through n8n's engine against the simulator over HTTP, and nothing else. The
 * simulator's request log must hold no change (no DELETE, no POST but
 * `/contacts/search`) and every record must be as before. Outcomes match the real
 * run's, item by item: one match → a `dryRun: true` item with the user as Intercom
 * returned it; several matches or a partial view → the conflict (409); nobody → the
 * not-found error, or the marker with Ignore Not Found; bad input → the same error,
 * nothing sent. Cases C31–C34 in test/CASES.md.
 */
import type { IDataObject } from 'n8n-workflow';

import { loadSeedUsers } from '../tools/intercom-simulator/simulator';
import type { IntercomSimulator } from '../tools/intercom-simulator/simulator';
import { details, runNode, useSimulator } from './helpers';
import { bulkUsers, DUP_A, DUP_B, LEAD, MAL, SOLO, WASH } from './seed';

const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const DRY = { options: { dryRun: true } };
const DRY_IGNORING = { options: { dryRun: true, ignoreNotFound: true } };
const NOTHING_CHANGED = 'Nothing was changed: a dry run sends lookups only.';
const DRY_RUN_ERROR = 'This was a dry run: only lookups were sent, and nothing was changed.';
/** The dry-run sentence after a description that already says no request was sent. */
const DRY_RUN_NOTHING_SENT = 'This was a dry run, and nothing was changed.';

function wire(request: { method: string; path: string; rawQuery: string; body: string }) {
	return `${request.method} ${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}${request.body ? ` ${request.body}` : ''}`;
}

/** The search body the Contacts API lookups send for `field` = `value` (first page). */
const search = (field: string, value: string) =>
	`POST /contacts/search ${JSON.stringify({ query: { field, operator: '=', value }, pagination: { per_page: 50 } })}`;

/** Every seeded record as the simulator holds it now (archived, deleted, role included). */
const records = (sim: IntercomSimulator) => loadSeedUsers().map((user) => sim.getUser(user.id));

/** True when no request of the log could change anything: GETs and searches only. */
const onlyLookups = (sim: IntercomSimulator) =>
	sim.requests.every(
		(r) => r.method === 'GET' || (r.method === 'POST' && r.path === '/contacts/search'),
	);

type Case = [string, IDataObject, string[]];

/** Users API (1.4): the lookup Dry Run sends for each selector. */
const USERS_LOOKUPS: Case[] = [
	['Intercom ID', { archiveBy: 'id', intercomId: WASH }, [`GET /users/${WASH}`]],
	[
		'email',
		{ archiveBy: 'email', email: 'wash@serenity.io' },
		['GET /users?email=wash%40serenity.io'],
	],
	['user_id', { archiveBy: 'userId', userId: '25' }, ['GET /users?user_id=25']],
];
/** Contacts API (2.x): the lookup the real run makes first. */
const CONTACTS_LOOKUPS: Case[] = [
	['Intercom ID', { archiveBy: 'id', intercomId: WASH }, [`GET /contacts/${WASH}`]],
	[
		'email',
		{ archiveBy: 'email', email: 'wash@serenity.io' },
		[search('email', 'wash@serenity.io')],
	],
	['user_id', { archiveBy: 'userId', userId: '25' }, [search('external_id', '25')]],
];

describe('Dry Run: one match gives a dryRun item and changes nothing', () => {
	const env = useSimulator();

	describe.each([
		['Users API (1.4)', {}, USERS_LOOKUPS, 'user'],
		['Contacts API (2.x)', CONTACTS, CONTACTS_LOOKUPS, 'contact'],
	] as Array<[string, IDataObject, Case[], string]>)('%s', (_api, api, lookups, type) => {
		describe.each(lookups)('by %s', (_by, selector, requests) => {
			it.each([
				['archive', {}, 'Dry run: Archive would archive this user', 'archive'],
				[
					'permanentlyDelete',
					{ confirmPermanentDelete: true },
					'Dry run: Permanently Delete would permanently delete this user',
					'permanently delete',
				],
			])('C31: %s: only the lookup is sent', async (operation, extra, message, does) => {
				const before = records(env.sim);
				const { items, error } = await runNode(env.baseUrl, {
					operation,
					...api,
					...extra,
					...selector,
					...DRY,
				});
				expect(error).toBeUndefined();
				expect(env.sim.requests.map(wire)).toEqual(requests);
				expect(onlyLookups(env.sim)).toBe(true);
				expect(records(env.sim)).toEqual(before);
				expect(items).toHaveLength(1);
				expect(items[0].pairedItem).toEqual({ item: 0 });
				const json = items[0].json;
				expect(json).toMatchObject({
					dryRun: true,
					outcome: 'wouldChange',
					operation,
					selector: selector.archiveBy,
					value: selector.intercomId ?? selector.email ?? selector.userId,
					message,
				});
				expect(json.description).toContain(`The real run would ${does} it.`);
				expect(json.description).toContain(NOTHING_CHANGED);
				// The user as Intercom returned it: the User object, or the contact.
				const user = json.user as IDataObject;
				expect(user).toMatchObject({ type, id: WASH, email: 'wash@serenity.io' });
				expect(user[type === 'user' ? 'user_id' : 'external_id']).toBe('25');
				// Nothing added to it: the contact as read has no `archived`, the real archive's output does.
				expect(user).not.toHaveProperty('archived');
				if (operation === 'permanentlyDelete') expect(json.confirmationNeeded).toBe(false);
				else expect(json).not.toHaveProperty('confirmationNeeded');
			});
		});
	});

	it('the User a Users API email lookup carries is the one entry of the user.list Intercom answered', async () => {
		const { items } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'solo@example.com',
			...DRY,
		});
		const listed = await fetch(`${env.baseUrl}/users?email=solo%40example.com`, {
			headers: {
				Authorization: 'Bearer sim-token',
				Accept: 'application/json',
				'Intercom-Version': '1.4',
			},
		}).then(async (response) => (await response.json()) as { type: string; users: IDataObject[] });
		expect(listed.type).toBe('user.list');
		expect(items[0].json.user).toEqual(listed.users[0]);
	});

	it('C33: Permanently Delete needs no confirmation in a dry run, and says the real run still does', async () => {
		const { items, error } = await runNode(env.baseUrl, {
			operation: 'permanentlyDelete',
			archiveBy: 'email',
			email: 'solo@example.com',
			...DRY,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			dryRun: true,
			outcome: 'wouldChange',
			confirmationNeeded: true,
		});
		expect(items[0].json.description).toContain(
			"The real run also needs 'Confirm Permanent Deletion' switched on in the node: it is off, so the real run would be refused before any request.",
		);
		expect(env.sim.requests.map(wire)).toEqual(['GET /users?email=solo%40example.com']);
		expect(env.sim.deletedIds()).toEqual([]);
	});

	it('three items: each paired with its input, each its own outcome, nothing changed', async () => {
		const before = records(env.sim);
		const { items, error } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}', ...DRY_IGNORING },
			{
				items: [
					{ email: 'wash@serenity.io' },
					{ email: 'nobody@example.com' },
					{ email: 'mal@serenity.io' },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => item.json.outcome)).toEqual([
			'wouldChange',
			'notFound',
			'wouldChange',
		]);
		expect(items.map((item) => item.json.dryRun)).toEqual([true, true, true]);
		expect((items[2].json.user as IDataObject).id).toBe(MAL);
		expect(onlyLookups(env.sim)).toBe(true);
		expect(records(env.sim)).toEqual(before);
	});

	it('a lookup answered 503 is retried like any read, then gives the dryRun item', async () => {
		env.sim.injectFault({ status: 503, match: { method: 'GET', path: '/users' } });
		const { items, error } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'wash@serenity.io',
			...DRY,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([
			'GET /users?email=wash%40serenity.io',
			'GET /users?email=wash%40serenity.io',
		]);
		expect(items[0].json).toMatchObject({ dryRun: true, outcome: 'wouldChange' });
		expect(env.sim.archivedIds()).toEqual([]);
	});
});

describe('Dry Run: Unarchive says it would restore the user, or that it is not archived', () => {
	const env = useSimulator();

	it('C34: an archived user: it would be restored; only GET /contacts/{id} is sent', async () => {
		await runNode(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		expect(env.sim.archivedIds()).toEqual([WASH]);
		env.sim.clearRequests();
		const { items, error } = await runNode(env.baseUrl, {
			operation: 'unarchive',
			intercomId: WASH,
			...DRY,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([`GET /contacts/${WASH}`]);
		expect(env.sim.archivedIds()).toEqual([WASH]);
		expect(items[0].json).toEqual({
			dryRun: true,
			outcome: 'wouldChangeIfArchived',
			operation: 'unarchive',
			selector: 'id',
			value: WASH,
			message: 'Dry run: Unarchive would restore this user if it is archived',
			description: `Intercom shows no active contact with Intercom ID "${WASH}". If it is archived, the real run restores it (a lead it archives again at once, and fails). Archived contacts appear in no lookup, so a dry run cannot tell an archived contact from an unknown or deleted ID: if no contact has this ID, the real run fails with Contact Not Found (or gives the notFound marker with Ignore Not Found). ${NOTHING_CHANGED}`,
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('C34: an active user: it is not archived, and the item carries the contact', async () => {
		const { items, error } = await runNode(env.baseUrl, {
			operation: 'unarchive',
			intercomId: MAL,
			...DRY,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([`GET /contacts/${MAL}`]);
		expect(items[0].json).toMatchObject({
			dryRun: true,
			outcome: 'notArchived',
			operation: 'unarchive',
			message: 'Dry run: this user is not archived',
			user: { type: 'contact', id: MAL, email: 'mal@serenity.io', role: 'user' },
		});
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it("C36: an active lead: the real run's refusal, after GET /contacts/{id} alone", async () => {
		const { error } = await runNode(env.baseUrl, {
			operation: 'unarchive',
			intercomId: LEAD,
			...DRY,
		});
		expect(error?.message).toBe(`Intercom ID "${LEAD}" is a lead, not a user`);
		expect(details(error).description).toContain('the lead was not unarchived');
		expect(details(error).description).toContain(DRY_RUN_ERROR);
		expect(env.sim.requests.map(wire)).toEqual([`GET /contacts/${LEAD}`]);
		expect(env.sim.getUser(LEAD)).toMatchObject({ archived: false, deleted: false });
	});

	it.each([
		['the Users API', { api: 'users', intercomId: WASH }, 'Unarchive needs the Contacts API (2.x)'],
		[
			'an email',
			{ archiveBy: 'email', email: 'wash@serenity.io' },
			'Unarchive by Email is not possible; use the Intercom ID',
		],
	])(
		'Unarchive with %s is refused as in a real run, nothing sent',
		async (_what, params, message) => {
			const { error } = await runNode(env.baseUrl, {
				operation: 'unarchive',
				...params,
				...DRY,
			});
			expect(error?.message).toBe(message);
			expect(details(error).description).toContain(DRY_RUN_NOTHING_SENT);
			expect(env.sim.requests).toEqual([]);
		},
	);
});

describe('Dry Run: Permanently Delete by Intercom ID on the Users API', () => {
	const env = useSimulator();

	it('C34: an archived user (which the real run deletes by ID): would delete it if archived', async () => {
		await runNode(env.baseUrl, { archiveBy: 'id', intercomId: SOLO });
		env.sim.clearRequests();
		const { items, error } = await runNode(env.baseUrl, {
			operation: 'permanentlyDelete',
			archiveBy: 'id',
			intercomId: SOLO,
			...DRY,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([`GET /users/${SOLO}`, `GET /contacts/${SOLO}`]);
		expect(env.sim.requests.map((r) => r.headers['intercom-version'])).toEqual(['1.4', '2.14']);
		expect(items[0].json).toMatchObject({
			dryRun: true,
			outcome: 'wouldChangeIfArchived',
			operation: 'permanentlyDelete',
			message: 'Dry run: Permanently Delete would permanently delete this user if it is archived',
			confirmationNeeded: true,
		});
		expect(items[0].json).not.toHaveProperty('user');
		expect(items[0].json.description).toContain(
			'Nor does the Contacts API show a contact with it. If it is an archived user, the real run restores it for a moment (POST /contacts/{id}/unarchive), reads it and deletes it. If it is an archived lead, the real run sees that, archives it again at once and fails: leads are never deleted.',
		);
		expect(env.sim.deletedIds()).toEqual([]);
		expect(env.sim.archivedIds()).toEqual([SOLO]);
	});
});

describe("C35: Dry Run of Permanently Delete by Intercom ID on the Users API follows the real run's reads", () => {
	const env = useSimulator();
	const DELETE_BY_ID = {
		operation: 'permanentlyDelete',
		confirmPermanentDelete: true,
		archiveBy: 'id',
	};

	it("a lead: the real run's refusal, after GET /users/{id} (404) and GET /contacts/{id} (2.14)", async () => {
		const before = records(env.sim);
		const { items, error } = await runNode(env.baseUrl, {
			...DELETE_BY_ID,
			intercomId: LEAD,
			...DRY_IGNORING,
		});
		expect(items).toEqual([]);
		expect(error?.message).toBe(`Intercom ID "${LEAD}" is a lead, not a user`);
		expect(details(error).description).toBe(
			`The node acts on users only, so the lead was not deleted: leads are never changed. Nothing was changed. ${DRY_RUN_ERROR}`,
		);
		expect(details(error).context.intercom?.outcome).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([`GET /users/${LEAD}`, `GET /contacts/${LEAD}`]);
		expect(env.sim.requests.map((r) => r.headers['intercom-version'])).toEqual(['1.4', '2.14']);
		expect(records(env.sim)).toEqual(before);
	});

	it('an active user: wouldChange with the User, after GET /users/{id} alone', async () => {
		const { items, error } = await runNode(env.baseUrl, {
			...DELETE_BY_ID,
			intercomId: SOLO,
			...DRY,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([`GET /users/${SOLO}`]);
		expect(items[0].json).toMatchObject({
			dryRun: true,
			outcome: 'wouldChange',
			confirmationNeeded: false,
			user: { type: 'user', id: SOLO, email: 'solo@example.com' },
		});
		expect(env.sim.deletedIds()).toEqual([]);
	});
});

describe('Dry Run: conflicts, partial views and not found, as the real run', () => {
	const env = useSimulator();

	it.each([
		['Users API', {}, 'archive', ['GET /users?email=dup%40example.com']],
		['Users API', {}, 'permanentlyDelete', ['GET /users?email=dup%40example.com']],
		['Contacts API', CONTACTS, 'archive', [search('email', 'dup@example.com')]],
		['Contacts API', CONTACTS, 'permanentlyDelete', [search('email', 'dup@example.com')]],
	])(
		'C32: %s, %s: several users share the email: the conflict (409), nothing changed',
		async (_api, api, operation, requests) => {
			const { error, items } = await runNode(env.baseUrl, {
				operation,
				...api,
				archiveBy: 'email',
				email: 'dup@example.com',
				...DRY_IGNORING,
			});
			expect(items).toEqual([]);
			expect(error?.message).toBe('Intercom: Multiple users match this Email (conflict)');
			expect(details(error).httpCode).toBe('409');
			const done = operation === 'archive' ? 'archived' : 'deleted';
			expect(details(error).description).toBe(
				`2 users match Email "dup@example.com", so nobody was ${done}. Candidates (Intercom IDs): ${DUP_A}, ${DUP_B}. Use User ID or Intercom ID instead. ${DRY_RUN_ERROR}`,
			);
			expect(env.sim.requests.map(wire)).toEqual(requests);
			expect(env.sim.archivedIds()).toEqual([]);
			expect(env.sim.deletedIds()).toEqual([]);
		},
	);

	it("Users API by user_id, two users share it: Intercom's own conflict (409), as the real archive gets it", async () => {
		const users = loadSeedUsers().map((user) =>
			user.id === DUP_B ? { ...user, user_id: '29' } : user,
		);
		const { IntercomSimulator } = await import('../tools/intercom-simulator/simulator');
		const sim = new IntercomSimulator({ users });
		const baseUrl = await sim.start();
		try {
			const { error } = await runNode(baseUrl, { archiveBy: 'userId', userId: '29', ...DRY });
			expect(error?.message).toBe(
				'Intercom: Multiple existing users match this user_id (conflict)',
			);
			expect(details(error).httpCode).toBe('409');
			expect(sim.requests.map(wire)).toEqual(['GET /users?user_id=29']);
			expect(sim.archivedIds()).toEqual([]);
		} finally {
			await sim.stop();
		}
	});

	it('C32: Users API: a user.list that shows only part of the matches is the conflict', async () => {
		const solo = { type: 'user', id: SOLO, user_id: '31', email: 'solo@example.com' };
		env.sim.injectFault({
			status: 200,
			body: JSON.stringify({
				type: 'user.list',
				users: [solo],
				total_count: 2,
				pages: { type: 'pages', page: 1, per_page: 50, total_pages: 1 },
			}),
			match: { method: 'GET', path: '/users' },
		});
		const { error } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'solo@example.com',
			...DRY,
		});
		expect(error?.message).toBe('Intercom: Multiple users match this Email (conflict)');
		expect(details(error).httpCode).toBe('409');
		expect(details(error).description).toBe(
			`2 users match Email "solo@example.com", but Intercom's answer lists only 1, so nobody was archived. Candidates seen (Intercom IDs): ${SOLO}, and more not listed. Use User ID or Intercom ID instead. ${DRY_RUN_ERROR}`,
		);
		expect(onlyLookups(env.sim)).toBe(true);
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('C32: Contacts API: a search whose total_count is above what it held is the conflict', async () => {
		env.sim.injectFault({
			status: 200,
			body: JSON.stringify({
				type: 'list',
				data: [
					{ type: 'contact', id: MAL, external_id: '32', email: 'mal@serenity.io', role: 'user' },
				],
				total_count: 2,
				pages: { type: 'pages', page: 1, per_page: 50, total_pages: 1 },
			}),
			match: { method: 'POST', path: '/contacts/search' },
		});
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			operation: 'permanentlyDelete',
			archiveBy: 'email',
			email: 'mal@serenity.io',
			...DRY,
		});
		expect(error?.message).toBe('Intercom: Multiple users match this Email (conflict)');
		expect(details(error).httpCode).toBe('409');
		expect(details(error).description).toContain('so nobody was deleted.');
		expect(onlyLookups(env.sim)).toBe(true);
		expect(env.sim.deletedIds()).toEqual([]);
	});

	it.each([
		[
			'Users API',
			'archive',
			{},
			{ archiveBy: 'email', email: 'nobody@example.com' },
			'Intercom: User Not Found (not_found)',
		],
		[
			'Users API',
			'archive',
			{},
			{ archiveBy: 'id', intercomId: 'nobody000000000000000000' },
			'Intercom: User Not Found (not_found)',
		],
		[
			'Users API',
			'permanentlyDelete',
			{},
			{ archiveBy: 'userId', userId: '999' },
			'Intercom: User Not Found (not_found)',
		],
		[
			'Contacts API',
			'archive',
			CONTACTS,
			{ archiveBy: 'email', email: 'nobody@example.com' },
			'Intercom: Contact Not Found (not_found)',
		],
		[
			'Contacts API',
			'permanentlyDelete',
			CONTACTS,
			{ archiveBy: 'email', email: 'nobody@example.com' },
			'Intercom: Contact Not Found (not_found)',
		],
	])(
		'C34: %s, %s of nobody: the not-found error; with Ignore Not Found the marker',
		async (_api, operation, api, selector, message) => {
			const failed = await runNode(env.baseUrl, { operation, ...api, ...selector, ...DRY });
			expect(failed.error?.message).toBe(message);
			expect(details(failed.error).httpCode).toBe('404');
			expect(details(failed.error).context.intercom?.outcome).toBe('notFound');
			expect(details(failed.error).description).toContain(DRY_RUN_ERROR);
			const marked = await runNode(env.baseUrl, {
				operation,
				...api,
				...selector,
				...DRY_IGNORING,
			});
			expect(marked.error).toBeUndefined();
			const value =
				(selector as IDataObject).email ??
				(selector as IDataObject).intercomId ??
				(selector as IDataObject).userId;
			expect(marked.items).toHaveLength(1);
			expect(marked.items[0].json).toMatchObject({
				dryRun: true,
				notFound: true,
				outcome: 'notFound',
				operation,
				selector: (selector as IDataObject).archiveBy,
				value,
				message,
			});
			expect(marked.items[0].json).not.toHaveProperty('id');
			expect(onlyLookups(env.sim)).toBe(true);
			expect(env.sim.archivedIds()).toEqual([]);
			expect(env.sim.deletedIds()).toEqual([]);
		},
	);

	it("the marker's words are those of the real run's marker", async () => {
		const selector = { archiveBy: 'email', email: 'nobody@example.com', ...CONTACTS };
		const dry = await runNode(env.baseUrl, { ...selector, ...DRY_IGNORING });
		const real = await runNode(env.baseUrl, { ...selector, options: { ignoreNotFound: true } });
		const { dryRun, ...words } = dry.items[0].json;
		expect(dryRun).toBe(true);
		expect(words).toEqual(real.items[0].json);
	});

	it("a lead's Intercom ID on the Contacts API is refused as in the real run", async () => {
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'id',
			intercomId: LEAD,
			...DRY_IGNORING,
		});
		expect(error?.message).toBe(`Intercom ID "${LEAD}" is a lead, not a user`);
		expect(env.sim.requests.map(wire)).toEqual([`GET /contacts/${LEAD}`]);
		expect(env.sim.getUser(LEAD)?.archived).toBe(false);
	});
});

describe('Dry Run: bad input fails before any request, no other item lost', () => {
	const env = useSimulator();

	it.each([
		['an email that is not one', { archiveBy: 'email', email: 'not-an-email' }, 'Email'],
		['an invisible character', { archiveBy: 'userId', userId: '42\u200b' }, 'User ID'],
		['an empty Intercom ID', { archiveBy: 'id', intercomId: '  ' }, 'Intercom ID'],
	])('%s: the error names the field, nothing is sent', async (_what, selector, field) => {
		const { error } = await runNode(env.baseUrl, { ...selector, ...DRY });
		expect(error?.message).toContain(field);
		expect(details(error).description ?? '').toContain(DRY_RUN_NOTHING_SENT);
		expect(env.sim.requests).toEqual([]);
	});

	it('under Continue, the bad item fails with dryRun: true and the others still come out', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}', ...DRY },
			{
				items: [
					{ email: 'wash@serenity.io' },
					{ email: 'Ann <ann@example.com>' },
					{ email: 'mal@serenity.io' },
				],
				nodeSettings: { onError: 'continueRegularOutput' },
			},
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ dryRun: true, outcome: 'wouldChange' });
		expect(items[1].json.error).toContain('Email');
		// Continue (regular output): the item is json only, so its fields reach the output.
		expect(items[1].error).toBeUndefined();
		expect(items[1].json).toMatchObject({
			dryRun: true,
			outcome: 'failed',
			operation: 'archive',
			field: 'Email',
		});
		expect(items[2].json).toMatchObject({ dryRun: true, outcome: 'wouldChange' });
		expect(env.sim.requests.map(wire)).toEqual([
			'GET /users?email=wash%40serenity.io',
			'GET /users?email=mal%40serenity.io',
		]);
	});
});

describe('Dry Run in the tool variant: the model may set it', () => {
	const env = useSimulator();

	it("options.dryRun from $fromAI: the model's true gives a dry run, its false the real run", async () => {
		const parameters = {
			archiveBy: 'email',
			email: "={{ $fromAI('email', 'Email of the user', 'string') }}",
			options: { dryRun: "={{ $fromAI('dryRun', 'Only look up, change nothing', 'boolean') }}" },
		};
		const dry = await runNode(env.baseUrl, parameters, {
			items: [{ email: 'wash@serenity.io', dryRun: true }],
		});
		expect(dry.error).toBeUndefined();
		expect(dry.items[0].json).toMatchObject({ dryRun: true, outcome: 'wouldChange' });
		expect(env.sim.archivedIds()).toEqual([]);
		const real = await runNode(env.baseUrl, parameters, {
			items: [{ email: 'wash@serenity.io', dryRun: false }],
		});
		expect(real.error).toBeUndefined();
		expect(real.items[0].json).toMatchObject({ type: 'user', id: WASH });
		expect(env.sim.archivedIds()).toEqual([WASH]);
	});

	it('C33: a dry run does not lift the rule for the real run: a $fromAI confirmation is still refused there', async () => {
		const parameters = {
			operation: 'permanentlyDelete',
			archiveBy: 'email',
			email: 'solo@example.com',
			confirmPermanentDelete: "={{ $fromAI('confirm', 'Delete for good', 'boolean') }}",
		};
		const dry = await runNode(
			env.baseUrl,
			{ ...parameters, ...DRY },
			{ items: [{ confirm: true }] },
		);
		expect(dry.items[0].json).toMatchObject({ dryRun: true, confirmationNeeded: true });
		expect(dry.items[0].json.description).toContain(
			'it is set by an expression, which the real run refuses',
		);
		const real = await runNode(env.baseUrl, parameters, { items: [{ confirm: true }] });
		expect(real.error?.message).toBe('Permanent deletion must be confirmed in the node');
		expect(env.sim.deletedIds()).toEqual([]);
	});
});

describe('Dry Run under a rate limit: paced like any read', () => {
	const users = bulkUsers(30, 'dry');
	const env = useSimulator({
		users: [...loadSeedUsers(), ...users],
		rateLimit: { limit: 10, windowMs: 1_000 },
	});

	it('30 lookups at 10 per second: every item gets its dryRun item, nothing archived', async () => {
		const started = Date.now();
		const { items, error } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}', ...DRY },
			{ items: users.map((user) => ({ email: user.email })) },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(30);
		expect(items.every((item) => item.json.outcome === 'wouldChange')).toBe(true);
		expect(items.map((item) => (item.json.user as IDataObject).email)).toEqual(
			users.map((user) => user.email),
		);
		// Three windows of 10: the gate waits for each instead of running into 429s.
		expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
		expect(env.sim.countStatus(429)).toBe(0);
		expect(onlyLookups(env.sim)).toBe(true);
		expect(env.sim.archivedIds()).toEqual([]);
	});
});
