/**
 * Get Many: the Contacts API search, paged by the cursor in the body, one output item per
 * user paired with its input item; users only unless leads are asked for; dates read as the
 * builder meant them, matched by the day (up to 2.16) or by the second (2.17 on); paced.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { IntercomUsers } from '../nodes/IntercomUsers/IntercomUsers.node';

import type { SimUser } from '../tools/intercom-simulator/simulator';
import { errorList, loadSeedUsers } from '../tools/intercom-simulator/simulator';
import { details, runNode, useSimulator } from './helpers';
import { bulkUsers, LEAD, MAL, WASH } from './seed';

const getMany = (parameters: IDataObject = {}) => ({
	operation: 'getMany',
	api: 'contacts',
	contactsApiVersion: '2.14',
	...parameters,
});
const ROLE_USER = { field: 'role', operator: '=', value: 'user' };
const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const bodies = (requests: Array<{ body: string }>) =>
	requests.map((request) => JSON.parse(request.body) as IDataObject);

/** A user cloned from the first seed user, with its own id, email and times. */
function user(n: number, fields: Partial<SimUser>): SimUser {
	const template = loadSeedUsers()[0];
	return {
		...template,
		id: `gm${String(n).padStart(22, '0')}`,
		user_id: `gm-${n}`,
		email: `gm-${n}@example.com`,
		...fields,
	};
}

describe('Get Many: the query, users only, one item per user', () => {
	const env = useSimulator();

	it('no filters: every user (role = user), never the lead, each paired with the input item', async () => {
		const { items, error } = await runNode(env.baseUrl, getMany());
		expect(error).toBeUndefined();
		expect(items).toHaveLength(8);
		expect(items.map((item) => item.json.role)).toEqual(Array(8).fill('user'));
		expect(items.map((item) => item.json.id)).not.toContain(LEAD);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(bodies(env.sim.requests)).toEqual([{ query: ROLE_USER, pagination: { per_page: 50 } }]);
		expect(env.sim.requests[0].headers['intercom-version']).toBe('2.14');
	});

	it('Include Leads lists the lead too, with an explicit OR of both roles', async () => {
		const { items } = await runNode(env.baseUrl, getMany({ options: { includeLeads: true } }));
		expect(items.map((item) => item.json.id)).toContain(LEAD);
		expect(items).toHaveLength(9);
		expect(bodies(env.sim.requests)[0].query).toEqual({
			operator: 'OR',
			value: [ROLE_USER, { field: 'role', operator: '=', value: 'lead' }],
		});
	});

	it.each([
		[
			'Email (exact)',
			{ email: 'wash@serenity.io' },
			{ field: 'email', operator: '=', value: 'wash@serenity.io' },
			[WASH],
		],
		[
			'Email Domain',
			{ emailDomain: 'serenity.io' },
			{ field: 'email', operator: '$', value: '@serenity.io' },
			[WASH, MAL],
		],
		['User ID', { externalId: '32' }, { field: 'external_id', operator: '=', value: '32' }, [MAL]],
	])('%s: the filter ANDed with role = user', async (_what, filters, filter, ids) => {
		const { items, error } = await runNode(env.baseUrl, getMany({ filters }));
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(ids);
		expect(bodies(env.sim.requests)[0].query).toEqual({
			operator: 'AND',
			value: [ROLE_USER, filter],
		});
	});

	it('two domains are an OR group inside the AND', async () => {
		const { items } = await runNode(
			env.baseUrl,
			getMany({ filters: { emailDomain: 'serenity.io, @example.com' } }),
		);
		expect(items).toHaveLength(8);
		expect(bodies(env.sim.requests)[0].query).toEqual({
			operator: 'AND',
			value: [
				ROLE_USER,
				{
					operator: 'OR',
					value: [
						{ field: 'email', operator: '$', value: '@serenity.io' },
						{ field: 'email', operator: '$', value: '@example.com' },
					],
				},
			],
		});
	});

	it('Users API: refused before anything is sent, saying to use the Contacts API', async () => {
		const { error, items } = await runNode(env.baseUrl, getMany({ api: 'users' }));
		expect(items).toEqual([]);
		expect(error?.message).toBe('Get Many needs the Contacts API (2.x)');
		expect(env.sim.requests).toEqual([]);
	});

	it('16 tag IDs break the 15-filter limit: a clear error naming the field, nothing sent, no other item lost', async () => {
		const tags = Array.from({ length: 16 }, (_, n) => `t${n}`).join(',');
		const { items, error } = await runNode(
			env.baseUrl,
			getMany({ filters: { tagId: '={{ $json.tags }}' } }),
			{ items: [{ tags }, { tags: 't1' }], nodeSettings: { onError: 'continueRegularOutput' } },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			error: "Tag ID holds 16 filters, but Intercom's search takes at most 15 in one group",
			operation: 'getMany',
		});
		expect(items).toHaveLength(1);
		expect(env.sim.requests).toHaveLength(1);
		expect(bodies(env.sim.requests)[0].query).toEqual({
			operator: 'AND',
			value: [ROLE_USER, { field: 'tag_id', operator: '=', value: 't1' }],
		});
	});

	it('Has No Email with an Email is refused, naming the field', async () => {
		const { error } = await runNode(
			env.baseUrl,
			getMany({ filters: { noEmail: true, email: 'a@b.c' } }),
		);
		expect(error?.message).toBe('Has No Email cannot be combined with Email or Email Domain');
		expect(details(error).description).toContain('No request was sent for this item.');
		expect(env.sim.requests).toEqual([]);
	});

	it('a date that is not one is refused, naming the field', async () => {
		const { error } = await runNode(
			env.baseUrl,
			getMany({ filters: { lastSeenBefore: 'last year' } }),
		);
		expect(error?.message).toBe(
			'Last Seen Before "last year" is not a date (expected e.g. 2024-06-15, 2024-06-15T09:30:00+02:00 or Unix seconds)',
		);
		expect(env.sim.requests).toEqual([]);
	});
});

