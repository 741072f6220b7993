import type { IDataObject } from 'n8n-workflow';

import { idOf } from './answers';
import type { ArchivedAgain } from './errors';
import { ambiguousMatch, leadNotUser, noMatch, outcomeOf } from './errors';
import { partialMatch } from './lookupErrors';
import type { ItemContext } from './request';
import { path } from './request';

export const SEARCH_PAGE_SIZE = 50;
export const MAX_SEARCH_PAGES = 20;

const SEARCH_FIELD = { email: 'email', userId: 'external_id' } as const;

/** What a search found; `incomplete` says why it may not be every match. */
export interface SearchResult {
	contacts: IDataObject[];
	incomplete?: string;
	totalCount?: number;
}

/** `POST /contacts/search` on `field` = `value`, up to {@link MAX_SEARCH_PAGES} pages; archived contacts never appear. */
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
		if (seenCursors.has(next)) return result('Intercom sent a page cursor it had sent before');
		seenCursors.add(next);
		cursor = next;
	}
	return result(`the search stops after ${MAX_SEARCH_PAGES} pages of ${SEARCH_PAGE_SIZE}`);
}

/** The one user (role `user`) the item names; rejects on nobody, several, or an incomplete search. */
export async function findContact(context: ItemContext, change: string): Promise<IDataObject> {
	const { by, value } = context.target;
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
		throw partialMatch(context, ids, change, count, `the search read ${read} (${incomplete})`);
	}
	if (contacts.length === 0) throw noMatch(context, 'contact', leads);
	if (contacts.length > 1) throw ambiguousMatch(context, ids, change);
	return contacts[0];
}

/** `GET /contacts/{id}`, users and leads alike; unknown, archived or deleted contacts answer 404. */
export async function viewContact(context: ItemContext): Promise<IDataObject> {
	return await context.call({ method: 'GET', url: path('contacts', context.target.value) });
}

/** The restored user, or a lead archived again (and why that failed, if it did). */
export type Restored =
	{ user: IDataObject; answer: IDataObject } | { lead: true; rearchiveFailure?: string };

/** Unarchives then reads the item's contact, since Intercom shows no archived one; a lead is archived again. */
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

/** `{ contact }` for a user, `{ unseen: true }` on Intercom's 404 (archived or unknown); a lead rejects. */
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
