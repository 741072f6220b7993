import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ItemOutcome } from '../shared/types';
import type { IntercomFailure } from './answers';

/** The outcome kept on an error, in `error.context.intercom.outcome` (see {@link ItemOutcome}). */
export function outcomeOf(error: unknown): ItemOutcome | undefined {
	const context = (error as { context?: { intercom?: { outcome?: unknown } } } | undefined)
		?.context;
	const outcome = context?.intercom?.outcome;
	return outcome === 'notFound' ||
		outcome === 'probablyDone' ||
		outcome === 'unknown' ||
		outcome === 'cancelled'
		? outcome
		: undefined;
}

/** What an error says: its message and description, for which item, and the HTTP status when one came. */
export interface ErrorWords {
	message: string;
	description: string;
	itemIndex: number;
	httpCode?: string;
}

/**
 * Every n8n error the node builds. A text `detail` becomes a response without a `code`:
 * n8n replaces the message of an error whose response names a network code. The error
 * holds no request options, so no header can leak through it.
 */
export function nodeApiError(
	node: INode,
	detail: string | JsonObject,
	words: ErrorWords,
	intercom?: IDataObject,
): NodeApiError {
	const response = typeof detail === 'string' ? { message: detail } : detail;
	const error = new NodeApiError(node, response as JsonObject, words);
	if (intercom) error.context.intercom = intercom;
	return error;
}

/** The error for one failure: `httpCode` its status, `context.intercom` the failure and `extra`. */
export function failureError(
	node: INode,
	itemIndex: number,
	failure: IntercomFailure,
	message: string,
	description: string,
	extra: IDataObject = {},
): NodeApiError {
	return nodeApiError(
		node,
		failure as unknown as JsonObject,
		{ message, description, httpCode: String(failure.status), itemIndex },
		{ ...failure, ...extra } as unknown as IDataObject,
	);
}
