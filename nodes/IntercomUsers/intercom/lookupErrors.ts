import type { IDataObject, NodeApiError } from 'n8n-workflow';

import type { IntercomFailure } from './answers';
import { failureError, nodeApiError } from './nodeError';
import type { LookupSubject } from './words/phrases';
import {
	fieldValue,
	LEADS_NEVER_CHANGED,
	leadMessage,
	NOTHING_CHANGED,
	NOTHING_DELETED,
	requestIdNote,
	RESTORED_TO_READ,
	USERS_ONLY,
} from './words/phrases';

/** A lookup's error that reads like Intercom's own answer, `notFound` when `notFound` is set. */
function lookupError(
	subject: LookupSubject,
	failure: IntercomFailure,
	description: string,
	notFound = false,
): NodeApiError {
	const message = `Intercom: ${failure.message} (${failure.code})`;
	const extra: IDataObject = notFound ? { outcome: 'notFound' } : {};
	return failureError(subject.node, subject.itemIndex, failure, message, description, extra);
}

/** The error for a lead met where a user was wanted: no HTTP code, no outcome. */
function leadError(subject: LookupSubject, unarchived: boolean, description: string) {
	const { label, value } = subject.target;
	return nodeApiError(subject.node, 'lead', {
		message: leadMessage(label, value, unarchived),
		description,
		itemIndex: subject.itemIndex,
	});
}

/**
 * A lookup (Intercom API 1.1+ `GET /users?email=`, or 2.x contact search) found
 * nobody. Reads like Intercom's own 404: `Intercom: User Not Found (not_found)`
 * or `Intercom: Contact Not Found (not_found)`, HTTP code 404, outcome `notFound`.
 * Intercom's contact search is eventually consistent, so a contact changed just now
 * may not show yet. When only leads matched (`leads`: their Intercom ids), the
 * description says so instead: the node acts on users only.
 */
export function noMatch(
	subject: LookupSubject,
	kind: 'user' | 'contact',
	leads: string[] = [],
): NodeApiError {
	const target = fieldValue(subject.target.label, subject.target.value);
	const noun = kind === 'user' ? 'User' : 'Contact';
	const delay =
		kind === 'contact'
			? " Intercom's search can take a few minutes to show a new or changed contact, so one created or edited just now may not be found yet."
			: '';
	const description =
		leads.length > 0
			? `No user matches ${target}: only ${leads.length === 1 ? 'a lead has' : `${leads.length} leads have`} it (Intercom ID ${leads.slice(0, 20).join(', ')}), and the node acts on users only, so ${LEADS_NEVER_CHANGED}. ${NOTHING_CHANGED}`
			: `No ${kind} matches ${target}, or that ${kind} is archived (archived ${kind}s do not appear in lookups).${delay} ${NOTHING_CHANGED}`;
	const failure = { status: 404, code: 'not_found', message: `${noun} Not Found` };
	return lookupError(subject, failure, description, true);
}

/**
 * The Intercom id names a lead (Contacts API, role `lead`), not a user: the node
 * never changes a lead. Not "not found" either, so Ignore Not Found does not hide it.
 *
 * @param change what was not done, e.g. `archived`, `deleted`
 */
export function leadNotUser(subject: LookupSubject, change: string): NodeApiError {
	return leadError(
		subject,
		false,
		`${USERS_ONLY} the lead was not ${change}: ${LEADS_NEVER_CHANGED}. ${NOTHING_CHANGED}`,
	);
}

/**
 * Unarchive by Intercom ID restored a lead: Intercom shows no archived contact before
 * it is restored, so only the read-back showed role `lead`. The node has archived it
 * again before this error; when that failed (`rearchiveFailure`), the message says the
 * lead is now unarchived.
 */
