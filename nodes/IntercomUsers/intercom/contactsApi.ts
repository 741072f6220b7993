import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { toSafeError } from './networkErrors';
import { idOf } from './answers';
import type { ArchivedAgain } from './errors';
import {
	ambiguousMatch,
	archivedLeadNotDeleted,
	leadNotUser,
	noMatch,
	outcomeOf,
	restoredNote,
	unarchivedLead,
} from './errors';
import type { ItemContext } from './request';
import { path } from './request';

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
	const leads = found.filter((contact) => contact.role === 'lead').map(idOf);
	const ids = contacts.map(idOf);
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
		url: path('contacts', idOf(contact), 'archive'),
	});
	return { ...contact, archived: answer.archived ?? true };
}

/**
 * Intercom API 2.x, "Unarchive contact", for a user only: `GET /contacts/{id}` first
 * (an active lead rejects with `leadNotUser`, nothing sent; an archived contact answers
 * 404 there, and an active user goes on), then {@link restoreToRead}. Needs the
 * Intercom id: archived contacts do not appear in search. Resolves with the contact,
 * `archived: false`. A restored lead is archived again at once and the item rejects with
 * `unarchivedLead` (saying plainly that the lead is now unarchived when that archive
 * failed). Any other failure rejects as it came.
 */
export async function unarchiveContact(context: ItemContext): Promise<IDataObject> {
	const before = await viewContact(context).then(
		(contact) => ({ contact }),
		(error: unknown) => ({ error }),
	);
	if ('contact' in before && before.contact.role === 'lead') {
		throw leadNotUser(context, 'unarchived');
	}
	if ('error' in before && outcomeOf(before.error) !== 'notFound') throw before.error;
	const restored = await restoreToRead(context);
	if ('lead' in restored) throw unarchivedLead(context, restored.rearchiveFailure);
	return { ...restored.user, archived: restored.answer.archived ?? false };
}

/**
 * What {@link restoreToRead} found: the restored user (its contact, and the unarchive's
 * answer), or a lead, archived again at once (`rearchiveFailure`: why that failed, when
 * it did).
 */
export type Restored =
	{ user: IDataObject; answer: IDataObject } | { lead: true; rearchiveFailure?: string };

/**
 * Restores the item's archived contact to see what it is, since Intercom shows no
 * archived contact: `POST /contacts/{id}/unarchive` (404 for an unknown or deleted ID,
 * which rejects as it came), then `GET /contacts/{id}`. A lead is archived again at
 * once ({@link archiveAgain}), so a lead ends as it began. Any failure rejects as it came.
 *
 * @param version the `Intercom-Version` to send, when not the item's (the Users API path)
 */
export async function restoreToRead(context: ItemContext, version?: string): Promise<Restored> {
	const id = context.target.value;
	const answer = await context.call({
		method: 'POST',
		url: path('contacts', id, 'unarchive'),
		version,
	});
	const contact = await context.call({ method: 'GET', url: path('contacts', id), version });
	if (contact.role !== 'lead') return { user: contact, answer };
	const again = await archiveAgain(context, version);
	if ('archived' in again) return { lead: true };
	return { lead: true, rearchiveFailure: 'failure' in again ? again.failure : 'Contact Not Found' };
}

/** Archives the item's contact again (`POST /contacts/{id}/archive`); resolves with how it went. */
export async function archiveAgain(context: ItemContext, version?: string): Promise<ArchivedAgain> {
	return await context
		.call({ method: 'POST', url: path('contacts', context.target.value, 'archive'), version })
		.then(
			(): ArchivedAgain => ({ archived: true }),
			(error: unknown): ArchivedAgain =>
				outcomeOf(error) === 'notFound'
					? { gone: true }
					: { failure: error instanceof Error ? error.message : String(error) },
		);
}

