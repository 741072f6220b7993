/**
 * The shape table of intercom/answers.ts: which shape each request's answer must have,
 * and what is wrong with an answer of another shape. No n8n engine, no sockets.
 */
import type { IntercomRequest } from '../../../../nodes/IntercomUsers/intercom/request';
import { path } from '../../../../nodes/IntercomUsers/intercom/request';
import type { AnswerShape } from '../../../../nodes/IntercomUsers/intercom/answers';
import { answerShape, idOf, shapeProblem } from '../../../../nodes/IntercomUsers/intercom/answers';

describe('answerShape: every request the node sends names the answer it needs', () => {
	it.each<[IntercomRequest, AnswerShape]>([
		[{ method: 'GET', url: '/users/abc' }, 'user'],
		[{ method: 'GET', url: '/users?email=a%40b.io' }, 'userLookup'],
		[{ method: 'GET', url: '/users?user_id=25' }, 'userLookup'],
		[{ method: 'DELETE', url: '/users/abc' }, 'user'],
		[{ method: 'DELETE', url: '/users?email=a%40b.io' }, 'user'],
		[
			{ method: 'POST', url: '/user_delete_requests', body: { intercom_user_id: 'a' } },
			'deleteRequest',
		],
		[{ method: 'GET', url: '/contacts/abc' }, 'user'],
		[{ method: 'POST', url: '/contacts/search', body: {} }, 'contactList'],
		[{ method: 'POST', url: '/contacts/abc/archive' }, 'contactChange'],
		[{ method: 'POST', url: '/contacts/abc/unarchive' }, 'contactChange'],
		[{ method: 'DELETE', url: '/contacts/abc' }, 'contactChange'],
		[{ method: 'GET', url: '/me' }, 'object'],
	])('%j → %s', (request, shape) => {
		expect(answerShape(request)).toBe(shape);
	});
});

describe('shapeProblem', () => {
	it.each<[AnswerShape, unknown, string | undefined]>([
		['user', { type: 'user', id: 'a' }, undefined],
		['user', { type: 'contact', id: 'a', role: 'user' }, undefined],
		['user', [], 'it is an array, not an object'],
		['user', {}, 'it has no id'],
		['user', { id: null }, 'its id is null, not text'],
		['user', { id: '  ' }, 'its id is empty'],
		['user', { type: 'list', data: [{ id: 'a' }] }, 'it is of type "list", not a user or contact'],
		['userLookup', { type: 'user.list', users: [{ id: 'a' }], total_count: 1 }, undefined],
		['userLookup', { type: 'user.list', users: [{ id: 'a' }, {}] }, 'users[1] has no id'],
		['userLookup', { type: 'user.list' }, 'its users is missing, not a list'],
		['userLookup', { type: 'user', id: 'a' }, undefined],
		['contactList', { type: 'list', data: [], total_count: 0 }, undefined],
		[
			'contactList',
			{ type: 'list', data: [{ type: 'contact' }], total_count: 1 },
			'data[0] has no id',
		],
		['contactList', { data: [null] }, 'data[0] is null, not an object'],
		['contactChange', { type: 'contact', id: 'a', archived: true }, undefined],
		['contactChange', { type: 'contact', deleted: true }, 'it has no id'],
		['deleteRequest', { id: 10001 }, undefined],
		['deleteRequest', { id: 'r-1' }, undefined],
		['deleteRequest', {}, 'it has no id'],
		['deleteRequest', 5, 'it is a number, not an object'],
		['object', { anything: true }, undefined],
		['object', 'text', 'it is text, not an object'],
	])('%s, %j → %s', (shape, body, problem) => {
		expect(shapeProblem(shape, body)).toBe(problem);
	});
});

describe('no request is built for a missing id', () => {
	it('idOf refuses an object without a text id; path refuses an empty segment', () => {
		expect(idOf({ id: 'abc' })).toBe('abc');
		expect(() => idOf({})).toThrow('No request was sent: the user has no id');
		expect(() => idOf({ id: 7 })).toThrow("the user's id is a number, not text");
		expect(() => path('contacts', '', 'archive')).toThrow(
			'No request was sent: its path segment 2 is empty',
		);
		expect(() => path('users', undefined as unknown as string)).toThrow('No request was sent');
	});
});
