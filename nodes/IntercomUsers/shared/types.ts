import type { UserOperation } from './vocabulary';

export type { UserOperation };
export { USER_OPERATIONS } from './vocabulary';

/** How the user is picked: Intercom's id, the email, or your user_id (`external_id` in API 2.x). */
export type SelectBy = 'id' | 'email' | 'userId';

export const SELECT_BY: Record<SelectBy, { parameter: string; label: string }> = {
	id: { parameter: 'intercomId', label: 'Intercom ID' },
	email: { parameter: 'email', label: 'Email' },
	userId: { parameter: 'userId', label: 'User ID' },
};

/** The user an item is about. */
export interface Target {
	by: SelectBy;
	/** Trimmed, in Unicode NFC. */
	value: string;
	label: string;
	/** The value as given, when not in NFC: looked up as well when `value` finds nobody. */
	given?: string;
}

export interface ApiChoice {
	generation: 'users' | 'contacts';
	version: string;
}

/**
 * The Contacts API version a node sends unless its builder chose another. n8n saves no
 * parameter that equals its default, so every saved workflow that kept it sends whatever
 * this says: it stays 2.14 so that none of them changes version unasked.
 */
export const DEFAULT_CONTACTS_API_VERSION = '2.14';

/** Intercom's newest numbered Contacts API version (2.15 and 2.16 came after the default). */
export const NEWEST_CONTACTS_API_VERSION = '2.16';

/** What a failed item's error says happened to its user (docs/outcomes-and-reruns.md). */
export type ItemOutcome = 'notFound' | 'probablyDone' | 'unknown' | 'cancelled';

export const IGNORE_NOT_FOUND_OPTION = 'ignoreNotFound';

export const DRY_RUN_OPTION = 'dryRun';

export type DryRunOutcome = 'wouldChange' | 'notArchived' | 'wouldChangeIfArchived';

export interface DryRunItem {
	dryRun: true;
	outcome: DryRunOutcome;
	operation: UserOperation;
	selector: SelectBy;
	value: string;
	message: string;
	description: string;
	user?: Record<string, unknown>;
	/** Permanently Delete only: true when the real run would be refused for its confirmation. */
	confirmationNeeded?: boolean;
}

/** Ignore Not Found's item instead of an error; no `id` or `type`, so it never looks like a User. */
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

/** An item whose user another item of the run changed; no `id` or `type`, so no second change. */
export interface DuplicateItem {
	dryRun?: true;
	duplicate: true;
	outcome: 'duplicate';
	operation: UserOperation;
	selector: SelectBy;
	value: string;
	duplicateOf: number;
	message: string;
	description: string;
}

/** The json of an item that failed under On Error → Continue. */
export interface FailedItem {
	dryRun?: true;
	error: string;
	outcome: 'failed' | ItemOutcome;
	operation: UserOperation;
	selector?: SelectBy;
	value?: string;
	field?: string;
	description: string;
}
