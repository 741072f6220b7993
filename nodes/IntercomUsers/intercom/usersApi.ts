import type { IDataObject } from 'n8n-workflow';

import type { ItemContext } from './request';
import { path, withQuery } from './request';
import { ambiguousMatch, noMatch } from './errors';

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
 * Finds the one user an email or user_id names (Intercom API 1.1+):
 * `GET /users?email=…` answers a `user.list` (case C11 in test/CASES.md), `GET /users?user_id=…`
 * answers one User. Zero matches or several are errors; nothing is changed.
 */
async function findUser(context: ItemContext): Promise<IDataObject> {
	const { by, value } = context.target;
	if (by === 'id') throw new Error('findUser is for email and user_id');
	const answer = await context.call({
		method: 'GET',
		url: withQuery('/users', { [QUERY_NAME[by]]: value }),
	});
	if (answer.type !== 'user.list') return answer;
	const users = (Array.isArray(answer.users) ? answer.users : []) as IDataObject[];
	if (users.length === 0) throw noMatch(context, 'user');
	if (users.length > 1) {
		throw ambiguousMatch(context, users.map((user) => String(user.id)), 'deleted');
	}
	return users[0];
}

/**
 * Intercom API 1.x, permanent deletion: `POST /user_delete_requests` with
 * `{"intercom_user_id": "<id>"}`, answered by `{"id": <request id>}`. Email and
 * user_id are looked up first (see {@link findUser}). Resolves with
 * `{ type: 'user_delete_request', id, intercom_user_id, user? }`, where `user` is
 * the User the lookup found.
 */
export async function deleteUser(context: ItemContext): Promise<IDataObject> {
	const user = context.target.by === 'id' ? undefined : await findUser(context);
	const intercomUserId = user ? String(user.id) : context.target.value;
	const answer = await context.call({
		method: 'POST',
		url: '/user_delete_requests',
		body: { intercom_user_id: intercomUserId },
	});
	return {
		type: 'user_delete_request',
		id: answer.id,
		intercom_user_id: intercomUserId,
		...(user ? { user } : {}),
	};
}
