/**
 * Values that look right but are not (issue 17 §5, cases C28–C30 in test/CASES.md),
 * through n8n's engine against the simulator over real HTTP: a value in another
 * Unicode form, an email pasted with its wrapper, and a lead that shares a user's email.
 */
import type { SimUser } from '../tools/intercom-simulator/simulator';
import { IntercomSimulator, loadSeedUsers } from '../tools/intercom-simulator/simulator';
import { details, runNode } from './helpers';
import { WASH } from './seed';

const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const CONFIRMED = { confirmPermanentDelete: true };
const template = loadSeedUsers()[0];
const user = (id: string, fields: Partial<SimUser>): SimUser => ({ ...template, id, ...fields });

const COMPOSED = 'jos\u00e9-42'; // "josé-42" as keyboards write it (NFC)
const DECOMPOSED = 'jose\u0301-42'; // the same text from a PDF: "e" + U+0301 (NFD)
const JOSE = '6b00aa00bb00cc00dd000001';
const NFD_STORED = '6b00aa00bb00cc00dd000002'; // a user whose user_id Intercom holds decomposed
const RIVER_USER = '6b00aa00bb00cc00dd000003';
const RIVER_LEAD = '6b00aa00bb00cc00dd000004';
const ONLY_LEAD = '6b00aa00bb00cc00dd000005';

const extra: Array<SimUser & { role?: 'user' | 'lead' }> = [
	user(JOSE, { user_id: COMPOSED, email: 'jose@example.com', name: 'José' }),
	user(NFD_STORED, { user_id: 'rene\u0301-7', email: 'rene@example.com', name: 'René' }),
	user(RIVER_USER, { user_id: 'river-1', email: 'river@example.com', name: 'River Tam' }),
	{
		...user(RIVER_LEAD, { user_id: null, email: 'river@example.com', name: 'River (lead)' }),
		role: 'lead',
	},
	{
		...user(ONLY_LEAD, { user_id: null, email: 'visitor@example.com', name: 'Visitor' }),
		role: 'lead',
	},
];

const env: { sim: IntercomSimulator; baseUrl: string } = {} as never;
beforeEach(async () => {
	env.sim = new IntercomSimulator({ users: [...loadSeedUsers(), ...(extra as SimUser[])] });
	env.baseUrl = await env.sim.start();
});
afterEach(async () => {
	await env.sim.stop();
});

