import type { IDataObject } from 'n8n-workflow';

import type { ItemContext } from './request';
import { path } from './request';
import { ambiguousMatch, leadNotUser, noMatch, outcomeOf, unarchivedLead } from './errors';

/** Results per search page (Intercom's default, and the example). */
export const SEARCH_PAGE_SIZE = 50;
/** At most this many search pages are read for one lookup (1,000 candidates). */
export const MAX_SEARCH_PAGES = 20;

/** At most this many candidate ids are listed in a conflict error, as in {@link ambiguousMatch}. */
const LISTED_CANDIDATES = 20;

/** Search field of the Contacts API for each selector that is not the Intercom id. */
const SEARCH_FIELD = { email: 'email', userId: 'external_id' } as const;

/**
 * What a search found: the matching contacts read and, when they may not be all of
 * them, `incomplete`: why (the search stopped with pages left after
 * {@link MAX_SEARCH_PAGES} pages, or at a cursor it had already followed; or Intercom's
 * `total_count` is above the number of contacts read). `totalCount` is the last
 * `total_count` Intercom gave, if any.
 */
export interface SearchResult {
	contacts: IDataObject[];
	incomplete?: string;
	totalCount?: number;
}

/**
 * Intercom API 2.x, "Search contacts": `POST /contacts/search` with
 * `{ query: { field, operator: '=', value }, pagination: { per_page, starting_after? } }`,
 * answered by `{ type: 'list', data: [Contact], total_count,
 * pages: { next?: { starting_after } } }`.
 * Reads every page once, passing the cursor in the body (case C9 in test/CASES.md), up to
 * {@link MAX_SEARCH_PAGES} pages. Archived contacts do not appear. Resolves with the
 * contacts read and whether they are every match (see {@link SearchResult}); rejects with
 * the n8n error of a failed page.
 */
export async function searchContacts(
	context: ItemContext,
	field: string,
	value: string,
): Promise<SearchResult> {
	const contacts: IDataObject[] = [];
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	let totalCount: number | undefined;
	const result = (stoppedEarly?: string): SearchResult => {
		const counted =
			totalCount !== undefined && totalCount > contacts.length
				? `Intercom counts ${totalCount} matches, more than its pages held`
				: undefined;
		const incomplete = stoppedEarly ?? counted;
		return {
			contacts,
			...(incomplete !== undefined ? { incomplete } : {}),
			...(totalCount !== undefined ? { totalCount } : {}),
		};
	};
	for (let page = 0; page < MAX_SEARCH_PAGES; page++) {
		const answer = await context.call({
			method: 'POST',
			url: '/contacts/search',
			body: {
				query: { field, operator: '=', value },
				pagination: { per_page: SEARCH_PAGE_SIZE, ...(cursor ? { starting_after: cursor } : {}) },
			},
		});
		if (Array.isArray(answer.data)) contacts.push(...(answer.data as IDataObject[]));
		if (typeof answer.total_count === 'number') totalCount = answer.total_count;
		const next = ((answer.pages as IDataObject | undefined)?.next as IDataObject | undefined)
			?.starting_after;
		if (typeof next !== 'string' || next === '') return result();
		// A cursor met before would read the same pages again: the rest cannot be read.
		if (seenCursors.has(next)) return result('Intercom sent a page cursor it had sent before');
		seenCursors.add(next);
		cursor = next;
	}
	return result(`the search stops after ${MAX_SEARCH_PAGES} pages of ${SEARCH_PAGE_SIZE}`);
}

/**
 * The one user the item names: `GET /contacts/{id}` for an Intercom id (an
 * archived contact answers 404), else a search on `email` or `external_id` (see
 * {@link searchContacts}) of which only contacts with role `user` count. Resolves
 * with the Contact. Leads are never changed: one by Intercom id fails with
 * `leadNotUser`; a lead the search finds neither matches nor blocks, and when only
 * leads match, the not-found says so.
 *
 * Nothing is changed on a doubt, since the caller archives or deletes what this finds:
 * - no contact: `noMatch` (404, `Intercom: Contact Not Found (not_found)`);
 * - several: `ambiguousMatch` (409, `Intercom: Multiple users match this <field>
 *   (conflict)`), naming the candidates;
 * - a search that could not read every match (page cap, a repeated cursor, or
 *   `total_count` above what was read): the same conflict, whatever was read (even one
 *   contact or none), its description listing the ids seen and saying that more match.
 *
 * @param change what a doubt leaves undone, for the errors' words: `archived`, `deleted`
 */
