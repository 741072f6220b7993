/**
 * The Intercom API 1.x Users routes (Intercom API 1.1-1.4, Users): view, find by
 * email / user_id, archive, and permanent deletion through `POST
 * /user_delete_requests`. Only live records with role "user" exist for them (not
 * archived, not deleted, not leads); anything else is 404 `not_found` "User Not
 * Found":
 *
 * - `GET /users/{id}` ("View a user"): 200 the User.
 * - `GET /users?email=` (1.1+): 200 `{type: "user.list", users: [every user with
 *   exactly that email], total_count, pages: {type: "pages", page: 1, per_page: 50,
 *   total_pages: 1}}`; an empty list when none (all matches on one page).
 * - `GET /users?user_id=`: 200 the one User (409 `conflict` if several share it).
 * - `DELETE /users/{id}`, `DELETE /users?email=`, `DELETE /users?user_id=` ("Archive
 *   a user"): 200 with the User object, which is then archived; 409 `conflict` when
 *   several users share the email or user_id.
 * - The `?email=` / `?user_id=` forms answer 400 `parameter_invalid` for a malformed
 *   escape, another parameter, none or both, or a blank value.
 * - `POST /user_delete_requests` with `{"intercom_user_id": "<id>"}`: permanent
 *   deletion of any record (archived ones and leads too) → 200 `{"id": <request id>}`
 *   (10001, 10002, ...); unknown or already deleted id → 404 "User Not Found"; a body
 *   that is not a JSON object, or a missing / blank / non-string intercom_user_id →
 *   400 `parameter_invalid`.
 *
 * Lookups by email / user_id use the store's index (O(1)), not a scan.
 */
import type { RouteRequest } from '../handler';
import type { StoredRecord, UserStore } from '../store';
import { isLiveUser } from '../store';
import { parseJsonObject } from '../util';
import type { Answer } from '../views';
import { errorAnswer, parameterInvalid, userListAnswer, userNotFound } from '../views';

/**
 * The 1.x Users routes for one request whose Intercom-Version was already checked
 * (1.x for paths under /users). Answers `/users`, `/users/{id}` and
 * `/user_delete_requests` as described in the module comment, changing `store` when
 * archiving or deleting; undefined when the method and path are not a Users route.
 */
export function routeUsers(store: UserStore, req: RouteRequest): Answer | undefined {
	const { method, segments } = req;
	if (segments.length === 2 && segments[0] === 'users' && segments[1] !== '') {
		if (method === 'GET') return viewUser(store, segments[1]);
		if (method === 'DELETE') return archiveById(store, segments[1]);
	}
	if (segments.length === 1 && segments[0] === 'users') {
		if (method === 'DELETE') return archiveByQuery(store, req.rawQuery);
		if (method === 'GET' && req.rawQuery !== '') return findByQuery(store, req.rawQuery);
	}
	if (segments.length === 1 && segments[0] === 'user_delete_requests' && method === 'POST') {
		return userDeleteRequest(store, req.body);
	}
	return undefined;
}

/** GET /users/{id} (Intercom API 1.4, View a user): the User, or 404. */
function viewUser(store: UserStore, id: string): Answer {
	const stored = store.get(id);
	if (!stored || !isLiveUser(stored)) return userNotFound();
	return { status: 200, body: stored.user };
}

/** DELETE /users/{id} (Intercom API 1.4, Archive a user by id). */
function archiveById(store: UserStore, id: string): Answer {
	const stored = store.get(id);
	if (!stored || !isLiveUser(stored)) return userNotFound();
	return archive(store, stored);
}

/** DELETE /users?email= | ?user_id= (Intercom API 1.4, Archive a user by email / user_id). */
function archiveByQuery(store: UserStore, rawQuery: string): Answer {
	const query = parseUserQuery(rawQuery);
	if ('error' in query) return query.error;
	const { field, value } = query;
	const matches = store.withValue(field, value).filter(isLiveUser);
	if (matches.length === 0) return userNotFound();
	if (matches.length > 1) {
		return errorAnswer(
			409,
			'conflict',
			field === 'email'
				? 'Multiple existing users match this email address - must be more specific using user_id'
				: 'Multiple existing users match this user_id',
		);
	}
	return archive(store, matches[0]);
}

/**
 * GET /users?email= (Intercom API 1.1+: a `user.list`, empty when nobody matches)
 * and GET /users?user_id= (the one User, 404 when none, 409 when several).
 */
function findByQuery(store: UserStore, rawQuery: string): Answer {
	const query = parseUserQuery(rawQuery);
	if ('error' in query) return query.error;
	const { field, value } = query;
	const matches = store.withValue(field, value).filter(isLiveUser);
	if (field === 'email') return userListAnswer(matches);
	if (matches.length === 0) return userNotFound();
	if (matches.length > 1) {
		return errorAnswer(409, 'conflict', 'Multiple existing users match this user_id');
	}
	return { status: 200, body: matches[0].user };
}

/** Archives a live user and answers 200 with the User object as it was stored. */
function archive(store: UserStore, stored: StoredRecord): Answer {
	store.setArchived(stored, true);
	return { status: 200, body: stored.user };
}

/** POST /user_delete_requests (Intercom API 1.x, permanent deletion by Intercom id). */
function userDeleteRequest(store: UserStore, body: string): Answer {
	const parsed = parseJsonObject(body);
	if (!parsed) return parameterInvalid('The request body must be a JSON object');
	const id = parsed.intercom_user_id;
	if (id === undefined || id === null || id === '') {
		return parameterInvalid('intercom_user_id must be specified');
	}
	if (typeof id !== 'string') return parameterInvalid('intercom_user_id must be a string');
	const stored = store.get(id);
	if (!stored || stored.deleted) return userNotFound();
	store.markDeleted(stored);
	return { status: 200, body: { id: store.nextDeleteRequestId() } };
}

/**
 * Validates the `?email=` / `?user_id=` query of the 1.x Users routes: malformed
 * percent-encoding, other parameters, none or several, or a blank value give a 400
 * `parameter_invalid` answer; otherwise the field and its decoded value
 * (URLSearchParams decoding, so a raw '+' is a space, as on a real server).
 */
export function parseUserQuery(
	rawQuery: string,
): { field: 'email' | 'user_id'; value: string } | { error: Answer } {
	// URLSearchParams silently keeps a malformed escape such as %ZZ; a real server rejects it.
	if (/%(?![0-9A-Fa-f]{2})/.test(rawQuery)) {
		return { error: parameterInvalid('Malformed percent-encoding in the query string') };
	}
	try {
		decodeURIComponent(rawQuery.replace(/\+/g, ' '));
	} catch {
		return { error: parameterInvalid('Malformed percent-encoding in the query string') };
	}
	const params = new URLSearchParams(rawQuery);
	const keys = [...params.keys()];
	const unknown = keys.filter((k) => k !== 'email' && k !== 'user_id');
	if (unknown.length > 0) {
		return { error: parameterInvalid(`Unexpected parameter: ${unknown.join(', ')}`) };
	}
	const emails = params.getAll('email');
	const userIds = params.getAll('user_id');
	if (emails.length + userIds.length !== 1) {
		return {
			error: parameterInvalid(
				emails.length + userIds.length === 0
					? 'email or user_id must be specified'
					: 'Exactly one of email or user_id must be specified, once',
			),
		};
	}
	const field: 'email' | 'user_id' = emails.length === 1 ? 'email' : 'user_id';
	const value = emails.length === 1 ? emails[0] : userIds[0];
	if (value === '') return { error: parameterInvalid(`${field} must not be blank`) };
	return { field, value };
}
