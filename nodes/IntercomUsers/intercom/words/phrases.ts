import type { INode } from 'n8n-workflow';

import type { UserOperation } from '../../shared/types';
import type { AnswerShape } from '../answers';

/** What the failed request was trying to do, for the error's description. */
export interface FailedAction {
	/** The field label the user filled in, e.g. `Email`, and its trimmed value. */
	field: string;
	value: string;
	/** The `Intercom-Version` sent. */
	version?: string;
	operation?: UserOperation;
	noun?: 'user' | 'contact';
	/** True for a change (archive, unarchive, delete), false for a read. */
	write?: boolean;
	/** How an earlier attempt of this request ended without a clear answer, e.g. `HTTP 504`. */
	unclearAttempt?: string;
}

/** The item a lookup was for: its node, index and target (label and value). */
export interface LookupSubject {
	node: INode;
	itemIndex: number;
	target: { label: string; value: string };
}

/** Says the change's outcome is open, and how to settle it. */
export const MAY_OR_MAY_NOT = (noun: string) =>
	`The change may or may not have been made in Intercom: check the ${noun} there, or run the item again with the option 'Ignore Not Found' on (a ${noun} already done then gives a marker item instead of failing).`;

export const NOTHING_CHANGED = 'Nothing was changed.';
export const NOTHING_DELETED = 'Nothing was deleted.';
export const LEADS_NEVER_CHANGED = 'leads are never changed';
export const USERS_ONLY = 'The node acts on users only, so';
export const IN_REGION = "and that it belongs to a workspace in the credential's region.";
export const RUN_AGAIN_LATER = 'Run the item again later';

const VERBS: Record<UserOperation, string> = {
	archive: 'archive',
	unarchive: 'unarchive',
	permanentlyDelete: 'permanently delete',
	get: 'get',
	getMany: 'list',
};

/** What the refused request was for, e.g. `permanently delete the user with Intercom ID "…"`. */
export function attempted(action: FailedAction): string {
	const verb = VERBS[action.operation ?? 'archive'];
	const target = `the ${action.noun ?? 'user'} with ${targetOf(action)}`;
	return action.write === false ? `look up ${target} (to ${verb} it)` : `${verb} ${target}`;
}

export const fieldValue = (field: string, value: string) => `${field} "${value}"`;

/** The item's field and value, e.g. `Email "wash@serenity.io"`. */
export const targetOf = (action: FailedAction) => fieldValue(action.field, action.value);

/** `The request for <target>` for a change, `The lookup of <target>` for a read. */
export function requestOf(action: FailedAction): string {
	return action.write ? `The request for ${targetOf(action)}` : `The lookup of ${targetOf(action)}`;
}

/** What the change of an operation is called in texts: archived, unarchived, deleted. */
export function doneWord(operation: UserOperation | undefined): string {
	if (operation === 'permanentlyDelete') return 'deleted';
	return operation === 'unarchive' ? 'unarchived' : 'archived';
}

export function leadMessage(label: string, value: string, unarchived = false): string {
	return `${fieldValue(label, value)} is a lead, not a user${unarchived ? ', and is now unarchived' : ''}`;
}

/** Messages and sentences shared by several errors. */
export const timedOut = (ms: number | string) =>
	`Intercom did not answer within ${ms} ms (timed out)`;

export const unreachable = (why: string) => `Intercom could not be reached: ${why}`;

export const answeredHttp = (status: number) => `Intercom answered HTTP ${status}`;

export const requestIdNote = (id: string) => `Request ID: ${id}`;

/** Where Request Options → Timeout sits. */
export const RAISE_TIMEOUT =
	"To wait longer, raise the timeout on the node's Settings tab → Request Options → Timeout.";

/** A local epoch-ms time for an error's text: `2026-12-05 08:10:00 UTC`. */
export function utcTime(ms: number): string {
	const iso = new Date(ms).toISOString();
	return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** Why the node restores an archived contact before it deletes by ID, in the errors' words. */
export const RESTORED_TO_READ =
	'Intercom shows no archived contact, so to tell an archived user from an archived lead the node had restored it for a moment';

/** What the error says the answer could not be read as, for each shape. */
export const READ_AS: Record<AnswerShape, string> = {
	user: 'a user',
	userLookup: 'a user',
	contactList: 'a user',
	contactChange: 'a contact',
	deleteRequest: 'a user delete request',
	object: 'a JSON object',
};
