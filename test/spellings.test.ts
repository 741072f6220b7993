/**
 * One address, several spellings; one user, several rows (cases C43 and C46 in
 * test/CASES.md), through n8n's engine against the simulator over real HTTP: an
 * internationalised domain in Unicode or punycode, an email in other capitals, and a
 * list that names the same user more than once.
 *
 * Intercom's API reference does not say whether email lookups ignore letter case, so
 * the case tests run against the simulator both ways (`emailMatch`).
 */
import type { IDataObject } from 'n8n-workflow';

import type { EmailMatch, SimUser } from '../tools/intercom-simulator/simulator';
import { IntercomSimulator, loadSeedUsers } from '../tools/intercom-simulator/simulator';
import { details, runNode } from './helpers';
import { MAL } from './seed';

const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const IGNORE = { ignoreNotFound: true };
const template = loadSeedUsers()[0];
const user = (id: string, email: string, userId: string): SimUser => ({
	...template,
	id,
	email,
	user_id: userId,
	name: email,
});

const ZOE = '6c00aa00bb00cc00dd000001'; // stored with the punycode domain
const ANA = '6c00aa00bb00cc00dd000002'; // stored with the Unicode domain
const KAYLEE = '6c00aa00bb00cc00dd000003';
const extra = [
	user(ZOE, 'zoe@xn--maana-pta.example', 'zoe-1'),
	user(ANA, 'ana@ma\u00f1ana.example', 'ana-1'),
	user(KAYLEE, 'kaylee@serenity.io', 'kaylee-1'),
];

const env: { sim: IntercomSimulator; baseUrl: string } = {} as never;
async function start(emailMatch: EmailMatch = 'exact'): Promise<void> {
	await env.sim?.stop();
	env.sim = new IntercomSimulator({ users: [...loadSeedUsers(), ...extra], emailMatch });
	env.baseUrl = await env.sim.start();
}
beforeEach(async () => await start());
afterEach(async () => {
	await env.sim.stop();
});

