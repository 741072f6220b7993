import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Network error codes that mean the connection closed after the request went out, with no answer. */
export const DROPPED_CONNECTION_CODES: readonly string[] = ['ECONNRESET', 'EPIPE'];

/** The code of a connection dropped after the request went out: it may or may not have been carried out. */
export function droppedConnectionCode(error: unknown): string | undefined {
	const { code } = lowLevelError(error);
	return typeof code === 'string' && DROPPED_CONNECTION_CODES.includes(code) ? code : undefined;
}

/** How an exchange broke after the request went out: too late, cut short, or a wrong `Content-Encoding`. */
export type BrokenAnswer = 'timeout' | 'cutOff' | 'undecodable';

/** What a request's low-level error may tell. */
export interface LowLevelError {
	message?: string;
	code?: string;
	response?: unknown;
}

/**
 * True for an n8n `NodeApiError` (or, with `kinds`, the named n8n error classes), read by
 * name and fields, not `instanceof`: n8n's request helper throws errors of n8n's own copy
 * of n8n-workflow, which need not be the copy this package's `require` finds.
 */
export function isNodeError(
	error: unknown,
	kinds: ReadonlyArray<'NodeApiError' | 'NodeOperationError'> = ['NodeApiError'],
): error is NodeApiError | NodeOperationError {
	return (
		error instanceof Error &&
		(kinds as readonly string[]).includes(error.name) &&
		typeof (error as { context?: unknown }).context === 'object' &&
		(error as { context?: unknown }).context !== null
	);
}

/** An n8n `NodeApiError` or `NodeOperationError` of any copy of n8n-workflow (see {@link isNodeError}). */
export function isNodeApiOrOperationError(
	error: unknown,
): error is NodeApiError | NodeOperationError {
	return isNodeError(error, ['NodeApiError', 'NodeOperationError']);
}

/** The low-level error n8n's helper wraps in a `NodeApiError`, or the error itself. */
export function lowLevelError(error: unknown): LowLevelError {
	if (isNodeError(error)) {
		return error.cause instanceof Error ? error.cause : fromNodeApiFields(error);
	}
	return error && typeof error === 'object' ? (error as LowLevelError) : {};
}

/** A network code as n8n keeps it in `httpCode` (`ECONNREFUSED`, `CERT_HAS_EXPIRED`), not a status. */
const NETWORK_CODE = /^[A-Z][A-Z0-9_]*$/;

/**
 * What a `NodeApiError` that kept no `cause` still tells of the error it wrapped: n8n's
 * `NodeError` declares `cause` as a class field in some builds, which resets the wrapped
 * error after the constructor set it. The wrapped code then survives only as `httpCode`,
 * its message first in `messages` (the error's own message is n8n's generic text).
 */
function fromNodeApiFields(error: NodeApiError | NodeOperationError): LowLevelError {
	const { httpCode, messages } = error as { httpCode?: unknown; messages?: unknown };
	const first = Array.isArray(messages) ? messages[0] : undefined;
	const message = typeof first === 'string' ? first : error.message;
	if (typeof httpCode !== 'string') return { message };
	if (NETWORK_CODE.test(httpCode)) return { message, code: httpCode };
	return /^\d{3}$/.test(httpCode)
		? { message, response: { status: Number(httpCode) } }
		: { message };
}

/** True for axios's timeout and for {@link deadlineError}. */
export function isTimeout(low: LowLevelError): boolean {
	return (
		(low.code === 'ECONNABORTED' || low.code === 'ETIMEDOUT') && /timeout/i.test(low.message ?? '')
	);
}

/** Which {@link BrokenAnswer} an error is; undefined for anything else. */
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

/** The status of an answer whose body then broke, for n8n's `httpCode`. */
export function brokenStatus(error: unknown): string | undefined {
	const { response } = lowLevelError(error);
	const status = (response as { status?: unknown } | undefined)?.status;
	return typeof status === 'number' && status > 0 ? String(status) : undefined;
}

/** A deadline's error, shaped like axios's own timeout so both read alike. */
export function deadlineError(ms: number): Error & { code: string } {
	return Object.assign(new Error(`timeout of ${ms}ms exceeded`), { code: 'ETIMEDOUT' });
}

/** The kinds of refused TLS certificate. */
export type TlsFailure = 'untrusted' | 'expired' | 'notYetValid' | 'otherHost';

/** Node's and OpenSSL's codes for a refused TLS certificate. */
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

/** The TLS certificate failure of a handshake: the request itself was never sent. */
export function tlsFailure(error: unknown): { kind: TlsFailure; code: string } | undefined {
	const { code } = lowLevelError(error);
	const kind = code === undefined ? undefined : TLS_FAILURES[code];
	return kind === undefined || code === undefined ? undefined : { kind, code };
}

/** A request the execution's cancel stopped; `underWay` when it had already been sent. */
export class CancelledError extends Error {
	constructor(readonly underWay: boolean) {
		super(underWay ? 'Cancelled while under way' : 'Cancelled before it was sent');
		this.name = 'CancelledError';
	}
}
