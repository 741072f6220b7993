import type { IDataObject, IN8nHttpFullResponse, INode } from 'n8n-workflow';

import { redactParsed } from '../transport/redact';
import type { FailedAction } from './errors';
import { parseJsonBody, unreadableAnswer } from './errors';
import type { IntercomRequest } from './request';

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

/** What the error says the answer could not be read as, for each shape. */
const READ_AS: Record<AnswerShape, string> = {
	user: 'a user',
	userLookup: 'a user',
	contactList: 'a user',
	contactChange: 'a contact',
	deleteRequest: 'a user delete request',
	object: 'a JSON object',
};

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

/**
 * The 2xx answer to `request` as the object the node acts on: its parsed JSON body
 * (secrets replaced by `redact`) when it has the request's {@link AnswerShape}; undefined
 * when the answer is no 2xx with a JSON body (the caller reads it as a failure). A 2xx
 * JSON body of another shape rejects with `unreadableAnswer` (`Intercom's answer could
 * not be read as a user: <what was wrong>`), whose outcome is `unknown` when the request
 * was a change.
 *
 * @param action the item's failed-action words, `write` set for a change
 */
export function readAnswer(
	subject: { node: INode; itemIndex: number },
	request: IntercomRequest,
	response: IN8nHttpFullResponse,
	action: FailedAction,
	redact: (text: string) => string,
): IDataObject | undefined {
	const { statusCode: status } = response;
	if (status < 200 || status >= 300) return undefined;
	const body = redactParsed(parseJsonBody(response.body), redact);
	if (body === undefined) return undefined;
	const shape = answerShape(request);
	const problem = shapeProblem(shape, body);
	if (problem === undefined) return body as IDataObject;
	const readAs = READ_AS[shape];
	throw unreadableAnswer(subject.node, subject.itemIndex, { status, readAs, problem }, action);
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
