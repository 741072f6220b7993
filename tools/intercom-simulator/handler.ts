/**
 * The simulator's request handling without sockets: {@link handle} takes the state
 * and one request `{method, url, headers, body}` and returns the answer `{status,
 * headers, body}` that the HTTP layer (server.ts) sends. Faults are not applied here
 * (they are wire behaviour: latency, resets, overrides); everything else is.
 *
 * For each request, in order:
 * 1. `Authorization: Bearer <token>` with an accepted token, else 401 `unauthorized`
 *    "Access Token Invalid" (no X-RateLimit-* headers).
 * 2. Rate limit (fixed windows, see {@link RateLimitWindows}): the request is counted
 *    in the current window and every answer from here on carries X-RateLimit-Limit,
 *    X-RateLimit-Remaining (left in the window after this request),
 *    X-RateLimit-Reset (UNIX seconds, Math.ceil of the window end) and the
 *    non-standard X-RateLimit-Reset-Ms (the exact window end in epoch milliseconds;
 *    real Intercom does not send it, clients may ignore it). With `enforce`, a
 *    request past the limit is answered 429 `rate_limit_exceeded` "Exceeded rate
 *    limit of <limit> in <windowMs/1000> seconds" with X-RateLimit-Remaining: 0 and
 *    does not consume quota.
 * 3. `Accept` containing "application/json", else 406 `not_acceptable`.
 * 4. Path segments are percent-decoded one by one (a malformed escape: 400
 *    `parameter_invalid`). Version gating on the effective version
 *    (`Intercom-Version` header, else the app's default version): paths under /users
 *    need one starting with "1.", paths under /contacts one starting with "2." (or
 *    Intercom's `Preview` / `Unstable`), else
 *    400 `intercom_version_invalid` "Requested resource is not available in current
 *    API version". `/me` and `/user_delete_requests` are not gated.
 * 5. Routes: routes/me.ts, routes/users.ts (API 1.x), routes/contacts.ts (API 2.x).
 *    Anything else: 404 `not_found` "Resource Not Found". A route that throws gives
 *    500 `server_error`.
 *
 * Before all this, Intercom's OAuth paths (`GET /oauth`, `POST /oauth/authorize`,
 * `POST /auth/eagle/token`) are answered by oauth.ts, which needs no token; a token it
 * issues is accepted from then on.
 *
 * Every other answer body is JSON with Content-Type 'application/json; charset=utf-8'.
 * Error bodies are `{"type":"error.list","request_id":<uuid>,"errors":[{code,message}]}`
 * with the same uuid in the X-Request-Id header (Intercom API reference, Errors).
 */
import type { OAuthOptions, OAuthState } from './oauth';
import { createOAuthState, handleOAuth, isOAuthPath } from './oauth';
import type { RateLimitOptions } from './rateLimit';
import { RateLimitWindows } from './rateLimit';
import { routeContacts } from './routes/contacts';
import { routeMe } from './routes/me';
import { routeUsers } from './routes/users';
import { checkTimeZone, DEFAULT_TIME_ZONE } from './searchTime';
import type { EmailMatch, SimUser } from './store';
import { UserStore } from './store';
import { headerValue, mergeHeaders, splitRequestTarget } from './util';
import type { Answer } from './views';
import {
	errorAnswer,
	parameterInvalid,
	rateLimitExceeded,
	resourceNotFound,
	versionInvalid,
} from './views';

/** The access token the simulator accepts by default (`Authorization: Bearer sim-token`). */
export const DEFAULT_TOKEN = 'sim-token';

/** The Content-Type of every answer {@link handle} gives. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * One HTTP request as the simulator received it, recorded before any check.
 *
 * - `method`: the HTTP method, as sent (e.g. "DELETE").
 * - `path`: the raw request path as received, percent-encoding left intact, without
 *   the query string (e.g. "/users/5714dd359a3fd47136000001").
 * - `rawQuery`: the raw text after the first '?', not decoded; '' if there is none
 *   (e.g. "email=wash%40serenity.io").
 * - `headers`: node's header object (lower-case names; `set-cookie` is an array).
 * - `body`: the complete request body decoded as UTF-8 ('' when there is none).
 */