/**
 * Permanently deletes by Intercom ID a contact no read shows (an archived one, or an
 * unknown ID), only when it is a user: {@link restoreToRead} restores and reads it; a
 * user is erased by `erase` (`DELETE /contacts/{id}`, or the Users API's delete
 * request); a lead, archived again at once, rejects with `archivedLeadNotDeleted`.
 * The unarchive's 404 (no contact has the ID) rejects as it came (or as `unknown`
 * makes it): nothing was changed. Any later failure archives the contact again first
 * and says in the error what became of it (`restoredNote`).
 *
 * @param version the `Intercom-Version` of the Contacts API requests, when not the item's
 */
export async function eraseArchived(
	context: ItemContext,
	erase: (user: IDataObject) => Promise<IDataObject>,
	options: { version?: string; unknown?: (error: unknown) => unknown } = {},
): Promise<IDataObject> {
	const { version, unknown = (error: unknown) => error } = options;
	let restored: Restored;
	try {
		restored = await restoreToRead(context, version);
	} catch (error) {
		if (outcomeOf(error) === 'notFound') throw unknown(error);
		throw await archivedAgain(context, error, false, version);
	}
	if ('lead' in restored) throw archivedLeadNotDeleted(context, restored.rearchiveFailure);
	try {
		return await erase(restored.user);
	} catch (error) {
		throw await archivedAgain(context, error, true, version);
	}
}

/**
 * Archives the restored contact again after `error` and adds to the error's description
 * what became of it ({@link restoredNote}). Before the deletion was sent (`erased`
 * false), a contact archived again is as before, so the error loses an `unknown` outcome.
 */
async function archivedAgain(
	context: ItemContext,
	error: unknown,
	erased: boolean,
	version?: string,
): Promise<NodeApiError | NodeOperationError> {
	const again = await archiveAgain(context, version);
	const safe =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: toSafeError(context.node, error, context.itemIndex, undefined);
	safe.description = [safe.description, restoredNote(again, erased)].filter(Boolean).join(' ');
	const intercom = safe.context.intercom as IDataObject | undefined;
	if (!erased && 'archived' in again && intercom?.outcome === 'unknown') delete intercom.outcome;
	return safe;
}

/**
 * Intercom API 2.x, "Delete a contact": `DELETE /contacts/{id}` for the one user the
 * item names, never a lead. By email or external_id: the search ({@link findContact}).
 * By Intercom ID: `GET /contacts/{id}` (a lead rejects with `leadNotUser`); when it
 * answers 404 (an archived contact, or an unknown ID), {@link eraseArchived}. Resolves
 * with Intercom's answer `{ type: 'contact', id, external_id, deleted: true }`, merged
 * over the contact as read.
 */
export async function deleteContact(context: ItemContext): Promise<IDataObject> {
	const erase = async (contact: IDataObject) => ({
		...contact,
		...(await context.call({ method: 'DELETE', url: path('contacts', idOf(contact)) })),
	});
	if (context.target.by !== 'id') return await erase(await findContact(context, 'deleted'));
	const shown = await contactUnlessArchived(context, 'deleted');
	return 'contact' in shown ? await erase(shown.contact) : await eraseArchived(context, erase);
}

/**
 * `GET /contacts/{id}` for the item's Intercom ID: `{ contact }` for a user, `{ unseen:
 * true }` when Intercom answers 404 `not_found` (an archived contact, user or lead, or
 * an unknown ID). A lead rejects with `leadNotUser`; any other failure as it came.
 *
 * @param change what a lead is not, for the refusal's words, e.g. `deleted`
 * @param version the `Intercom-Version` to send, when not the item's (the Users API path)
 */
export async function contactUnlessArchived(
	context: ItemContext,
	change: string,
	version?: string,
): Promise<{ contact: IDataObject } | { unseen: true }> {
	const read = await context
		.call({ method: 'GET', url: path('contacts', context.target.value), version })
		.then(
			(contact) => ({ contact }),
			(error: unknown) => ({ error }),
		);
	if ('error' in read) {
		if (outcomeOf(read.error) !== 'notFound') throw read.error;
		return { unseen: true };
	}
	if (read.contact.role === 'lead') throw leadNotUser(context, change);
	return read;
}
