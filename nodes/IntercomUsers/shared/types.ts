/** The node's types and constants, shared by every layer (the bottom of the dependency graph). */

import type { UserOperation } from './vocabulary';

export type { UserOperation };
export { USER_OPERATIONS } from './vocabulary';

/** How the user is picked: Intercom's id, the email, or your user_id (`external_id` in API 2.x). */
export type SelectBy = 'id' | 'email' | 'userId';

/** For each selector: the parameter holding its value and the label users see on that field. */
export const SELECT_BY: Record<SelectBy, { parameter: string; label: string }> = {
	id: { parameter: 'intercomId', label: 'Intercom ID' },
	email: { parameter: 'email', label: 'Email' },
	userId: { parameter: 'userId', label: 'User ID' },
};

/** The user an item is about: the selector, its checked (trimmed) value, and the field label. */
export interface Target {
	by: SelectBy;
	/** The value to send: trimmed, in Unicode NFC. */
	value: string;
	label: string;
	/** The value as given, when not in NFC: looked up as well when `value` finds nobody. */
	given?: string;
}

/** Which Intercom API generation an item uses, and the `Intercom-Version` header it sends. */
export interface ApiChoice {
	generation: 'users' | 'contacts';
	/** `1.4` for the Users API, e.g. `2.14` or `Unstable` for the Contacts API. */
	version: string;
}

/** The Contacts API's default `Intercom-Version`, also sent by the Users API path's one contact read. */
export const DEFAULT_CONTACTS_API_VERSION = '2.14';

/**
 * What a failed item's error says happened to its user (`context.intercom.outcome`, and
 * Ignore Not Found's marker); the meanings are in docs/outcomes-and-reruns.md.
 */
export type ItemOutcome = 'notFound' | 'probablyDone' | 'unknown' | 'cancelled';

/** The names of the options inside the Options collection. */
export const IGNORE_NOT_FOUND_OPTION = 'ignoreNotFound';

export const DRY_RUN_OPTION = 'dryRun';

/** What a dry run found for an item whose user the real run would act on. */
export type DryRunOutcome = 'wouldChange' | 'notArchived' | 'wouldChangeIfArchived';

/** The output item of a dry run whose lookup found what the real run would act on. */
export interface DryRunItem {
	dryRun: true;
	outcome: DryRunOutcome;
	operation: UserOperation;
	selector: SelectBy;
	value: string;
	message: string;
	description: string;
	/** The user as Intercom returned it to the lookup (not for `wouldChangeIfArchived`). */
	user?: Record<string, unknown>;
	/** Permanently Delete only: true when the real run would be refused for its confirmation. */
	confirmationNeeded?: boolean;
}

/**
 * The item output instead of an error with Ignore Not Found on, for the outcomes
 * `notFound` and `probablyDone`. It has no `id` and no `type`, so it never looks like a User.
 */
export interface OutcomeMarker {
	dryRun?: true;
	notFound?: true;
	probablyDone?: true;
	outcome: 'notFound' | 'probablyDone';
	operation: UserOperation;
	selector: SelectBy;
	value: string;
	message: string;
	description: string;
}

/**
 * The item of a row whose user another row of the run already changed (or would change):
 * the user is changed once. No `id` and no `type`, so it never counts as a second change.
 */
export interface DuplicateItem {
	dryRun?: true;
	duplicate: true;
	outcome: 'duplicate';
	operation: UserOperation;
	selector: SelectBy;
	value: string;
	/** The index (0-based, as n8n counts items) of the item that changed the user. */
	duplicateOf: number;
	message: string;
	description: string;
}

/**
 * The json of an item that failed under On Error → Continue (either mode), in the words
 * of {@link OutcomeMarker}; `field` names the field when the user was not known yet.
 */
export interface FailedItem {
	dryRun?: true;
	/** n8n's error message (n8n reads `json.error`). */
	error: string;
	outcome: 'failed' | ItemOutcome;
	operation: UserOperation;
	selector?: SelectBy;
	value?: string;
	field?: string;
	description: string;
}
