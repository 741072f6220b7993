import type { IDataObject, IHttpRequestMethods, INode } from 'n8n-workflow';

import type { ApiChoice, Target } from '../shared/types';

/**
 * One Intercom request: `url` relative to the base URL and already percent-encoded (see
 * {@link path}, {@link withQuery}); `version` overrides the item's `Intercom-Version`
 * (the Users API path's one contact read).
 */
export interface IntercomRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject;
	version?: string;
}

/**
 * What an operation gets for one item: the checked target, the API choice, and `call`,
 * which resolves with the JSON of a 2xx answer or rejects with the item's n8n error.
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
 * What sending a request twice does, which decides whether it may be sent again after an
 * unclear attempt (a 5xx, or a connection dropped after it went out): reads and the
 * contact archive/unarchive are harmless; an archive or delete (`once`) is too, but once
 * the first attempt went through the repeat answers 404, which must not be reported as
 * "nothing was changed" (see {@link confirmingRead}); anything else is not repeated.
 * docs/outcomes-and-reruns.md explains it.
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

/** Whether a request may be sent again after an unclear attempt (every effect but `unsafe`). */
export function retrySafe(request: IntercomRequest): boolean {
	return requestEffect(request) !== 'unsafe';
}

/**
 * The read that checks a `once` request's outcome when its retry answered 404 (the same
 * address, or `GET /users/{id}` for a delete request), or undefined. Neither API shows
 * archived users, so it proves only whether the user is still active.
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
 * Reads the answer to a {@link confirmingRead}: true when it shows an active user or
 * contact, false when it shows none (Intercom's 404, an empty list), undefined otherwise.
 *
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
