/**
 * The HTTP layer of the simulator: a `node:http` server on 127.0.0.1 that reads each
 * request completely, records it, applies an injected fault (latency, connection
 * reset, status override, header changes), lets {@link handle} answer, sends the
 * answer and records it. Also the public {@link IntercomSimulator} class that tests,
 * the demo and the CLI drive.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Fault } from './faults';
import {
	applyFaultHeaders,
	FaultQueue,
	faultOverride,
	forwardsFirst,
	resetConnection,
	writeAnswer,
} from './faults';
import type { RecordedRequest, SimResponse, SimulatorState } from './handler';
import { createState, handle, isAuthenticated } from './handler';
import type { OAuthOptions } from './oauth';
import type { RateLimitOptions } from './rateLimit';
import type { ContactRole, EmailMatch, SimUser } from './store';
import { mergeHeaders, splitRequestTarget } from './util';

/**
 * What the simulator reports after answering a request (see
 * `SimulatorOptions.onResponse`). `status` is the HTTP status code sent, `headers`
 * the response headers as sent (among them the X-RateLimit-* of the window the
 * request was counted in).
 */
export interface SimulatorResponseInfo {
	request: RecordedRequest;
	status: number;
	headers: Record<string, string>;
}

/**
 * One entry of {@link IntercomSimulator.responses}: the recorded request (the same
 * object as in `requests`) and what the simulator did with it:
 *
 * - `status`: the HTTP status code it answered with, or `'reset'` when it destroyed
 *   the connection without any HTTP answer (a {@link Fault} with `reset: true`).
 * - `body`: the raw response body exactly as sent (UTF-8 text, e.g. the JSON of a
 *   User or an error.list, or a fault's override body); '' for a reset.
 * - `contentType`: the Content-Type header sent (e.g.
 *   'application/json; charset=utf-8'); undefined for a reset.
 */
export interface RecordedResponse {
	request: RecordedRequest;
	status: number | 'reset';
	body: string;
	contentType?: string;
}

/**
 * Options for {@link IntercomSimulator}.
 *
 * - `port`: TCP port on 127.0.0.1; default 0 (an ephemeral port picked by the OS).
 * - `users`: the initial records; default `loadSeedUsers()`. The array is
 *   deep-copied. An entry carrying `archived: true` starts out archived; one
 *   carrying `role: 'lead'` is a 2.x lead (default `role: 'user'`); neither flag is
 *   stored on the User object. Every record is also a 2.x contact (see
 *   `SimContact`). Duplicate `id`s, or a `role` other than 'user' / 'lead',
 *   throw a TypeError.
 * - `emailMatch`: how email lookups compare: `exact` (default, case-sensitive) or
 *   `caseInsensitive` (see `EmailMatch`: Intercom documents neither).
 * - `tokens`: the accepted Bearer access tokens; default `[DEFAULT_TOKEN]`.
 * - `defaultVersion`: the API version of the simulated workspace app, used when a
 *   request carries no `Intercom-Version` header (Intercom: "the version set on the
 *   app applies"); default '1.4'.
 * - `rateLimit`: `limit` calls per fixed window of `windowMs` milliseconds (see
 *   {@link RateLimitOptions}). Always reported through the X-RateLimit-* headers;
 *   rejected with 429 `rate_limit_exceeded` only when `enforce` is true.
 *   Default `{ limit: 1666, windowMs: 10000, enforce: false }` (Intercom: 10,000 a
 *   minute enforced in 10-second windows). Limit or windowMs not positive: TypeError.
 * - `clockOffsetMs`: the simulated server's clock runs this many milliseconds ahead
 *   of the local one (negative: behind). Its rate-limit windows (so
 *   X-RateLimit-Reset) and the `Date` header of every answer follow that clock, as
 *   an Intercom whose clock is off would. Default 0: the local clock, and node's
 *   own `Date` header. Not a finite number: TypeError.
 * - `workspaceTimeZone`: the workspace's IANA timezone (e.g. 'Europe/Berlin'); a
 *   contact search up to API 2.16 matches timestamps by its days (searchTime.ts).
 *   Default 'UTC'. Unknown to Intl: TypeError.
 * - `onResponse`: called after every HTTP answer has been sent (e.g. for request
 *   logs); not called for connection resets (see `responses` for those).
 *   Exceptions thrown by it are ignored.
 * - `oauth`: the simulated public app for Intercom's OAuth (oauth.ts): `clientId`
 *   (default `sim-client-id`), `clientSecret` (default `sim-client-secret`) and
 *   `redirectUris` (default: any http(s) URL).
 */
export interface SimulatorOptions {
	port?: number;
	users?: SimUser[];
	emailMatch?: EmailMatch;
	tokens?: string[];
	defaultVersion?: string;
	rateLimit?: RateLimitOptions;
	clockOffsetMs?: number;
	workspaceTimeZone?: string;
	oauth?: OAuthOptions;
	onResponse?: (info: SimulatorResponseInfo) => void;
}

