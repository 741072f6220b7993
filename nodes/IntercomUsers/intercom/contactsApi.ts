import type { IDataObject } from 'n8n-workflow';

import type { ItemContext } from './request';
import { path } from './request';
import { ambiguousMatch, noMatch } from './errors';

/** Results per search page (Intercom's default, and the example). */
export const SEARCH_PAGE_SIZE = 50;
/** At most this many search pages are read for one lookup (1,000 candidates). */
export const MAX_SEARCH_PAGES = 20;

/** Search field of the Contacts API for each selector that is not the Intercom id. */
const SEARCH_FIELD = { email: 'email', userId: 'external_id' } as const;

/**
 * Intercom API 2.x, "Search contacts": `POST /contacts/search` with
 * `{ query: { field, operator: '=', value }, pagination: { per_page, starting_after? } }`.
 * Reads every page once, passing the cursor in the body (case C9 in test/CASES.md). Archived
 * contacts do not appear. Resolves with all matching contacts.
 */
export async function searchContacts(
	context: ItemContext,
	field: string,
	value: string,
): Promise<IDataObject[]> {
	const found: IDataObject[] = [];
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	for (let page = 0; page < MAX_SEARCH_PAGES; page++) {
		const answer = await context.call({
			method: 'POST',
			url: '/contacts/search',
			body: {
				query: { field, operator: '=', value },
				pagination: { per_page: SEARCH_PAGE_SIZE, ...(cursor ? { starting_after: cursor } : {}) },
			},
		});
		if (Array.isArray(answer.data)) found.push(...(answer.data as IDataObject[]));
		const next = ((answer.pages as IDataObject | undefined)?.next as IDataObject | undefined)
			?.starting_after;
		if (typeof next !== 'string' || next === '' || seenCursors.has(next)) return found;
		seenCursors.add(next);
		cursor = next;
	}
	return found;
}

/**
 * The one contact the item names: `GET /contacts/{id}` for an Intercom id (an
 * archived contact answers 404), else a search on `email` or `external_id`.
 * Zero matches or several are errors naming the candidates; nothing is changed.
 */
async function findContact(context: ItemContext, change: string): Promise<IDataObject> {
	const { by, value } = context.target;
	if (by === 'id') return await context.call({ method: 'GET', url: path('contacts', value) });
	const contacts = await searchContacts(context, SEARCH_FIELD[by], value);
	if (contacts.length === 0) throw noMatch(context, 'contact');
	if (contacts.length > 1) {
		throw ambiguousMatch(context, contacts.map((contact) => String(contact.id)), change);
	}
	return contacts[0];
}

/**
 * Intercom API 2.x, "Archive contact": finds the contact, then
 * `POST /contacts/{id}/archive`. Resolves with the contact as found, with
 * `archived: true` from Intercom's answer.
 */
export async function archiveContact(context: ItemContext): Promise<IDataObject> {
	const contact = await findContact(context, 'archived');
	const answer = await context.call({
		method: 'POST',
		url: path('contacts', String(contact.id), 'archive'),
	});
	return { ...contact, archived: answer.archived ?? true };
}

/**
 * Intercom API 2.x, "Unarchive contact": `POST /contacts/{id}/unarchive`, then
 * `GET /contacts/{id}` for the restored contact. Needs the Intercom id: archived
 * contacts do not appear in search. Resolves with the contact, `archived: false`.
 */
export async function unarchiveContact(context: ItemContext): Promise<IDataObject> {
	const id = context.target.value;
	const answer = await context.call({ method: 'POST', url: path('contacts', id, 'unarchive') });
	const contact = await context.call({ method: 'GET', url: path('contacts', id) });
	return { ...contact, archived: answer.archived ?? false };
}

/**
 * Intercom API 2.x, "Delete a contact": `DELETE /contacts/{id}`, after a search
 * for email or external_id. Resolves with Intercom's answer
 * `{ type: 'contact', id, external_id, deleted: true }`, merged over the
 * contact as found when there was a lookup.
 */
export async function deleteContact(context: ItemContext): Promise<IDataObject> {
	const contact = context.target.by === 'id' ? undefined : await findContact(context, 'deleted');
	const id = contact ? String(contact.id) : context.target.value;
	const answer = await context.call({ method: 'DELETE', url: path('contacts', id) });
	return { ...(contact ?? {}), ...answer };
}