describe('Get Many: a filter that is empty or can never match is refused, never ignored', () => {
	const env = useSimulator();
	const continueOn = { onError: 'continueRegularOutput' as const };
	const queryOf = (index: number) => bodies(env.sim.requests)[index].query;

	it.each([
		['lastSeenBefore', 'Last Seen Before', '2024-06-15T12:00:00Z'],
		['lastSeenAfter', 'Last Seen After', '2024-06-15T12:00:00Z'],
		['createdBefore', 'Created Before', '2024-06-15T12:00:00Z'],
		['signedUpAfter', 'Signed Up After', '2024-06-15T12:00:00Z'],
		['segmentId', 'Segment ID', 'seg1'],
		['tagId', 'Tag ID', 'tag1'],
		['email', 'Email', 'wash@serenity.io'],
		['emailDomain', 'Email Domain', 'serenity.io'],
		['externalId', 'User ID', '32'],
	])(
		'%s from an expression that gives nothing: "%s is empty", no request for it, the next item listed',
		async (name, label, good) => {
			const { items, error } = await runNode(
				env.baseUrl,
				getMany({ filters: { [name]: '={{ $json.value }}' } }),
				{ items: [{}, { value: good }], nodeSettings: continueOn },
			);
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ error: `${label} is empty`, operation: 'getMany' });
			expect(items.length).toBeGreaterThan(0);
			expect(env.sim.requests).toHaveLength(1);
			expect(JSON.stringify(queryOf(0))).not.toBe(JSON.stringify(ROLE_USER));
		},
	);

	it.each([
		['null', '={{ null }}'],
		['an empty text', "={{ '' }}"],
		['only whitespace', "={{ '  ' }}"],
		['an empty field', ''],
	])(
		'Last Seen Before as %s is refused: the clean-up never lists every user',
		async (_what, value) => {
			const { items, error } = await runNode(
				env.baseUrl,
				getMany({ filters: { lastSeenBefore: value } }),
			);
			expect(items).toEqual([]);
			expect(error?.message).toBe('Last Seen Before is empty');
			expect(details(error).description).toContain('every user would be listed');
			expect(details(error).description).toContain('No request was sent for this item.');
			expect(env.sim.requests).toEqual([]);
		},
	);

	it('Has No Email off is no filter: every user is listed', async () => {
		const { items, error } = await runNode(env.baseUrl, getMany({ filters: { noEmail: false } }));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(8);
		expect(queryOf(0)).toEqual(ROLE_USER);
	});

	it.each([
		[
			{ email: 'Wash <wash@serenity.io>' },
			'Email "Wash <wash@serenity.io>" has a display name (Wash) around the address: use wash@serenity.io',
		],
		[
			{ email: '<wash@serenity.io>' },
			'Email "<wash@serenity.io>" is wrapped in angle brackets: use wash@serenity.io',
		],
		[{ email: 'wash\u200B@serenity.io' }, 'Email contains an invisible character U+200B'],
		[
			{ email: 'wash@serenity' },
			'Email "wash@serenity" is not an email address (expected name@example.com)',
		],
		[
			{ externalId: 'user1,user2' },
			'User ID "user1,user2" contains a comma: the filter takes one user_id',
		],
		[{ externalId: 'user\u200B1' }, 'User ID contains an invisible character U+200B'],
		[{ emailDomain: 'serenity .io' }, 'Email Domain "serenity .io" contains a space'],
		[
			{ emailDomain: 'wash@serenity.io' },
			'Email Domain "wash@serenity.io" is not a domain (expected example.com)',
		],
		[
			{ emailDomain: 'serenity.io\u200B' },
			'Email Domain "serenity.io\u200B" contains an invisible character U+200B',
		],
		[{ tagId: 't1,\u2060t2' }, 'Tag ID "\u2060t2" contains an invisible character U+2060'],
	])(
		'%j can never match: refused naming the field, nothing sent, the next item listed',
		async (filters, message) => {
			const [[name, value]] = Object.entries(filters);
			const { items, error } = await runNode(
				env.baseUrl,
				getMany({ filters: { [name]: '={{ $json.value }}' } }),
				{
					items: [
						{ value },
						{
							value:
								name === 'emailDomain'
									? 'serenity.io'
									: name === 'tagId'
										? 't1'
										: name === 'externalId'
											? '32'
											: 'wash@serenity.io',
						},
					],
					nodeSettings: continueOn,
				},
			);
			expect(error).toBeUndefined();
			expect(items[0].json.error).toBe(message);
			expect(env.sim.requests).toHaveLength(1);
		},
	);

	it('an Email with capitals is searched as given and in lowercase: the user stored in lowercase is found', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			getMany({ filters: { email: 'WASH@Serenity.io' } }),
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([WASH]);
		expect(queryOf(0)).toEqual({
			operator: 'AND',
			value: [
				ROLE_USER,
				{
					operator: 'OR',
					value: [
						{ field: 'email', operator: '=', value: 'WASH@Serenity.io' },
						{ field: 'email', operator: '=', value: 'wash@serenity.io' },
					],
				},
			],
		});
	});

	it('an Email Domain in capitals, with spaces and an @, is searched as given and in lowercase', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			getMany({ filters: { emailDomain: '  @SERENITY.IO ' } }),
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([WASH, MAL]);
		expect(queryOf(0)).toEqual({
			operator: 'AND',
			value: [
				ROLE_USER,
				{
					operator: 'OR',
					value: [
						{ field: 'email', operator: '$', value: '@SERENITY.IO' },
						{ field: 'email', operator: '$', value: '@serenity.io' },
					],
				},
			],
		});
	});

	it.each([
		[
			'={{ 1.5 }}',
			'Last Seen Before is 1.5, not a whole number of seconds (expected Unix seconds or milliseconds)',
		],
		[
			'1718450000.5',
			'Last Seen Before is 1718450000.5, not a whole number of seconds (expected Unix seconds or milliseconds)',
		],
		[
			'={{ 8.64e15 }}',
			'Last Seen Before is 8640000000000000, after the year 9999 (expected Unix seconds or milliseconds)',
		],
		[
			'={{ 1e20 }}',
			'Last Seen Before is 100000000000000000000, after the year 9999 (expected Unix seconds or milliseconds)',
		],
		['={{ -1 }}', 'Last Seen Before is -1, not a date (expected Unix seconds or milliseconds)'],
	])('the date number %s is refused naming the field, nothing sent', async (value, message) => {
		const { error } = await runNode(env.baseUrl, getMany({ filters: { lastSeenBefore: value } }));
		expect(error?.message).toBe(message);
		expect(env.sim.requests).toEqual([]);
	});

	it('the last second of 9999 (in milliseconds) and the first of 1970 are still dates; a second later is not', async () => {
		const late = await runNode(
			env.baseUrl,
			getMany({ filters: { lastSeenBefore: 253402300799000 } }),
		);
		const early = await runNode(env.baseUrl, getMany({ filters: { lastSeenAfter: 0 } }));
		const later = await runNode(
			env.baseUrl,
			getMany({ filters: { lastSeenBefore: 253402300800000 } }),
		);
		expect(later.error?.message).toBe(
			'Last Seen Before is 253402300800000, after the year 9999 (expected Unix seconds or milliseconds)',
		);
		expect(late.error).toBeUndefined();
		expect(early.error).toBeUndefined();
		expect(
			bodies(env.sim.requests).map(
				(body) => (body.query as { value: IDataObject[] }).value[1].value,
			),
		).toEqual([253402300799, 0]);
	});
});

