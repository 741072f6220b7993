import type { INode, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	isNodeApiOrOperationError,
	isNodeError,
	isTimeout,
	lowLevelError,
	tlsFailure,
} from '../transport/failures';
import { nodeApiError } from './nodeError';
import { timedOut, unreachable } from './words/phrases';
import {
	NOT_DELIVERED,
	notDeliveredDescription,
	TIMEOUT_ADVICE,
	tlsDescription,
	TLS_WORDS,
} from './words/network';

/** Any error a request may throw, as an n8n error holding no request options (so no token leaks). */
export function toSafeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	timeoutMs: number | undefined,
): NodeApiError | NodeOperationError {
	const low = lowLevelError(error);
	if (isTimeout(low)) {
		const message = timedOut(timeoutMs ?? '?');
		return nodeApiError(node, low.message ?? 'timeout', {
			message,
			description: TIMEOUT_ADVICE,
			itemIndex,
		});
	}
	const tls = tlsFailure(error);
	if (tls) {
		const [message, advice] = TLS_WORDS[tls.kind];
		const description = tlsDescription(tls.code, advice);
		return nodeApiError(node, message, { message, description, itemIndex });
	}
	if (isNodeApiOrOperationError(error)) {
		if (error.cause instanceof Error && !isNodeError(error.cause, ['NodeOperationError'])) {
			// Drop the wrapped low-level error: it may be an axios error with headers.
			const { message, code } = error.cause as Error & { code?: string };
			Object.defineProperty(error, 'cause', { value: { message, code }, enumerable: false });
		}
		error.context.itemIndex = itemIndex;
		if (!error.description && typeof low.code === 'string' && NOT_DELIVERED.has(low.code)) {
			error.description = notDeliveredDescription(low.code);
		}
		return error;
	}
	const { message, code } = low;
	if (typeof code === 'string' && code !== '') {
		return nodeApiError(
			node,
			{ message: message ?? 'Request failed', code },
			{
				message: unreachable(message ?? 'request failed'),
				description: NOT_DELIVERED.has(code)
					? notDeliveredDescription(code)
					: `Network error ${code}.`,
				itemIndex,
			},
		);
	}
	return new NodeOperationError(node, message ?? 'Unexpected error', { itemIndex });
}

/** The error of a request the execution's cancel stopped (see `CancelledError`): `cancelled`, or `unknown` for a change under way. */
export function cancelledError(
	node: INode,
	underWay: boolean,
	change: boolean,
): NodeOperationError {
	const unclear = underWay && change;
	const error = new NodeOperationError(
		node,
		underWay
			? 'The execution was cancelled while this request was under way'
			: 'The execution was cancelled: this request was not sent',
		{
			description: unclear
				? "n8n cancelled the execution while the change was on its way to Intercom, so the change may or may not have been made. Check the user in Intercom, or run the item again with the option 'Ignore Not Found' on."
				: "n8n cancelled the execution, and the node sends nothing after a cancel, so this item changed nothing in Intercom. Run it again to carry it out (with the option 'Ignore Not Found' on, users already done give a marker item).",
		},
	);
	error.context.intercom = { outcome: unclear ? 'unknown' : 'cancelled' };
	return error;
}