export function unarchivedLead(subject: LookupSubject, rearchiveFailure?: string): NodeApiError {
	const restored = `${USERS_ONLY} ${LEADS_NEVER_CHANGED}. Unarchive had restored it, because Intercom cannot show an archived contact before it is restored`;
	return leadError(
		subject,
		rearchiveFailure !== undefined,
		rearchiveFailure === undefined
			? `${restored}; it was archived again at once, so it is as before.`
			: `${restored}, and archiving it again failed (${rearchiveFailure}): the lead is now unarchived. Archive it again in Intercom.`,
	);
}

/**
 * A lookup found several users, so none is changed. Message `Intercom: Multiple users
 * match this <field> (conflict)`, HTTP code 409; the description lists the candidates'
 * Intercom ids (at most 20) and suggests a more specific selector.
 */
export function ambiguousMatch(
	subject: LookupSubject,
	ids: string[],
	change: string,
): NodeApiError {
	const { label, value } = subject.target;
	const shown = ids.slice(0, 20).join(', ');
	const more = ids.length > 20 ? ` and ${ids.length - 20} more` : '';
	return lookupError(
		subject,
		{ status: 409, code: 'conflict', message: `Multiple users match this ${label}` },
		`${ids.length} users match ${fieldValue(label, value)}, so nobody was ${change}. Candidates (Intercom IDs): ${shown}${more}. Use User ID or Intercom ID instead.`,
	);
}

/**
 * Permanently Delete by Intercom ID met an archived lead: the node restored it to
 * read it (Intercom shows no archived contact), saw role `lead`, and archived it again
 * before this error. Nothing was deleted. When archiving it again failed
 * (`rearchiveFailure`), the message says the lead is now unarchived.
 */
export function archivedLeadNotDeleted(
	subject: LookupSubject,
	rearchiveFailure?: string,
): NodeApiError {
	const base = `${USERS_ONLY} the lead was not deleted: ${LEADS_NEVER_CHANGED}. ${RESTORED_TO_READ}`;
	return leadError(
		subject,
		rearchiveFailure !== undefined,
		rearchiveFailure === undefined
			? `${base}; it saw a lead and archived it again at once, so it is archived as before. ${NOTHING_DELETED}`
			: `${base}, and archiving it again failed (${rearchiveFailure}): the lead is now unarchived. Archive it again in Intercom. ${NOTHING_DELETED}`,
	);
}

/**
 * Permanently Delete by Intercom ID on the Users API found no record with the ID
 * (no active user or lead, and Intercom could not restore an archived contact).
 * Reads like Intercom's own 404, outcome `notFound`.
 *
 * @param requestId Intercom's request id of the 404, when known
 */
export function unknownIntercomId(subject: LookupSubject, requestId?: string): NodeApiError {
	const { label, value } = subject.target;
	const description = [
		`No user matches ${fieldValue(label, value)}, or it was already deleted. ${NOTHING_DELETED}`,
		'Neither an active nor an archived user or lead has this ID.',
		requestId ? requestIdNote(requestId) : '',
	];
	const failure = { status: 404, code: 'not_found', message: 'User Not Found', requestId };
	return lookupError(subject, failure, description.filter(Boolean).join(' '), true);
}

/**
 * How archiving a contact again went, after the node had restored it to read it:
 * `archived`, `gone` (Intercom answered 404: no contact with the ID any more), or the
 * archive's error message.
 */
export type ArchivedAgain = { archived: true } | { gone: true } | { failure: string };

/**
 * The sentences added to the error of a deletion by Intercom ID that failed after the
 * node had restored the archived contact to read it, saying what became of it.
 *
 * @param erased whether the deletion itself was sent (false: it failed before)
 */
export function restoredNote(again: ArchivedAgain, erased: boolean): string {
	const sent = erased ? '' : ` ${NOTHING_DELETED}`;
	if ('archived' in again) {
		return `${RESTORED_TO_READ}; it archived it again after this error, so it is archived.${sent}`;
	}
	if ('gone' in again) {
		return `${RESTORED_TO_READ}; archiving it again after this error found no contact with this ID any more.${sent}`;
	}
	return `${RESTORED_TO_READ}, and archiving it again after this error failed (${again.failure}): it may now be unarchived. Check it in Intercom.${sent}`;
}