/**
 * An in-memory Intercom API server on 127.0.0.1.
 *
 * Every request is first read completely and recorded in `requests`. Then:
 * 0. Faults ({@link injectFault}): the first injected fault that matches and has
 *    applications left applies (latency, connection reset, status override, header
 *    changes); a reset or a status override ends the handling here.
 * 1. The rest is {@link handle} (handler.ts): Bearer token (401), rate limit (429
 *    when enforced; X-RateLimit-* headers), Accept (406), Intercom-Version gating
 *    (400), then the 1.x Users routes (routes/users.ts), the 2.x Contacts routes
 *    (routes/contacts.ts) and `GET /me` (routes/me.ts); anything else 404 `not_found`
 *    "Resource Not Found".
 *
 * Archived state is shared: a user archived through `DELETE /users...` is archived
 * for /contacts and the other way round, and unarchiving through 2.x makes the user
 * visible to 1.x again. A deleted record is gone for every route.
 */
export class IntercomSimulator {
	/** Every request received, in arrival order (recorded before any check). */
	readonly requests: RecordedRequest[] = [];

	/**
	 * What was done with each request, in the order the answers were sent (which can
	 * differ from arrival order when faults add latency): the HTTP status sent, or
	 * 'reset' for a connection reset. An answer is recorded (and its route has run)
	 * even if the client had already given up waiting; a request whose delayed answer
	 * was still pending when {@link stop} was called has no entry. Not emptied by
	 * `clearRequests`.
	 */
	readonly responses: RecordedResponse[] = [];

	private readonly state: SimulatorState;
	private readonly port: number;
	private readonly clockOffsetMs: number;
	private readonly onResponse?: (info: SimulatorResponseInfo) => void;
	private readonly sockets = new Set<Socket>();
	private readonly faults = new FaultQueue();
	private readonly timers = new Set<NodeJS.Timeout>();
	private receivedCount = 0;
	private server: http.Server | undefined;
	private url: string | undefined;

	/**
	 * Builds the simulator (does not listen yet; call {@link start}).
	 * Throws a TypeError for duplicate user ids, a `role` other than 'user' / 'lead',
	 * a non-positive rate limit, a rate-limit phase out of range or a clock offset
	 * that is not a finite number.
	 */
	constructor(options: SimulatorOptions = {}) {
		this.port = options.port ?? 0;
		this.clockOffsetMs = options.clockOffsetMs ?? 0;
		if (!Number.isFinite(this.clockOffsetMs)) {
			throw new TypeError('Intercom simulator: clockOffsetMs must be a finite number');
		}
		this.state = createState(options);
		this.onResponse = options.onResponse;
	}

	/**
	 * Starts listening on 127.0.0.1 (port from the options, 0 = ephemeral).
	 * Resolves to the base URL, e.g. "http://127.0.0.1:41234" (no trailing slash).
	 * Rejects if already started or if the port cannot be bound.
	 */
	start(): Promise<string> {
		if (this.server) return Promise.reject(new Error('Intercom simulator already started'));
		const server = http.createServer((req, res) => this.receive(req, res));
		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server = server;
		return new Promise<string>((resolve, reject) => {
			const onError = (err: Error): void => {
				this.server = undefined;
				reject(err);
			};
			server.once('error', onError);
			server.listen(this.port, '127.0.0.1', () => {
				server.off('error', onError);
				const address = server.address() as AddressInfo;
				this.url = `http://127.0.0.1:${address.port}`;
				resolve(this.url);
			});
		});
	}

	/**
	 * Stops listening and destroys every open connection (keep-alive included), so
	 * no handle is left behind; answers still delayed by a fault's latency are
	 * dropped (their routes do not run). Resolves once the server is closed; a no-op
	 * when not started.
	 */
	stop(): Promise<void> {
		const server = this.server;
		if (!server) return Promise.resolve();
		this.server = undefined;
		this.url = undefined;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		return new Promise<void>((resolve, reject) => {
			server.close((err) => (err ? reject(err) : resolve()));
			server.closeAllConnections();
			for (const socket of this.sockets) socket.destroy();
			this.sockets.clear();
		});
	}

	/** The base URL ("http://127.0.0.1:PORT"). Throws an Error when not started. */
	get baseUrl(): string {
		if (this.url === undefined) throw new Error('Intercom simulator is not started');
		return this.url;
	}

	/** Empties `requests` (the same array instance is kept). `responses` is kept. */
	clearRequests(): void {
		this.requests.length = 0;
	}

	/**
	 * Adds a fault (see {@link Fault}) after those already injected. For each request,
	 * faults are checked in injection order and the first one that matches and has
	 * applications (`times`) left applies; a used-up fault is removed. The fault
	 * object is copied, so changing it afterwards has no effect.
	 * Throws a TypeError for an invalid fault (bad times / latencyMs / status /
	 * requestNumber, reset combined with status, body or contentType without status).
	 */
	injectFault(fault: Fault): void {
		this.faults.inject(fault);
	}