export async function findContact(context: ItemContext, change: string): Promise<IDataObject> {
	const { by, value, label } = context.target;
	if (by === 'id') {
		const contact = await context.call({ method: 'GET', url: path('contacts', value) });
		if (contact.role === 'lead') throw leadNotUser(context, change);
		return contact;
	}
	const {
		contacts: found,
		incomplete,
		totalCount,
	} = await searchContacts(context, SEARCH_FIELD[by], value);
	// The node acts on users (role "user"), as the Users API does: leads neither match nor block.
	const contacts = found.filter((contact) => contact.role === 'user');
	const leads = found.filter((contact) => contact.role === 'lead').map((lead) => String(lead.id));
	const ids = contacts.map((contact) => String(contact.id));
	if (incomplete !== undefined) {
		const count =
			totalCount !== undefined && totalCount > contacts.length
				? String(totalCount)
				: `More than ${contacts.length}`;
		const read = contacts.length === 0 ? 'none of them' : `only ${contacts.length}`;
		const listedIds = ids.slice(0, LISTED_CANDIDATES).join(', ');
		const seen = ids.length
			? ` Candidates seen (Intercom IDs): ${listedIds}, and more not listed.`
			: '';
		const error = ambiguousMatch(context, ids, change);
		error.description =
			`${count} users match ${label} "${value}", but the search read ${read} (${incomplete}), ` +
			`so nobody was ${change}.${seen} Use User ID or Intercom ID instead.`;
		throw error;
	}
	if (contacts.length === 0) throw noMatch(context, 'contact', leads);
	if (contacts.length > 1) throw ambiguousMatch(context, ids, change);
	return contacts[0];
}

/**
 * Intercom API 2.x, "Get a contact": `GET /contacts/{id}`, users and leads alike.
 * Resolves with the contact; an unknown, archived or deleted contact answers 404
 * `not_found` "Contact Not Found" (the item's error, with the `notFound` outcome). Read
 * by Unarchive (and its Dry Run) before the change, to refuse an active lead.
 */
export async function viewContact(context: ItemContext): Promise<IDataObject> {
	return await context.call({ method: 'GET', url: path('contacts', context.target.value) });
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
 * Intercom API 2.x, "Unarchive contact", for a user only: `GET /contacts/{id}` first
 * (an active lead rejects with `leadNotUser`, nothing sent; an archived contact answers
 * 404 there, and an active user goes on), then `POST /contacts/{id}/unarchive`, then
 * `GET /contacts/{id}` for the restored contact. Needs the Intercom id: archived
 * contacts do not appear in search. Resolves with the contact, `archived: false`.
 *
 * Intercom shows no archived contact, so an archived lead is seen only in the read-back:
 * then it is archived again at once (`POST /contacts/{id}/archive`) and the item rejects
 * with `unarchivedLead` (saying plainly that the lead is now unarchived when that
 * archive failed). Any other failure rejects as it came.
 */
export async function unarchiveContact(context: ItemContext): Promise<IDataObject> {
	const id = context.target.value;
	const before = await viewContact(context).then(
		(contact) => ({ contact }),
		(error: unknown) => ({ error }),
	);
	if ('contact' in before && before.contact.role === 'lead') {
		throw leadNotUser(context, 'unarchived');
	}
	if ('error' in before && outcomeOf(before.error) !== 'notFound') throw before.error;
	const answer = await context.call({ method: 'POST', url: path('contacts', id, 'unarchive') });
	const contact = await context.call({ method: 'GET', url: path('contacts', id) });
	if (contact.role === 'lead') {
		const failure = await context
			.call({ method: 'POST', url: path('contacts', id, 'archive') })
			.then(
				() => undefined,
				(error: unknown) => (error instanceof Error ? error.message : String(error)),
			);
		throw unarchivedLead(context, failure);
	}
	return { ...contact, archived: answer.archived ?? false };
}

/**
 * Intercom API 2.x, "Delete a contact": `DELETE /contacts/{id}`, after the user is
 * found (`GET /contacts/{id}` for an Intercom id, so a lead is never deleted; else a
 * search for email or external_id). Resolves with Intercom's answer
 * `{ type: 'contact', id, external_id, deleted: true }`, merged over the contact as found.
 */
export async function deleteContact(context: ItemContext): Promise<IDataObject> {
	const contact = await findContact(context, 'deleted');
	const answer = await context.call({
		method: 'DELETE',
		url: path('contacts', String(contact.id)),
	});
	return { ...contact, ...answer };
}
