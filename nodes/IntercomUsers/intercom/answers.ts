import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';

import { headerText } from '../transport/http';
import { redactParsed } from '../transport/redact';
import type { IntercomRequest } from './request';

/**
 * One entry of Intercom's error envelope.
 * Intercom API 1.x/2.x, "Errors": only `code` is guaranteed.
 */
export interface IntercomErrorEntry {
	code: string;
	message?: string;
	field?: string;
}

/**
 * What an Intercom error answer tells us, whatever its body looked like.
 * `status` is the HTTP status; `code`/`message` come from the body's error object (see
 * {@link readFailure}; undefined when it had none, e.g. a proxy's HTML page);
 * `requestId` from the body's `request_id` or the `X-Request-Id` header;
 * `excerpt` is at most 200 characters of a body without an error code.
 */
export interface IntercomFailure {
	status: number;
	code?: string;
	message?: string;
	requestId?: string;
	excerpt?: string;
}

/**
 * True for Intercom's own "no such user" answer: HTTP 404 with code `not_found`
 * and the message "User Not Found" or "Contact Not Found" (Intercom API 1.x/2.x).
 * Not for "Resource Not Found" (an unknown endpoint, e.g. a wrong base URL) nor for
 * a 404 page without Intercom's error body (a proxy): those are never "not found".
 */
export function isUserNotFound(failure: IntercomFailure): boolean {
	return (
		failure.status === 404 &&
		failure.code === 'not_found' &&
		/^(user|contact) not found$/i.test((failure.message ?? '').trim())
	);
}

/** At most this many characters of a body without an error code are shown in an error. */
const EXCERPT_LENGTH = 200;
/**
 * At most this many characters of such a body are kept until redaction: the
 * excerpt is cut to {@link EXCERPT_LENGTH} only after secrets are replaced, so
 * that a cut never leaves part of a token behind.
 */
const KEPT_BODY_LENGTH = 4_000;

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (typeof body === 'string') return body;
	try {
		return JSON.stringify(body);
	} catch {
		return String(body);
	}
}

/**
 * Parses a body that may be a JSON string, a Buffer, or an already parsed value.
 * Returns `undefined` when it is not JSON.
 */
export function parseJsonBody(body: unknown): unknown {
	if (Buffer.isBuffer(body) || typeof body === 'string') {
		const text = bodyText(body).trim();
		if (text === '') return undefined;
		try {
			return JSON.parse(text) as unknown;
		} catch {
			return undefined;
		}
	}
	return body;
}

/**
 * Reads an HTTP answer that is not a success into an {@link IntercomFailure}.
 * The code and message come from the object that holds a string `code`:
 * - Intercom's error list, `{"type":"error.list","request_id":…,"errors":[{code,message,field}]}`
 *   (its first entry);
 * - a gateway's `{"error":{"code":…,"message":…}}`;
 * - the body itself: a bare `{"code":…,"message":…}` or `{"type":"error","code":…,"message":…}`.
 * The request id is the body's `request_id`, else the `X-Request-Id` header. Anything
 * else (HTML from a proxy, an empty body, JSON without a string `code` in one of these
 * places) keeps the start of the body as `excerpt` (at most 4,000 characters;
 * {@link redactFailure} cuts it to 200 after redaction): the HTTP status decides.
 */
export function readFailure(response: IN8nHttpFullResponse): IntercomFailure {
	const failure: IntercomFailure = {
		status: response.statusCode,
		requestId: headerText(response.headers, 'x-request-id'),
	};
	const parsed = parseJsonBody(response.body);
	const body = (parsed && typeof parsed === 'object' ? parsed : {}) as IDataObject;
	// Exactly one place per shape holds the code: no search through other keys.
	const holder: unknown = Array.isArray(body.errors)
		? body.errors[0]
		: body.error && typeof body.error === 'object'
			? body.error
			: body;
	const entry = (holder ?? {}) as { code?: unknown; message?: unknown };
	if (typeof entry.code === 'string' && entry.code !== '') {
		failure.code = entry.code;
		if (typeof entry.message === 'string') failure.message = entry.message;
		if (typeof body.request_id === 'string') failure.requestId = body.request_id;
		return failure;
	}
	const text = bodyText(response.body).replace(/\s+/g, ' ').trim();
	if (text) {
		failure.excerpt = text.slice(0, KEPT_BODY_LENGTH);
	}
	return failure;
}

