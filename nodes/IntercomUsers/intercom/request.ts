import type { IDataObject, IHttpRequestMethods, INode } from 'n8n-workflow';

import type { ApiChoice, Target } from '../shared/types';

/**
 * One Intercom request. `url` is relative to the credential's base URL and must
 * already be percent-encoded (build it with {@link path} and {@link withQuery});
 * `body` is sent as JSON. `version` is the `Intercom-Version` to send instead of the
 * item's API choice: set only by the Users API path's Contacts API read
 * (`GET /contacts/{id}` with the Contacts API's default version, see `users.ts`).
 */
export interface IntercomRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject;
	version?: string;
}

/**
 * Everything an operation needs for one item: the checked target, the API
 * choice, and `call`, which sends a request with the right `Intercom-Version`
 * (paced, retried, authenticated) and resolves with the parsed JSON object of a
 * 2xx answer. Any other answer rejects with the n8n error for the item.
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
 * What sending a request twice does, which decides whether the transport may send
 * it again after an unclear attempt (a 5xx answer, or a connection dropped after
 * the request went out) and what Intercom's answer to that repeat means.
 *
 * | Request (Intercom API)                                  | Effect       | Retry after 5xx / drop    | A 404 on the retry means         |
 * | -------------------------------------------------------- | ------------ | ------------------------- | -------------------------------- |
 * | `GET /users/{id}`, `GET /users?email=` / `?user_id=` 1.x | `read`       | safe                      | not found, as on a first attempt |
 * | `GET /contacts/{id}`, `POST /contacts/search` 2.x        | `read`       | safe                      | not found, as on a first attempt |
 * | `POST /contacts/{id}/archive`, `/unarchive` 2.x          | `idempotent` | safe: the repeat answers 200 like the first | unknown or deleted contact: nothing done |
 * | `DELETE /users/{id}`, `/users?email=` / `?user_id=` 1.4  | `once`       | safe in effect: a user is archived once  | most likely archived by the first attempt |
 * | `POST /user_delete_requests` 1.x                         | `once`       | safe in effect: a user is deleted once   | most likely deleted by the first attempt  |
 * | `DELETE /contacts/{id}` 2.x                              | `once`       | safe in effect: a contact is deleted once | most likely deleted by the first attempt |
 * | any other request                                        | `unsafe`     | not retried               | not found                        |
 *
 * `once` requests are harmless to repeat (Intercom cannot archive or delete the
 * same user twice), but once the first attempt went through, the repeat answers
 * 404 "User Not Found" / "Contact Not Found": that 404 must not be reported as
 * "nothing was changed". See {@link confirmingRead} for the check made then.
 */
export type RequestEffect = 'read' | 'idempotent' | 'once' | 'unsafe';

/** The {@link RequestEffect} of a request, from its method and path (see the table there). */
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

/** Whether a request may be sent again after an unclear attempt (every effect but `unsafe`). */
export function retrySafe(request: IntercomRequest): boolean {
	return requestEffect(request) !== 'unsafe';
}

/**
 * The read that checks a `once` request's outcome when its retry answered 404,
 * or undefined when there is none:
 * - `DELETE /users/{id}` → `GET /users/{id}`; `DELETE /users?email=…` (or
 *   `?user_id=…`) → `GET /users?email=…` (Intercom API 1.x: an archived or
 *   deleted user is no longer listed, `GET /users/{id}` answers 404);
 * - `POST /user_delete_requests` `{ intercom_user_id }` → `GET /users/{intercom_user_id}`;
 * - `DELETE /contacts/{id}` → `GET /contacts/{id}` (Intercom API 2.x: archived
 *   and deleted contacts answer 404).
 * Neither API shows archived users, so the read cannot prove that the first
 * attempt did the change; it proves whether the user is still active (then the
 * change was not made). See {@link readShowsActive}.
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
 * Reads the answer to a {@link confirmingRead}: `true` when it shows an active
 * user or contact (a 2xx with a User or contact object, or a `user.list` that is
 * not empty), `false` when it shows none (a 404 `not_found` "User Not Found" /
 * "Contact Not Found", or an empty `user.list`), undefined when it says neither
 * (another status, an unreadable body).
 *
 * @param status the HTTP status of the answer
 * @param body the parsed JSON body (undefined when not JSON)
 * @param notFound whether a non-2xx answer is Intercom's user/contact 404
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

/**
 * Joins path segments, percent-encoding each one as a single segment (`a/b` → `a%2Fb`).
 * Throws for a segment that is not text or is empty: no request is built for a missing ID.
 */
export function path(...segments: string[]): string {
	const missing = segments.findIndex((segment) => typeof segment !== 'string' || segment === '');
	if (missing !== -1) {
		throw new Error(`No request was sent: its path segment ${missing + 1} is empty`);
	}
	return `/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;
}

/**
 * Appends a query string, each value percent-encoded with `encodeURIComponent`
 * (`+` → `%2B`, `@` → `%40`, space → `%20`). The query is built here rather than
 * through n8n's `qs` option: the `qs` library n8n uses mis-encodes an astral
 * character (e.g. an emoji) that straddles its 1,024-character chunks, so a
 * long value could reach Intercom as a different value.
 */
export function withQuery(base: string, query: Record<string, string>): string {
	const pairs = Object.entries(query).map(
		([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
	);
	return pairs.length ? `${base}?${pairs.join('&')}` : base;
}
