/**
 * `POST /contacts/search` ("Search contacts", Intercom API 2.x), as Intercom's
 * OpenAPI 2.14 and 2.16 descriptions state it (schemas `search_request` /
 * `contact_search_request`, `single_filter_search_request`,
 * `multiple_filter_search_request`, `starting_after_paging`, `contact_list`).
 *
 * Body: `{query, pagination?: {per_page?, starting_after?}, sort?: {field, order?}}`.
 *
 * - A filter is `{field, operator, value}`. Fields and their operators (the OpenAPI's
 *   per-type table): string fields `id`, `role`, `name`, `email`, `email_domain`,
 *   `phone`, `external_id` take `=`, `!=`, `IN`, `NIN`, `~` (contains), `!~`, `^`
 *   (starts with), `$` (ends with); date fields `created_at`, `signed_up_at`,
 *   `updated_at`, `last_seen_at` take `=`, `<`, `>` only; `segment_id` takes the
 *   string operators and matches when any of the contact's segments does (the
 *   negative ones when none does); `tag_id` takes `=` and `!=` only. A string value
 *   is compared case-sensitively (emails and email domains in any case with the
 *   simulator's `emailMatch: 'caseInsensitive'`); `IN` / `NIN` need an array of
 *   strings; `value: null` with `=` / `!=` asks for a missing value (`email = null`:
 *   no email; `segment_id = null`: in no segment). A date value is a UNIX timestamp,
 *   an integer or a string of digits (the OpenAPI's example sends '1306054154'),
 *   compared as {@link timestampMatching} says for the request's Intercom-Version
 *   (calendar day in the workspace's timezone up to 2.16, the exact second from 2.17,
 *   Preview and Unstable); a contact without that timestamp matches none of `=`, `<`,
 *   `>` (only `= null`).
 * - A group is `{operator: 'AND' | 'OR', value: [filters or groups]}`, mixed freely
 *   (Intercom accepts that; the OpenAPI's `oneOf` of two array types does not say
 *   so). Intercom's limits: at most 15 filters in each AND / OR group ("max 15
 *   filters for each AND or OR group": a group's own entries, a nested group counting
 *   as one) and groups nested at most 2 deep ("max 2 nested filters":
 *   `(1 OR 2) AND (3 OR 4)` is fine, a third level is not).
 * - Results: live contacts only (never archived, deleted or merged ones; leads too unless
 *   the query says `role`), ordered by id, or with `sort` by that field (`order`
 *   `ascending` or `descending`, Intercom's default descending; missing values last,
 *   ties by id). Answer 200 `{type: 'list', data, total_count, pages: {type: 'pages',
 *   page, per_page, total_pages, next?: {per_page, starting_after}}}`, `next` only
 *   when another page follows; `per_page` 1-150, default 50.
 * - Cursor: Intercom's cursors are opaque base64 of a JSON array (the sort value and
 *   id of the last contact of the page and a page number); the simulator's are the
 *   same kind (`[sortValue, id, nextPage]`), so paging is by position after that
 *   contact, not by offset: contacts archived between pages shift nothing, and a
 *   cursor sent again answers the same page again. Only the body's
 *   `pagination.starting_after` is read; one in the query string is ignored (page 1
 *   again, as from Intercom).
 * - Errors, in Intercom's `error.list` with HTTP 400: `invalid_sort_order` for a sort
 *   order other than ascending / descending (the code and message the OpenAPI 2.16
 *   documents); `parameter_invalid` (Intercom's code for "a parameter's value is
 *   invalid"; the OpenAPI names no other for this endpoint) for everything else: a
 *   body that is not a JSON object, no query, an unknown field, an operator the
 *   field's type does not take, a value of the wrong type, an empty group, a group of
 *   more than 15, a third level of groups, `per_page` outside 1-150, a cursor the
 *   simulator did not issue.
 */
import type { StoredRecord, UserStore } from './store';
import type { TimestampMatching } from './searchTime';
import { DEFAULT_TIME_ZONE, timestampMatching, timestampWindow } from './searchTime';
import { integerOrNull, isPlainObject, parseJsonObject, stringOrNull } from './util';
import type { Answer } from './views';
import { errorAnswer } from './views';
import type { Keyed } from './searchPages';
import { compareKeys, pageAnswer, readPagination, SearchError } from './searchPages';

export {
	decodeCursor,
	encodeCursor,
	SEARCH_DEFAULT_PER_PAGE,
	SEARCH_MAX_PER_PAGE,
} from './searchPages';

