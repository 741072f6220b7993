/**
 * The error table: how each Intercom answer becomes an n8n error (message,
 * HTTP code, description), and redaction of secrets. No n8n engine, no sockets.
 */
import type { IN8nHttpFullResponse, INode } from 'n8n-workflow';

import type { FailedAction } from '../../nodes/IntercomUsers/intercom/errors';
import {
	ambiguousMatch,
	failureOf,
	intercomApiError,
	noMatch,
	readFailure,
} from '../../nodes/IntercomUsers/intercom/errors';
import { redactor } from '../../nodes/IntercomUsers/transport/redact';

const node: INode = {
	id: 'n',
	name: 'Intercom Users',
	type: 'n8n-nodes-intercom-users.intercomUsers',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const answer = (statusCode: number, body: unknown, headers: Record<string, string> = {}): IN8nHttpFullResponse => ({
	statusCode,
	headers,
	body: typeof body === 'string' ? body : JSON.stringify(body),
});

const errorList = (code: string, message: string) => ({
	type: 'error.list',
	request_id: 'req-1',
	errors: [{ code, message }],
});

const archiveByEmail: FailedAction = { field: 'Email', value: 'wash@serenity.io', version: '1.4' };

describe('readFailure', () => {
	it("reads Intercom's error.list: the first entry's code and message, and the request id", () => {
		expect(readFailure(answer(404, errorList('not_found', 'User Not Found')))).toEqual({
			status: 404,
			code: 'not_found',
			message: 'User Not Found',
			requestId: 'req-1',
		});
	});

	it('keeps a short excerpt of a body that is not JSON, and the X-Request-Id header', () => {
		const failure = readFailure(answer(403, `<html>${'x'.repeat(300)}</html>`, { 'x-request-id': 'hdr-9' }));
		expect(failure.status).toBe(403);
		expect(failure.requestId).toBe('hdr-9');
		expect(failure.code).toBeUndefined();
		expect(failure.excerpt).toHaveLength(201);
		expect(failure.excerpt?.endsWith('…')).toBe(true);
	});
});

describe('failureOf', () => {
	it('a 2xx with a JSON object is a success', () => {
		expect(failureOf(answer(200, { type: 'user', id: '1' }))).toBeUndefined();
	});

	it.each([
		['', '(empty body)'],
		['[1,2]', '[1,2]'],
		['not json', 'not json'],
	])('a 2xx with body %j is a failure with excerpt %j', (body, excerpt) => {
		expect(failureOf(answer(200, body))).toEqual({ status: 200, requestId: undefined, excerpt });
	});
});

describe('intercomApiError: the error table', () => {
	it.each<[number, unknown, FailedAction, string, RegExp]>([
		[401, errorList('unauthorized', 'Access Token Invalid'), archiveByEmail, 'Intercom: Access Token Invalid (unauthorized)', /^The access token was rejected\./],
		[403, '<html>Forbidden</html>', archiveByEmail, 'Intercom answered HTTP 403', /pick that region in the credential.*Response body: <html>Forbidden<\/html>/],
		[404, errorList('not_found', 'User Not Found'), archiveByEmail, 'Intercom: User Not Found (not_found)', /^No user matches Email "wash@serenity.io", or that user is already archived\./],
		[404, errorList('not_found', 'Resource Not Found'), archiveByEmail, 'Intercom: Resource Not Found (not_found)', /^Intercom knows no such endpoint\./],
		[404, errorList('not_found', 'Contact Not Found'), { ...archiveByEmail, operation: 'unarchive', noun: 'contact' }, 'Intercom: Contact Not Found (not_found)', /^No contact has Email "wash@serenity.io", or it was permanently deleted\. Nothing was changed\./],
		[404, errorList('not_found', 'User Not Found'), { ...archiveByEmail, operation: 'permanentlyDelete' }, 'Intercom: User Not Found (not_found)', /^No user matches Email "wash@serenity.io", or it was already deleted\./],
		[409, errorList('conflict', 'Multiple existing users'), archiveByEmail, 'Intercom: Multiple existing users (conflict)', /^Several users match Email "wash@serenity.io", so nobody was archived\. Archive by User ID or by Intercom ID instead\./],
		[400, errorList('intercom_version_invalid', 'Requested resource is not available in current API version'), archiveByEmail, 'Intercom: Requested resource is not available in current API version (intercom_version_invalid)', /sends Intercom-Version 1\.4/],
		[429, errorList('rate_limit_exceeded', 'Exceeded rate limit'), archiveByEmail, 'Intercom: Exceeded rate limit (rate_limit_exceeded)', /rate limit was reached/],
		[503, '', archiveByEmail, 'Intercom answered HTTP 503', /^Intercom could not process the request\. Try again later\.$/],
		[422, errorList('parameter_invalid', 'Bad value'), archiveByEmail, 'Intercom: Bad value (parameter_invalid)', /^Intercom did not accept the request for Email "wash@serenity.io"\. Request ID: req-1$/],
	])('HTTP %i %j → %s', (status, body, action, message, description) => {
		const error = intercomApiError(node, readFailure(answer(status, body)), action, 2);
		expect(error.message).toBe(message);
		expect(error.httpCode).toBe(String(status));
		expect(error.description).toMatch(description);
		expect(error.context.itemIndex).toBe(2);
	});

	it('redacts a secret that the answer echoed, in the message and the excerpt', () => {
		const redact = redactor(['tok_SECRET_123']);
		const echoed = intercomApiError(
			node,
			readFailure(answer(400, errorList('parameter_invalid', 'bad header Bearer tok_SECRET_123'))),
			archiveByEmail,
			0,
			redact,
		);
		expect(echoed.message).toBe('Intercom: bad header Bearer [redacted] (parameter_invalid)');
		const html = intercomApiError(node, readFailure(answer(502, '<p>tok_SECRET_123</p>')), archiveByEmail, 0, redact);
		expect(html.description).toContain('Response body: <p>[redacted]</p>');
		expect(JSON.stringify({ ...html, d: html.description, m: html.message })).not.toContain('tok_SECRET_123');
	});
});

describe('lookup outcomes', () => {
	const subject = { node, itemIndex: 1, target: { label: 'Email', value: 'dup@example.com' } };

	it('no match reads like Intercom’s own 404', () => {
		const error = noMatch(subject, 'contact');
		expect(error.message).toBe('Intercom: Contact Not Found (not_found)');
		expect(error.httpCode).toBe('404');
	});

	it('several matches list at most 20 candidates and how many more', () => {
		const ids = Array.from({ length: 23 }, (_, index) => `id${index}`);
		const error = ambiguousMatch(subject, ids, 'deleted');
		expect(error.message).toBe('Intercom: Multiple users match this Email (conflict)');
		expect(error.httpCode).toBe('409');
		expect(error.description).toContain('23 users match Email "dup@example.com", so nobody was deleted.');
		expect(error.description).toContain('id19 and 3 more.');
	});
});

describe('redactor', () => {
	it('replaces every occurrence, and ignores secrets too short to be a token', () => {
		expect(redactor(['abcd'])('abcd-abcd')).toBe('[redacted]-[redacted]');
		expect(redactor(['abc', undefined, ''])('abc')).toBe('abc');
	});
});
