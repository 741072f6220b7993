import { generatedLastSeen, generateRecords } from '../cliUsers';
import type { SimUser, SimulatorOptions } from '../simulator';
import {
	DEFAULT_TOKEN,
	IntercomSimulator,
	loadSeedUsers,
	matchesTimestamp,
	timestampMatching,
	timestampWindow,
} from '../simulator';
import { checkExchange, checkSimulatorContacts } from '../../../test/contract/openapi';
import { DUP_A, DUP_B, LEAD, MAL, PLUS, SOLO, SPACE, WASH } from '../../../test/seed';

/**
 * `POST /contacts/search` as Intercom's OpenAPI 2.14 / 2.16 describe it (search.ts,
 * searchTime.ts): every operator, null values, segments and tags, nested AND / OR and
 * Intercom's limits, timestamps by calendar day (up to 2.16, in the workspace's
 * timezone) or by second (2.17, Preview, Unstable), sort, cursor pages over 10,000
 * users, and the error answers. Over real HTTP; each exchange is checked against
 * Intercom's OpenAPI description of its version (2.14 up to 2.15, 2.16 from 2.16 and
 * for Preview: test/contract/openapi.ts).
 */

const THIRD = '5714dd359a3fd47136000003'; // first@example.com, "Not The Plus User"
const SEGMENT_DORMANT = '5714dd359a3fd4713600a001'; // Solo and Malcolm
const SEGMENT_NEWS = '5714dd359a3fd4713600a002'; // Solo and the lead
const TAG_CHURNED = '7001'; // Duplicate Email One and Malcolm
const LIVE = [WASH, PLUS, THIRD, SPACE, DUP_A, DUP_B, SOLO, MAL, LEAD];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Seed last_seen_at (1.x last_request_at) of Solo: 2016-04-24 20:12:21 UTC. */
const SOLO_SEEN = 1461528741;
const HOUR = 3600;

