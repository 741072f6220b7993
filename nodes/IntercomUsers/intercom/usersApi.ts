import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_CONTACTS_API_VERSION } from '../shared/types';
import { idOf } from './answers';
import { contactUnlessArchived, eraseArchived } from './contactsApi';
import type { ItemContext } from './request';
import { path, withQuery } from './request';
import { ambiguousMatch, noMatch, outcomeOf, unknownIntercomId } from './errors';

/** Query parameter of the Users API for each selector that is not the Intercom id. */
const QUERY_NAME = { email: 'email', userId: 'user_id' } as const;

/**
 * Intercom API 1.4, "Archive a user": `DELETE /users/{id}`, `DELETE /users?email=…`
 * or `DELETE /users?user_id=…`, no body. Resolves with the archived User object.
 * Several users with the email: Intercom answers 409 and archives nobody.
 */
export async function archiveUser(context: ItemContext): Promise<IDataObject> {
	const { by, value } = context.target;
	if (by === 'id') return await context.call({ method: 'DELETE', url: path('users', value) });
	return await context.call({
		method: 'DELETE',
		url: withQuery('/users', { [QUERY_NAME[by]]: value }),
	});
}

/**
 * Intercom API 1.4, "View a user": `GET /users/{id}`. Resolves with the User object;
 * an unknown, archived or deleted user answers 404 `not_found` "User Not Found" (the
 * item's error, with the `notFound` outcome). Used by Dry Run for Intercom IDs.
 */
export async function viewUser(context: ItemContext): Promise<IDataObject> {
	return await context.call({ method: 'GET', url: path('users', context.target.value) });
}

/** At most this many candidate ids are listed in a conflict error, as in {@link ambiguousMatch}. */
const LISTED_CANDIDATES = 20;

/**
 * True when a `user.list` holds only part of the users that match: `total_count` is
 * above the number of `users` it holds, or it has a further page (`pages.next`, a URL in
 * 1.x or a cursor object, or `pages.page` below `pages.total_pages`).
 */
function isPartial(list: IDataObject, held: number): boolean {
	if (typeof list.total_count === 'number' && list.total_count > held) return true;
	const pages = (
		typeof list.pages === 'object' && list.pages !== null ? list.pages : {}
	) as IDataObject;
	const next = pages.next;
	if (typeof next === 'string' ? next !== '' : typeof next === 'object' && next !== null) {
		return true;
	}
	return (
		typeof pages.page === 'number' &&
		typeof pages.total_pages === 'number' &&
		pages.page < pages.total_pages
	);
}

/**
 * Finds the one user an email or user_id names (Intercom API 1.1+, "List by email / user_id"):
 * `GET /users?email=…` answers a `user.list` `{ type: 'user.list', total_count,
 * users: [User], pages: { page, per_page, total_pages, next? } }`
 * (case C11 in test/CASES.md); `GET /users?user_id=…` answers one User. Resolves with
 * that User.
 *
 * Nothing is changed on a doubt, since the caller deletes what this finds:
 * - no user: `noMatch` (404, `Intercom: User Not Found (not_found)`);
 * - several users: `ambiguousMatch` (409, `Intercom: Multiple users match this <field>
 *   (conflict)`), listing their ids;
 * - a list that holds only part of the matches (`total_count` above the users it holds,
 *   or a next page): the same conflict, whatever it holds (even one user or none), its
 *   description listing the ids seen and saying that more match.
 *
 * @param change what a doubt leaves undone, for the conflict's words: `deleted` (the
 *   default) or `archived` (Dry Run of Archive, which the real run does in one request)
 */
