import type { IDataObject } from 'n8n-workflow';

import type { ItemContext } from './request';

/** One filter of `POST /contacts/search` (`value` null matches contacts without the field). */
export interface SearchFilter {
	field: string;
	operator: '=' | '!=' | '<' | '>' | '~' | '$';
	value: string | number | null;
}

/** A filter of the builder's, named as the editor names it: one filter, or an OR group of several. */
export interface FilterPart {
	label: string;
	filters: SearchFilter[];
}

/** A search query: one filter, or an AND / OR group. */
export type SearchQuery = SearchFilter | { operator: 'AND' | 'OR'; value: SearchQuery[] };

/** Intercom's search takes at most 15 filters in each AND or OR group. */
export const MAX_FILTERS_PER_GROUP = 15;

/** The most a search page holds (Intercom: 150). */
export const LIST_PAGE_SIZE = 150;

/**
 * Whether the chosen Contacts API version matches a timestamp by the exact UTC second (2.17
 * and later, Preview, Unstable) rather than by the calendar day in the workspace's time zone (up to 2.16).
 */
export function matchesExactSecond(version: string): boolean {
	if (version === 'Preview' || version === 'Unstable') return true;
	const minor = /^2\.(\d+)$/.exec(version)?.[1];
	return minor !== undefined && Number(minor) >= 17;
}

/** The group that breaks Intercom's 15-filter limit, or undefined: `{ label, count }`. */
export function overLimit(parts: FilterPart[]): { label: string; count: number } | undefined {
	const group = parts.find((part) => part.filters.length > MAX_FILTERS_PER_GROUP);
	if (group) return { label: group.label, count: group.filters.length };
	if (parts.length > MAX_FILTERS_PER_GROUP) return { label: 'Filters', count: parts.length };
	return undefined;
}

/** The query that ANDs the parts; a part of several filters is an OR group (nesting depth 2). */
export function searchQuery(parts: FilterPart[]): SearchQuery {
	const queries: SearchQuery[] = parts.map((part) =>
		part.filters.length === 1 ? part.filters[0] : { operator: 'OR', value: part.filters },
	);
	return queries.length === 1 ? queries[0] : { operator: 'AND', value: queries };
}

/** What a listing read: the contacts, and whether Intercom sent a cursor twice (then it stopped). */
export interface Listing {
	contacts: IDataObject[];
	repeatedCursor?: true;
}

/**
 * `POST /contacts/search` page by page, the cursor in the body (`pagination.starting_after`),
 * each page once, until `limit` contacts are kept (no page is read past it) or the last page.
 * `keep` picks the contacts that count.
 */
export async function listContacts(
	context: Pick<ItemContext, 'call'>,
	query: SearchQuery,
	limit: number | undefined,
	keep: (contact: IDataObject) => boolean,
): Promise<Listing> {
	const contacts: IDataObject[] = [];
	const perPage = Math.min(LIST_PAGE_SIZE, limit ?? LIST_PAGE_SIZE);
	const seen = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const pagination = { per_page: perPage, ...(cursor ? { starting_after: cursor } : {}) };
		const answer = await context.call({
			method: 'POST',
			url: '/contacts/search',
			body: { query: query as unknown as IDataObject, pagination },
		});
		const page = (Array.isArray(answer.data) ? answer.data : []) as IDataObject[];
		contacts.push(...page.filter(keep));
		if (limit !== undefined && contacts.length >= limit)
			return { contacts: contacts.slice(0, limit) };
		const next = ((answer.pages as IDataObject | undefined)?.next as IDataObject | undefined)
			?.starting_after;
		if (typeof next !== 'string' || next === '') return { contacts };
		if (seen.has(next)) return { contacts, repeatedCursor: true };
		seen.add(next);
		cursor = next;
	}
}
