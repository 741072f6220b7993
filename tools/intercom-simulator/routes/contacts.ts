/**
 * The Intercom API 2.x Contacts routes, answering with the schemas of Intercom's
 * official OpenAPI 2.14 description. A contact is any stored record, users and leads
 * alike:
 *
 * - `GET /contacts/{id}` ("Get a contact"): 200 the {@link SimContact}; archived,
 *   deleted or unknown → 404 `not_found` "Contact Not Found"; merged into another
 *   contact → from 2.16 and on Preview 410 `contact_merged` with a `Link` header naming
 *   that contact (the OpenAPI 2.16), before 2.16 404 (an inference: the older
 *   descriptions document no 410).
 * - `POST /contacts/search` ("Search contacts"): search.ts (filters, AND / OR groups,
 *   Intercom's limits, timestamps by API version and workspace timezone, cursor
 *   pages); live contacts only, never archived, deleted or merged ones.
 * - `POST /contacts/{id}/archive` ("Archive contact"): 200 `{type: "contact", id,
 *   external_id, archived: true}` (also when already archived); unknown or deleted →
 *   404.
 * - `POST /contacts/{id}/unarchive` ("Unarchive contact"): 200 `{..., archived:
 *   false}` (also when not archived); unknown or deleted → 404.
 * - `DELETE /contacts/{id}` ("Delete a contact"): permanent deletion (archived
 *   contacts too) → 200 `{type: "contact", id, external_id, deleted: true}`; unknown
 *   or deleted → 404.
 * - Any other request under /contacts: 404 `not_found` "Resource Not Found".
 *
 * A merged contact answers 404 to archive, unarchive and delete (an inference: Intercom
 * documents only its read and its absence from search).
 */
import type { RouteRequest } from '../handler';
import { searchContacts } from '../search';
import type { UserStore } from '../store';
import type { Answer } from '../views';
import {
	contactMerged,
	contactNotFound,
	contactReference,
	contactView,
	from216,
	resourceNotFound,
} from '../views';

/**
 * The 2.x Contacts routes for one request under /contacts whose Intercom-Version was
 * already checked (2.x). Answers as described in the module comment, changing
 * `store` when archiving, unarchiving or deleting; `segments[0]` is "contacts", the
 * segments are percent-decoded. undefined for paths outside /contacts.
 */
export function routeContacts(
	store: UserStore,
	req: RouteRequest,
	timeZone?: string,
): Answer | undefined {
	const { method, segments, body } = req;
	if (segments[0] !== 'contacts') return undefined;
	if (segments.length === 2 && segments[1] === 'search' && method === 'POST') {
		return searchContacts(store, body, { version: req.version, timeZone });
	}
	if (segments.length === 2 && segments[1] !== '') {
		if (method === 'GET') return viewContact(store, segments[1], req.version);
		if (method === 'DELETE') return deleteContact(store, segments[1]);
	}
	if (segments.length === 3 && segments[1] !== '' && method === 'POST') {
		if (segments[2] === 'archive') return setContactArchived(store, segments[1], true);
		if (segments[2] === 'unarchive') return setContactArchived(store, segments[1], false);
	}
	return resourceNotFound();
}

/** GET /contacts/{id} (Intercom API 2.x, Get a contact): live contacts only. */
function viewContact(store: UserStore, id: string, version: string): Answer {
	const stored = store.get(id);
	if (!stored || stored.archived || stored.deleted) return contactNotFound();
	if (stored.mergedInto !== null) {
		return from216(version) ? contactMerged(stored.mergedInto) : contactNotFound();
	}
	return { status: 200, body: contactView(stored, store.constructedAt, version) };
}

/**
 * POST /contacts/{id}/archive and /unarchive (Intercom API 2.x, Archive contact /
 * Unarchive contact): idempotent; unknown or deleted contacts answer 404.
 */
function setContactArchived(store: UserStore, id: string, archived: boolean): Answer {
	const stored = store.get(id);
	if (!stored || stored.deleted || stored.mergedInto !== null) return contactNotFound();
	store.setArchived(stored, archived);
	return { status: 200, body: contactReference(stored, 'archived', archived) };
}

/** DELETE /contacts/{id} (Intercom API 2.x, Delete a contact): archived ones too. */
function deleteContact(store: UserStore, id: string): Answer {
	const stored = store.get(id);
	if (!stored || stored.deleted || stored.mergedInto !== null) return contactNotFound();
	store.markDeleted(stored);
	return { status: 200, body: contactReference(stored, 'deleted', true) };
}