describe('Get Many: segments, tags, no email', () => {
	const env = useSimulator({
		users: [
			user(1, {
				segments: { type: 'segment.list', segments: [{ id: 'seg-old' }] },
				tags: { type: 'tag.list', tags: [{ id: '7' }] },
			}),
			user(2, { segments: { type: 'segment.list', segments: [{ id: 'seg-new' }] } }),
			user(3, { email: null }),
			{
				...user(4, { segments: { type: 'segment.list', segments: [{ id: 'seg-old' }] } }),
				role: 'lead',
			} as SimUser,
		],
	});

	it('Segment ID lists its users only (the lead in it is left out)', async () => {
		const { items } = await runNode(env.baseUrl, getMany({ filters: { segmentId: 'seg-old' } }));
		expect(items.map((item) => item.json.user_id ?? item.json.external_id)).toEqual(['gm-1']);
		expect(bodies(env.sim.requests)[0].query).toEqual({
			operator: 'AND',
			value: [ROLE_USER, { field: 'segment_id', operator: '=', value: 'seg-old' }],
		});
	});

	it('Tag ID and Has No Email', async () => {
		const tagged = await runNode(env.baseUrl, getMany({ filters: { tagId: '7' } }));
		expect(tagged.items.map((item) => item.json.external_id)).toEqual(['gm-1']);
		const noEmail = await runNode(env.baseUrl, getMany({ filters: { noEmail: true } }));
		expect(noEmail.items.map((item) => item.json.external_id)).toEqual(['gm-3']);
		expect(bodies(env.sim.requests)[1].query).toEqual({
			operator: 'AND',
			value: [ROLE_USER, { field: 'email', operator: '=', value: null }],
		});
	});
});