export interface RecordedRequest {
	method: string;
	path: string;
	rawQuery: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/**
 * A request for {@link handle}: `method` as sent (compared case-insensitively), `url`
 * the raw request target (path and query, percent-encoding intact, e.g.
 * "/users?email=wash%40serenity.io"), `headers` with lower-case names as node gives
 * them (a value may be an array; it is joined with ", "), `body` the UTF-8 body ('' if
 * none).
 */
export interface SimRequest {
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/**
 * An answer from {@link handle}: the HTTP `status`, the response `headers` in the
 * order to send them (Content-Type first; no Content-Length, which the HTTP layer
 * adds) and the `body` as text (JSON).
 */
export interface SimResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/**
 * What a route sees of a request: `method` upper-cased, `segments` the path split at
 * '/' (after the leading '/') and percent-decoded one by one, `rawQuery` undecoded,
 * `body` as received, `version` the effective API version (the Intercom-Version
 * header, else the app's default).
 */
export interface RouteRequest {
	method: string;
	segments: string[];
	rawQuery: string;
	body: string;
	version: string;
}

/**
 * How the simulated workspace is set up; the fields of `SimulatorOptions` that
 * {@link createState} reads:
 *
 * - `users`: the initial records (see {@link UserStore}); default the seed users.
 * - `emailMatch`: how email lookups compare, `exact` (default) or `caseInsensitive`.
 * - `tokens`: the accepted Bearer access tokens; default `[DEFAULT_TOKEN]`.
 * - `defaultVersion`: the API version used when a request carries no
 *   `Intercom-Version` header; default '1.4'.
 * - `rateLimit`: see {@link RateLimitOptions}; default 1666 per 10,000 ms, reported
 *   only.
 * - `workspaceTimeZone`: the workspace's IANA timezone, whose days a contact search
 *   matches timestamps by up to API 2.16 (see searchTime.ts); default 'UTC'.
 * - `oauth`: the simulated public app's client id, secret and redirect URLs (see
 *   {@link OAuthOptions}); default `sim-client-id` / `sim-client-secret`, any redirect URL.
 */
export interface StateOptions {
	users?: SimUser[];
	emailMatch?: EmailMatch;
	tokens?: string[];
	defaultVersion?: string;
	rateLimit?: RateLimitOptions;
	workspaceTimeZone?: string;
	oauth?: OAuthOptions;
}

/**
 * Everything {@link handle} reads and changes: the records, the accepted tokens, the
 * app's default API version, the rate-limit windows and the workspace timezone.
 */
export interface SimulatorState {
	store: UserStore;
	/** The accepted Bearer tokens: the configured ones and those issued through OAuth. */
	tokens: Set<string>;
	oauth: OAuthState;
	defaultVersion: string;
	rateLimit: RateLimitWindows;
	timeZone: string;
}

/**
 * Builds a fresh state from `options` (see {@link StateOptions}). Throws a TypeError
 * for a non-positive rate limit or window (checked first), an unknown timezone,
 * duplicate user ids or a `role` other than 'user' / 'lead'; an Error when the seed
 * file cannot be read.
 */
export function createState(options: StateOptions = {}): SimulatorState {
	const rateLimit = new RateLimitWindows(options.rateLimit);
	const timeZone = options.workspaceTimeZone ?? DEFAULT_TIME_ZONE;
	checkTimeZone(timeZone);
	return {
		store: new UserStore(options.users, options.emailMatch),
		tokens: new Set(options.tokens ?? [DEFAULT_TOKEN]),
		oauth: createOAuthState(options.oauth),
		defaultVersion: options.defaultVersion ?? '1.4',
		rateLimit,
		timeZone,
	};
}

/**
 * True when the headers carry `Authorization: Bearer <token>` (scheme
 * case-insensitive, spaces around the token tolerated) with a token in `tokens`.
 */
export function isAuthenticated(
	tokens: ReadonlySet<string>,
	headers: Record<string, string | string[] | undefined>,
): boolean {
	const auth = headerValue(headers.authorization);
	const match = /^Bearer +(\S+) *$/i.exec(auth ?? '');
	return match !== null && tokens.has(match[1]);
}

/**
 * Answers one request against `state`, changing it as the route does (archiving,
 * deleting, counting the request in its rate-limit window). `now` is the time of the
 * request in epoch milliseconds (default `Date.now()`), used only for the rate limit.
 * Never throws: a failing route answers 500 `server_error`. See the module comment for
 * the checks and routes.
 *
 * @example handle(createState(), { method: 'GET', url: '/me', headers, body: '' })
 */
export function handle(state: SimulatorState, request: SimRequest, now = Date.now()): SimResponse {
	if (isOAuthPath(request.url)) {
		return handleOAuth(state.oauth, request, (token) => state.tokens.add(token), now);
	}
	let answer: Answer;
	try {
		answer = answerRequest(state, request, now);
	} catch (err) {
		answer = errorAnswer(500, 'server_error', `Simulator failure: ${String(err)}`);
	}
	return {
		status: answer.status,
		headers: mergeHeaders([{ 'Content-Type': JSON_CONTENT_TYPE }, answer.headers]),
		body: JSON.stringify(answer.body),
	};
}

/** Steps 1-2 of the module comment (auth, rate limit), then {@link route}. */
function answerRequest(state: SimulatorState, request: SimRequest, now: number): Answer {
	if (!isAuthenticated(state.tokens, request.headers)) {
		return errorAnswer(401, 'unauthorized', 'Access Token Invalid');
	}
	const rate = state.rateLimit.report(now, true);
	if (!rate.allowed) {
		const rejected = rateLimitExceeded(state.rateLimit.limit, state.rateLimit.windowMs);
		rejected.headers = { ...rate.headers, ...rejected.headers };
		return rejected;
	}
	const answer = route(state, request);
	answer.headers = { ...rate.headers, ...answer.headers };
	return answer;
}

/** Steps 3-5 of the module comment: Accept, path decoding, version gating, routes. */
function route(state: SimulatorState, request: SimRequest): Answer {
	const accept = headerValue(request.headers.accept);
	if (!accept || !accept.toLowerCase().includes('application/json')) {
		return errorAnswer(406, 'not_acceptable', 'Accept header must be application/json');
	}

	const { path, rawQuery } = splitRequestTarget(request.url);
	if (!path.startsWith('/')) return resourceNotFound();
	let segments: string[];
	try {
		segments = path
			.slice(1)
			.split('/')
			.map((s) => decodeURIComponent(s));
	} catch {
		return parameterInvalid('Malformed percent-encoding in the request path');
	}

	const sent = headerValue(request.headers['intercom-version'])?.trim();
	const version = sent ? sent : state.defaultVersion;
	if (segments[0] === 'users' && !version.startsWith('1.')) return versionInvalid();
	if (segments[0] === 'contacts' && !isContactsVersion(version)) return versionInvalid();

	const req: RouteRequest = {
		method: request.method.toUpperCase(),
		segments,
		rawQuery,
		body: request.body,
		version,
	};
	return (
		routeMe(req, state.timeZone) ??
		routeUsers(state.store, req) ??
		routeContacts(state.store, req, state.timeZone) ??
		resourceNotFound()
	);
}

/** True for a version with the Contacts API: 2.x, or Intercom's `Preview` / `Unstable`. */
function isContactsVersion(version: string): boolean {
	return version.startsWith('2.') || /^(preview|unstable)$/i.test(version);
}
