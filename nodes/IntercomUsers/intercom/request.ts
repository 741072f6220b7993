import type { IDataObject, IHttpRequestMethods, INode } from 'n8n-workflow';

import type { ApiChoice, Target } from '../shared/types';

/**
 * One Intercom request. `url` is relative to the credential's base URL and must
 * already be percent-encoded (build it with {@link path} and {@link withQuery});
 * `body` is sent as JSON.
 */
export interface IntercomRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject;
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

/** What an operation does for one item; resolves with the output item's JSON. */
export type ItemOperation = (context: ItemContext) => Promise<IDataObject>;

/** Joins path segments, percent-encoding each one as a single segment (`a/b` → `a%2Fb`). */
export function path(...segments: string[]): string {
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