describe('Get Many: dates that mean what the builder meant', () => {
	const seen = {
		before: user(1, { last_request_at: at('2024-06-14T23:00:00Z') }),
		morning: user(2, { last_request_at: at('2024-06-15T10:00:00Z') }),
		evening: user(3, { last_request_at: at('2024-06-15T13:00:00Z') }),
		after: user(4, { last_request_at: at('2024-06-16T01:00:00Z') }),
	};
	const env = useSimulator({ users: Object.values(seen) });
	const NOON = at('2024-06-15T12:00:00Z');
	const ids = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.id);

	it.each([
		['an ISO date with an offset', '2024-06-15T14:00:00+02:00'],
		[
			"n8n's date picker (no offset: the workflow's time zone, New York here)",
			'2024-06-15T08:00:00',
		],
		['Unix seconds', NOON],
		['Unix milliseconds', NOON * 1000],
		['a Luxon DateTime from an expression', "={{ DateTime.fromISO('2024-06-15T12:00:00Z') }}"],
		['a JS Date from an expression', "={{ new Date('2024-06-15T12:00:00Z') }}"],
	])('%s becomes the Unix seconds of that moment', async (_what, value) => {
		const { error } = await runNode(env.baseUrl, getMany({ filters: { lastSeenBefore: value } }));
		expect(error).toBeUndefined();
		expect(bodies(env.sim.requests)[0].query).toEqual({
			operator: 'AND',
			value: [ROLE_USER, { field: 'last_seen_at', operator: '<', value: NOON }],
		});
	});

	it('up to 2.16, by the day: Before noon means before that day began, After noon from the next day', async () => {
		const before = await runNode(env.baseUrl, getMany({ filters: { lastSeenBefore: NOON } }));
		expect(ids(before.items)).toEqual([seen.before.id]);
		const after = await runNode(env.baseUrl, getMany({ filters: { lastSeenAfter: NOON } }));
		expect(ids(after.items)).toEqual([seen.after.id]);
	});

	it.each(['2.17', 'Preview', 'Unstable'])(
		'%s, by the second: Before and After noon split the day at noon',
		async (version) => {
			const before = await runNode(
				env.baseUrl,
				getMany({ contactsApiVersion: version, filters: { lastSeenBefore: NOON } }),
			);
			expect(ids(before.items)).toEqual([seen.before.id, seen.morning.id]);
			const after = await runNode(
				env.baseUrl,
				getMany({ contactsApiVersion: version, filters: { lastSeenAfter: NOON } }),
			);
			expect(ids(after.items)).toEqual([seen.evening.id, seen.after.id]);
			expect(env.sim.requests.map((r) => r.headers['intercom-version'])).toEqual([
				version,
				version,
			]);
		},
	);

	it('as an AI tool: the model gives the date with $fromAI', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			getMany({
				filters: {
					lastSeenBefore:
						"={{ $fromAI('lastSeenBefore', 'List users last seen before this ISO date', 'string') }}",
				},
			}),
			{ items: [{ lastSeenBefore: '2024-06-15T00:00:00Z' }] },
		);
		expect(error).toBeUndefined();
		expect(ids(items)).toEqual([seen.before.id]);
	});

	it('created and signed-up dates filter created_at and signed_up_at', async () => {
		const { error } = await runNode(
			env.baseUrl,
			getMany({
				filters: { createdBefore: NOON, createdAfter: 1, signedUpBefore: NOON, signedUpAfter: 2 },
			}),
		);
		expect(error).toBeUndefined();
		expect(bodies(env.sim.requests)[0].query).toEqual({
			operator: 'AND',
			value: [
				ROLE_USER,
				{ field: 'created_at', operator: '<', value: NOON },
				{ field: 'created_at', operator: '>', value: 1 },
				{ field: 'signed_up_at', operator: '<', value: NOON },
				{ field: 'signed_up_at', operator: '>', value: 2 },
			],
		});
	});
});