/** Searchable string fields of a contact. */
export const SEARCH_STRING_FIELDS = [
	'id',
	'role',
	'name',
	'email',
	'email_domain',
	'phone',
	'external_id',
] as const;

/** Searchable date fields of a contact (UNIX seconds). */
export const SEARCH_DATE_FIELDS = [
	'created_at',
	'signed_up_at',
	'updated_at',
	'last_seen_at',
] as const;

/** Searchable fields holding a list of ids: the contact's segments and tags. */
export const SEARCH_LIST_FIELDS = ['segment_id', 'tag_id'] as const;

type StringField = (typeof SEARCH_STRING_FIELDS)[number];
type DateField = (typeof SEARCH_DATE_FIELDS)[number];
type ListField = (typeof SEARCH_LIST_FIELDS)[number];

/** Intercom: "max 15 filters for each AND or OR group". */
export const MAX_FILTERS_PER_GROUP = 15;

/** Intercom: "max 2 nested filters": AND / OR groups nest at most this deep. */
export const MAX_GROUP_DEPTH = 2;

const STRING_OPERATORS = ['=', '!=', 'IN', 'NIN', '~', '!~', '^', '$'];
const DATE_OPERATORS = ['=', '<', '>'];
const TAG_OPERATORS = ['=', '!='];
/** Operators that hold when the positive counterpart does not. */
const NEGATED: Record<string, string> = { '!=': '=', NIN: 'IN', '!~': '~' };

/** What the search needs besides the store: the request's API version and the workspace timezone. */
export interface SearchSettings {
	version: string;
	timeZone?: string;
}

/** Per-request context of compiling a query. */
interface Context {
	matching: TimestampMatching;
	timeZone: string;
	foldEmails: boolean;
	fallbackTime: number;
}

type Predicate = (stored: StoredRecord) => boolean;

/** POST /contacts/search: the answer for this body (see the module comment). Never throws. */
export function searchContacts(store: UserStore, body: string, settings: SearchSettings): Answer {
	try {
		return runSearch(store, body, settings);
	} catch (err) {
		if (err instanceof SearchError) return errorAnswer(400, err.code, err.message);
		throw err;
	}
}

/** {@link searchContacts}, throwing a SearchError for a request to refuse. */
function runSearch(store: UserStore, body: string, settings: SearchSettings): Answer {
	const parsed = parseJsonObject(body);
	if (!parsed) throw new SearchError('The request body must be a JSON object');
	if (!isPlainObject(parsed.query)) throw new SearchError('query must be an object');
	const context: Context = {
		matching: timestampMatching(settings.version) ?? 'calendarDay',
		timeZone: settings.timeZone ?? DEFAULT_TIME_ZONE,
		foldEmails: store.emailMatch === 'caseInsensitive',
		fallbackTime: store.constructedAt,
	};
	const predicate = compile(parsed.query, 0, context);
	const { perPage, cursor } = readPagination(parsed.pagination);
	const order = readSort(parsed.sort, context);

	const matches: Keyed[] = [];
	for (const stored of candidates(store, parsed.query)) {
		if (stored.archived || stored.deleted || stored.mergedInto !== null || !predicate(stored))
			continue;
		matches.push({ stored, key: { value: order.value(stored), id: stored.user.id } });
	}
	matches.sort((a, b) => compareKeys(a.key, b.key, order.descending));
	return pageAnswer(
		matches,
		perPage,
		cursor,
		order.descending,
		context.fallbackTime,
		settings.version,
	);
}

/**
 * The records that can match a checked query: for an `=` on email, external_id or id
 * (the query itself, or a filter directly in a top-level AND) the store's index
 * answers, so a lookup among 10,000 users reads one; else every record. The query's
 * predicate still decides.
 */
function candidates(store: UserStore, query: Record<string, unknown>): Iterable<StoredRecord> {
	const filters = query.operator === 'AND' && Array.isArray(query.value) ? query.value : [query];
	for (const filter of filters) {
		if (!isPlainObject(filter) || filter.operator !== '=') continue;
		const value = filter.value;
		if (typeof value !== 'string') continue;
		if (filter.field === 'email') return store.withValue('email', value);
		if (filter.field === 'external_id') return store.withValue('user_id', value);
		if (filter.field === 'id') {
			const stored = store.get(value);
			return stored ? [stored] : [];
		}
	}
	return store.all();
}