interface ContactList {
	type: string;
	data: Array<Record<string, unknown> & { id: string }>;
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

/** POST /contacts/search with this body (an object as JSON, a string as is) and Intercom-Version. */
function post(body: unknown, version = '2.14'): Promise<Response> {
	return fetch(`${baseUrl}/contacts/search`, {
		method: 'POST',
		headers: {
			Authorization: `Bearer ${DEFAULT_TOKEN}`,
			Accept: 'application/json',
			'Content-Type': 'application/json',
			'Intercom-Version': version,
		},
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
}

/** One page of a search that must succeed. */
async function page(body: Record<string, unknown>, version?: string): Promise<ContactList> {
	const response = await post(body, version);
	expect(response.status).toBe(200);
	return (await response.json()) as ContactList;
}

/** The ids of every match of `query`, read page by page (150 a page). */
async function ids(query: unknown, version?: string): Promise<string[]> {
	const found: string[] = [];
	let cursor: string | undefined;
	do {
		const pagination = { per_page: 150, ...(cursor ? { starting_after: cursor } : {}) };
		const list = await page({ query, pagination }, version);
		found.push(...list.data.map((c) => c.id));
		cursor = list.pages.next?.starting_after;
	} while (cursor !== undefined);
	return found;
}

/** Archives or deletes a contact through the 2.x route. */
async function change(id: string, how: 'archive' | 'delete'): Promise<void> {
	const response = await fetch(`${baseUrl}/contacts/${id}${how === 'archive' ? '/archive' : ''}`, {
		method: how === 'archive' ? 'POST' : 'DELETE',
		headers: {
			Authorization: `Bearer ${DEFAULT_TOKEN}`,
			Accept: 'application/json',
			'Intercom-Version': '2.14',
		},
	});
	expect(response.status).toBe(200);
}

/** A single filter. */
const f = (field: string, operator: string, value: unknown) => ({ field, operator, value });

/** The error.list of a 400 answer (request_id a uuid, the same in X-Request-Id). */
async function error400(body: unknown, version?: string): Promise<unknown[]> {
	const response = await post(body, version);
	expect(response.status).toBe(400);
	const answer = (await response.json()) as { type: string; request_id: string; errors: unknown[] };
	expect(answer.type).toBe('error.list');
	expect(answer.request_id).toMatch(UUID);
	expect(response.headers.get('x-request-id')).toBe(answer.request_id);
	return answer.errors;
}

/** The only error of a 400 answer must be `parameter_invalid` with this message. */
async function expectInvalid(body: unknown, message: string, version?: string): Promise<void> {
	expect(await error400(body, version)).toEqual([{ code: 'parameter_invalid', message }]);
}

/** Every exchange so far conforms to Intercom's OpenAPI description of its version. */
function expectContract(): void {
	const { checked, violations } = checkSimulatorContacts(sim);
	expect(violations).toEqual([]);
	expect(checked).toBeGreaterThan(0);
}

/** A user with only the given fields besides the id. */
const user = (id: string, fields: Partial<SimUser> = {}): SimUser => ({
	type: 'user',
	id,
	user_id: null,
	email: null,
	...fields,
});

describe('filters on string fields (each operator the OpenAPI lists for strings)', () => {
	afterEach(() => expectContract());

	it.each<[string, unknown, string[]]>([
		['= email', f('email', '=', 'dup@example.com'), [DUP_A, DUP_B]],
		[
			'!= email (the lead too)',
			f('email', '!=', 'dup@example.com'),
			[WASH, PLUS, THIRD, SPACE, SOLO, MAL, LEAD],
		],
		['IN external_id', f('external_id', 'IN', ['32', '25', 'nobody']), [WASH, MAL]],
		[
			'NIN external_id (a lead without one too)',
			f('external_id', 'NIN', ['25', '26', '27', '28', '29', '30']),
			[SOLO, MAL, LEAD],
		],
		['~ name (contains)', f('name', '~', 'Email'), [DUP_A, DUP_B]],
		['!~ name (does not contain)', f('name', '!~', 'e'), [PLUS]],
		['^ email (starts with)', f('email', '^', 'first'), [PLUS, THIRD, SPACE]],
		['$ email (ends with)', f('email', '$', '@serenity.io'), [WASH, MAL]],
		['= email_domain', f('email_domain', '=', 'serenity.io'), [WASH, MAL]],
		['= role lead', f('role', '=', 'lead'), [LEAD]],
		['IN role: users and leads', f('role', 'IN', ['user', 'lead']), LIVE],
		['= id', f('id', '=', SOLO), [SOLO]],
		['= phone', f('phone', '=', '555671243'), [WASH]],
		['= is case-sensitive', f('email', '=', 'WASH@serenity.io'), []],
	])('%s', async (_what, query, expected) => {
		expect(await ids(query)).toEqual(expected);
	});

	it('with emailMatch caseInsensitive, email and email_domain ignore letter case', async () => {
		await restart({ emailMatch: 'caseInsensitive' });
		expect(await ids(f('email', '=', 'WASH@Serenity.IO'))).toEqual([WASH]);
		expect(await ids(f('email_domain', 'IN', ['SERENITY.io']))).toEqual([WASH, MAL]);
		expect(await ids(f('name', '~', 'hoban'))).toEqual([]);
	});

	it("segment_id and tag_id: any of the contact's segments / tags, and the negations", async () => {
		expect(await ids(f('segment_id', '=', SEGMENT_DORMANT))).toEqual([SOLO, MAL]);
		expect(await ids(f('segment_id', '=', SEGMENT_NEWS))).toEqual([SOLO, LEAD]);
		expect(await ids(f('segment_id', 'IN', [SEGMENT_NEWS, SEGMENT_DORMANT]))).toEqual([
			SOLO,
			MAL,
			LEAD,
		]);
		expect(await ids(f('segment_id', '!=', SEGMENT_DORMANT))).toEqual([
			WASH,
			PLUS,
			THIRD,
			SPACE,
			DUP_A,
			DUP_B,
			LEAD,
		]);
		expect(await ids(f('segment_id', 'NIN', [SEGMENT_NEWS]))).toEqual([
			WASH,
			PLUS,
			THIRD,
			SPACE,
			DUP_A,
			DUP_B,
			MAL,
		]);
		expect(await ids(f('tag_id', '=', TAG_CHURNED))).toEqual([DUP_A, MAL]);
		expect(await ids(f('tag_id', '!=', TAG_CHURNED))).toEqual([
			WASH,
			PLUS,
			THIRD,
			SPACE,
			DUP_B,
			SOLO,
			LEAD,
		]);
	});

	it('= on email, external_id and id (read through the index) finds what IN (a scan) finds', async () => {
		for (const seedUser of loadSeedUsers()) {
			const pairs: Array<[string, string | null]> = [
				['email', seedUser.email],
				['external_id', seedUser.user_id],
				['id', seedUser.id],
			];
			for (const [field, value] of pairs) {
				if (value === null) continue;
				expect(await ids(f(field, '=', value))).toEqual(await ids(f(field, 'IN', [value])));
			}
		}
		const dupTwo = {
			operator: 'AND',
			value: [f('email', '=', 'dup@example.com'), f('name', '~', 'Two')],
		};
		expect(await ids(dupTwo)).toEqual([DUP_B]);
		expect(
			await ids({ operator: 'AND', value: [f('id', '=', LEAD), f('role', '=', 'user')] }),
		).toEqual([]);
		expect(await ids({ operator: 'OR', value: [f('id', '=', LEAD), f('id', '=', WASH)] })).toEqual([
			WASH,
			LEAD,
		]);
	});

	it("a tagged contact's view lists its tags", async () => {
		const list = await page({ query: f('id', '=', MAL) });
		expect(list.data[0].tags).toEqual({
			type: 'list',
			data: [{ type: 'tag', id: TAG_CHURNED, url: `/tags/${TAG_CHURNED}` }],
			url: `/contacts/${MAL}/tags`,
			total_count: 1,
			has_more: false,
		});
	});

	it('leads come back unless the query limits role; archived and deleted contacts never do', async () => {
		expect(await ids(f('email', '$', '@example.com'))).toContain(LEAD);
		expect(
			await ids({
				operator: 'AND',
				value: [f('role', '=', 'user'), f('email', '$', '@example.com')],
			}),
		).not.toContain(LEAD);
		await change(SOLO, 'archive');
		await change(MAL, 'delete');
		expect(await ids(f('segment_id', '=', SEGMENT_DORMANT))).toEqual([]);
		expect(await ids(f('role', '=', 'user'))).toEqual([WASH, PLUS, THIRD, SPACE, DUP_A, DUP_B]);
	});
});

describe('null values (value: null with = and !=)', () => {
	/**
	 * The OpenAPI marks `value` `nullable: true` beside a `oneOf`; converted to JSON
	 * Schema that admits no null, so these requests are the contract's only complaint.
	 */
	afterEach(() => {
		const { violations } = checkSimulatorContacts(sim);
		expect(violations.length).toBeGreaterThan(0);
		for (const violation of violations) {
			expect(violation.part).toBe('request');
			expect(violation.errors).toContain('/query/value must be string {"type":"string"}');
		}
	});

	it('null: email = null finds contacts without an email, != null the others', async () => {
		await restart({
			users: [
				user('b0000000000000000000000a', { email: 'a@example.com' }),
				user('b0000000000000000000000b'),
				user('b0000000000000000000000c', { email: '' }),
			],
		});
		expect(await ids(f('email', '=', null))).toEqual([
			'b0000000000000000000000b',
			'b0000000000000000000000c',
		]);
		expect(await ids(f('email', '!=', null))).toEqual(['b0000000000000000000000a']);
		expect(await ids(f('email_domain', '=', null))).toHaveLength(2);
		expect(await ids(f('external_id', '=', null))).toHaveLength(3);
	});

	it('segment_id = null: in no segment; != null: in one at least', async () => {
		expect(await ids(f('segment_id', '=', null))).toEqual([WASH, PLUS, THIRD, SPACE, DUP_A, DUP_B]);
		expect(await ids(f('segment_id', '!=', null))).toEqual([SOLO, MAL, LEAD]);
		expect(await ids(f('tag_id', '=', null))).toHaveLength(7);
	});
});

describe("nested AND / OR and Intercom's limits (15 filters per group, 2 levels)", () => {
	it('(role = user) AND (email $ serenity.io OR tag_id = 7001), and a top-level OR', async () => {
		const query = {
			operator: 'AND',
			value: [
				{ operator: 'AND', value: [f('role', '=', 'user')] },
				{ operator: 'OR', value: [f('email', '$', '@serenity.io'), f('tag_id', '=', TAG_CHURNED)] },
			],
		};
		expect(await ids(query)).toEqual([WASH, DUP_A, MAL]);
		expect(
			await ids({
				operator: 'OR',
				value: [f('email', '=', 'solo@example.com'), f('id', '=', WASH)],
			}),
		).toEqual([WASH, SOLO]);
		expectContract();
	});

	it('a group mixing filters and groups works as at Intercom (the OpenAPI oneOf admits only one kind per group)', async () => {
		const body = {
			query: {
				operator: 'AND',
				value: [
					f('role', '=', 'user'),
					{ operator: 'OR', value: [f('id', '=', WASH), f('id', '=', LEAD)] },
				],
			},
		};
		expect((await page(body)).data.map((c) => c.id)).toEqual([WASH]);
		const { violations } = checkSimulatorContacts(sim);
		expect(violations.map((v) => v.part)).toEqual(['request']);
	});

	it('15 filters in a group are fine, 16 are not; the limit is per group, not per request', async () => {
		const fifteen = Array.from({ length: 15 }, (_, n) => f('external_id', '=', String(25 + n)));
		expect(await ids({ operator: 'OR', value: fifteen })).toEqual([
			WASH,
			PLUS,
			THIRD,
			SPACE,
			DUP_A,
			DUP_B,
			SOLO,
			MAL,
		]);
		await expectInvalid(
			{ query: { operator: 'OR', value: [...fifteen, f('id', '=', LEAD)] } },
			'An OR group holds at most 15 filters, this one holds 16',
		);
		const two = {
			operator: 'AND',
			value: [
				{ operator: 'OR', value: fifteen },
				{ operator: 'OR', value: fifteen },
			],
		};
		expect(await ids(two)).toHaveLength(8);
	});

	it('groups nest two levels deep, not three', async () => {
		const third = {
			operator: 'AND',
			value: [{ operator: 'OR', value: [{ operator: 'AND', value: [f('id', '=', WASH)] }] }],
		};
		await expectInvalid({ query: third }, 'AND / OR groups nest at most 2 levels deep');
	});
});

describe('dates: by calendar day up to 2.16 (workspace timezone), by second from 2.17', () => {
	it('timestampMatching: 2.0-2.16 calendarDay, 2.17+, Preview and Unstable exactSecond, 1.x none', () => {
		expect(['2.0', '2.7', '2.14', '2.15', '2.16'].map(timestampMatching)).toEqual(
			Array(5).fill('calendarDay'),
		);
		expect(['2.17', '2.20', 'Preview', 'Unstable', 'unstable'].map(timestampMatching)).toEqual(
			Array(5).fill('exactSecond'),
		);
		expect(['1.4', '1.0', '3', ''].map(timestampMatching)).toEqual(Array(4).fill(undefined));
	});

	it("the OpenAPI's example: > 1577869200 (2020-01-01 09:00 UTC) starts at 2020-01-02 00:00 UTC by day", () => {
		expect(timestampWindow(1577869200, 'calendarDay')).toEqual({
			start: 1577836800,
			end: 1577923200,
		});
		expect(matchesTimestamp(1577923199, '>', 1577869200, 'calendarDay')).toBe(false);
		expect(matchesTimestamp(1577923200, '>', 1577869200, 'calendarDay')).toBe(true);
		expect(matchesTimestamp(1577869201, '>', 1577869200, 'exactSecond')).toBe(true);
		expect(matchesTimestamp(1577836800, '=', 1577869200, 'calendarDay')).toBe(true);
		expect(matchesTimestamp(1577836799, '<', 1577869200, 'calendarDay')).toBe(true);
		expect(matchesTimestamp(1577836800, '<', 1577869200, 'calendarDay')).toBe(false);
		expect(matchesTimestamp(null, '<', 1577869200, 'exactSecond')).toBe(false);
	});

	it('a day in Europe/Berlin when clocks go forward is 23 hours, from local midnight', () => {
		// 2026-03-29 12:00 UTC; the Berlin day runs 2026-03-28 23:00 UTC to 2026-03-29 22:00 UTC.
		expect(timestampWindow(1774785600, 'calendarDay', 'Europe/Berlin')).toEqual({
			start: 1774738800,
			end: 1774821600,
		});
	});

	it('last_seen_at > an hour before Solo was seen: the next day on 2.14 / 2.16, that second on 2.17 and Unstable', async () => {
		const query = f('last_seen_at', '>', SOLO_SEEN - HOUR);
		expect(await ids(query, '2.14')).toEqual([MAL, LEAD]);
		expect(await ids(query, '2.16')).toEqual([MAL, LEAD]);
		expect(await ids(query, '2.17')).toEqual([SOLO, MAL, LEAD]);
		expect(await ids(query, 'Unstable')).toEqual([SOLO, MAL, LEAD]);
		expectContract();
	});

	it('< and = compare by the day (2.14) or the second (2.17); a string of digits is a timestamp too', async () => {
		expect(await ids(f('last_seen_at', '<', SOLO_SEEN + HOUR), '2.14')).toEqual([
			WASH,
			PLUS,
			THIRD,
			SPACE,
			DUP_A,
			DUP_B,
		]);
		expect(await ids(f('last_seen_at', '<', String(SOLO_SEEN + HOUR)), '2.17')).toEqual([
			WASH,
			PLUS,
			THIRD,
			SPACE,
			DUP_A,
			DUP_B,
			SOLO,
		]);
		const dayStart = 1461456000; // 2016-04-24 00:00 UTC
		expect(await ids(f('last_seen_at', '=', dayStart), '2.14')).toEqual([SOLO]);
		expect(await ids(f('last_seen_at', '=', dayStart), '2.17')).toEqual([]);
		expect(await ids(f('last_seen_at', '=', SOLO_SEEN), '2.17')).toEqual([SOLO]);
		expect(await ids(f('signed_up_at', '>', 1461500000), '2.17')).toEqual([SOLO, MAL]);
		expect(await ids(f('created_at', '<', 1461000000), '2.17')).toEqual([WASH]);
		expect(await ids(f('updated_at', '>', 1461700000), '2.17')).toEqual([LEAD]);
	});

	it("the day is the workspace's: = 2016-04-24 00:00 UTC is a different day in Pacific/Auckland", async () => {
		await restart({ workspaceTimeZone: 'Pacific/Auckland' });
		// 2016-04-24 00:00 UTC is 12:00 on the 24th in Auckland (UTC+12); Duplicate Email Two was
		// seen at 07:12 on the 24th there (19:12 on the 23rd UTC), Solo on the 25th there.
		expect(await ids(f('last_seen_at', '=', 1461456000), '2.14')).toEqual([DUP_B]);
		expect(await ids(f('last_seen_at', '=', 1461456000), '2.17')).toEqual([]);
		expect(() => new IntercomSimulator({ workspaceTimeZone: 'Mars/Olympus' })).toThrow(
			/unknown workspace timezone "Mars\/Olympus"/,
		);
	});

	it('a contact without the timestamp matches no comparison, only = null', async () => {
		await restart({
			users: [
				user('c0000000000000000000000a', { last_request_at: 1461528741 }),
				user('c0000000000000000000000b'),
			],
		});
		expect(await ids(f('last_seen_at', '<', 1900000000), '2.17')).toEqual([
			'c0000000000000000000000a',
		]);
		expect(await ids(f('last_seen_at', '=', null), '2.17')).toEqual(['c0000000000000000000000b']);
		expect(await ids(f('signed_up_at', '=', null), '2.17')).toHaveLength(2);
	});

	it.each(['!=', '<=', '>=', 'IN', 'NIN', '~'])(
		'the operator %s on a date field is an error',
		async (operator) => {
			await expectInvalid(
				{ query: f('last_seen_at', operator, operator.endsWith('IN') ? [1] : 1461528741) },
				`The operator ${JSON.stringify(operator)} is not supported for last_seen_at (a date field); use one of = < >`,
			);
		},
	);

	it('a date value that is not a timestamp is an error', async () => {
		await expectInvalid(
			{ query: f('created_at', '>', 'foobar') },
			'The value for created_at must be a UNIX timestamp (an integer or a string of digits), got "foobar"',
		);
		await expectInvalid(
			{ query: f('created_at', '<', null) },
			'The value for created_at must be a UNIX timestamp (an integer or a string of digits), got null',
		);
	});
});

describe('cursor pages over 10,000 generated users', () => {
	const generated = generateRecords(10_000, 0);
	const CUTOFF = 1735689600; // 2025-01-01 00:00 UTC
	const query = {
		operator: 'AND',
		value: [f('role', '=', 'user'), f('last_seen_at', '<', CUTOFF)],
	};
	const expected = generated
		.filter((_, index) => {
			const seen = generatedLastSeen(index + 1);
			return seen !== undefined && seen < CUTOFF;
		})
		.map((u) => u.id);

	beforeEach(async () => {
		await restart({ users: [...loadSeedUsers(), ...generated] });
	});

	it('the generated users are spread: some seen before the cutoff, some after, every 50th never', () => {
		expect(expected.length).toBeGreaterThan(2000);
		expect(expected.length).toBeLessThan(8000);
		expect(generated.filter((u) => u.last_request_at === undefined)).toHaveLength(200);
		expect(generateRecords(3, 0)).toEqual(generateRecords(3, 0));
	});

	it('150 a page: every match exactly once, in id order, pages numbered, next only before the last', async () => {
		const seen: string[] = [];
		const pages: ContactList['pages'][] = [];
		let cursor: string | undefined;
		do {
			const list = await page(
				{ query, pagination: { per_page: 150, ...(cursor ? { starting_after: cursor } : {}) } },
				'2.17',
			);
			expect(list.total_count).toBe(expected.length + 8);
			seen.push(...list.data.map((c) => c.id));
			pages.push(list.pages);
			cursor = list.pages.next?.starting_after;
		} while (cursor !== undefined);
		const seedUsers = [WASH, PLUS, THIRD, SPACE, DUP_A, DUP_B, SOLO, MAL];
		expect(seen).toEqual([...seedUsers, ...expected]);
		const total = Math.ceil((expected.length + 8) / 150);
		expect(pages.map((p) => p.page)).toEqual(Array.from({ length: total }, (_, n) => n + 1));
		expect(
			pages.every((p) => p.type === 'pages' && p.per_page === 150 && p.total_pages === total),
		).toBe(true);
		expect(pages.slice(0, -1).every((p) => p.next?.per_page === 150)).toBe(true);
		expect(pages[pages.length - 1]).not.toHaveProperty('next');
		expectContract();
	});

	it('archiving each page before reading the next skips nobody (the cursor is a position, not an offset)', async () => {
		const narrow = { operator: 'AND', value: [...query.value, f('email', '^', 'user1')] };
		const wanted = expected.filter((id) =>
			generated.find((u) => u.id === id)?.email?.startsWith('user1'),
		);
		const seen: string[] = [];
		let cursor: string | undefined;
		do {
			const pagination = { per_page: 50, ...(cursor ? { starting_after: cursor } : {}) };
			const list = await page({ query: narrow, pagination }, '2.14');
			await Promise.all(list.data.map((contact) => change(contact.id, 'archive')));
			seen.push(...list.data.map((c) => c.id));
			cursor = list.pages.next?.starting_after;
		} while (cursor !== undefined);
		expect(wanted.length).toBeGreaterThan(100);
		expect(seen).toEqual(wanted);
		expect(await ids(narrow, '2.14')).toEqual([]);
	});

	it('a cursor sent again answers the same page again; sort orders by a field, ties by id', async () => {
		const first = await page({ query, pagination: { per_page: 5 } }, '2.17');
		const again = {
			query,
			pagination: { per_page: 5, starting_after: first.pages.next?.starting_after },
		};
		const second = await page(again, '2.17');
		expect(await page(again, '2.17')).toEqual(second);
		expect(second.pages.page).toBe(2);

		const sorted = await page(
			{ query, sort: { field: 'last_seen_at', order: 'ascending' }, pagination: { per_page: 150 } },
			'2.17',
		);
		const times = sorted.data.map((c) => c.last_seen_at as number);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		const next = await page(
			{
				query,
				sort: { field: 'last_seen_at', order: 'ascending' },
				pagination: { per_page: 150, starting_after: sorted.pages.next?.starting_after },
			},
			'2.17',
		);
		expect(next.data[0].last_seen_at as number).toBeGreaterThanOrEqual(times[times.length - 1]);
		const descending = await page(
			{ query, sort: { field: 'last_seen_at' }, pagination: { per_page: 3 } },
			'2.17',
		);
		const latest = Math.max(
			...expected.map((id) => generated.find((u) => u.id === id)?.last_request_at as number),
		);
		expect(descending.data[0].last_seen_at).toBe(latest);
	});
});

describe('bad requests: Intercom error.list, HTTP 400', () => {
	it.each<[string, unknown, string]>([
		['a body that is not JSON', '{"query":', 'The request body must be a JSON object'],
		['no query', { pagination: { per_page: 5 } }, 'query must be an object'],
		[
			'a group operator that is neither AND nor OR',
			{ query: { operator: 'XOR', value: [] } },
			'A filter needs a field; a group needs the operator AND or OR, got "XOR"',
		],
		[
			'a filter operator AND with a field',
			{ query: f('email', 'AND', 'x') },
			'The operator "AND" is not supported for email (a string field); use one of = != IN NIN ~ !~ ^ $',
		],
		[
			'a group entry that is not an object',
			{ query: { operator: 'OR', value: ['email'] } },
			'Every filter must be an object',
		],
		[
			'IN without an array',
			{ query: f('email', 'IN', 'a@b.c') },
			'IN needs an array of strings as the value for email',
		],
		[
			'~ with null',
			{ query: f('name', '~', null) },
			'The value for name with ~ must be a string, got null',
		],
		[
			'tag_id with IN',
			{ query: f('tag_id', 'IN', ['7001']) },
			'The operator "IN" is not supported for tag_id (tag_id); use one of = !=',
		],
		[
			'tag_id with ~',
			{ query: f('tag_id', '~', '70') },
			'The operator "~" is not supported for tag_id (tag_id); use one of = !=',
		],
		[
			'per_page 151',
			{ query: f('id', '=', WASH), pagination: { per_page: 151 } },
			'per_page must be an integer from 1 to 150',
		],
		[
			'a cursor that is not one',
			{ query: f('id', '=', WASH), pagination: { starting_after: 'not-a-cursor' } },
			'starting_after is not a valid cursor',
		],
		[
			'a cursor of another shape',
			{
				query: f('id', '=', WASH),
				pagination: { starting_after: Buffer.from('[1,2]').toString('base64') },
			},
			'starting_after is not a valid cursor',
		],
		[
			'sort by a list field',
			{ query: f('id', '=', WASH), sort: { field: 'tag_id', order: 'ascending' } },
			'The simulator cannot sort by "tag_id"',
		],
	])('parameter_invalid for %s', async (_what, body, message) => {
		await expectInvalid(body, message);
	});

	it("invalid_sort_order for a sort order other than ascending / descending (the OpenAPI 2.16's example)", async () => {
		expect(
			await error400({ query: f('id', '=', WASH), sort: { field: 'created_at', order: 'desc' } }),
		).toEqual([
			{
				code: 'invalid_sort_order',
				message: "Invalid sort order 'desc'. Must be one of: ascending, descending",
			},
		]);
	});

	it("the contract helper accepts the simulator's requests and flags a request the OpenAPI forbids", () => {
		const list = JSON.stringify({
			type: 'list',
			data: [],
			total_count: 0,
			pages: { type: 'pages', page: 1, per_page: 50, total_pages: 0 },
		});
		const nested = {
			query: {
				operator: 'AND',
				value: [{ operator: 'OR', value: [f('email', '~', 'a'), f('name', '^', 'b')] }],
			},
			pagination: { per_page: 150, starting_after: null },
		};
		expect(checkExchange('POST', '/contacts/search', JSON.stringify(nested), 200, list)).toEqual(
			[],
		);
		expect(
			checkExchange(
				'POST',
				'/contacts/search',
				JSON.stringify({ query: f('created_at', '>', { at: 1 }) }),
				200,
				list,
			),
		).not.toEqual([]);
	});
});