/** The cursors the simulator handed out (`pages.next.starting_after` of each 200), in order. */
function handedCursors(responses: Array<{ status: number | 'reset'; body: string }>): string[] {
	return responses
		.filter((response) => response.status === 200)
		.map((response) => JSON.parse(response.body) as { pages?: { next?: IDataObject } })
		.flatMap((body) => (body.pages?.next ? [String(body.pages.next.starting_after)] : []));
}

describe('Get Many: pages, Return All and Limit', () => {
	const users = bulkUsers(400, 'page');
	const env = useSimulator({ users, rateLimit: { limit: 20, windowMs: 1000, enforce: true } });

	it('C9: Return All reads every page once, 150 a page, the cursor in the body', async () => {
		const { items, error } = await runNode(env.baseUrl, getMany({ returnAll: true }));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(400);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(400);
		const [second, third] = handedCursors(env.sim.responses);
		expect(bodies(env.sim.requests).map((body) => body.pagination)).toEqual([
			{ per_page: 150 },
			{ per_page: 150, starting_after: second },
			{ per_page: 150, starting_after: third },
		]);
		expect(second).not.toEqual(third);
		expect(env.sim.requests.map((r) => r.rawQuery)).toEqual(['', '', '']);
	});

	it('Limit 150 reads one page and no more; Limit 200 reads two and returns 200', async () => {
		const one = await runNode(env.baseUrl, getMany({ limit: 150 }));
		expect(one.items).toHaveLength(150);
		expect(env.sim.requests).toHaveLength(1);
		env.sim.clearRequests();
		const two = await runNode(env.baseUrl, getMany({ limit: 200 }));
		expect(two.items).toHaveLength(200);
		expect(two.items.map((item) => item.json.id)).toEqual(users.slice(0, 200).map((u) => u.id));
		expect(env.sim.requests).toHaveLength(2);
	});

	it('the default Limit (50) is one page of 50', async () => {
		const { items } = await runNode(env.baseUrl, getMany());
		expect(items).toHaveLength(50);
		expect(bodies(env.sim.requests)).toEqual([{ query: ROLE_USER, pagination: { per_page: 50 } }]);
	});

	it('each input item lists its own users, each output item paired with its input item', async () => {
		const { items } = await runNode(
			env.baseUrl,
			getMany({ filters: { email: '={{ $json.email }}' } }),
			{ items: [{ email: 'page-3@example.com' }, { email: 'page-7@example.com' }] },
		);
		expect(items.map((item) => [item.json.email, item.pairedItem])).toEqual([
			['page-3@example.com', { item: 0 }],
			['page-7@example.com', { item: 1 }],
		]);
	});

	it('a 429 during the pages is waited out and the page read again; no page is skipped or read twice', async () => {
		env.sim.injectFault({
			match: { requestNumber: 2 },
			status: 429,
			body: errorList('rate_limit_exceeded', 'Rate Limit Exceeded'),
			omitRateLimitHeaders: true,
			headers: {
				'X-RateLimit-Limit': '20',
				'X-RateLimit-Remaining': '0',
				'X-RateLimit-Reset': '1',
			},
		});
		const { items, error } = await runNode(env.baseUrl, getMany({ returnAll: true }));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(400);
		expect(env.sim.responses.map((r) => r.status)).toEqual([200, 429, 200, 200]);
		expect(
			bodies(env.sim.requests).map((body) => (body.pagination as IDataObject).starting_after),
		).toEqual([undefined, ...[0, 0, 1].map((page) => handedCursors(env.sim.responses)[page])]);
	});

	it('Get Many then Archive of every user it found: the search paced with the archives, no 429', async () => {
		const found = await runNode(
			env.baseUrl,
			getMany({ returnAll: true, filters: { emailDomain: 'example.com' } }),
		);
		expect(found.items).toHaveLength(400);
		const archived = await runNode(
			env.baseUrl,
			{ archiveBy: 'id', intercomId: '={{ $json.id }}' },
			{ items: found.items.slice(0, 60).map((item) => item.json) },
		);
		expect(archived.error).toBeUndefined();
		expect(env.sim.archivedIds()).toHaveLength(60);
		expect(env.sim.countStatus(429)).toBe(0);
	});
});