/** Compiles a filter or a group at group depth `depth` (0 for the top-level query). */
function compile(node: unknown, depth: number, context: Context): Predicate {
	if (!isPlainObject(node)) throw new SearchError('Every filter must be an object');
	if ('field' in node) return compileFilter(node, context);
	if (node.operator !== 'AND' && node.operator !== 'OR') {
		throw new SearchError(
			`A filter needs a field; a group needs the operator AND or OR, got ${JSON.stringify(node.operator)}`,
		);
	}
	if (depth >= MAX_GROUP_DEPTH) {
		throw new SearchError(`AND / OR groups nest at most ${MAX_GROUP_DEPTH} levels deep`);
	}
	const entries = node.value;
	if (!Array.isArray(entries) || entries.length === 0) {
		throw new SearchError(`An ${node.operator} group needs a non-empty array of filters as value`);
	}
	if (entries.length > MAX_FILTERS_PER_GROUP) {
		throw new SearchError(
			`An ${node.operator} group holds at most ${MAX_FILTERS_PER_GROUP} filters, this one holds ${entries.length}`,
		);
	}
	const parts = entries.map((entry) => compile(entry, depth + 1, context));
	return node.operator === 'AND'
		? (stored) => parts.every((part) => part(stored))
		: (stored) => parts.some((part) => part(stored));
}

/** Compiles one `{field, operator, value}` filter, checking the operator and value against the field's type. */
function compileFilter(filter: Record<string, unknown>, context: Context): Predicate {
	const { field, operator, value } = filter;
	if (typeof operator !== 'string') throw new SearchError('A filter needs an operator');
	if (includes(SEARCH_DATE_FIELDS, field)) {
		allowOperator(field, operator, DATE_OPERATORS, 'a date field');
		return dateFilter(field, operator as '=' | '<' | '>', value, context);
	}
	if (includes(SEARCH_STRING_FIELDS, field)) {
		allowOperator(field, operator, STRING_OPERATORS, 'a string field');
		const test = stringTest(field, operator, value, context.foldEmails);
		return (stored) => test(stringValue(stored, field));
	}
	if (includes(SEARCH_LIST_FIELDS, field)) {
		const allowed = field === 'tag_id' ? TAG_OPERATORS : STRING_OPERATORS;
		allowOperator(field, operator, allowed, field === 'tag_id' ? 'tag_id' : 'a list of ids');
		return listFilter(field, operator, value);
	}
	const known = [...SEARCH_STRING_FIELDS, ...SEARCH_DATE_FIELDS, ...SEARCH_LIST_FIELDS];
	throw new SearchError(
		`${JSON.stringify(field)} is not a searchable contact field here; the simulator searches ${known.join(', ')}`,
	);
}

/** True when `value` is one of `list` (narrowing it). */
function includes<T extends string>(list: readonly T[], value: unknown): value is T {
	return (list as readonly unknown[]).includes(value);
}

/** Throws unless `operator` is one the field's type takes. */
function allowOperator(field: string, operator: string, allowed: string[], kind: string): void {
	if (!allowed.includes(operator)) {
		throw new SearchError(
			`The operator ${JSON.stringify(operator)} is not supported for ${field} (${kind}); use one of ${allowed.join(' ')}`,
		);
	}
}

/** A date filter: the value's window is computed once (see timestampWindow). */
function dateFilter(
	field: DateField,
	operator: '=' | '<' | '>',
	value: unknown,
	context: Context,
): Predicate {
	if (value === null && operator === '=') {
		return (stored) => dateValue(stored, field, context.fallbackTime) === null;
	}
	const seconds = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value;
	if (!Number.isSafeInteger(seconds) || (seconds as number) < 0) {
		throw new SearchError(
			`The value for ${field} must be a UNIX timestamp (an integer or a string of digits), got ${JSON.stringify(value)}`,
		);
	}
	const { start, end } = timestampWindow(seconds as number, context.matching, context.timeZone);
	return (stored) => {
		const t = dateValue(stored, field, context.fallbackTime);
		if (t === null) return false;
		if (operator === '=') return t >= start && t < end;
		return operator === '<' ? t < start : t >= end;
	};
}

/**
 * A test of one string (null when the contact has none) for `operator value`; emails
 * and email domains compare in lowercase when `foldEmails`.
 */
