/**
 * The simulator's contact search, its answer side: the order of the matches, the pages and
 * their cursors (see search.ts's module comment for what Intercom documents), and the
 * refusal a query gets.
 */
import type { StoredRecord } from './store';
import { isPlainObject } from './util';
import type { Answer, SimContact } from './views';
import { contactView } from './views';

/** Default and maximum `pagination.per_page` (Intercom: 50 and 150). */
export const SEARCH_DEFAULT_PER_PAGE = 50;
export const SEARCH_MAX_PER_PAGE = 150;

/** A query the simulator refuses: answered 400 with this `code` and message. */
export class SearchError extends Error {
	constructor(
		message: string,
		readonly code = 'parameter_invalid',
	) {
		super(message);
	}
}

/** The place of a contact in the order: its sort value (null: none, or no sort) and its id. */
export interface SortKey {
	value: string | number | null;
	id: string;
}

export interface Keyed {
	stored: StoredRecord;
	key: SortKey;
}

/** Orders by value (descending when asked; missing values last), then by id ascending. */
export function compareKeys(a: SortKey, b: SortKey, descending: boolean): number {
	if (a.value !== b.value) {
		if (a.value === null) return 1;
		if (b.value === null) return -1;
		const byValue = a.value < b.value ? -1 : 1;
		return descending ? -byValue : byValue;
	}
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A decoded cursor: the key of the last contact of the page it was issued with, and the next page's number. */
export interface Cursor {
	after: SortKey;
	page: number;
}

/** Reads `pagination` (per_page 1-150, default 50; starting_after a cursor of {@link encodeCursor}). */
export function readPagination(pagination: unknown): { perPage: number; cursor?: Cursor } {
	const given = pagination ?? {};
	if (!isPlainObject(given)) throw new SearchError('pagination must be an object');
	const perPage = given.per_page ?? SEARCH_DEFAULT_PER_PAGE;
	if (
		!Number.isInteger(perPage) ||
		(perPage as number) < 1 ||
		(perPage as number) > SEARCH_MAX_PER_PAGE
	) {
		throw new SearchError(`per_page must be an integer from 1 to ${SEARCH_MAX_PER_PAGE}`);
	}
	const text = given.starting_after;
	if (text === undefined || text === null) return { perPage: perPage as number };
	const cursor = typeof text === 'string' ? decodeCursor(text) : undefined;
	if (!cursor) throw new SearchError('starting_after is not a valid cursor');
	return { perPage: perPage as number, cursor };
}

/** The cursor for the page after the one ending with `last`: base64 of `[value, id, page]`. */
export function encodeCursor(last: SortKey, page: number): string {
	return Buffer.from(JSON.stringify([last.value, last.id, page]), 'utf8').toString('base64');
}

/** The cursor {@link encodeCursor} made, or undefined for any other text. */
export function decodeCursor(text: string): Cursor | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
	} catch {
		return undefined;
	}
	if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
	const [value, id, page] = parsed as unknown[];
	const valueOk = value === null || typeof value === 'string' || typeof value === 'number';
	if (!valueOk || typeof id !== 'string' || !Number.isInteger(page) || (page as number) < 2) {
		return undefined;
	}
	const cursor: Cursor = { after: { value: value as SortKey['value'], id }, page: page as number };
	return encodeCursor(cursor.after, cursor.page) === text ? cursor : undefined;
}

/** The list answer for the page that `cursor` (or none: page 1) selects from the ordered matches, its contacts as `version` sends them. */
export function pageAnswer(
	matches: Keyed[],
	perPage: number,
	cursor: Cursor | undefined,
	descending: boolean,
	fallbackTime: number,
	version: string,
): Answer {
	let start = 0;
	if (cursor) {
		const after = matches.findIndex((m) => compareKeys(m.key, cursor.after, descending) > 0);
		start = after === -1 ? matches.length : after;
	}
	const page = cursor?.page ?? 1;
	const items = matches.slice(start, start + perPage);
	const pages: Record<string, unknown> = {
		type: 'pages',
		page,
		per_page: perPage,
		total_pages: Math.ceil(matches.length / perPage),
	};
	if (start + perPage < matches.length) {
		const last = items[items.length - 1].key;
		pages.next = { per_page: perPage, starting_after: encodeCursor(last, page + 1) };
	}
	const data: SimContact[] = items.map((m) => contactView(m.stored, fallbackTime, version));
	return { status: 200, body: { type: 'list', data, total_count: matches.length, pages } };
}
