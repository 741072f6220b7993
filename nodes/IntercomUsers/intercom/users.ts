import type { IDataObject } from 'n8n-workflow';

import type { Target } from '../shared/types';
import { DEFAULT_CONTACTS_API_VERSION } from '../shared/types';
import { idOf } from './answers';
import { contactUnlessArchived } from './contacts';
import { ambiguousMatch, noMatch, outcomeOf } from './errors';
import { leadNotUser, partialMatch } from './lookupErrors';
import type { ItemContext } from './request';
import { path, withQuery } from './request';

const QUERY_NAME = { email: 'email', userId: 'user_id' } as const;

/** The Users API (1.4) address of the target: `/users/{id}`, `/users?email=…` or `/users?user_id=…`. */
export function usersUrl(target: Target): string {
	if (target.by === 'id') return path('users', target.value);
	return withQuery('/users', { [QUERY_NAME[target.by]]: target.value });
}

/** `GET /users/{id}`: resolves with the User; unknown, archived or deleted users answer 404. */
export async function viewUser(context: ItemContext): Promise<IDataObject> {
	return await context.call({ method: 'GET', url: path('users', context.target.value) });
}

/**
 * The Users API answers 404 for a lead's Intercom ID as for nobody: after that not-found (by
 * Intercom ID), a Contacts API read refuses a lead; anything else keeps the original error.
 */
export async function refuseLead(
	context: ItemContext,
	attempt: Promise<IDataObject>,
	change: string,
): Promise<IDataObject> {
	const result = await attempt.then(
		(user) => ({ user }),
		(error: unknown) => ({ error }),
	);
	if ('user' in result) return result.user;
	if (context.target.by !== 'id' || outcomeOf(result.error) !== 'notFound') throw result.error;
	const url = path('contacts', context.target.value);
	const read = await context
		.call({ method: 'GET', url, version: DEFAULT_CONTACTS_API_VERSION })
		.catch(() => undefined);
	if (read?.role === 'lead') throw leadNotUser(context, change);
	throw result.error;
}

/** True when a `user.list` holds only part of the matches (a count above it, or a next page). */
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

/** The one user an email or user_id names; rejects on nobody, several, or a partial list. */
export async function findUser(context: ItemContext, change = 'deleted'): Promise<IDataObject> {
	const { by } = context.target;
	if (by === 'id') throw new Error('findUser is for email and user_id');
	const answer = await context.call({ method: 'GET', url: usersUrl(context.target) });
	if (answer.type !== 'user.list') return answer;
	const users = (Array.isArray(answer.users) ? answer.users : []) as IDataObject[];
	const ids = users.map(idOf);
	if (isPartial(answer, users.length)) {
		const total = typeof answer.total_count === 'number' ? answer.total_count : 0;
		const count = total > users.length ? String(total) : `At least ${users.length + 1}`;
		const listed = users.length === 0 ? 'none of them' : `only ${users.length}`;
		throw partialMatch(context, ids, change, count, `Intercom's answer lists ${listed}`);
	}
	if (users.length === 0) throw noMatch(context, 'user');
	if (users.length > 1) throw ambiguousMatch(context, ids, change);
	return users[0];
}

/**
 * `{ user }` for the item's Intercom ID, or `{ unseen: true }` (archived or unknown). The Users
 * API hides leads, so a Contacts API read is what refuses a lead.
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

/** Intercom's request id kept on an n8n error of the node (`context.intercom.requestId`). */
export function requestIdOf(error: unknown): string | undefined {
	const id = (error as { context?: { intercom?: { requestId?: unknown } } }).context?.intercom
		?.requestId;
	return typeof id === 'string' ? id : undefined;
}
