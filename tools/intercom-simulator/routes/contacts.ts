/**
 * The Intercom API 2.x Contacts routes, answering with the schemas of Intercom's
 * official OpenAPI 2.14 description. A contact is any stored record, users and leads
 * alike:
 *
 * - `GET /contacts/{id}` ("Get a contact"): 200 the {@link SimContact}; archived,
 *   deleted or unknown → 404 `not_found` "Contact Not Found".
 * - `POST /contacts/search` ("Search contacts") with `{query: {field, operator,
 *   value}, pagination?: {per_page?, starting_after?}}`: `field` one of email,
 *   external_id, id, role, `operator` "=", `value` a string (exact, case-sensitive
 *   equality; an email in any case with the simulator's `emailMatch: 'caseInsensitive'`);
 *   any other query (AND / OR groups, other operators and fields, dates by the day or
 *   the second as the Intercom-Version says) as routes/searchQuery.ts describes; a
 *   query it refuses, a body that is not a JSON object, `per_page` not an
 *   integer 1-150 or an unknown cursor → 400 `parameter_invalid`. Answers 200
 *   `{type: "list", data: [contacts], total_count, pages: {type: "pages", page,
 *   per_page, total_pages, next?: {per_page, starting_after}}}`: live contacts only
 *   (never archived or deleted ones), sorted by id, `per_page` default 50; `next`
 *   only when more pages follow. The cursor is read ONLY from the body's
 *   `pagination.starting_after`; a `starting_after` in the query string is ignored
 *   (so such a client gets page 1 again, as from Intercom).
 * - `POST /contacts/{id}/archive` ("Archive contact"): 200 `{type: "contact", id,
 *   external_id, archived: true}` (also when already archived); unknown or deleted →
 *   404.
 * - `POST /contacts/{id}/unarchive` ("Unarchive contact"): 200 `{..., archived:
 *   false}` (also when not archived); unknown or deleted → 404.
 * - `DELETE /contacts/{id}` ("Delete a contact"): permanent deletion (archived
 *   contacts too) → 200 `{type: "contact", id, external_id, deleted: true}`; unknown
 *   or deleted → 404.
 * - Any other request under /contacts: 404 `not_found` "Resource Not Found".
 */
import type { RouteRequest } from '../handler';
import type { StoredRecord, UserStore } from '../store';
import { isPlainObject, parseJsonObject } from '../util';
import { compileQuery, needsCompiledQuery } from './searchQuery';
import type { Answer, SimContact } from '../views';
import {
	contactNotFound,
	contactReference,
	contactView,
	parameterInvalid,
	resourceNotFound,
} from '../views';

/** Contact fields `POST /contacts/search` supports (with operator '='). */
export const SEARCH_FIELDS = ['email', 'external_id', 'id', 'role'] as const;

/** One of {@link SEARCH_FIELDS}. */
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** Default `pagination.per_page` of `POST /contacts/search` (Intercom: 50). */
const SEARCH_DEFAULT_PER_PAGE = 50;

/** Maximum `pagination.per_page` of `POST /contacts/search` (Intercom: 150). */
const SEARCH_MAX_PER_PAGE = 150;

/**
 * The 2.x Contacts routes for one request under /contacts whose Intercom-Version was
 * already checked (2.x). Answers as described in the module comment, changing
 * `store` when archiving, unarchiving or deleting; `segments[0]` is "contacts", the
 * segments are percent-decoded. undefined for paths outside /contacts.
 */
export function routeContacts(store: UserStore, req: RouteRequest): Answer | undefined {
	const { method, segments, body } = req;
	if (segments[0] !== 'contacts') return undefined;
	if (segments.length === 2 && segments[1] === 'search' && method === 'POST') {
		return searchContacts(store, body, req.version ?? '2.14');
	}
	if (segments.length === 2 && segments[1] !== '') {
		if (method === 'GET') return viewContact(store, segments[1]);
		if (method === 'DELETE') return deleteContact(store, segments[1]);
	}
	if (segments.length === 3 && segments[1] !== '' && method === 'POST') {
		if (segments[2] === 'archive') return setContactArchived(store, segments[1], true);
		if (segments[2] === 'unarchive') return setContactArchived(store, segments[1], false);
	}
	return resourceNotFound();
}

/** GET /contacts/{id} (Intercom API 2.x, Get a contact): live contacts only. */
function viewContact(store: UserStore, id: string): Answer {
	const stored = store.get(id);
	if (!stored || stored.archived || stored.deleted) return contactNotFound();
	return { status: 200, body: contactView(stored, store.constructedAt) };
}

