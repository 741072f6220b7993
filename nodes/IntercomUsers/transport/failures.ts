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
 * How an exchange broke after the request went out, when it did so without a usable
 * answer other than a dropped connection (see {@link droppedConnectionCode}):
 * - `timeout`: no whole answer within the deadline (axios `ECONNABORTED`/`ETIMEDOUT`
 *   with "timeout" in its message, or {@link deadlineError});
 * - `cutOff`: the status line came, then the body stopped short (axios
 *   `ERR_BAD_RESPONSE` "stream has been aborted", or `aborted`);
 * - `undecodable`: the body could not be decoded as its `Content-Encoding` said (zlib
 *   codes `Z_*`, brotli codes `ERR__ERROR_*`, or "Decompression failed").
 */
export type BrokenAnswer = 'timeout' | 'cutOff' | 'undecodable';

/** The low-level error an n8n `NodeApiError` wraps (n8n's helper wraps axios errors so), or the error itself. */
function lowLevel(error: unknown): { message?: string; code?: string; response?: unknown } {
	const low = error instanceof NodeApiError && error.cause instanceof Error ? error.cause : error;
	return low && typeof low === 'object' ? (low as { message?: string; code?: string }) : {};
}

/**
 * Classifies an error thrown by a request that got no usable answer (see
 * {@link BrokenAnswer}); undefined for anything else (a refused connection, a
 * dropped one, an HTTP answer, an error of this node).
 */
export function brokenAnswer(error: unknown): BrokenAnswer | undefined {
	const { message = '', code = '' } = lowLevel(error);
	if ((code === 'ECONNABORTED' || code === 'ETIMEDOUT') && /timeout/i.test(message)) {
		return 'timeout';
	}
	if (/^Z_/.test(code) || /^ERR__ERROR/.test(code) || /decompression failed/i.test(message)) {
		return 'undecodable';
	}
	if (code === 'ERR_BAD_RESPONSE' || /stream has been aborted|^aborted$/i.test(message)) {
		return 'cutOff';
	}
	return undefined;
}

/**
 * The HTTP status of an answer whose body then broke (axios keeps it in
 * `response.status`), as a string for n8n's `httpCode`; undefined when no status came.
 */
export function brokenStatus(error: unknown): string | undefined {
	const { response } = lowLevel(error);
	const status = (response as { status?: unknown } | undefined)?.status;
	return typeof status === 'number' && status > 0 ? String(status) : undefined;
}

/**
 * The error {@link send} rejects with when an exchange outlives its deadline:
 * `{ code: 'ETIMEDOUT', message: 'timeout of <ms>ms exceeded' }`, the same shape as
 * axios's own timeout, so {@link brokenAnswer} and {@link toSafeError} read it alike.
 */
export function deadlineError(ms: number): Error & { code: string } {
	return Object.assign(new Error(`timeout of ${ms}ms exceeded`), { code: 'ETIMEDOUT' });
}

/** What kind of TLS certificate failure a low-level error code names (Node's and OpenSSL's codes). */
const TLS_FAILURES: Record<string, 'untrusted' | 'expired' | 'notYetValid' | 'otherHost'> = {
	DEPTH_ZERO_SELF_SIGNED_CERT: 'untrusted',
	SELF_SIGNED_CERT_IN_CHAIN: 'untrusted',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted',
	UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
	CERT_UNTRUSTED: 'untrusted',
	CERT_HAS_EXPIRED: 'expired',
	CERT_NOT_YET_VALID: 'notYetValid',
	ERR_TLS_CERT_ALTNAME_INVALID: 'otherHost',
	HOSTNAME_MISMATCH: 'otherHost',
};

const IGNORE_SSL = "the node's Settings tab → Request Options → Ignore SSL Issues (Insecure)";

/**
 * The n8n error for a TLS certificate the request helper refused (see
 * {@link TLS_FAILURES}), or undefined for any other error. The handshake failed, so
 * the request itself was never sent: no outcome. The message names the cause in
 * words; the description gives the code and what to do: for an untrusted
 * (self-signed) certificate, Ignore SSL Issues when the server is trusted; for an
 * expired one or one for another host, check the Base URL first.
 */
function tlsError(
	node: INode,
	code: string | undefined,
	itemIndex: number,
): NodeApiError | undefined {
	const kind = code === undefined ? undefined : TLS_FAILURES[code];
	if (kind === undefined) return undefined;
	const [message, advice] = {
		untrusted: [
			"The server's TLS certificate is not trusted (self-signed or from an unknown authority)",
			`Intercom's own hosts have publicly trusted certificates, so this is a proxy or a Custom Base URL. If you trust that server, turn on ${IGNORE_SSL}; otherwise check the credential's Base URL.`,
		],
		expired: [
			"The server's TLS certificate has expired",
			`Check the credential's Region or Base URL first: Intercom's hosts do not serve expired certificates. ${IGNORE_SSL} would accept it; use that only for a server you trust.`,
		],
		notYetValid: [
			"The server's TLS certificate is not valid yet",
			`Check this machine's clock and the credential's Base URL. ${IGNORE_SSL} would accept it; use that only for a server you trust.`,
		],
		otherHost: [
			"The server's TLS certificate is for another host",
			`Check the credential's Region or Base URL: the certificate does not name the host the node called. ${IGNORE_SSL} would accept it; use that only for a server you trust.`,
		],
	}[kind];
	// No `code` in the response object: n8n would replace the message with its generic text for it.
	return new NodeApiError(node, { message } as JsonObject, {
		message,
		description: `The secure connection failed (${code}), so the request was not sent. ${advice}`,
		itemIndex,
	});
}

/**
 * Turns anything a request may throw (an axios error carrying the request
 * config and its Authorization header, a NodeOperationError, …) into an n8n
 * error that holds no request options, so the access token cannot leak into
 * item output, error output or logs.
 * - a timeout (`ECONNABORTED`/`ETIMEDOUT` with "timeout") becomes
 *   `Intercom did not answer within <timeoutMs> ms (timed out)`;
 * - a refused TLS certificate names its cause and what to check (see `tlsError`);
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
	const tls = tlsError(node, low?.code, itemIndex);
	if (tls) return tls;
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

/**
 * The error of a request that the execution's cancellation stopped. Not yet sent: the
 * outcome is `cancelled` (this request changed nothing). Already under way when the
 * cancel came: for a change (`change`), the outcome is `unknown` (it may or may not
 * have been carried out); for a lookup, `cancelled`.
 */
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
				? 'n8n cancelled the execution while the change was on its way to Intercom, so the change may or may not have been made. Check the user in Intercom, or run the item again with the option "Ignore Not Found" on.'
				: 'n8n cancelled the execution, and the node sends nothing after a cancel, so this item changed nothing in Intercom. Run it again to carry it out (with the option "Ignore Not Found" on, users already done give a marker item).',
		},
	);
	error.context.intercom = { outcome: unclear ? 'unknown' : 'cancelled' };
	return error;
}
