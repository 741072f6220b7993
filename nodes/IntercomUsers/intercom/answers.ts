import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';

import { NO_REQUEST_SENT } from '../shared/words';
import { headerText } from '../transport/http';
import { redactParsed } from '../transport/redact';
import type { IntercomRequest } from './request';

/** One entry of Intercom's error list: only `code` is guaranteed. */
export interface IntercomErrorEntry {
	code: string;
	message?: string;
	field?: string;
}

/** A failed answer: status, Intercom's code and message if any, request id, else a body `excerpt`. */
export interface IntercomFailure {
	status: number;
	code?: string;
	message?: string;
	requestId?: string;
	excerpt?: string;
}

/** Intercom's own "User/Contact Not Found" 404; never "Resource Not Found" (a wrong base URL). */
export function isUserNotFound(failure: IntercomFailure): boolean {
	return (
		failure.status === 404 &&
		failure.code === 'not_found' &&
		/^(user|contact) not found$/i.test((failure.message ?? '').trim())
	);
}

const EXCERPT_LENGTH = 200;
/** Cut only after redaction, so a cut never leaves part of a token. */
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

/** A body (JSON text, a Buffer or parsed) as a value; undefined when it is not JSON. */
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

/** Reads an answer that is not a success (error list, a gateway's `error`, or a body excerpt). */
export function readFailure(response: IN8nHttpFullResponse): IntercomFailure {
	const failure: IntercomFailure = {
		status: response.statusCode,
		requestId: headerText(response.headers, 'x-request-id'),
	};
	const parsed = parseJsonBody(response.body);
	const body = (parsed && typeof parsed === 'object' ? parsed : {}) as IDataObject;
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

/** The failure with `redact` applied to every text (answers may echo the token), excerpt then cut. */
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

/** What went wrong with an answer that should hold one Intercom object; undefined when it does. */
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

/** The origin of a `Location` header; never its path or query, which may carry a secret. */
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

/** A 2xx answer without the shape the node needs. */
export interface UnreadableAnswer {
	status: number;
	/** E.g. `a user`, `a user delete request`. */
	readAs: string;
	/** E.g. `data[0] has no id`. */
	problem: string;
}

/** The shape a 2xx answer must have before the node acts on it. */
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

function kindOf(value: unknown): string {
	if (value === undefined) return 'missing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return 'text';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function notObject(value: unknown, name: string): string | undefined {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) return undefined;
	return `${name} is ${kindOf(value)}, not an object`;
}

function idProblem(value: IDataObject, name: string): string | undefined {
	const id = value.id;
	const its = name === 'it' ? 'its' : `${name}'s`;
	if (id === undefined) return `${name} has no id`;
	if (typeof id !== 'string') return `${its} id is ${kindOf(id)}, not text`;
	return id.trim() === '' ? `${its} id is empty` : undefined;
}

function userProblem(value: unknown, name: string): string | undefined {
	const problem = notObject(value, name);
	if (problem !== undefined) return problem;
	const type = (value as IDataObject).type;
	if (type !== undefined && type !== 'user' && type !== 'contact') {
		return `${name} is of type ${JSON.stringify(type).slice(0, 40)}, not a user or contact`;
	}
	return idProblem(value as IDataObject, name);
}

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

/** What is wrong with a 2xx answer's JSON body for `shape` (e.g. `data[0] has no id`); undefined when none. */
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

/** The redacted 2xx body, or its shape problem; undefined when no 2xx JSON body (a failure). */
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

/** The `id` of a user the node read; throws rather than build a request for no ID. */
export function idOf(user: IDataObject): string {
	const problem = idProblem(user, 'the user');
	if (problem !== undefined) throw new Error(`${NO_REQUEST_SENT}: ${problem}`);
	return user.id as string;
}