/**
 * Returns a secret-free copy of a failure for an error: `redact` is applied to
 * every text that came from the answer (Intercom's code and message, the
 * request id and the body excerpt), since a server or proxy may echo request
 * headers, and so the access token, back in any of them. Only then is the
 * excerpt cut to 200 characters (`…` marks a cut).
 */
export function redactFailure(
	failure: IntercomFailure,
	redact: (text: string) => string,
): IntercomFailure {
	const clean = (text: string | undefined) => (text === undefined ? undefined : redact(text));
	const excerpt = clean(failure.excerpt);
	const copy: IntercomFailure = { ...failure };
	for (const [key, value] of [
		['code', clean(failure.code)],
		['message', clean(failure.message)],
		['requestId', clean(failure.requestId)],
		[
			'excerpt',
			excerpt !== undefined && excerpt.length > EXCERPT_LENGTH
				? `${excerpt.slice(0, EXCERPT_LENGTH)}…`
				: excerpt,
		],
	] as const) {
		if (value !== undefined) copy[key] = value;
	}
	return copy;
}

/**
 * Reads an answer that should hold one Intercom object (e.g. the User object of
 * Intercom API 1.4 "Archive a user"): undefined for a 2xx answer whose body is a
 * JSON object; otherwise what went wrong, including a 2xx whose body is empty or
 * not a JSON object.
 */
export function failureOf(response: IN8nHttpFullResponse): IntercomFailure | undefined {
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	if (!ok) return readFailure(response);
	const body = parseJsonBody(response.body);
	if (body && typeof body === 'object' && !Array.isArray(body)) return undefined;
	const failure = readFailure(response);
	return {
		status: failure.status,
		requestId: failure.requestId,
		excerpt: failure.excerpt ?? '(empty body)',
	};
}

/**
 * The origin (`scheme://host[:port]`) an answer's `Location` header points to, resolved
 * against the URL the request went to; never its path or query string, which may carry
 * a one-time code or the token itself. Undefined without a usable `Location`.
 */
export function redirectOrigin(
	response: IN8nHttpFullResponse,
	requestUrl: string,
): string | undefined {
	const location = headerText(response.headers, 'location');
	if (location === undefined || location.trim() === '') return undefined;
	try {
		return new URL(location.trim(), requestUrl).origin;
	} catch {
		return undefined;
	}
}

/** A 2xx answer that does not have the shape the node needs (see `intercom/answers.ts`). */
export interface UnreadableAnswer {
	/** The answer's HTTP status. */
	status: number;
	/** What the answer was read as, e.g. `a user`, `a user delete request`. */
	readAs: string;
	/** What was wrong, short, e.g. `data[0] has no id`. */
	problem: string;
}

/**
 * The shape a 2xx answer must have before the node acts on it (Intercom API 1.4 and 2.x):
 * - `user`: a User or contact object with a non-empty string `id` (`GET /users/{id}`,
 *   `GET /contacts/{id}`, the User `DELETE /users…` answers);
 * - `userLookup`: `GET /users?email=` / `?user_id=`: a `user.list` whose `users` is an
 *   array of such objects, or one such object;
 * - `contactList`: `POST /contacts/search`: a `list` whose `data` is an array of such objects;
 * - `contactChange`: `POST /contacts/{id}/archive` / `/unarchive`, `DELETE /contacts/{id}`:
 *   `{ type: 'contact', id, … }` with a non-empty string `id`;
 * - `deleteRequest`: `POST /user_delete_requests`: `{ id }`, a number or non-empty string;
 * - `object`: any other request: a JSON object.
 */
export type AnswerShape =
	'user' | 'userLookup' | 'contactList' | 'contactChange' | 'deleteRequest' | 'object';

/** The {@link AnswerShape} a request's answer must have, from its method and path. */
export function answerShape(request: IntercomRequest): AnswerShape {
	const [pathname, query] = request.url.split('?');
	const segments = pathname.split('/').filter((segment) => segment !== '');
	const [resource, id, action] = segments;
	if (request.method === 'POST' && pathname === '/user_delete_requests') return 'deleteRequest';
	if (resource === 'users') {
		if (request.method === 'GET' && segments.length === 1 && query) return 'userLookup';
		if (request.method === 'GET' || request.method === 'DELETE') return 'user';
	}
	if (resource !== 'contacts') return 'object';
	if (request.method === 'POST' && id === 'search' && segments.length === 2) return 'contactList';
	if (segments.length === 2 && request.method === 'GET') return 'user';
	if (segments.length === 2 && request.method === 'DELETE') return 'contactChange';
	if (request.method === 'POST' && (action === 'archive' || action === 'unarchive')) {
		return 'contactChange';
	}
	return 'object';
}

