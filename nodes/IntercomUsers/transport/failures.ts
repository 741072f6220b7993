import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Network error codes that mean the connection closed after the request went out, with no answer. */
export const DROPPED_CONNECTION_CODES: readonly string[] = ['ECONNRESET', 'EPIPE'];

/**
 * The low-level code of an error that means "the connection was dropped after the
 * request was sent, and no answer came" (`ECONNRESET`, which Node also uses for
 * "socket hang up", or `EPIPE`), read from the error itself or from the low-level
 * error an n8n `NodeApiError` wraps (n8n's request helper wraps axios errors so).
 * Such a request may or may not have been carried out. Undefined for anything else:
 * a refused connection (nothing was sent), a timeout (the request may still be under
 * way), an HTTP answer, an n8n error of this node.
 */
export function droppedConnectionCode(error: unknown): string | undefined {
	const low = (
		error instanceof NodeApiError && error.cause instanceof Error ? error.cause : error
	) as { code?: unknown } | undefined;
	const code = low && typeof low === 'object' ? low.code : undefined;
	return typeof code === 'string' && DROPPED_CONNECTION_CODES.includes(code) ? code : undefined;
}

/**
 * Turns anything a request may throw (an axios error carrying the request
 * config and its Authorization header, a NodeOperationError, …) into an n8n
 * error that holds no request options, so the access token cannot leak into
 * item output, error output or logs.
 * - a timeout (`ECONNABORTED`/`ETIMEDOUT` with "timeout") becomes
 *   `Intercom did not answer within <timeoutMs> ms (timed out)`;
 * - an n8n error keeps its texts, its wrapped low-level cause is reduced to
 *   `{ message, code }`, and its `context.itemIndex` is set;
 * - any other error with a `code` (ECONNREFUSED, …) becomes
 *   `Intercom could not be reached: <message>`.
 *
 * @param timeoutMs the request timeout in ms (the node's Request Options), for the message
 */
export function toSafeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	timeoutMs: number | undefined,
): NodeApiError | NodeOperationError {
	const low = (
		error instanceof NodeApiError && error.cause instanceof Error ? error.cause : error
	) as { message?: string; code?: string } | undefined;
	const timedOut =
		(low?.code === 'ECONNABORTED' || low?.code === 'ETIMEDOUT') &&
		/timeout/i.test(low.message ?? '');
	if (timedOut) {
		// No `code` in the response object: n8n would replace the message with its generic ECONNABORTED text.
		// Request Options sit on the node's Settings tab in n8n 2.x and in 1.x alike (`isNodeSetting`
		// on n8n's declarative `requestOptions`, checked in 1.123.81 and 2.41.1).
		return new NodeApiError(node, { message: low?.message ?? 'timeout' } as JsonObject, {
			message: `Intercom did not answer within ${timeoutMs ?? '?'} ms (timed out)`,
			description:
				"Raise the timeout on the node's Settings tab → Request Options → Timeout, or try again later. The change may or may not have been made in Intercom: check before retrying.",
			itemIndex,
		});
	}
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		if (error.cause instanceof Error && !(error.cause instanceof NodeOperationError)) {
			// Drop the wrapped low-level error: it may be an axios error with headers.
			const { message, code } = error.cause as Error & { code?: string };
			Object.defineProperty(error, 'cause', { value: { message, code }, enumerable: false });
		}
		error.context.itemIndex = itemIndex;
		return error;
	}
	const { message, code } = low ?? {};
	if (typeof code === 'string' && code !== '') {
		return new NodeApiError(node, { message: message ?? 'Request failed', code } as JsonObject, {
			message: `Intercom could not be reached: ${message ?? 'request failed'}`,
			description: `Network error ${code}.`,
			itemIndex,
		});
	}
	return new NodeOperationError(node, message ?? 'Unexpected error', { itemIndex });
}
