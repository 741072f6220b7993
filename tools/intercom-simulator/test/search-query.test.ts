/**
 * `POST /contacts/search` beyond one `=` filter (routes/searchQuery.ts), driven through the
 * handler: AND / OR groups and their limits, string operators, `value: null`, segments and
 * tags, and the two timestamp semantics keyed on the Intercom-Version header.
 */
import type { SimUser } from '../simulator';
import { createState, DEFAULT_TOKEN, handle, loadSeedUsers } from '../simulator';

const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function user(n: number, fields: Partial<SimUser>): SimUser {
	return {
		...loadSeedUsers()[0],
		id: `sq${n}`,
		user_id: `sq-${n}`,
		email: `sq-${n}@a.io`,
		...fields,
	};
}

const USERS: SimUser[] = [
	user(1, {
		last_request_at: at('2024-06-14T23:00:00Z'),
		tags: { type: 'tag.list', tags: [{ id: '7' }] },
	}),
	user(2, { last_request_at: at('2024-06-15T10:00:00Z'), email: 'sq-2@b.io' }),
	user(3, { last_request_at: at('2024-06-15T13:00:00Z'), email: null }),
	user(4, {
		last_request_at: at('2024-06-16T01:00:00Z'),
		segments: { type: 'segment.list', segments: [{ id: 's1' }] },
	}),
];

/** The ids a search finds, or its error message. */
function search(query: unknown, version = '2.14'): string[] | string {
	const state = createState({ users: USERS });
	const headers = {
		authorization: `Bearer ${DEFAULT_TOKEN}`,
		accept: 'application/json',
		'intercom-version': version,
	};
	const answer = handle(state, {
		method: 'POST',
		url: '/contacts/search',
		headers,
		body: JSON.stringify({ query }),
	});
	const body = JSON.parse(answer.body) as {
		data?: Array<{ id: string }>;
		errors?: Array<{ message: string }>;
	};
	return answer.status === 200
		? (body.data ?? []).map((contact) => contact.id)
		: `${answer.status} ${body.errors?.[0]?.message}`;
}

const NOON = at('2024-06-15T12:00:00Z');
const seen = (operator: string) => ({ field: 'last_seen_at', operator, value: NOON });

describe('search queries beyond one = filter', () => {
	it('up to 2.16 a timestamp matches by the day (UTC workspace): = the day, < before it began, > from the next day', () => {
		for (const version of ['2.14', '2.16']) {
			expect(search(seen('<'), version)).toEqual(['sq1']);
			expect(search(seen('='), version)).toEqual(['sq2', 'sq3']);
			expect(search(seen('>'), version)).toEqual(['sq4']);
		}
	});

	it('from 2.17 and on Unstable a timestamp matches by the exact second', () => {
		for (const version of ['2.17', 'Unstable']) {
			expect(search(seen('<'), version)).toEqual(['sq1', 'sq2']);
			expect(search(seen('='), version)).toEqual([]);
			expect(search(seen('>'), version)).toEqual(['sq3', 'sq4']);
		}
	});

	it('AND and OR groups nest, and string operators compare as documented', () => {
		const query = {
			operator: 'AND',
			value: [
				{ field: 'role', operator: '=', value: 'user' },
				{
					operator: 'OR',
					value: [
						{ field: 'email', operator: '$', value: '@b.io' },
						{ field: 'email', operator: '~', value: 'q-1' },
					],
				},
			],
		};
		expect(search(query)).toEqual(['sq1', 'sq2']);
		expect(search({ field: 'email', operator: '^', value: 'sq-4' })).toEqual(['sq4']);
		expect(search({ field: 'email', operator: '!=', value: 'sq-4@a.io' })).toEqual([
			'sq1',
			'sq2',
			'sq3',
		]);
	});

	it('value null: = finds contacts without the field, != those with it', () => {
		expect(search({ field: 'email', operator: '=', value: null })).toEqual(['sq3']);
		expect(search({ field: 'email', operator: '!=', value: null })).toEqual(['sq1', 'sq2', 'sq4']);
	});

	it('segment_id and tag_id match the lists of the record', () => {
		expect(search({ field: 'segment_id', operator: '=', value: 's1' })).toEqual(['sq4']);
		expect(search({ field: 'tag_id', operator: '=', value: '7' })).toEqual(['sq1']);
		expect(search({ field: 'tag_id', operator: '!=', value: '7' })).toEqual(['sq2', 'sq3', 'sq4']);
	});

	it('refuses what Intercom refuses: 16 in a group, 3 levels, != on a date', () => {
		const sixteen = Array.from({ length: 16 }, () => ({
			field: 'role',
			operator: '=',
			value: 'user',
		}));
		expect(search({ operator: 'OR', value: sixteen })).toBe(
			"400 There's a limit of max 15 filters for each AND or OR group",
		);
		expect(search({ operator: 'OR', value: sixteen.slice(1) })).toEqual([
			'sq1',
			'sq2',
			'sq3',
			'sq4',
		]);
		const deep = {
			operator: 'AND',
			value: [{ operator: 'OR', value: [{ operator: 'AND', value: sixteen.slice(0, 1) }] }],
		};
		expect(search(deep)).toBe("400 There's a limit of max 2 nested filters");
		expect(search(seen('!='))).toBe('400 The != operator is not supported on Date fields');
	});
});
