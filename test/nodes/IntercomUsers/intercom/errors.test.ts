/**
 * The error table: how each Intercom answer becomes an n8n error (message,
 * HTTP code, description), and redaction of secrets. No n8n engine, no sockets.
 */
import type { IN8nHttpFullResponse, INode } from 'n8n-workflow';

import type { FailedAction } from '../../../../nodes/IntercomUsers/intercom/errors';
import {
	ambiguousMatch,
	droppedChangeError,
	failureOf,
	intercomApiError,
	isUserNotFound,
	noMatch,
	outcomeOf,
	readFailure,
	redactFailure,
	unclearChangeError,
} from '../../../../nodes/IntercomUsers/intercom/errors';
import { redactParsed, redactor } from '../../../../nodes/IntercomUsers/transport/redact';

const node: INode = {
	id: 'n',
	name: 'Intercom Users',
	type: 'n8n-nodes-intercom-users.intercomUsers',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const answer = (
	statusCode: number,
	body: unknown,
	headers: Record<string, string> = {},
): IN8nHttpFullResponse => ({
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

	it('keeps the start of a body that is not JSON, and the X-Request-Id header; an error shows 200 characters of it', () => {
		const failure = readFailure(
			answer(403, `<html>${'x'.repeat(5000)}</html>`, { 'x-request-id': 'hdr-9' }),
		);
		expect(failure.status).toBe(403);
		expect(failure.requestId).toBe('hdr-9');
		expect(failure.code).toBeUndefined();
		expect(failure.excerpt).toHaveLength(4000);
		const shown = redactFailure(failure, (text) => text).excerpt;
		expect(shown).toHaveLength(201);
		expect(shown?.endsWith('…')).toBe(true);
	});
});

describe('readFailure: every error shape that carries a string code', () => {
	const forbidden = { status: 403, code: 'action_forbidden', message: 'Action not allowed' };
	const deleteById: FailedAction = {
		field: 'Intercom ID',
		value: 'u1',
		operation: 'permanentlyDelete',
		write: true,
	};

	it.each([
		[
			'error.list',
			{
				type: 'error.list',
				request_id: 'req-1',
				errors: [{ code: 'action_forbidden', message: 'Action not allowed', field: 'id' }],
			},
			{ ...forbidden, requestId: 'req-1' },
		],
		[
			'a bare code, no message',
			'{"code":"action_forbidden"}',
			{ status: 403, code: 'action_forbidden', requestId: 'hdr-1' },
		],
		[
			'a bare code and message',
			{ code: 'action_forbidden', message: 'Action not allowed' },
			{ ...forbidden, requestId: 'hdr-1' },
		],
		[
			'type error',
			{
				type: 'error',
				request_id: 'req-2',
				code: 'action_forbidden',
				message: 'Action not allowed',
			},
			{ ...forbidden, requestId: 'req-2' },
		],
		[
			"a gateway's error object",
			{ error: { code: 'action_forbidden', message: 'Action not allowed' } },
			{ ...forbidden, requestId: 'hdr-1' },
		],
	])('%s: %j', (_shape, body, expected) => {
		expect(readFailure(answer(403, body, { 'x-request-id': 'hdr-1' }))).toEqual(expected);
	});

	it.each([
		[
			'a bare body without message',
			'{"code":"action_forbidden"}',
			'Intercom: Action forbidden (action_forbidden)',
		],
		[
			'a bare body',
			{ code: 'action_forbidden', message: 'Action not allowed' },
			'Intercom: Action not allowed (action_forbidden)',
		],
		[
			'type error',
			{ type: 'error', code: 'action_forbidden', message: 'Action not allowed' },
			'Intercom: Action not allowed (action_forbidden)',
		],
		[
			"a gateway's error object",
			{ error: { code: 'action_forbidden' } },
			'Intercom: Action forbidden (action_forbidden)',
		],
		[
			'an error.list entry without message',
			{ type: 'error.list', errors: [{ code: 'action_forbidden' }] },
			'Intercom: Action forbidden (action_forbidden)',
		],
	])('%s gets the advice of its code, not of HTTP 403: %j', (_shape, body, message) => {
		const error = intercomApiError(node, readFailure(answer(403, body)), deleteById, 0);
		expect(error.message).toBe(message);
		expect(error.httpCode).toBe('403');
		expect(error.description).toMatch(
			/^Intercom refused to let this app permanently delete the user with Intercom ID "u1": the action is not authorized\. /,
		);
		expect(error.description).not.toMatch(/region/i);
	});

	it.each([
		['a numeric code', { code: 403, message: 'Forbidden' }],
		['an empty code', { code: '', message: 'Forbidden' }],
		[
			'type error without a code (Intercom 2.16 example)',
			{ type: 'error', request_id: 'r', message: 'message_id is required' },
		],
		['a string error', { error: 'action_forbidden' }],
		[
			'a gateway error object without a code',
			{ error: { message: 'Forbidden' }, code: 'action_forbidden' },
		],
		['an empty error.list', { type: 'error.list', errors: [], code: 'action_forbidden' }],
		[
			'an error.list entry without a code',
			{ type: 'error.list', errors: [{ message: 'Forbidden' }] },
		],
		['an array', [{ code: 'action_forbidden' }]],
		['a JSON string', '"action_forbidden"'],
	])('%s stays a plain HTTP 403 failure, with the body as excerpt: %j', (_shape, body) => {
		const failure = readFailure(answer(403, body));
		expect(failure.code).toBeUndefined();
		expect(failure.message).toBeUndefined();
		expect(failure.excerpt).toBe(typeof body === 'string' ? body : JSON.stringify(body));
		const error = intercomApiError(node, failure, deleteById, 0);
		expect(error.message).toBe('Intercom answered HTTP 403');
		expect(error.description).toMatch(
			/^Intercom refused the request\. If your workspace is hosted in the EU or Australia/,
		);
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
		[
			401,
			errorList('unauthorized', 'Access Token Invalid'),
			archiveByEmail,
			'Intercom: Access Token Invalid (unauthorized)',
			/^The access token was rejected\./,
		],
		[
			403,
			'<html>Forbidden</html>',
			archiveByEmail,
			'Intercom answered HTTP 403',
			/pick that region in the credential.*Response body: <html>Forbidden<\/html>/,
		],
		[
			404,
			errorList('not_found', 'User Not Found'),
			archiveByEmail,
			'Intercom: User Not Found (not_found)',
			/^No user matches Email "wash@serenity.io", or that user is already archived\./,
		],
		[
			404,
			errorList('not_found', 'Resource Not Found'),
			archiveByEmail,
			'Intercom: Resource Not Found (not_found)',
			/^Intercom knows no such endpoint\./,
		],
		[
			404,
			errorList('not_found', 'Contact Not Found'),
			{ ...archiveByEmail, operation: 'unarchive', noun: 'contact' },
			'Intercom: Contact Not Found (not_found)',
			/^No contact has Email "wash@serenity.io", or it was permanently deleted\. Nothing was changed\./,
		],
		[
			404,
			errorList('not_found', 'User Not Found'),
			{ ...archiveByEmail, operation: 'permanentlyDelete' },
			'Intercom: User Not Found (not_found)',
			/^No user matches Email "wash@serenity.io", or it was already deleted\./,
		],
		[
			409,
			errorList('conflict', 'Multiple existing users'),
			archiveByEmail,
			'Intercom: Multiple existing users (conflict)',
			/^Several users match Email "wash@serenity.io", so nobody was archived\. Archive by User ID or by Intercom ID instead\./,
		],
		[
			400,
			errorList(
				'intercom_version_invalid',
				'Requested resource is not available in current API version',
			),
			archiveByEmail,
			'Intercom: Requested resource is not available in current API version (intercom_version_invalid)',
			/sends Intercom-Version 1\.4/,
		],
		[
			429,
			errorList('rate_limit_exceeded', 'Exceeded rate limit'),
			archiveByEmail,
			'Intercom: Exceeded rate limit (rate_limit_exceeded)',
			/rate limit was reached/,
		],
		[
			503,
			'',
			archiveByEmail,
			'Intercom answered HTTP 503',
			/^Intercom could not process the request\. Try again later\.$/,
		],
		[
			422,
			errorList('parameter_invalid', 'Bad value'),
			archiveByEmail,
			'Intercom: Bad value (parameter_invalid)',
			/^Intercom did not accept the request for Email "wash@serenity.io": a value in it is missing or invalid \(Intercom's message names it\)\. .* Request ID: req-1$/,
		],
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
		const html = intercomApiError(
			node,
			readFailure(answer(502, '<p>tok_SECRET_123</p>')),
			archiveByEmail,
			0,
			redact,
		);
		expect(html.description).toContain('Response body: <p>[redacted]</p>');
		expect(JSON.stringify({ ...html, d: html.description, m: html.message })).not.toContain(
			'tok_SECRET_123',
		);
	});

	it('redacts the token in every field the answer fills: code, request id, and a body cut at 200 characters', () => {
		const token = 'tok_SECRET_123456';
		const redact = redactor([token]);
		const listed = intercomApiError(
			node,
			readFailure(
				answer(400, {
					type: 'error.list',
					request_id: `rid-${token}`,
					errors: [{ code: `x${token}`, message: 'm' }],
				}),
			),
			archiveByEmail,
			0,
			redact,
		);
		// The token straddles the 200th character of the page: it must not survive the cut in part.
		const page = `<html>${'f'.repeat(167)}Authorization: Bearer ${token}</html>`;
		const cut = intercomApiError(node, readFailure(answer(403, page)), archiveByEmail, 0, redact);
		for (const error of [listed, cut]) {
			const everything = JSON.stringify({
				...error,
				message: error.message,
				description: error.description,
				context: error.context,
			});
			expect(everything).not.toContain('tok_S');
		}
		expect(listed.context.intercom).toMatchObject({
			code: 'x[redacted]',
			requestId: 'rid-[redacted]',
		});
		expect(cut.description).toContain('Bearer [reda…');
	});
});

describe('lookup outcomes', () => {
	const subject = { node, itemIndex: 1, target: { label: 'Email', value: 'dup@example.com' } };

	it('no match reads like Intercom’s own 404, with the outcome notFound', () => {
		const error = noMatch(subject, 'contact');
		expect(error.message).toBe('Intercom: Contact Not Found (not_found)');
		expect(error.httpCode).toBe('404');
		expect(outcomeOf(error)).toBe('notFound');
	});

	it("a contact lookup that finds nobody says Intercom's search can take a few minutes to show a change", () => {
		expect(noMatch(subject, 'contact').description).toBe(
			'No contact matches Email "dup@example.com", or that contact is archived (archived contacts do not appear in lookups). Intercom\'s search can take a few minutes to show a new or changed contact, so one created or edited just now may not be found yet. Nothing was changed.',
		);
		expect(noMatch(subject, 'user').description).toBe(
			'No user matches Email "dup@example.com", or that user is archived (archived users do not appear in lookups). Nothing was changed.',
		);
	});

	it('several matches list at most 20 candidates and how many more', () => {
		const ids = Array.from({ length: 23 }, (_, index) => `id${index}`);
		const error = ambiguousMatch(subject, ids, 'deleted');
		expect(error.message).toBe('Intercom: Multiple users match this Email (conflict)');
		expect(error.httpCode).toBe('409');
		expect(error.description).toContain(
			'23 users match Email "dup@example.com", so nobody was deleted.',
		);
		expect(error.description).toContain('id19 and 3 more.');
	});
});

describe('outcomes: not found, probably done, unknown', () => {
	const notFound = readFailure(answer(404, errorList('not_found', 'User Not Found')));

	it.each<[string, number, unknown, boolean]>([
		['User Not Found', 404, errorList('not_found', 'User Not Found'), true],
		['Contact Not Found', 404, errorList('not_found', 'Contact Not Found'), true],
		[
			'Resource Not Found (an unknown endpoint)',
			404,
			errorList('not_found', 'Resource Not Found'),
			false,
		],
		['a 404 page from a proxy', 404, '<html>Not Found</html>', false],
		['another code', 404, errorList('something_else', 'User Not Found'), false],
	])('isUserNotFound: %s → %s', (_what, status, body, expected) => {
		expect(isUserNotFound(readFailure(answer(status, body)))).toBe(expected);
	});

	it("Intercom's 404 is outcome notFound; an endpoint 404 has no outcome", () => {
		expect(outcomeOf(intercomApiError(node, notFound, archiveByEmail, 0))).toBe('notFound');
		const endpoint = readFailure(answer(404, errorList('not_found', 'Resource Not Found')));
		expect(outcomeOf(intercomApiError(node, endpoint, archiveByEmail, 0))).toBeUndefined();
	});

	it('a 5xx on a change says the change may or may not have been made (outcome unknown); on a read it does not', () => {
		const failure = readFailure(answer(503, ''));
		const write = intercomApiError(node, failure, { ...archiveByEmail, write: true }, 0);
		expect(outcomeOf(write)).toBe('unknown');
		expect(write.description).toContain('The change may or may not have been made in Intercom');
		expect(outcomeOf(intercomApiError(node, failure, archiveByEmail, 0))).toBeUndefined();
	});

	it('the repeat of an archive answered 404 after a 504: "most likely archived by an earlier attempt"', () => {
		const action: FailedAction = { ...archiveByEmail, write: true, unclearAttempt: 'HTTP 504' };
		const error = unclearChangeError(node, notFound, action, 3, false);
		expect(error.message).toBe('Intercom: the user was most likely archived by an earlier attempt');
		expect(error.httpCode).toBe('404');
		expect(error.context.itemIndex).toBe(3);
		expect(error.context.intercom).toMatchObject({
			outcome: 'probablyDone',
			firstAttempt: 'HTTP 504',
		});
		expect(error.description).toBe(
			'The first attempt for Email "wash@serenity.io" got no clear answer (HTTP 504), so it was sent again, and Intercom answered the repeat with 404 (user not found); a check finds no active user with Email "wash@serenity.io" any more. Intercom archives a user only once, so the first attempt most likely archived it. Check the user in Intercom if you need certainty. Request ID: req-1',
		);
	});

	it('… of a delete: "most likely deleted"; a check that could not tell says so', () => {
		const action: FailedAction = {
			...archiveByEmail,
			operation: 'permanentlyDelete',
			noun: 'contact',
			unclearAttempt: 'HTTP 502',
		};
		const error = unclearChangeError(node, notFound, action, 0, undefined);
		expect(error.message).toBe(
			'Intercom: the contact was most likely deleted by an earlier attempt',
		);
		expect(error.description).toContain(
			'; a check could not confirm it. Intercom deletes a contact only once',
		);
		expect(outcomeOf(error)).toBe('probablyDone');
	});

	it('… and when the check still finds the user active: "not archived", no outcome', () => {
		const error = unclearChangeError(
			node,
			notFound,
			{ ...archiveByEmail, unclearAttempt: 'HTTP 504' },
			0,
			true,
		);
		expect(error.message).toBe('Intercom: the user was not archived');
		expect(outcomeOf(error)).toBeUndefined();
	});

	it('a change whose connection dropped: may or may not have been made, and n8n keeps the message', () => {
		const error = droppedChangeError(node, 'ECONNRESET', { ...archiveByEmail, write: true }, 1);
		expect(error.message).toBe('Intercom could not be reached: the connection was dropped');
		expect(error.description).toContain(
			'was sent, but the connection closed without an answer (ECONNRESET).',
		);
		expect(error.description).toContain('The change may or may not have been made in Intercom');
		expect(error.context.intercom).toEqual({ outcome: 'unknown', dropped: 'ECONNRESET' });
	});
});

describe('redactParsed', () => {
	it('replaces a secret anywhere in a parsed answer, and returns the same value when there is none', () => {
		const redact = redactor(['tok_SECRET_1']);
		const clean = { type: 'user', tags: ['a'] };
		expect(redactParsed(clean, redact)).toBe(clean);
		expect(
			redactParsed({ type: 'user', custom: { seen: ['Bearer tok_SECRET_1'] } }, redact),
		).toEqual({ type: 'user', custom: { seen: ['Bearer [redacted]'] } });
		expect(redactParsed(undefined, redact)).toBeUndefined();
	});
});

describe('redactor', () => {
	it('replaces every occurrence, and ignores secrets too short to be a token', () => {
		expect(redactor(['abcd'])('abcd-abcd')).toBe('[redacted]-[redacted]');
		expect(redactor(['abc', undefined, ''])('abc')).toBe('abc');
	});
});