	/** Removes every injected fault, including ones with applications left. */
	clearFaults(): void {
		this.faults.clear();
	}

	/** How many entries of `responses` have this status (a number, or 'reset'). */
	countStatus(status: number | 'reset'): number {
		return this.responses.filter((r) => r.status === status).length;
	}

	/**
	 * The current state of one record by Intercom id, archived and deleted ones
	 * included: a deep copy of the stored User object plus `archived` (as it was when
	 * last changed; a deleted record keeps its last value), `deleted` (permanently
	 * deleted through `POST /user_delete_requests` or `DELETE /contacts/{id}`) and
	 * `role` ('user' or 'lead'); undefined if the id was never known.
	 */
	getUser(
		id: string,
	): (SimUser & { archived: boolean; deleted: boolean; role: ContactRole }) | undefined {
		return this.state.store.snapshot(id);
	}

	/**
	 * The Intercom ids of all records archived now (through 1.x or 2.x), in the order
	 * they were archived. Unarchiving removes an id, archiving it again appends it; a
	 * deleted record is no longer listed (see {@link deletedIds}).
	 */
	archivedIds(): string[] {
		return this.state.store.archivedIds();
	}

	/** True when the record with this Intercom id has been permanently deleted; false for unknown ids. */
	isDeleted(id: string): boolean {
		return this.state.store.get(id)?.deleted === true;
	}

	/** The tokens issued through OAuth's token exchange (`POST /auth/eagle/token`), in order. */
	oauthTokens(): string[] {
		return [...this.state.oauth.issued];
	}

	/** The Intercom ids of all permanently deleted records, in the order they were deleted. */
	deletedIds(): string[] {
		return this.state.store.deletedIds();
	}

	/** Reads the whole body, records the request, takes a fault, then answers (maybe later). */
	private receive(req: http.IncomingMessage, res: http.ServerResponse): void {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('error', () => res.destroy());
		req.on('end', () => {
			const url = req.url ?? '';
			const recorded: RecordedRequest = {
				method: req.method ?? '',
				...splitRequestTarget(url),
				headers: { ...req.headers },
				body: Buffer.concat(chunks).toString('utf8'),
			};
			this.requests.push(recorded);
			this.receivedCount += 1;
			const fault = this.faults.take(recorded, this.receivedCount);
			const latency = fault?.latencyMs ?? 0;
			if (latency > 0) {
				const timer = setTimeout(() => {
					this.timers.delete(timer);
					this.respond(req, res, recorded, url, fault);
				}, latency);
				this.timers.add(timer);
			} else {
				this.respond(req, res, recorded, url, fault);
			}
		});
	}

	/**
	 * Resets the connection, sends a fault's override, or sends the real answer; a
	 * fault with `forward` runs the real route first and loses its answer.
	 */
	private respond(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		recorded: RecordedRequest,
		url: string,
		fault: Fault | undefined,
	): void {
		const answer = forwardsFirst(fault)
			? handle(
					this.state,
					{ method: recorded.method, url, headers: recorded.headers, body: recorded.body },
					this.serverNow(),
				)
			: undefined;
		if (fault?.reset === true) {
			resetConnection(req.socket);
			this.responses.push({ request: recorded, status: 'reset', body: '' });
			return;
		}

		if (fault?.status !== undefined) {
			const rateHeaders = isAuthenticated(this.state.tokens, recorded.headers)
				? this.state.rateLimit.report(this.serverNow(), false).headers
				: undefined;
			const override = faultOverride({ ...fault, status: fault.status }, rateHeaders);
			this.send(res, recorded, override, fault);
			return;
		}

		if (answer) this.send(res, recorded, applyFaultHeaders(answer, fault), fault);
	}

	/** The simulated server's clock: epoch ms, `clockOffsetMs` ahead of the local one. */
	private serverNow(): number {
		return Date.now() + this.clockOffsetMs;
	}

	/**
	 * Writes one HTTP answer (its headers, then Content-Length), records it in
	 * `responses` and calls `onResponse`. With a clock offset, the `Date` header
	 * comes first, from the server's clock (a fault's own `Date` wins).
	 */
	private send(
		res: http.ServerResponse,
		recorded: RecordedRequest,
		response: SimResponse,
		fault?: Fault,
	): void {
		const { status, body } = response;
		const headers = mergeHeaders([
			this.clockOffsetMs === 0 ? undefined : { Date: new Date(this.serverNow()).toUTCString() },
			response.headers,
			{ 'Content-Length': String(Buffer.byteLength(body)) },
		]);
		void writeAnswer(res, status, headers, body, fault);
		const contentType = Object.entries(headers).find(
			([name]) => name.toLowerCase() === 'content-type',
		)?.[1];
		this.responses.push({
			request: recorded,
			status,
			body,
			...(contentType === undefined ? {} : { contentType }),
		});
		if (this.onResponse) {
			try {
				this.onResponse({ request: recorded, status, headers });
			} catch {
				// a logging hook must not break the simulator
			}
		}
	}
}
