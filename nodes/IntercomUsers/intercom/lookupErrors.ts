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

/** A lookup's error that reads like Intercom's own answer. */
function lookupError(
	subject: LookupSubject,
	failure: IntercomFailure,
	description: string,
	extra: IDataObject = {},
): NodeApiError {
	const message = `Intercom: ${failure.message} (${failure.code})`;
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

/** A lookup found nobody, or only leads (`notFound`); the words note the search is eventually consistent. */
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
	const extra = leads.length > 0 ? { leads: leads.length } : {};
	return lookupError(subject, failure, description, { outcome: 'notFound', ...extra });
}

/** The Intercom ID names a lead; not "not found", so Ignore Not Found does not hide it. */
export function leadNotUser(subject: LookupSubject, change: string): NodeApiError {
	return leadError(
		subject,
		false,
		`${USERS_ONLY} the lead was not ${change}: ${LEADS_NEVER_CHANGED}. ${NOTHING_CHANGED}`,
	);
}

/** Unarchive by Intercom ID restored a lead and archived it again, or failed to (`rearchiveFailure`). */
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

/** A lookup found several users, so none is changed; at most 20 candidates are named. */
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
		{ candidates: ids.slice(0, 20) },
	);
}

/** Permanently Delete by Intercom ID met an archived lead, restored it to read it and archived it again, or failed to. */
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

/** No user, lead or archived contact has the Intercom ID: reads like Intercom's own 404. */
export function unknownIntercomId(subject: LookupSubject, requestId?: string): NodeApiError {
	const { label, value } = subject.target;
	const description = [
		`No user matches ${fieldValue(label, value)}, or it was already deleted. ${NOTHING_DELETED}`,
		'Neither an active nor an archived user or lead has this ID.',
		requestId ? requestIdNote(requestId) : '',
	];
	const failure = { status: 404, code: 'not_found', message: 'User Not Found', requestId };
	return lookupError(subject, failure, description.filter(Boolean).join(' '), {
		outcome: 'notFound',
	});
}

/** How archiving a contact again went, after the node had restored it to read it. */
export type ArchivedAgain = { archived: true } | { gone: true } | { failure: string };

/** What became of a contact restored to be read, for the error of a deletion that failed. */
export function restoredNote(again: ArchivedAgain, erased: boolean): string {
	const sent = erased ? '' : ` ${NOTHING_DELETED}`;
	if ('archived' in again) {
		return `${RESTORED_TO_READ}; it archived it again after this, so it is archived.${sent}`;
	}
	if ('gone' in again) {
		return `${RESTORED_TO_READ}; archiving it again after this found no contact with this ID any more.${sent}`;
	}
	return `${RESTORED_TO_READ}, and archiving it again after this failed (${again.failure}): it may now be unarchived. Check it in Intercom.${sent}`;
}

/**
 * Several users match, but only part of them were seen (`seenPart`, e.g. `Intercom's answer
 * lists only 2`): the 409 of {@link ambiguousMatch}, naming how many (`count`) and the IDs seen.
 */
export function partialMatch(
	subject: LookupSubject,
	ids: string[],
	change: string,
	count: string,
	seenPart: string,
): NodeApiError {
	const { label, value } = subject.target;
	const seen = ids.length
		? ` Candidates seen (Intercom IDs): ${ids.slice(0, 20).join(', ')}, and more not listed.`
		: '';
	const error = ambiguousMatch(subject, ids, change);
	error.description =
		`${count} users match ${label} "${value}", but ${seenPart}, ` +
		`so nobody was ${change}.${seen} Use User ID or Intercom ID instead.`;
	return error;
}
