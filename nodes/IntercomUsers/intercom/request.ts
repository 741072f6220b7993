import type { IDataObject, IHttpRequestMethods, INode } from 'n8n-workflow';

import type { ApiChoice, Target } from '../shared/types';
import { NO_REQUEST_SENT } from '../shared/words';

/** One Intercom request: `url` relative and percent-encoded; `version` overrides the item's. */
export interface IntercomRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject;
	version?: string;
}

/** What an operation needs for one item; `call` resolves with a 2xx answer's object or rejects. */
export interface ItemContext {
	node: INode;
	itemIndex: number;
	target: Target;
	api: ApiChoice;
	parameter(name: string, fallback: unknown): unknown;
	call(request: IntercomRequest): Promise<IDataObject>;
}

/**
 * What sending a request twice does. A `once` request (a 1.4 archive, a delete) is harmless to
 * repeat, but after a first attempt that went through the repeat answers 404: not "nothing changed".
 */
export type RequestEffect = 'read' | 'idempotent' | 'once' | 'unsafe';

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

export function retrySafe(request: IntercomRequest): boolean {
	return requestEffect(request) !== 'unsafe';
}

/** The read that checks a `once` request whose retry answered 404; it can only prove "still active". */
export function confirmingRead(request: IntercomRequest): IntercomRequest | undefined {
	if (requestEffect(request) !== 'once') return undefined;
	if (request.method === 'DELETE') return { method: 'GET', url: request.url };
	const id = request.body?.intercom_user_id;
	return typeof id === 'string' && id !== ''
		? { method: 'GET', url: path('users', id) }
		: undefined;
}

/** Whether a {@link confirmingRead}'s answer shows an active user; undefined when it says neither. */
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

/** What a listing needs for one item: no target (its filters are parameters), and the workflow's time zone. */
export interface ListContext extends Omit<ItemContext, 'target'> {
	/** The workflow's IANA time zone, for dates written without an offset. */
	timezone: string;
}

/** A listing for one item; resolves with one JSON per user found, in Intercom's order. */
export type ListRun = (context: ListContext) => Promise<IDataObject[]>;

/** Joins path segments, each percent-encoded; no request is built for an empty one. */
export function path(...segments: string[]): string {
	const missing = segments.findIndex((segment) => typeof segment !== 'string' || segment === '');
	if (missing !== -1) {
		throw new Error(`${NO_REQUEST_SENT}: its path segment ${missing + 1} is empty`);
	}
	return `/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;
}

/** Appends a percent-encoded query (n8n's `qs` mis-encodes astral characters at 1,024-char chunk edges). */
export function withQuery(base: string, query: Record<string, string>): string {
	const pairs = Object.entries(query).map(
		([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
	);
	return pairs.length ? `${base}?${pairs.join('&')}` : base;
}