const wire = () =>
	env.sim.requests.map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`);

describe('C28: a value in another Unicode form', () => {
	it('Users API, archive by user_id written decomposed archives the user stored composed, in one request', async () => {
		const { error, items } = await runNode(env.baseUrl, {
			archiveBy: 'userId',
			userId: DECOMPOSED,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([JOSE]);
		expect(env.sim.archivedIds()).toEqual([JOSE]);
		expect(wire()).toEqual(['DELETE /users?user_id=jos%C3%A9-42']);
	});

	it('Contacts API, Permanently Delete by user_id written decomposed deletes the user stored composed', async () => {
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			operation: 'permanentlyDelete',
			archiveBy: 'userId',
			userId: DECOMPOSED,
			...CONFIRMED,
		});
		expect(error).toBeUndefined();
		expect(env.sim.deletedIds()).toEqual([JOSE]);
	});

	it('a user_id Intercom holds decomposed is found by its form as given, after the composed one finds nobody', async () => {
		const { error, items } = await runNode(env.baseUrl, {
			archiveBy: 'userId',
			userId: 'rene\u0301-7',
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([NFD_STORED]);
		expect(wire()).toEqual([
			'DELETE /users?user_id=ren%C3%A9-7',
			'DELETE /users?user_id=rene%CC%81-7',
		]);
	});

	it('when neither form matches, the not-found says that both forms were looked up', async () => {
		const { error } = await runNode(env.baseUrl, {
			archiveBy: 'userId',
			userId: 'nobo\u0301dy',
		});
		expect(details(error).message).toBe('Intercom: User Not Found (not_found)');
		expect(details(error).description).toContain(
			'Both Unicode forms of the value were looked up: composed (NFC) first, then as the item gave it',
		);
		expect(details(error).context.intercom?.outcome).toBe('notFound');
		expect(wire()).toHaveLength(2);
	});

	it('a value already in NFC is looked up once', async () => {
		const { error } = await runNode(env.baseUrl, { archiveBy: 'userId', userId: 'nobody-42' });
		expect(details(error).description).not.toContain('Unicode forms');
		expect(wire()).toEqual(['DELETE /users?user_id=nobody-42']);
	});
});

describe('C37: an email with a list separator from a spreadsheet', () => {
	it.each([
		['wash@serenity.io,', 'has a trailing comma: use wash@serenity.io'],
		['wash@serenity.io;', 'has a trailing semicolon: use wash@serenity.io'],
		['wash@serenity.io, mal@serenity.io', 'contains a comma: give one address per item'],
		['wash@serenity.io;mal@serenity.io', 'contains a semicolon: give one address per item'],
	])('%j is refused before any request, naming the separator', async (email, says) => {
		const { error, items } = await runNode(env.baseUrl, { archiveBy: 'email', email });
		expect(items).toEqual([]);
		expect(details(error).message).toBe(`Email "${email}" ${says}`);
		expect(wire()).toEqual([]);
	});
});

describe('C29: an email pasted with its wrapper', () => {
	it.each([
		[
			'Ann Lee <ann@example.com>',
			'has a display name (Ann Lee) around the address: use ann@example.com',
		],
		["'ann@example.com'", 'is wrapped in quotes: use ann@example.com'],
		['<ann@example.com>', 'is wrapped in angle brackets: use ann@example.com'],
		['mailto:ann@example.com', 'starts with "mailto:": use ann@example.com'],
		['\u201Cann@example.com\u201D', 'is wrapped in quotes: use ann@example.com'],
	])(
		'%s is refused before any request, naming the wrapper and the bare address',
		async (email, says) => {
			const { error, items } = await runNode(env.baseUrl, { archiveBy: 'email', email });
			expect(items).toEqual([]);
			expect(details(error).message).toBe(`Email "${email}" ${says}`);
			expect(wire()).toEqual([]);
		},
	);

	it('under Continue, a wrapped email fails alone and the other items go on', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{
				items: [{ email: 'River Tam <river@example.com>' }, { email: 'wash@serenity.io' }],
				nodeSettings: { onError: 'continueRegularOutput' },
			},
		);
		expect(items.map((item) => item.json.error ?? item.json.id)).toEqual([
			'Email "River Tam <river@example.com>" has a display name (River Tam) around the address: use river@example.com',
			WASH,
		]);
		expect(wire()).toEqual(['DELETE /users?email=wash%40serenity.io']);
	});

	it('an apostrophe inside an address is not a wrapper', async () => {
		const { error } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: "o'brien@example.com",
		});
		expect(details(error).message).toBe('Intercom: User Not Found (not_found)');
	});
});

describe('C30: the node acts on users; leads are never touched', () => {
	it('Contacts API, Permanently Delete by email shared by a user and a lead deletes the user, not the lead', async () => {
		const { error, items } = await runNode(env.baseUrl, {
			...CONTACTS,
			operation: 'permanentlyDelete',
			archiveBy: 'email',
			email: 'river@example.com',
			...CONFIRMED,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([RIVER_USER]);
		expect(env.sim.deletedIds()).toEqual([RIVER_USER]);
		expect(env.sim.getUser(RIVER_LEAD)).toMatchObject({ deleted: false, archived: false });
	});

	it('Contacts API, archive by an email only a lead has: not found, saying that only a lead has it', async () => {
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'email',
			email: 'visitor@example.com',
		});
		expect(details(error).message).toBe('Intercom: Contact Not Found (not_found)');
		expect(details(error).description).toBe(
			`No user matches Email "visitor@example.com": only a lead has it (Intercom ID ${ONLY_LEAD}), and the node acts on users only, so leads are never changed. Nothing was changed.`,
		);
		expect(details(error).context.intercom?.outcome).toBe('notFound');
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it.each([
		['archive', {}, 'archived'],
		['permanentlyDelete', CONFIRMED, 'deleted'],
	])(
		'Contacts API, %s by the Intercom ID of a lead is refused and changes nothing',
		async (operation, extraParameters, done) => {
			const { error } = await runNode(env.baseUrl, {
				...CONTACTS,
				operation,
				archiveBy: 'id',
				intercomId: ONLY_LEAD,
				...extraParameters,
			});
			expect(details(error).message).toBe(`Intercom ID "${ONLY_LEAD}" is a lead, not a user`);
			expect(details(error).description).toContain(`the lead was not ${done}`);
			expect(env.sim.getUser(ONLY_LEAD)).toMatchObject({ deleted: false, archived: false });
			expect(wire()).toEqual([`GET /contacts/${ONLY_LEAD}`]);
		},
	);
});