/**
 * POST /contacts/{id}/archive and /unarchive (Intercom API 2.x, Archive contact /
 * Unarchive contact): idempotent; unknown or deleted contacts answer 404.
 */
function setContactArchived(store: UserStore, id: string, archived: boolean): Answer {
	const stored = store.get(id);
	if (!stored || stored.deleted) return contactNotFound();
	store.setArchived(stored, archived);
	return { status: 200, body: contactReference(stored, 'archived', archived) };
}

/** DELETE /contacts/{id} (Intercom API 2.x, Delete a contact): archived ones too. */
function deleteContact(store: UserStore, id: string): Answer {
	const stored = store.get(id);
	if (!stored || stored.deleted) return contactNotFound();
	store.markDeleted(stored);
	return { status: 200, body: contactReference(stored, 'deleted', true) };
}

/** POST /contacts/search (Intercom API 2.x, Search contacts; see the module comment). */
function searchContacts(store: UserStore, body: string, version: string): Answer {
	const parsed = parseJsonObject(body);
	if (!parsed) return parameterInvalid('The request body must be a JSON object');
	const query = parsed.query;
	if (!isPlainObject(query)) return parameterInvalid('query must be an object');
	const pagination = parsed.pagination ?? {};
	if (!isPlainObject(pagination)) return parameterInvalid('pagination must be an object');
	const perPage = pagination.per_page ?? SEARCH_DEFAULT_PER_PAGE;
	if (
		!Number.isInteger(perPage) ||
		(perPage as number) < 1 ||
		(perPage as number) > SEARCH_MAX_PER_PAGE
	) {
		return parameterInvalid(`per_page must be an integer from 1 to ${SEARCH_MAX_PER_PAGE}`);
	}
	let offset = 0;
	const cursor = pagination.starting_after;
	if (cursor !== undefined && cursor !== null) {
		const decoded = typeof cursor === 'string' ? decodeCursor(cursor) : undefined;
		if (decoded === undefined) return parameterInvalid('starting_after is not a valid cursor');
		offset = decoded;
	}

	const found = queryMatches(store, query, version);
	if (!Array.isArray(found)) return found;
	const matches = found
		.filter((s) => !s.archived && !s.deleted)
		.sort((a, b) => (a.user.id < b.user.id ? -1 : a.user.id > b.user.id ? 1 : 0));
	const size = perPage as number;
	const pageItems = matches.slice(offset, offset + size);
	const pages: Record<string, unknown> = {
		type: 'pages',
		page: Math.floor(offset / size) + 1,
		per_page: size,
		total_pages: Math.ceil(matches.length / size),
	};
	if (offset + size < matches.length) {
		pages.next = { per_page: size, starting_after: encodeCursor(offset + size) };
	}
	const data: SimContact[] = pageItems.map((s) => contactView(s, store.constructedAt));
	return { status: 200, body: { type: 'list', data, total_count: matches.length, pages } };
}

/**
 * The records (any state) the query finds: one `=` filter on an indexed field through the
 * index ({@link candidates}), anything else through searchQuery.ts; or the 400 answer.
 */
function queryMatches(
	store: UserStore,
	query: Record<string, unknown>,
	version: string,
): StoredRecord[] | Answer {
	if (needsCompiledQuery(query, SEARCH_FIELDS)) {
		const compiled = compileQuery(query, version);
		if ('error' in compiled) return parameterInvalid(compiled.error);
		return [...store.all()].filter(compiled.matches);
	}
	return candidates(store, query.field as SearchField, query.value as string);
}

/**
 * The records (any state) whose search field equals `value`: email and external_id
 * (the 1.x user_id) through the store's index, id by key, role by a scan.
 */
function candidates(store: UserStore, field: SearchField, value: string): StoredRecord[] {
	switch (field) {
		case 'email':
			return store.withValue('email', value);
		case 'external_id':
			return store.withValue('user_id', value);
		case 'id': {
			const stored = store.get(value);
			return stored ? [stored] : [];
		}
		case 'role':
			return [...store.all()].filter((s) => s.role === value);
	}
}

/** The opaque search cursor for a result offset: base64 of its decimal digits. */
export function encodeCursor(offset: number): string {
	return Buffer.from(String(offset), 'utf8').toString('base64');
}

/**
 * The offset a cursor from {@link encodeCursor} stands for (0 to 999,999,999), or
 * undefined if the text is not exactly such a cursor.
 */
export function decodeCursor(cursor: string): number | undefined {
	const text = Buffer.from(cursor, 'base64').toString('utf8');
	if (!/^(0|[1-9]\d{0,8})$/.test(text) || encodeCursor(Number(text)) !== cursor) {
		return undefined;
	}
	return Number(text);
}