function stringTest(
	field: string,
	operator: string,
	value: unknown,
	foldEmails: boolean,
): (actual: string | null) => boolean {
	const negated = NEGATED[operator];
	if (negated !== undefined) {
		const positive = stringTest(field, negated, value, foldEmails);
		return (actual) => !positive(actual);
	}
	const fold = foldEmails && (field === 'email' || field === 'email_domain');
	const norm = (text: string) => (fold ? text.toLowerCase() : text);
	if (operator === 'IN') {
		if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
			throw new SearchError(`${operator} needs an array of strings as the value for ${field}`);
		}
		const wanted = new Set(value.map(norm));
		return (actual) => actual !== null && wanted.has(norm(actual));
	}
	if (value === null && operator === '=') return (actual) => actual === null;
	if (typeof value !== 'string') {
		const nullNote = operator === '=' ? ' (or null)' : '';
		throw new SearchError(
			`The value for ${field} with ${operator} must be a string${nullNote}, got ${JSON.stringify(value)}`,
		);
	}
	const wanted = norm(value);
	const compare: Record<string, (actual: string) => boolean> = {
		'=': (actual) => actual === wanted,
		'~': (actual) => actual.includes(wanted),
		'^': (actual) => actual.startsWith(wanted),
		$: (actual) => actual.endsWith(wanted),
	};
	return (actual) => actual !== null && compare[operator](norm(actual));
}

/**
 * A filter on the contact's segment or tag ids: a positive operator holds when one of
 * them matches, a negative one when none does; `= null` when there are none.
 */
function listFilter(field: ListField, operator: string, value: unknown): Predicate {
	const negated = NEGATED[operator];
	if (value === null && (operator === '=' || operator === '!=')) {
		const empty = operator === '=';
		return (stored) => (listValues(stored, field).length === 0) === empty;
	}
	const test = stringTest(field, negated ?? operator, value, false);
	const any: Predicate = (stored) => listValues(stored, field).some((id) => test(id));
	return negated === undefined ? any : (stored) => !any(stored);
}

/** A string field of the contact view of a record (null when absent or empty). */
function stringValue(stored: StoredRecord, field: StringField): string | null {
	const user = stored.user;
	switch (field) {
		case 'id':
			return user.id;
		case 'role':
			return stored.role;
		case 'external_id':
			return stringOrNull(user.user_id);
		case 'email':
		case 'email_domain': {
			const email = typeof user.email === 'string' && user.email !== '' ? user.email : null;
			if (field === 'email' || email === null) return email;
			const at = email.lastIndexOf('@');
			return at === -1 ? null : email.slice(at + 1);
		}
		default:
			return stringOrNull(user[field]);
	}
}

/**
 * A date field of the contact view of a record, in UNIX seconds (as contactView
 * derives it: `last_seen_at` is the 1.x `last_request_at`; a missing `created_at` is
 * `fallbackTime`, a missing `updated_at` the created time).
 */
function dateValue(stored: StoredRecord, field: DateField, fallbackTime: number): number | null {
	const user = stored.user;
	const created = integerOrNull(user.created_at) ?? fallbackTime;
	switch (field) {
		case 'created_at':
			return created;
		case 'updated_at':
			return integerOrNull(user.updated_at) ?? created;
		case 'signed_up_at':
			return integerOrNull(user.signed_up_at);
		case 'last_seen_at':
			return integerOrNull(user.last_request_at);
	}
}

/**
 * The ids of the record's segments (1.x `segments.segments[].id`) or tags
 * (`tags.tags[].id`); [] when it has none.
 */
export function listValues(stored: StoredRecord, field: ListField): string[] {
	const key = field === 'segment_id' ? 'segments' : 'tags';
	const holder = stored.user[key];
	const list = isPlainObject(holder) ? holder[key] : undefined;
	if (!Array.isArray(list)) return [];
	return list
		.map((entry: unknown) => (isPlainObject(entry) ? entry.id : undefined))
		.filter((id): id is string => typeof id === 'string');
}

/**
 * The order a `sort` object asks for: `value` reads the sort value of a record (always
 * null without a sort, so the order is by id). An order other than ascending /
 * descending is `invalid_sort_order`, as the OpenAPI 2.16 documents.
 */
function readSort(
	sort: unknown,
	context: Context,
): { value: (stored: StoredRecord) => string | number | null; descending: boolean } {
	if (sort === undefined || sort === null) return { value: () => null, descending: false };
	if (!isPlainObject(sort)) throw new SearchError('sort must be an object');
	const order = sort.order ?? 'descending';
	if (order !== 'ascending' && order !== 'descending') {
		throw new SearchError(
			`Invalid sort order '${String(order)}'. Must be one of: ascending, descending`,
			'invalid_sort_order',
		);
	}
	const descending = order === 'descending';
	const field = sort.field;
	if (includes(SEARCH_DATE_FIELDS, field)) {
		return { value: (stored) => dateValue(stored, field, context.fallbackTime), descending };
	}
	if (includes(SEARCH_STRING_FIELDS, field)) {
		return { value: (stored) => stringValue(stored, field), descending };
	}
	throw new SearchError(`The simulator cannot sort by ${JSON.stringify(field)}`);
}
