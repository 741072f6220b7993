import type { IDataObject, IHttpRequestMethods, INode } from 'n8n-workflow';

import type { ApiChoice, Target } from '../shared/types';
import { NO_REQUEST_SENT } from '../shared/words';

/**
 * One Intercom request: `url` is relative to the base URL and already percent-encoded;
 * `version` overrides the item's `Intercom-Version` (the Users API path's contact read).
 */
export interface IntercomRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject;
	version?: string;
}

/**
 * What an operation needs for one item; `call` sends a request (paced, retried,
 * authenticated) and resolves with a 2xx answer's object, or rejects with the item's error.
 */
export interface ItemContext {
	node: INode;
	itemIndex: number;
	target: Target;
	api: ApiChoice;
	/** Reads another parameter of the node for this item. */
	parameter(name: string, fallback: unknown): unknown;
	call(request: IntercomRequest): Promise<IDataObject>;
}

/**
 * What sending a request twice does: whether an unclear attempt may be resent, and what
 * a 404 on the repeat means.
 *
 * | Request (Intercom API)                                  | Effect       | A 404 on the retry means         |
 * | -------------------------------------------------------- | ------------ | -------------------------------- |
 * | `GET /users/{id}`, `GET /users?email=` / `?user_id=` 1.x | `read`       | not found                        |
 * | `GET /contacts/{id}`, `POST /contacts/search` 2.x        | `read`       | not found                        |
 * | `POST /contacts/{id}/archive`, `/unarchive` 2.x          | `idempotent` | unknown or deleted contact       |
 * | `DELETE /users/{id}`, `/users?email=` / `?user_id=` 1.4  | `once`       | most likely archived by the first attempt |
 * | `POST /user_delete_requests` 1.x                         | `once`       | most likely deleted by the first attempt  |
 * | `DELETE /contacts/{id}` 2.x                              | `once`       | most likely deleted by the first attempt  |
 * | any other request                                        | `unsafe`     | not retried                      |
 *
 * A `once` request is harmless to repeat, but once the first attempt went through, the
 * repeat answers 404: that must not be reported as "nothing was changed".
 */
export type RequestEffect = 'read' | 'idempotent' | 'once' | 'unsafe';

/** The {@link RequestEffect} of a request, from its method and path. */
export function requestEffect(request: IntercomRequest): RequestEffect {
	const [pathname] = request.url.split('?');
	const segments = pathname.split('/').filter((segment) => segment !== '');
	if (request.method === 'GET') return 'read';
	if (request.method === 'POST' && pathname === '/contacts/search') return 'read';
	if (
		request.method === 'POST' &&
		segments.length === 3 &&
		segments[0] === 'contacts' &&
		(segments[2] === 'archive' || segments[2] === 'unarchive')
	) {
		return 'idempotent';
	}
	const resource = segments[0];
	if (request.method === 'DELETE' && (resource === 'users' || resource === 'contacts')) {
		return 'once';
	}
	if (request.method === 'POST' && pathname === '/user_delete_requests') return 'once';
	return 'unsafe';
}

/** Whether an unclear attempt may be resent: every effect but `unsafe`. */
export function retrySafe(request: IntercomRequest): boolean {
	return requestEffect(request) !== 'unsafe';
}

/**
 * The read that checks a `once` request's outcome when its retry answered 404. Neither
 * API shows archived users, so it can only prove the change was not made (the user is
 * still active).
 */
export function confirmingRead(request: IntercomRequest): IntercomRequest | undefined {
	if (requestEffect(request) !== 'once') return undefined;
	if (request.method === 'DELETE') return { method: 'GET', url: request.url };
	const id = request.body?.intercom_user_id;
	return typeof id === 'string' && id !== ''
		? { method: 'GET', url: path('users', id) }
		: undefined;
}

/**
 * Whether the answer to a {@link confirmingRead} shows an active user: true, false
 * (Intercom's user/contact 404 or an empty list), or undefined when it says neither.
 */
export function readShowsActive(
	status: number,
	body: unknown,
	notFound: boolean,
): boolean | undefined {
	if (status === 404) return notFound ? false : undefined;
	if (status < 200 || status >= 300 || !body || typeof body !== 'object') return undefined;
	const answer = body as IDataObject;
	if (answer.type === 'user.list') return Array.isArray(answer.users) && answer.users.length > 0;
	return answer.type === 'user' || answer.type === 'contact' ? true : undefined;
}

/** An operation's run (or dry run) for one item; resolves with the output item's JSON. */
export type ItemRun = (context: ItemContext) => Promise<IDataObject>;

/** Joins path segments, each percent-encoded; no request is built for an empty one. */
export function path(...segments: string[]): string {
	const missing = segments.findIndex((segment) => typeof segment !== 'string' || segment === '');
	if (missing !== -1) {
		throw new Error(`${NO_REQUEST_SENT}: its path segment ${missing + 1} is empty`);
	}
	return `/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;
}

/**
 * Appends a percent-encoded query. Not through n8n's `qs` option: it mis-encodes an
 * astral character that straddles its 1,024-character chunks.
 */
export function withQuery(base: string, query: Record<string, string>): string {
	const pairs = Object.entries(query).map(
		([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
	);
	return pairs.length ? `${base}?${pairs.join('&')}` : base;
}
