/**
 * Fault injection, the one rule engine of the simulator and of the forwarding proxy
 * in front of it (proxy.ts): what a test can make Intercom, or something between the
 * node and Intercom, do instead of (or on top of) answering normally — latency, a
 * connection reset, a status override such as a load balancer's HTML 403 or a
 * redirect, extra headers, no X-RateLimit-* headers, an answer that trickles or is
 * cut off, and whether the request is carried out first (`forward`). This module
 * validates faults, keeps the injected ones in order, picks the one that applies to a
 * request, builds the answer it changes and writes it; server.ts and proxy.ts do the
 * waiting.
 */
import type http from 'node:http';
import type { Socket } from 'node:net';

import type { RecordedRequest, SimResponse } from './handler';
import { isRateLimitHeader } from './rateLimit';
import { mergeHeaders } from './util';

/**
 * Which requests a {@link Fault} applies to. Every field given must match (logical
 * AND); an empty or missing match matches every request.
 *
 * - `method`: HTTP method, compared case-insensitively (e.g. "DELETE").
 * - `path`: the exact raw request path, percent-encoding intact, without the query
 *   string (compared with `RecordedRequest.path`, e.g. "/users/5714dd...").
 * - `pathPrefix`: the raw path starts with this text (e.g. "/users").
 * - `requestNumber`: 1-based position of the request among ALL requests this
 *   simulator has received since it was constructed (not reset by `clearRequests`,
 *   `clearFaults` or a restart), e.g. 2 for the second request.
 */
export interface FaultMatch {
	method?: string;
	path?: string;
	pathPrefix?: string;
	requestNumber?: number;
}

/**
 * A fault to inject with `IntercomSimulator.injectFault` or `FaultProxy.injectFault`.
 * It is a real HTTP behaviour on the wire, applied after the request has been read
 * and recorded and before any check (so also before authentication).
 *
 * - `match`: which requests it applies to (see {@link FaultMatch}); default: any.
 * - `times`: how many matching requests it applies to; default 1; `Infinity` for all.
 *   A positive integer or Infinity, else TypeError.
 * - `latencyMs`: wait this many milliseconds before answering (or before resetting);
 *   finite and >= 0. The real route (if it runs) runs after the wait.
 * - `reset`: destroy the TCP connection (RST) without any HTTP answer, like a
 *   connection reset by a proxy; nothing runs, no state changes (unless `forward`).
 *   Cannot be combined with `status`.
 * - `forward`: with `status` or `reset`, the request is carried out first (the
 *   simulator's route runs, the proxy forwards it upstream) and its answer is then
 *   lost: replaced by the override, or never sent (reset) — a change made in
 *   Intercom that the node never hears of. Default false.
 * - `status`: answer with this status (integer 200–599) instead of the real route;
 *   the route does NOT run (no state change, no rate-limit quota consumed). The
 *   answer is `body` with `contentType`, plus the X-RateLimit-* headers of the
 *   current window (peeked, not consumed) when the request carries an accepted
 *   token, plus `headers`.
 * - `body`: raw body of the override; default ''. Only with `status`.
 * - `contentType`: Content-Type of the override; default
 *   'application/json; charset=utf-8' when `body` parses as a JSON object or array,
 *   'text/html' when it starts with '<', else 'text/plain'. Only with `status`.
 * - `headers`: extra response headers (names case-insensitive; they win over the
 *   simulator's own). Also applied to the real route's answer when there is no
 *   `status`.
 * - `omitRateLimitHeaders`: send no X-RateLimit-* header at all (like an answer from
 *   a proxy or load balancer in front of Intercom), for the override or for the real
 *   route's answer alike. Quota is still consumed by a real route. (The proxy has no
 *   rate-limit window of its own: its overrides never carry these headers.)
 * - `trickleMs`: send the headers, then the body one byte every `trickleMs` ms.
 * - `cutAfterBytes`: send the headers and this many body bytes, then destroy the
 *   connection (the body is cut off).
 *
 * A fault with only `latencyMs` delays the request and then lets the real route
 * answer. Intercom itself documents 500/502/503/504 as "retry once" and has been
 * seen answering 403 with an HTML body and none of its headers; faults exist to
 * reproduce such exchanges.
 */
export interface Fault {
	match?: FaultMatch;
	times?: number;
	latencyMs?: number;
	reset?: boolean;
	forward?: boolean;
	status?: number;
	body?: string;
	contentType?: string;
	headers?: Record<string, string>;
	omitRateLimitHeaders?: boolean;
	trickleMs?: number;
	cutAfterBytes?: number;
}