describe('Get Many in the editor', () => {
	const description = new IntercomUsers().description;
	const field = (name: string) =>
		description.properties.filter((property) => property.name === name);
	const shown = (name: string, values: IDataObject, nodeName = 'intercomUsers') =>
		field(name).filter((property) =>
			NodeHelpers.displayParameter(
				{ resource: 'user', operation: 'getMany', ...values },
				property,
				{ typeVersion: 1 },
				{ ...description, name: nodeName },
			),
		);

	it.each([
		['2.14', 'dayDatesNotice'],
		['2.16', 'dayDatesNotice'],
		['2.17', 'secondDatesNotice'],
		['2.21', 'secondDatesNotice'],
		['Unstable', 'secondDatesNotice'],
		['Preview', 'secondDatesNotice'],
	])('Contacts API Version %s shows the notice of its date semantics only', (version, notice) => {
		const values = { api: 'contacts', contactsApiVersion: version };
		const notices = ['dayDatesNotice', 'secondDatesNotice'].filter(
			(name) => shown(name, values).length > 0,
		);
		expect(notices).toEqual([notice]);
	});

	it('the API is fixed to the Contacts API, with no value field and no Dry Run option', () => {
		const [api] = shown('api', {});
		expect(api.options).toEqual([expect.objectContaining({ value: 'contacts' })]);
		expect(api.default).toBe('contacts');
		expect(shown('email', { archiveBy: 'email' })).toEqual([]);
		const [options] = shown('options', {});
		expect((options.options ?? []).map((option) => option.name)).toEqual(['includeLeads']);
	});

	it('Return All / Limit follow n8n: Limit 50 in the node, 10 in the tool an AI agent reads', () => {
		const [returnAll] = shown('returnAll', {});
		expect(returnAll).toMatchObject({ type: 'boolean', default: false });
		expect(returnAll.description).toBe('Whether to return all results or only up to a given limit');
		expect(shown('limit', { returnAll: false }).map((limit) => limit.default)).toEqual([50]);
		expect(
			shown('limit', { returnAll: false }, 'intercomUsersTool').map((limit) => limit.default),
		).toEqual([10]);
		expect(shown('limit', { returnAll: true })).toEqual([]);
	});
});
