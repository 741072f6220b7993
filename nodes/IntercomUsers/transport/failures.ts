import type { INode } from 'n8n-workflow';
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
	const { code } = lowLevelError(error);
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

/** What a request's low-level error may tell: its message, network code and the answer begun. */
export interface LowLevelError {
	message?: string;
	code?: string;
	response?: unknown;
}

/**
 * The low-level error an n8n `NodeApiError` wraps (n8n's helper wraps axios errors so),
 * or the error itself; an empty object for anything that is no object.
 */
export function lowLevelError(error: unknown): LowLevelError {
	const low = error instanceof NodeApiError && error.cause instanceof Error ? error.cause : error;
	return low && typeof low === 'object' ? (low as LowLevelError) : {};
}

/** True for a request that got no whole answer in time: axios's timeout, or {@link deadlineError}. */
export function isTimeout(low: LowLevelError): boolean {
	return (
		(low.code === 'ECONNABORTED' || low.code === 'ETIMEDOUT') && /timeout/i.test(low.message ?? '')
	);
}

/**
 * Classifies an error thrown by a request that got no usable answer (see
 * {@link BrokenAnswer}); undefined for anything else (a refused connection, a
 * dropped one, an HTTP answer, an error of this node).
 */
export function brokenAnswer(error: unknown): BrokenAnswer | undefined {
	const low = lowLevelError(error);
	if (isTimeout(low)) return 'timeout';
	const { message = '', code = '' } = low;
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
	const { response } = lowLevelError(error);
	const status = (response as { status?: unknown } | undefined)?.status;
	return typeof status === 'number' && status > 0 ? String(status) : undefined;
}

/**
 * The error {@link send} rejects with when an exchange outlives its deadline:
 * `{ code: 'ETIMEDOUT', message: 'timeout of <ms>ms exceeded' }`, the same shape as
 * axios's own timeout, so {@link isTimeout} reads both alike.
 */
export function deadlineError(ms: number): Error & { code: string } {
	return Object.assign(new Error(`timeout of ${ms}ms exceeded`), { code: 'ETIMEDOUT' });
}

/** A TLS certificate failure, in kinds: not trusted, expired, not yet valid, or for another host. */
export type TlsFailure = 'untrusted' | 'expired' | 'notYetValid' | 'otherHost';

/** What kind of TLS certificate failure a low-level error code names (Node's and OpenSSL's codes). */
const TLS_FAILURES: Record<string, TlsFailure> = {
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

/**
 * The TLS certificate failure a refused handshake names, or undefined for any other
 * error. The handshake failed, so the request itself was never sent.
 */
export function tlsFailure(error: unknown): { kind: TlsFailure; code: string } | undefined {
	const { code } = lowLevelError(error);
	const kind = code === undefined ? undefined : TLS_FAILURES[code];
	return kind === undefined || code === undefined ? undefined : { kind, code };
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
