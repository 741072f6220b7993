/**
 * The advice an Intercom error gets is chosen by Intercom's error code, not by the
 * HTTP status (C44): one row of the table per code, each checked here; the HTTP
 * status decides only for a code the table does not list and for a body that is not
 * Intercom's. No n8n engine, no sockets (the engine-level cases are in
 * test/error-codes.test.ts).
 */
import type { IN8nHttpFullResponse, INode } from 'n8n-workflow';

import type { FailedAction } from '../../../../nodes/IntercomUsers/intercom/errors';
import {
	CODE_ADVICE,
	intercomApiError,
	outcomeOf,
	readFailure,
} from '../../../../nodes/IntercomUsers/intercom/errors';

const node: INode = {
	id: 'n',
	name: 'Intercom Users',
	type: 'n8n-nodes-intercom-users.intercomUsers',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const answer = (statusCode: number, body: unknown): IN8nHttpFullResponse => ({
	statusCode,
	headers: {},
	body: typeof body === 'string' ? body : JSON.stringify(body),
});

const errorList = (code: string, message: string) => ({
	type: 'error.list',
	request_id: 'req-1',
	errors: [{ code, message }],
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
	"Copy the app's current access token from Intercom's Developer Hub (the app → Configure → Authentication) into the Intercom credential.";
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
		"The access token was rejected. Check the Access Token in the Intercom credential, and that it belongs to a workspace in the credential's region.",
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
		'Intercom found no access token on the request. Check that the Intercom credential has an Access Token, and that no proxy in between removes the Authorization header.',
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
		'Intercom timed out while processing the request. Try again later. The change may or may not have been made in Intercom: check the user there, or run the item again with the option "Ignore Not Found" on (a user already done then gives a marker item instead of an error).',
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
			"The access token was rejected. Check the Access Token in the Intercom credential, and that it belongs to a workspace in the credential's region. Request ID: req-1",
		],
		[
			'401, HTML',
			401,
			'<html>401</html>',
			"The access token was rejected. Check the Access Token in the Intercom credential, and that it belongs to a workspace in the credential's region. Response body: <html>401</html>",
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