/**
 * Validates a fault and returns a private copy (match and headers copied too).
 * Throws a TypeError "Intercom simulator: invalid fault: <what>" for: not an object;
 * a match that is not an object or has a non-string method / path / pathPrefix or a
 * requestNumber that is not an integer >= 1; times not a positive integer or
 * Infinity; latencyMs or trickleMs not finite and >= 0; cutAfterBytes not an
 * integer >= 0; forward not a boolean; status not an integer 200-599; reset
 * combined with status; body or contentType without status or not strings; headers
 * not an object of strings.
 */
export function validateFault(fault: Fault): Fault {
	const bad = (what: string): never => {
		throw new TypeError(`Intercom simulator: invalid fault: ${what}`);
	};
	if (typeof fault !== 'object' || fault === null) bad('not an object');
	const match = fault.match ?? {};
	if (typeof match !== 'object' || match === null) bad('match must be an object');
	for (const key of ['method', 'path', 'pathPrefix'] as const) {
		if (match[key] !== undefined && typeof match[key] !== 'string')
			bad(`match.${key} must be a string`);
	}
	if (
		match.requestNumber !== undefined &&
		!(Number.isInteger(match.requestNumber) && match.requestNumber >= 1)
	) {
		bad('match.requestNumber must be an integer >= 1');
	}
	if (
		fault.times !== undefined &&
		!(fault.times === Infinity || (Number.isInteger(fault.times) && fault.times >= 1))
	) {
		bad('times must be a positive integer or Infinity');
	}
	if (
		fault.latencyMs !== undefined &&
		!(Number.isFinite(fault.latencyMs) && fault.latencyMs >= 0)
	) {
		bad('latencyMs must be a finite number >= 0');
	}
	if (
		fault.trickleMs !== undefined &&
		!(Number.isFinite(fault.trickleMs) && fault.trickleMs >= 0)
	) {
		bad('trickleMs must be a finite number >= 0');
	}
	if (
		fault.cutAfterBytes !== undefined &&
		!(Number.isInteger(fault.cutAfterBytes) && fault.cutAfterBytes >= 0)
	) {
		bad('cutAfterBytes must be an integer >= 0');
	}
	if (fault.forward !== undefined && typeof fault.forward !== 'boolean')
		bad('forward must be a boolean');
	if (
		fault.status !== undefined &&
		!(Number.isInteger(fault.status) && fault.status >= 200 && fault.status <= 599)
	) {
		bad('status must be an integer from 200 to 599');
	}
	if (fault.reset === true && fault.status !== undefined)
		bad('reset and status cannot be combined');
	if (fault.status === undefined && (fault.body !== undefined || fault.contentType !== undefined)) {
		bad('body and contentType need a status');
	}
	if (fault.body !== undefined && typeof fault.body !== 'string') bad('body must be a string');
	if (fault.contentType !== undefined && typeof fault.contentType !== 'string')
		bad('contentType must be a string');
	if (fault.headers !== undefined) {
		if (typeof fault.headers !== 'object' || fault.headers === null)
			bad('headers must be an object');
		for (const [name, value] of Object.entries(fault.headers)) {
			if (typeof value !== 'string') bad(`header ${name} must be a string`);
		}
	}
	return {
		...fault,
		match: { ...match },
		headers: fault.headers ? { ...fault.headers } : undefined,
	};
}

/**
 * True when a fault's match fits this request, given the request's 1-based arrival
 * number (see {@link FaultMatch}); an undefined match fits every request.
 */
export function faultMatches(
	match: FaultMatch | undefined,
	req: Pick<RecordedRequest, 'method' | 'path'>,
	requestNumber: number,
): boolean {
	if (!match) return true;
	if (match.method !== undefined && match.method.toUpperCase() !== req.method.toUpperCase())
		return false;
	if (match.path !== undefined && match.path !== req.path) return false;
	if (match.pathPrefix !== undefined && !req.path.startsWith(match.pathPrefix)) return false;
	if (match.requestNumber !== undefined && match.requestNumber !== requestNumber) return false;
	return true;
}

/**
 * The default Content-Type of a fault's override body: 'application/json;
 * charset=utf-8' when the text parses as a JSON object or array, 'text/html' when it
 * starts with '<' (a proxy's page), else 'text/plain'.
 */
export function guessContentType(body: string): string {
	try {
		const parsed: unknown = JSON.parse(body);
		if (typeof parsed === 'object' && parsed !== null) return 'application/json; charset=utf-8';
	} catch {
		// not JSON
	}
	return body.trimStart().startsWith('<') ? 'text/html' : 'text/plain';
}

