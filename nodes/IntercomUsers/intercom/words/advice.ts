import type { IntercomFailure } from '../answers';
import type { FailedAction } from './phrases';
import {
	attempted,
	IN_REGION,
	NOTHING_CHANGED,
	NOTHING_DELETED,
	RUN_AGAIN_LATER,
	targetOf,
} from './phrases';

/** Text that may depend on what the failed request was for. */
type Words = string | ((action: FailedAction, failure: IntercomFailure) => string);

/** What an Intercom error code means and what to do about it. */
export interface CodeAdvice {
	means: Words;
	todo?: Words;
}

/** Where an app's permissions are granted in Intercom. */
const PERMISSIONS_PAGE =
	"Intercom's Developer Hub: open the app → Configure → Authentication → edit permissions";

const TOKEN_REJECTED = 'The access token was rejected';
const CURRENT_TOKEN =
	"Copy the app's current access token from Intercom's Developer Hub (the app → Configure → Authentication) into the Intercom credential, or reconnect an OAuth2 credential.";
/** Both credential types: the access token is pasted, the OAuth2 token comes from Connect. */
const CHECK_TOKEN = `Check the Intercom credential (its Access Token, or reconnect an OAuth2 credential), ${IN_REGION}`;
const RETRY_LATER = 'Intercom could not process the request. Try again later.';
const VALUE_REFUSED: CodeAdvice = {
	means: (action) =>
		`Intercom did not accept the request for ${targetOf(action)}: a value in it is missing or invalid (Intercom's message names it).`,
	todo: (action) =>
		`Check the ${action.field}; if it is right, check that no proxy in between changes the request.`,
};

/** The advice for a 404 / `not_found`: no such user (per operation), or no such endpoint. */
function notFoundText(failure: IntercomFailure, action: FailedAction): string {
	if (failure.message !== undefined && !/(user|contact) not found/i.test(failure.message)) {
		return "Intercom knows no such endpoint. Check the credential's Base URL (a proxy path may be wrong).";
	}
	const noun = action.noun ?? 'user';
	const target = targetOf(action);
	if (action.operation === 'unarchive') {
		return `No ${noun} has ${target}, or it was permanently deleted. ${NOTHING_CHANGED}`;
	}
	if (action.operation === 'permanentlyDelete') {
		return `No ${noun} matches ${target}, or it was already deleted. ${NOTHING_DELETED}`;
	}
	return `No ${noun} matches ${target}, or that ${noun} is already archived.`;
}

/** The advice for a 409 / `conflict`: several users match, so none was changed. */
function conflictText(action: FailedAction): string {
	const [done, redo] =
		action.operation === 'permanentlyDelete'
			? ['deleted', 'Delete']
			: action.operation === 'get'
				? ['returned', 'Get the user']
				: ['archived', 'Archive'];
	return `Several users match ${targetOf(action)}, so nobody was ${done}. ${redo} by User ID or by Intercom ID instead.`;
}

/** The advice for `intercom_version_invalid`: the endpoint is not in the version applied. */
function versionText(action: FailedAction): string {
	return `This endpoint is not available in the API version Intercom applied. The node sends Intercom-Version ${action.version ?? '1.4'}; check that no proxy strips that header, and pick the API that matches the endpoint.`;
}

const RATE_LIMITED =
	"Intercom's rate limit was reached. Wait for the rate-limit window to refill, or space the items out with the Batching option.";

/**
 * Intercom's error codes and their advice. The code decides, not the status: a 401
 * `token_unauthorized` is a missing permission of a valid token; unlisted codes get the status's.
 */