export async function findUser(context: ItemContext, change = 'deleted'): Promise<IDataObject> {
	const { by, value, label } = context.target;
	if (by === 'id') throw new Error('findUser is for email and user_id');
	const answer = await context.call({
		method: 'GET',
		url: withQuery('/users', { [QUERY_NAME[by]]: value }),
	});
	if (answer.type !== 'user.list') return answer;
	const users = (Array.isArray(answer.users) ? answer.users : []) as IDataObject[];
	const ids = users.map(idOf);
	if (isPartial(answer, users.length)) {
		const total = typeof answer.total_count === 'number' ? answer.total_count : 0;
		const count = total > users.length ? String(total) : `At least ${users.length + 1}`;
		const listed = users.length === 0 ? 'none of them' : `only ${users.length}`;
		const listedIds = ids.slice(0, LISTED_CANDIDATES).join(', ');
		const seen = ids.length
			? ` Candidates seen (Intercom IDs): ${listedIds}, and more not listed.`
			: '';
		const error = ambiguousMatch(context, ids, change);
		error.description =
			`${count} users match ${label} "${value}", but Intercom's answer lists ${listed}, ` +
			`so nobody was ${change}.${seen} Use User ID or Intercom ID instead.`;
		throw error;
	}
	if (users.length === 0) throw noMatch(context, 'user');
	if (users.length > 1) throw ambiguousMatch(context, ids, change);
	return users[0];
}

/**
 * What Intercom shows for the item's Intercom ID before the Users API deletes by ID:
 * `{ user }`, the active user (the User object of `GET /users/{id}`, or the contact of
 * `GET /contacts/{id}` with role `user`), or `{ unseen: true }` when neither read shows
 * the record: an archived user or lead, or an unknown ID (archived contacts appear in
 * no lookup).
 *
 * Reads `GET /users/{id}` (Intercom API 1.4, "View a user"; a lead answers 404 there
 * too); on its 404 `not_found`, `GET /contacts/{id}` (Intercom API 2.x, "Get a
 * contact", sent with `Intercom-Version` {@link DEFAULT_CONTACTS_API_VERSION}: the
 * Contacts API, which shows leads, is served on 2.x only). A contact with role `lead`
 * rejects with `leadNotUser` (nothing is deleted); any other failure of either read
 * rejects as it came.
 *
 * @param change what a lead is not, for the refusal's words: `deleted`
 */
export async function userById(
	context: ItemContext,
	change = 'deleted',
): Promise<{ user: IDataObject } | { unseen: true }> {
	const viewed = await viewUser(context).then(
		(user) => ({ user }),
		(error: unknown) => ({ error }),
	);
	if ('user' in viewed) return viewed;
	if (outcomeOf(viewed.error) !== 'notFound') throw viewed.error;
	const read = await contactUnlessArchived(context, change, DEFAULT_CONTACTS_API_VERSION);
	return 'contact' in read ? { user: read.contact } : read;
}

/**
 * Intercom API 1.x, permanent deletion: `POST /user_delete_requests` with
 * `{"intercom_user_id": "<id>"}`, answered by `{"id": <request id>}`, for a user only
 * (Intercom deletes any record that way, leads too). Email and user_id are looked up
 * first (see {@link findUser}); an Intercom ID is read first (see {@link userById}): a
 * lead rejects with `leadNotUser`. A record neither read shows (archived, or unknown)
 * is restored with the Contacts API to be read (`eraseArchived`, with
 * `Intercom-Version` {@link DEFAULT_CONTACTS_API_VERSION}): a user is then deleted, a
 * lead archived again and refused, an unknown ID fails with `unknownIntercomId`.
 * Resolves with `{ type: 'user_delete_request', id, intercom_user_id, user }`, where
 * `user` is the User (or contact) a read found.
 */
export async function deleteUser(context: ItemContext): Promise<IDataObject> {
	const erase = async (user: IDataObject): Promise<IDataObject> => {
		const intercomUserId = idOf(user);
		const answer = await context.call({
			method: 'POST',
			url: '/user_delete_requests',
			body: { intercom_user_id: intercomUserId },
		});
		return { type: 'user_delete_request', id: answer.id, intercom_user_id: intercomUserId, user };
	};
	if (context.target.by !== 'id') return await erase(await findUser(context));
	const shown = await userById(context);
	if ('user' in shown) return await erase(shown.user);
	return await eraseArchived(context, erase, {
		version: DEFAULT_CONTACTS_API_VERSION,
		unknown: (error) => unknownIntercomId(context, requestIdOf(error)),
	});
}

/** Intercom's request id kept on an n8n error of the node (`context.intercom.requestId`). */
function requestIdOf(error: unknown): string | undefined {
	const id = (error as { context?: { intercom?: { requestId?: unknown } } }).context?.intercom
		?.requestId;
	return typeof id === 'string' ? id : undefined;
}