/** A fault as stored: the validated copy plus how many applications are left. */
interface ActiveFault {
	fault: Fault;
	left: number;
}

/**
 * The injected faults of one simulator, in injection order. For each request the
 * first fault that matches and has applications (`times`) left applies once; a
 * used-up fault is removed.
 */
export class FaultQueue {
	private readonly faults: ActiveFault[] = [];

	/** Validates (see {@link validateFault}; TypeError on bad input), copies and appends a fault. */
	inject(fault: Fault): void {
		const copy = validateFault(fault);
		this.faults.push({ fault: copy, left: copy.times ?? 1 });
	}

	/** Removes every fault, including ones with applications left. */
	clear(): void {
		this.faults.length = 0;
	}

	/**
	 * The fault that applies to this request (its 1-based arrival number given), with
	 * one application used up; undefined when none matches.
	 */
	take(req: Pick<RecordedRequest, 'method' | 'path'>, requestNumber: number): Fault | undefined {
		const index = this.faults.findIndex(
			(f) => f.left > 0 && faultMatches(f.fault.match, req, requestNumber),
		);
		if (index === -1) return undefined;
		const active = this.faults[index];
		active.left -= 1;
		if (active.left <= 0) this.faults.splice(index, 1);
		return active.fault;
	}
}

/**
 * The answer a fault with a `status` sends instead of the real route: that status,
 * the fault's `body` ('' by default) and headers merged case-insensitively in this
 * order: Content-Type (`contentType`, else {@link guessContentType} of the body),
 * `rateHeaders` (the X-RateLimit-* headers of the current window, peeked, when the
 * request carries an accepted token; else undefined), the fault's `headers`. With
 * `omitRateLimitHeaders`, no X-RateLimit-* header is sent. Content-Length is left to
 * the HTTP layer.
 */
export function faultOverride(
	fault: Fault & { status: number },
	rateHeaders: Record<string, string> | undefined,
): SimResponse {
	const body = fault.body ?? '';
	return {
		status: fault.status,
		headers: mergeHeaders(
			[{ 'Content-Type': fault.contentType ?? guessContentType(body) }, rateHeaders, fault.headers],
			dropFor(fault),
		),
		body,
	};
}

/**
 * The real route's answer as a fault without `status` changes it: the fault's
 * `headers` merged over the answer's (case-insensitively, the fault's win) and, with
 * `omitRateLimitHeaders`, every X-RateLimit-* header removed. No fault: the answer
 * unchanged.
 */
export function applyFaultHeaders(response: SimResponse, fault: Fault | undefined): SimResponse {
	if (!fault) return response;
	return { ...response, headers: mergeHeaders([response.headers, fault.headers], dropFor(fault)) };
}

/** The header filter of a fault: the X-RateLimit-* family with `omitRateLimitHeaders`, else none. */
function dropFor(fault: Fault): ((lowerName: string) => boolean) | undefined {
	return fault.omitRateLimitHeaders === true ? isRateLimitHeader : undefined;
}

/** True when a fault carries the request out before its own answer (see `forward`). */
export function forwardsFirst(fault: Fault | undefined): boolean {
	return fault === undefined || (fault.status === undefined && fault.reset !== true)
		? true
		: fault.forward === true;
}

/** Destroys a connection with a TCP RST (a plain destroy where RST is not available). */
export function resetConnection(socket: Socket): void {
	if (socket.destroyed) return;
	try {
		socket.resetAndDestroy();
	} catch {
		socket.destroy();
	}
}

/**
 * Writes one answer whose headers already carry Content-Length, as the fault says:
 * whole, one byte every `trickleMs` ms, or cut after `cutAfterBytes` bytes (then the
 * connection is destroyed). Resolves when it is sent, cut, or the client is gone.
 */
export async function writeAnswer(
	res: http.ServerResponse,
	status: number,
	headers: Record<string, string>,
	body: string,
	fault: Fault | undefined,
): Promise<void> {
	if (res.headersSent || res.destroyed) return;
	const bytes = Buffer.from(body);
	res.writeHead(status, headers);
	if (fault?.cutAfterBytes !== undefined) {
		res.write(bytes.subarray(0, fault.cutAfterBytes));
		await pause(50);
		res.socket?.destroy();
		return;
	}
	if (!fault?.trickleMs) {
		res.end(bytes);
		return;
	}
	res.flushHeaders();
	for (const byte of bytes) {
		if (res.destroyed || !res.socket || res.socket.destroyed) return;
		res.write(Buffer.from([byte]));
		await pause(fault.trickleMs);
	}
	res.end();
}

/** Unreferenced: a test that stopped waiting must not be kept alive by a slow answer. */
function pause(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
