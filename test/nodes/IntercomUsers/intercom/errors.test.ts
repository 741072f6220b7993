/**
 * The error table: how each Intercom answer becomes an n8n error (message,
 * HTTP code, description), and redaction of secrets. Then the advice an Intercom error
 * gets, chosen by Intercom's error code, not by the HTTP status (C44): one row of the
 * table per code, each checked here; the HTTP status decides only for a code the table
 * does not list and for a body that is not Intercom's. No n8n engine, no sockets (the
 * engine-level cases of the advice are in test/error-codes.test.ts).
 */
import type { IN8nHttpFullResponse, INode } from 'n8n-workflow';

import type { FailedAction } from '../../../../nodes/IntercomUsers/intercom/errors';
import {
	ambiguousMatch,
	CODE_ADVICE,
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

/** Permanently Delete by Intercom ID on the Contacts API: the change itself failed. */
const DELETE: FailedAction = {
	field: 'Intercom ID',
	value: 'c-1',
	version: '2.14',
	operation: 'permanentlyDelete',
	noun: 'contact',
	write: true,
};
/** Archive by email on the Users API. */
const ARCHIVE: FailedAction = {
	field: 'Email',
	value: 'wash@serenity.io',
	version: '1.4',
	operation: 'archive',
	noun: 'user',
	write: true,
};
/** Unarchive by Intercom ID: the read before the change failed. */
const UNARCHIVE_READ: FailedAction = {
	field: 'Intercom ID',
	value: 'c-2',
	version: '2.14',
	operation: 'unarchive',
	noun: 'contact',
	write: false,
};

const PERMISSIONS =
	"Intercom's Developer Hub: open the app → Configure → Authentication → edit permissions";
const CURRENT_TOKEN =
	"Copy the app's current access token from Intercom's Developer Hub (the app → Configure → Authentication) into the Intercom credential, or reconnect an OAuth2 credential.";
const RETRY_LATER = 'Intercom could not process the request. Try again later.';
const VALUE_REFUSED = (field: string, value: string) =>
	`Intercom did not accept the request for ${field} "${value}": a value in it is missing or invalid (Intercom's message names it). Check the ${field}; if it is right, check that no proxy in between changes the request.`;

/** Codes whose advice may speak of a rejected token; all others must not. */
const TOKEN_CODES = new Set(['unauthorized', 'token_not_found', 'token_revoked', 'token_expired']);
/** Codes whose advice may speak of the region; all others must not. */
const REGION_CODES = new Set(['unauthorized', 'token_not_found', 'region_mismatch']);

/** [code, HTTP status, the failed action, the advice (the description before the request id)]. */
const ROWS: Array<[string, number, FailedAction, string]> = [
	[
		'unauthorized',
		401,
		ARCHIVE,
		"The access token was rejected. Check the Intercom credential (its Access Token, or reconnect an OAuth2 credential), and that it belongs to a workspace in the credential's region.",
	],
	[
		'token_not_found',
		401,
		ARCHIVE,
		"The access token was rejected: Intercom knows no such token. Check that the credential holds the whole access token, and that it belongs to a workspace in the credential's region.",
	],
	[
		'token_revoked',
		401,
		ARCHIVE,
		`The access token was rejected: it has been revoked (regenerated, or its app uninstalled). ${CURRENT_TOKEN}`,
	],
	[
		'token_expired',
		401,
		ARCHIVE,
		`The access token was rejected: it has expired. ${CURRENT_TOKEN}`,
	],
	[
		'token_blocked',
		401,
		ARCHIVE,
		"Intercom has blocked the app this access token belongs to. Contact Intercom's support: the app must be unblocked before it can call the API.",
	],
	[
		'token_suspended',
		401,
		ARCHIVE,
		"Intercom has suspended the app this access token belongs to. Contact Intercom's support to have the app reinstated.",
	],
	[
		'missing_authorization',
		401,
		ARCHIVE,
		'Intercom found no access token on the request. Check that the Intercom credential has an Access Token (an OAuth2 credential: that it is connected), and that no proxy in between removes the Authorization header.',
	],
	[
		'token_unauthorized',
		401,
		{ ...UNARCHIVE_READ, write: true },
		`The access token is valid, but its app lacks a permission it needs to unarchive the contact with Intercom ID "c-2". Grant it in ${PERMISSIONS}, turn on "Read and write users" and "Read and list users and companies", and save (an app connected through OAuth must then be installed again). The credential's Test (GET /me) passes without these permissions, so it cannot show this.`,
	],
	[
		'forbidden',
		403,
		UNARCHIVE_READ,
		`Intercom does not allow this app to look up the contact with Intercom ID "c-2" (to unarchive it); its message may name the missing permission. Check the app's permissions in ${PERMISSIONS}.`,
	],
	[
		'action_forbidden',
		403,
		DELETE,
		`Intercom refused to let this app permanently delete the contact with Intercom ID "c-1": the action is not authorized. Intercom's message may say why. Check what the app may do in ${PERMISSIONS}, and whether the workspace allows this action.`,
	],
	[
		'api_plan_restricted',
		403,
		ARCHIVE,
		"The workspace's Intercom plan does not include this API (an active subscription is needed). Check the workspace's subscription in Intercom's billing settings, or ask the workspace's owner.",
	],
	[
		'region_mismatch',
		403,
		ARCHIVE,
		"The access token belongs to a workspace hosted in another region than the host the node called. Pick the workspace's region in the Intercom credential (United States, Europe or Australia), or point a Custom Base URL at that region's host. The token itself can stay.",
	],
	[
		'intercom_version_invalid',
		400,
		ARCHIVE,
		'This endpoint is not available in the API version Intercom applied. The node sends Intercom-Version 1.4; check that no proxy strips that header, and pick the API that matches the endpoint.',
	],
	[
		'not_found',
		404,
		DELETE,
		'No contact matches Intercom ID "c-1", or it was already deleted. Nothing was deleted.',
	],
	[
		'contact_merged',
		410,
		DELETE,
		'The contact with Intercom ID "c-1" was merged into another contact; Intercom\'s Link header names that one. Use the Intercom ID of the contact it was merged into.',
	],
	[
		'not_restorable',
		400,
		{ ...UNARCHIVE_READ, write: true },
		'Intercom cannot restore the contact with Intercom ID "c-2": it was blocked. Check it in Intercom; the API cannot undo a block.',
	],
	[
		'conflict',
		409,
		ARCHIVE,
		'Several users match Email "wash@serenity.io", so nobody was archived. Archive by User ID or by Intercom ID instead.',
	],
	[
		'unsupported',
		400,
		ARCHIVE,
		'Intercom does not support this operation for Email "wash@serenity.io". Intercom\'s message says why; check the node\'s API option (Users API or Contacts API).',
	],
	...[
		'parameter_invalid',
		'parameter_not_found',
		'parameter_missing',
		'missing_parameter',
		'parameter_mismatch',
		'type_mismatch',
		'data_invalid',
		'validation_error',
		'unprocessable_entity',
		'bad_request',
		'client_error',
	].map((code): [string, number, FailedAction, string] => [
		code,
		code === 'unprocessable_entity' ? 422 : 400,
		ARCHIVE,
		VALUE_REFUSED('Email', 'wash@serenity.io'),
	]),
	[
		'rate_limit_exceeded',
		429,
		ARCHIVE,
		"Intercom's rate limit was reached. Wait for the rate-limit window to refill, or space the items out with the Batching option.",
	],
	[
		'too_many_requests',
		429,
		ARCHIVE,
		'Intercom is receiving too many requests for this resource. Run the item again later.',
	],
	[
		'retry_after',
		429,
		ARCHIVE,
		'Intercom asked to wait before the request is sent again. Run the item again later, or space the items out with the Batching option.',
	],
	[
		'request_timeout',
		408,
		ARCHIVE,
		"Intercom timed out while processing the request. Try again later. The change may or may not have been made in Intercom: check the user there, or run the item again with the option 'Ignore Not Found' on (a user already done then gives a marker item instead of failing).",
	],
	[
		'server_error',
		500,
		ARCHIVE,
		`${RETRY_LATER} The change may or may not have been made in Intercom`,
	],
	['service_unavailable', 503, { ...ARCHIVE, write: false }, RETRY_LATER],
];

describe('C44: the advice is chosen by Intercom’s error code', () => {
	it.each(ROWS)('%s (HTTP %i) → its own advice', (code, status, action, advice) => {
		// Intercom's own words for not_found decide between "no such contact" and "no such endpoint".
		const message = code === 'not_found' ? 'Contact Not Found' : `Message for ${code}`;
		const error = intercomApiError(
			node,
			readFailure(answer(status, errorList(code, message))),
			action,
			4,
		);
		expect(error.message).toBe(`Intercom: ${message} (${code})`);
		expect(error.httpCode).toBe(String(status));
		expect(error.context.itemIndex).toBe(4);
		expect(error.context.intercom).toMatchObject({ status, code, message, requestId: 'req-1' });
		const description = error.description ?? '';
		expect(description.slice(0, advice.length)).toBe(advice);
		expect(description.endsWith(' Request ID: req-1')).toBe(true);
		if (!TOKEN_CODES.has(code)) expect(description).not.toMatch(/token was rejected/i);
		if (!REGION_CODES.has(code)) expect(description).not.toMatch(/region/i);
	});

	it('every code in the table has a row above, and no row names a code the table lacks', () => {
		expect(ROWS.map(([code]) => code).sort()).toEqual([...CODE_ADVICE.keys()].sort());
	});

	it('a 401 whose code is token_unauthorized is not "the access token was rejected" and names no region', () => {
		const error = intercomApiError(
			node,
			readFailure(
				answer(401, {
					type: 'error.list',
					errors: [{ code: 'token_unauthorized', message: 'Not authorized to access resource' }],
				}),
			),
			{ ...UNARCHIVE_READ, write: true },
			0,
		);
		expect(error.message).toBe('Intercom: Not authorized to access resource (token_unauthorized)');
		expect(error.description).toContain('lacks a permission');
		expect(error.description).toContain("Intercom's Developer Hub");
		expect(error.description).not.toMatch(/rejected|region/i);
	});

	it('a 403 whose code is action_forbidden, api_plan_restricted or forbidden opens with no region advice', () => {
		for (const code of ['action_forbidden', 'api_plan_restricted', 'forbidden']) {
			const error = intercomApiError(
				node,
				readFailure(answer(403, errorList(code, 'No'))),
				DELETE,
				0,
			);
			expect(error.description).not.toMatch(/region|EU or Australia|token was rejected/i);
		}
	});

	it('request_timeout on a change is outcome unknown; on a read it is not', () => {
		const failure = readFailure(answer(408, errorList('request_timeout', 'Request Timeout')));
		expect(outcomeOf(intercomApiError(node, failure, ARCHIVE, 0))).toBe('unknown');
		expect(outcomeOf(intercomApiError(node, failure, { ...ARCHIVE, write: false }, 0))).toBe(
			undefined,
		);
	});

	it('a code that looks like an object key is not in the table (no prototype lookup)', () => {
		for (const code of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
			const error = intercomApiError(
				node,
				readFailure(answer(400, errorList(code, 'x'))),
				ARCHIVE,
				0,
			);
			expect(error.description).toBe(
				'Intercom did not accept the request for Email "wash@serenity.io". Request ID: req-1',
			);
		}
	});
});

describe('the HTTP status decides for an unknown code and for a body that is not Intercom’s (as before)', () => {
	it.each<[string, number, unknown, string]>([
		[
			'401, unknown code',
			401,
			errorList('token_weird', 'Nope'),
			"The access token was rejected. Check the Intercom credential (its Access Token, or reconnect an OAuth2 credential), and that it belongs to a workspace in the credential's region. Request ID: req-1",
		],
		[
			'401, HTML',
			401,
			'<html>401</html>',
			"The access token was rejected. Check the Intercom credential (its Access Token, or reconnect an OAuth2 credential), and that it belongs to a workspace in the credential's region. Response body: <html>401</html>",
		],
		[
			'403, unknown code',
			403,
			errorList('something_new', 'Nope'),
			"Intercom refused the request. If your workspace is hosted in the EU or Australia, pick that region in the credential; otherwise check the app's permissions and plan. Request ID: req-1",
		],
		[
			'403, HTML (C5)',
			403,
			'<html>Forbidden</html>',
			"Intercom refused the request. If your workspace is hosted in the EU or Australia, pick that region in the credential; otherwise check the app's permissions and plan. Response body: <html>Forbidden</html>",
		],
		[
			'404, HTML',
			404,
			'<html>Not Found</html>',
			'No user matches Email "wash@serenity.io", or that user is already archived. Response body: <html>Not Found</html>',
		],
		[
			'404 Resource Not Found (an unknown endpoint)',
			404,
			errorList('not_found', 'Resource Not Found'),
			"Intercom knows no such endpoint. Check the credential's Base URL (a proxy path may be wrong). Request ID: req-1",
		],
		[
			'409, unknown code',
			409,
			errorList('duplicate', 'Twice'),
			'Several users match Email "wash@serenity.io", so nobody was archived. Archive by User ID or by Intercom ID instead. Request ID: req-1',
		],
		[
			'422, unknown code',
			422,
			errorList('something_else', 'Bad'),
			'Intercom did not accept the request for Email "wash@serenity.io". Request ID: req-1',
		],
	])('%s', (_what, status, body, description) => {
		const error = intercomApiError(
			node,
			readFailure(answer(status, body)),
			{ ...ARCHIVE, write: false },
			0,
		);
		expect(error.description).toBe(description);
	});
});