/** `an array`, `a number`, `null`, …: what a JSON value is, in words. */
function kindOf(value: unknown): string {
	if (value === undefined) return 'missing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return 'text';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** What is wrong with `value` as an object, or undefined when it is a JSON object. */
function notObject(value: unknown, name: string): string | undefined {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) return undefined;
	return `${name} is ${kindOf(value)}, not an object`;
}

/** What is wrong with `value`'s `id` as an Intercom ID, or undefined when it is non-empty text. */
function idProblem(value: IDataObject, name: string): string | undefined {
	const id = value.id;
	const its = name === 'it' ? 'its' : `${name}'s`;
	if (id === undefined) return `${name} has no id`;
	if (typeof id !== 'string') return `${its} id is ${kindOf(id)}, not text`;
	return id.trim() === '' ? `${its} id is empty` : undefined;
}

/** What is wrong with `value` as a User or contact object, or undefined. */
function userProblem(value: unknown, name: string): string | undefined {
	const problem = notObject(value, name);
	if (problem !== undefined) return problem;
	const type = (value as IDataObject).type;
	if (type !== undefined && type !== 'user' && type !== 'contact') {
		return `${name} is of type ${JSON.stringify(type).slice(0, 40)}, not a user or contact`;
	}
	return idProblem(value as IDataObject, name);
}

/** What is wrong with `list[field]` as an array of users, or undefined. */
function listProblem(list: IDataObject, field: string): string | undefined {
	const entries = list[field];
	if (!Array.isArray(entries)) return `its ${field} is ${kindOf(entries)}, not a list`;
	if (list.total_count !== undefined && typeof list.total_count !== 'number') {
		return `its total_count is ${kindOf(list.total_count)}, not a number`;
	}
	for (const [index, entry] of entries.entries()) {
		const problem = userProblem(entry, `${field}[${index}]`);
		if (problem !== undefined) return problem;
	}
	return undefined;
}

/**
 * What is wrong with a 2xx answer's parsed JSON `body` for `shape` (short, e.g. `it has
 * no id`, `data[0] has no id`, `it is an array, not an object`), or undefined when the
 * node can act on it.
 */
export function shapeProblem(shape: AnswerShape, body: unknown): string | undefined {
	const problem = notObject(body, 'it');
	if (problem !== undefined || shape === 'object') return problem;
	const answer = body as IDataObject;
	switch (shape) {
		case 'user':
			return userProblem(answer, 'it');
		case 'userLookup':
			return answer.type === 'user.list' ? listProblem(answer, 'users') : userProblem(answer, 'it');
		case 'contactList':
			return listProblem(answer, 'data');
		case 'contactChange':
			return idProblem(answer, 'it');
		case 'deleteRequest': {
			const id = answer.id;
			if (typeof id === 'number' && Number.isFinite(id)) return undefined;
			return typeof id === 'string' && id.trim() !== '' ? undefined : idProblem(answer, 'it');
		}
	}
}

/** What {@link answerProblem} found wrong with a 2xx answer. */
export interface ShapeProblem {
	status: number;
	shape: AnswerShape;
	problem: string;
}

/**
 * Reads the 2xx answer to `request`: its parsed JSON body (secrets replaced by `redact`)
 * when it has the request's {@link AnswerShape}, what is wrong with it when it has
 * another shape, or undefined when the answer is no 2xx with a JSON body (the caller
 * reads it as a failure).
 */
export function answerProblem(
	request: IntercomRequest,
	response: IN8nHttpFullResponse,
	redact: (text: string) => string,
): { body: IDataObject } | ShapeProblem | undefined {
	const { statusCode: status } = response;
	if (status < 200 || status >= 300) return undefined;
	const body = redactParsed(parseJsonBody(response.body), redact);
	if (body === undefined) return undefined;
	const shape = answerShape(request);
	const problem = shapeProblem(shape, body);
	return problem === undefined ? { body: body as IDataObject } : { status, shape, problem };
}

/**
 * The Intercom ID of a User or contact the node read, for the next request: its `id`
 * when it is non-empty text. Throws otherwise, so that no request is ever built for
 * `undefined`, `null` or an empty ID ({@link readAnswer} has refused such answers
 * before; this is the guard where requests are built).
 */
export function idOf(user: IDataObject): string {
	const problem = idProblem(user, 'the user');
	if (problem !== undefined) throw new Error(`No request was sent: ${problem}`);
	return user.id as string;
}