const wire = () =>
	env.sim.requests.map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`);

/** The change requests Intercom carried out (2xx answers to anything but a lookup). */
const changesMade = () =>
	env.sim.responses.filter(
		({ request, status }) =>
			request.method !== 'GET' &&
			request.path !== '/contacts/search' &&
			typeof status === 'number' &&
			status < 300,
	).length;

const byEmail = { archiveBy: 'email', email: '={{ $json.email }}' };
const rows = (...emails: string[]) => emails.map((email) => ({ email }));

describe('C43: an internationalised domain in the other spelling', () => {
	it('C43: Users API, zoe@mañana.example archives the user Intercom holds as zoe@xn--maana-pta.example', async () => {
		const { error, items } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'zoe@ma\u00f1ana.example',
			options: IGNORE,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.id, item.json.notFound])).toEqual([[ZOE, undefined]]);
		expect(env.sim.archivedIds()).toEqual([ZOE]);
		expect(wire()).toEqual([
			'DELETE /users?email=zoe%40ma%C3%B1ana.example',
			'DELETE /users?email=zoe%40xn--maana-pta.example',
		]);
	});

	it('C43: Users API, the reverse: ana@xn--maana-pta.example archives the user held as ana@mañana.example', async () => {
		const { error, items } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'ana@xn--maana-pta.example',
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([ANA]);
		expect(wire()).toEqual([
			'DELETE /users?email=ana%40xn--maana-pta.example',
			'DELETE /users?email=ana%40ma%C3%B1ana.example',
		]);
	});

	it.each([
		['zoe@ma\u00f1ana.example', ZOE],
		['ana@xn--maana-pta.example', ANA],
	])('C43: Contacts API, %s archives the user held in the other spelling', async (email, id) => {
		const { error, items } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'email',
			email,
			options: IGNORE,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.id, item.json.archived])).toEqual([[id, true]]);
		expect(env.sim.archivedIds()).toEqual([id]);
		const searched = env.sim.requests
			.filter((r) => r.path === '/contacts/search')
			.map((r) => (JSON.parse(r.body) as { query: { value: string } }).query.value);
		expect(searched).toHaveLength(2);
		expect(searched[0]).toBe(email);
	});

	it('C43: Dry Run finds the user in the other spelling with lookups only', async () => {
		const { error, items } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'zoe@ma\u00f1ana.example',
			options: { dryRun: true },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ outcome: 'wouldChange', user: { id: ZOE } });
		expect(wire()).toEqual([
			'GET /users?email=zoe%40ma%C3%B1ana.example',
			'GET /users?email=zoe%40xn--maana-pta.example',
		]);
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it.each([
		['users', {}],
		['contacts', CONTACTS],
	])(
		'C43: %s API, nobody in either spelling: the not-found (and its marker) names both',
		async (_api, api) => {
			const parameters = { ...api, archiveBy: 'email', email: 'nobody@ma\u00f1ana.example' };
			const failed = await runNode(env.baseUrl, parameters);
			const both =
				'The domain was looked up in both its spellings, Unicode and ASCII (punycode): "nobody@mañana.example", then "nobody@xn--maana-pta.example".';
			expect(details(failed.error).context.intercom?.outcome).toBe('notFound');
			expect(details(failed.error).description).toContain(both);
			const marked = await runNode(env.baseUrl, { ...parameters, options: IGNORE });
			expect(marked.items[0].json).toMatchObject({ notFound: true, outcome: 'notFound' });
			expect(marked.items[0].json.description).toContain(both);
		},
	);

	it('C43: bad input is still refused before any request', async () => {
		const { error, items } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'zoe@ma\u00f1ana\u200b.example',
		});
		expect(items).toEqual([]);
		expect(details(error).message).toBe('Email contains an invisible character U+200B');
		expect(wire()).toEqual([]);
	});
});

describe('C46: an address in other capitals', () => {
	it('C46: Wash@Serenity.io archives wash@serenity.io, the one user the lowercase address names', async () => {
		const { error, items } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'Wash@Serenity.io',
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ type: 'user', email: 'wash@serenity.io' });
		expect(wire()).toEqual([
			'DELETE /users?email=Wash%40Serenity.io',
			'DELETE /users?email=wash%40serenity.io',
		]);
	});

	it('C46: Dup@Example.com: two users have the lowercase address, so nobody is archived (409)', async () => {
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'email',
			email: 'Dup@Example.com',
		});
		expect(details(error).httpCode).toBe('409');
		expect(details(error).description).toContain(
			'This was the lookup of "dup@example.com", another spelling of "Dup@Example.com", which found nobody.',
		);
		expect(changesMade()).toBe(0);
	});

	it('C46: nobody in either case: the marker says the address may exist in other capitals', async () => {
		const { items } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'Nobody@Serenity.io',
			options: IGNORE,
		});
		expect(items[0].json.notFound).toBe(true);
		expect(items[0].json.description).toContain(
			'The address was also looked up in lowercase ("nobody@serenity.io"). Intercom may hold it with other capitals',
		);
	});
});

describe('C46: the same user in several rows of one run', () => {
	const KAYLEE_ROWS = rows('kaylee@serenity.io', 'Kaylee@Serenity.IO', 'kaylee@serenity.io');

	it.each([
		['users', 'exact', 'off', {}, {}],
		['users', 'exact', 'on', {}, IGNORE],
		['contacts', 'exact', 'off', CONTACTS, {}],
		['contacts', 'exact', 'on', CONTACTS, IGNORE],
		['users', 'caseInsensitive', 'off', {}, {}],
		['users', 'caseInsensitive', 'on', {}, IGNORE],
		['contacts', 'caseInsensitive', 'off', CONTACTS, {}],
		['contacts', 'caseInsensitive', 'on', CONTACTS, IGNORE],
	] as Array<[string, EmailMatch, string, IDataObject, IDataObject]>)(
		'C46: %s API, emails matched %s, Ignore Not Found %s: Kaylee is archived once; the other rows name item 0',
		async (_api, emailMatch, _ignore, api, options) => {
			await start(emailMatch);
			const { error, items } = await runNode(
				env.baseUrl,
				{ ...api, ...byEmail, options },
				{ items: KAYLEE_ROWS },
			);
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.id)).toEqual([KAYLEE, undefined, undefined]);
			for (const [index, item] of items.slice(1).entries()) {
				expect(item.pairedItem).toEqual({ item: index + 1 });
				expect(item.json).toMatchObject({
					duplicate: true,
					outcome: 'duplicate',
					duplicateOf: 0,
					value: KAYLEE_ROWS[index + 1].email,
					message: 'Already archived by item 0 of this run',
				});
				expect(item.json.notFound).toBeUndefined();
			}
			expect(items[1].json.description).toContain(
				'found nobody as written; spelled "kaylee@serenity.io", it names that user',
			);
			expect(env.sim.archivedIds()).toEqual([KAYLEE]);
			expect(changesMade()).toBe(1);
		},
	);

	it.each([
		['users', {}],
		['contacts', CONTACTS],
	])(
		'C46: %s API, the same list again with Ignore Not Found: nothing changes and nothing claims a change',
		async (_api, api) => {
			await runNode(env.baseUrl, { ...api, ...byEmail }, { items: KAYLEE_ROWS });
			env.sim.clearRequests();
			const before = changesMade();
			const { error, items } = await runNode(
				env.baseUrl,
				{ ...api, ...byEmail, options: IGNORE },
				{ items: KAYLEE_ROWS },
			);
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.outcome)).toEqual(['notFound', 'notFound', 'notFound']);
			expect(items[1].json.description).toContain('looked up in lowercase');
			expect(changesMade()).toBe(before);
			expect(env.sim.getUser(KAYLEE)?.archived).toBe(true);
		},
	);

	it.each([
		['users', {}],
		['contacts', CONTACTS],
	])(
		'C46: %s API, Dry Run: item 0 would archive Kaylee, the others say item 0 would',
		async (_api, api) => {
			const { error, items } = await runNode(
				env.baseUrl,
				{ ...api, ...byEmail, options: { dryRun: true } },
				{ items: KAYLEE_ROWS },
			);
			expect(error).toBeUndefined();
			expect(items.map((item) => [item.json.outcome, item.json.duplicateOf])).toEqual([
				['wouldChange', undefined],
				['duplicate', 0],
				['duplicate', 0],
			]);
			expect(items[2].json).toMatchObject({
				dryRun: true,
				message: 'Dry run: item 0 of this run would archive this user',
			});
			expect(changesMade()).toBe(0);
			expect(env.sim.archivedIds()).toEqual([]);
		},
	);

	it('C46: ten rows of one address, started together, send one change', async () => {
		const { error, items } = await runNode(
			env.baseUrl,
			{ ...byEmail },
			{ items: rows(...Array.from({ length: 10 }, () => 'kaylee@serenity.io')) },
		);
		expect(error).toBeUndefined();
		expect(items.filter((item) => item.json.id === KAYLEE)).toHaveLength(1);
		expect(items.filter((item) => item.json.duplicateOf === 0)).toHaveLength(9);
		expect(wire()).toEqual(['DELETE /users?email=kaylee%40serenity.io']);
	});

	it('C46: an address nobody has, repeated: asked once, and every row gets its own marker', async () => {
		const { error, items } = await runNode(
			env.baseUrl,
			{ ...byEmail, options: IGNORE },
			{ items: rows('nobody@nowhere.io', 'nobody@nowhere.io', 'nobody@nowhere.io') },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.outcome, item.pairedItem])).toEqual([
			['notFound', { item: 0 }],
			['notFound', { item: 1 }],
			['notFound', { item: 2 }],
		]);
		expect(items[2].json.description).toContain(
			'Item 0 of this run looked up the same value just before this item and got this answer, so it was not sent again.',
		);
		expect(items[0].json.description).not.toContain('not sent again');
		expect(wire()).toEqual(['DELETE /users?email=nobody%40nowhere.io']);
	});

	it('C46: Retry On Fail: a row that fails in the first try does not make the repeated rows change Kaylee again', async () => {
		env.sim.injectFault({
			match: { method: 'DELETE', path: `/users/${MAL}` },
			times: 2,
			status: 503,
		});
		const { error, items } = await runNode(
			env.baseUrl,
			{
				archiveBy: '={{ $json.by }}',
				email: '={{ $json.v }}',
				intercomId: '={{ $json.v }}',
				userId: '={{ $json.v }}',
			},
			{
				items: [
					{ by: 'email', v: 'kaylee@serenity.io' },
					{ by: 'email', v: 'kaylee@serenity.io' },
					{ by: 'id', v: MAL },
				],
				nodeSettings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 100 },
			},
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id ?? item.json.duplicateOf)).toEqual([KAYLEE, 0, MAL]);
		expect(wire().filter((line) => line.includes('kaylee'))).toEqual([
			'DELETE /users?email=kaylee%40serenity.io',
		]);
	});

	it('C46: Stop Workflow counts Kaylee once in what the other items changed', async () => {
		const { error } = await runNode(env.baseUrl, byEmail, {
			items: rows('kaylee@serenity.io', 'kaylee@serenity.io', 'nobody@nowhere.io'),
		});
		expect(details(error).description).toContain('1 archived (kaylee@serenity.io).');
	});
});