export const CODE_ADVICE: ReadonlyMap<string, CodeAdvice> = new Map<string, CodeAdvice>([
	[
		'unauthorized',
		{
			means: `${TOKEN_REJECTED}.`,
			todo: CHECK_TOKEN,
		},
	],
	[
		'token_not_found',
		{
			means: `${TOKEN_REJECTED}: Intercom knows no such token.`,
			todo: `Check that the credential holds the whole access token, ${IN_REGION}`,
		},
	],
	[
		'token_revoked',
		{
			means: `${TOKEN_REJECTED}: it has been revoked (regenerated, or its app uninstalled).`,
			todo: CURRENT_TOKEN,
		},
	],
	['token_expired', { means: `${TOKEN_REJECTED}: it has expired.`, todo: CURRENT_TOKEN }],
	[
		'token_blocked',
		{
			means: 'Intercom has blocked the app this access token belongs to.',
			todo: "Contact Intercom's support: the app must be unblocked before it can call the API.",
		},
	],
	[
		'token_suspended',
		{
			means: 'Intercom has suspended the app this access token belongs to.',
			todo: "Contact Intercom's support to have the app reinstated.",
		},
	],
	[
		'missing_authorization',
		{
			means: 'Intercom found no access token on the request.',
			todo: 'Check that the Intercom credential has an Access Token (an OAuth2 credential: that it is connected), and that no proxy in between removes the Authorization header.',
		},
	],
	[
		'token_unauthorized',
		{
			means: (action) =>
				`The access token is valid, but its app lacks a permission it needs to ${attempted(action)}.`,
			todo: `Grant it in ${PERMISSIONS_PAGE}, turn on "Read and write users" and "Read and list users and companies", and save (an app connected through OAuth must then be installed again). The credential's Test (GET /me) passes without these permissions, so it cannot show this.`,
		},
	],
	[
		'forbidden',
		{
			means: (action) =>
				`Intercom does not allow this app to ${attempted(action)}; its message may name the missing permission.`,
			todo: `Check the app's permissions in ${PERMISSIONS_PAGE}.`,
		},
	],
	[
		'action_forbidden',
		{
			means: (action) =>
				`Intercom refused to let this app ${attempted(action)}: the action is not authorized.`,
			todo: `Intercom's message may say why. Check what the app may do in ${PERMISSIONS_PAGE}, and whether the workspace allows this action.`,
		},
	],
	[
		'api_plan_restricted',
		{
			means:
				"The workspace's Intercom plan does not include this API (an active subscription is needed).",
			todo: "Check the workspace's subscription in Intercom's billing settings, or ask the workspace's owner.",
		},
	],
	[
		'region_mismatch',
		{
			means:
				'The access token belongs to a workspace hosted in another region than the host the node called.',
			todo: "Pick the workspace's region in the Intercom credential (United States, Europe or Australia), or point a Custom Base URL at that region's host. The token itself can stay.",
		},
	],
	['intercom_version_invalid', { means: versionText }],
	['not_found', { means: (action, failure) => notFoundText(failure, action) }],
	[
		'contact_merged',
		{
			means: (action) =>
				`The contact with ${targetOf(action)} was merged into another contact; Intercom's Link header names that one.`,
			todo: 'Use the Intercom ID of the contact it was merged into.',
		},
	],
	[
		'not_restorable',
		{
			means: (action) =>
				`Intercom cannot restore the ${action.noun ?? 'user'} with ${targetOf(action)}: it was blocked.`,
			todo: 'Check it in Intercom; the API cannot undo a block.',
		},
	],
	['conflict', { means: conflictText }],
	[
		'unsupported',
		{
			means: (action) => `Intercom does not support this operation for ${targetOf(action)}.`,
			todo: "Intercom's message says why; check the node's API option (Users API or Contacts API).",
		},
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
	].map((code): [string, CodeAdvice] => [code, VALUE_REFUSED]),
	['rate_limit_exceeded', { means: RATE_LIMITED }],
	[
		'too_many_requests',
		{
			means: 'Intercom is receiving too many requests for this resource.',
			todo: `${RUN_AGAIN_LATER}.`,
		},
	],
	[
		'retry_after',
		{
			means: 'Intercom asked to wait before the request is sent again.',
			todo: `${RUN_AGAIN_LATER}, or space the items out with the Batching option.`,
		},
	],
	[
		'request_timeout',
		{ means: 'Intercom timed out while processing the request.', todo: 'Try again later.' },
	],
	['server_error', { means: RETRY_LATER }],
	['service_unavailable', { means: RETRY_LATER }],
]);

/** The advice of {@link CODE_ADVICE} for the failure's code, in words; undefined for a code not listed. */
export function codeAdviceText(failure: IntercomFailure, action: FailedAction): string | undefined {
	const advice = failure.code === undefined ? undefined : CODE_ADVICE.get(failure.code);
	if (!advice) return undefined;
	const say = (words: Words | undefined) =>
		typeof words === 'function' ? words(action, failure) : (words ?? '');
	return [say(advice.means), say(advice.todo)].filter(Boolean).join(' ');
}

/** The advice of the HTTP status, for a code {@link CODE_ADVICE} does not list or a body without one. */
function statusAdviceText(failure: IntercomFailure, action: FailedAction): string {
	const { status, code } = failure;
	if (status >= 200 && status < 300) {
		return `Intercom answered without a JSON object (empty or unreadable body), so the outcome for ${targetOf(action)} is unknown. Check the user in Intercom before retrying.`;
	}
	if (status === 401) {
		return `${TOKEN_REJECTED}. ${CHECK_TOKEN}`;
	}
	if (status === 403) {
		return "Intercom refused the request. If your workspace is hosted in the EU or Australia, pick that region in the credential; otherwise check the app's permissions and plan.";
	}
	if (status === 410 && code === undefined) {
		const api = action.noun === 'contact' ? 'Contacts API' : 'Users API';
		return `The address answered 410 Gone without Intercom's error body: this endpoint is no longer served for the API version sent (the node used the ${api} with Intercom-Version ${action.version ?? '1.4'}). ${action.noun === 'contact' ? "Check the node's Contacts API Version" : "Check the node's API: if Intercom no longer serves the Users API to your workspace, pick the Contacts API"}, and that no proxy rewrites the path or the Intercom-Version header.`;
	}
	if (status === 404) return notFoundText(failure, action);
	if (status === 409) return conflictText(action);
	if (status === 429) return RATE_LIMITED;
	if (status >= 500) return RETRY_LATER;
	return `Intercom did not accept the request for ${targetOf(action)}.`;
}

/** The description's advice: by Intercom's error code when it is known, else by the HTTP status. */
export function explain(failure: IntercomFailure, action: FailedAction): string {
	return codeAdviceText(failure, action) ?? statusAdviceText(failure, action);
}

/** An error code in words, for an answer that gave no message: `action_forbidden` → `Action forbidden`. */
export function codeWords(code: string): string {
	const words = code.replace(/_+/g, ' ').trim();
	return words ? words[0].toUpperCase() + words.slice(1) : 'Error';
}
