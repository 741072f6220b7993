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
	/** The field's label, e.g. `Email`. */
	label: string;
	/**
	 * The trimmed value as the item gave it, only when that is not in Unicode NFC (e.g.
	 * "e" + U+0301 for "é"): looked up as well when `value` finds nobody.
	 */
	given?: string;
}

/** Which Intercom API generation an item uses, and the `Intercom-Version` header it sends. */
export interface ApiChoice {
	generation: 'users' | 'contacts';
	/** `1.4` for the Users API, e.g. `2.14` or `Unstable` for the Contacts API. */
	version: string;
}

/**
 * The Contacts API's `Intercom-Version` when the node sets none: the default of the
 * "Contacts API Version" field, and the version the Users API path sends with its one
 * Contacts API read (`GET /contacts/{id}`, to tell a lead from an archived user).
 */
export const DEFAULT_CONTACTS_API_VERSION = '2.14';

/**
 * What a failed item's error says happened to its user, kept in the error's
 * `context.intercom.outcome` (and, with the "Ignore Not Found" option, in the
 * marker item that replaces the error):
 * - `notFound`: Intercom answered 404 "User Not Found" / "Contact Not Found", or
 *   a lookup found nobody: no such user, or it is already archived / deleted.
 *   Nothing was changed by this item.
 * - `probablyDone`: an earlier attempt of the change got no clear answer (a 5xx,
 *   or a dropped connection), and the repeat answered 404: the earlier attempt
 *   most likely made the change.
 * - `unknown`: a change was sent, but no clear answer came (a 5xx or a dropped
 *   connection, also after one retry, or the execution was cancelled while it was
 *   under way): it may or may not have been made.
 * - `cancelled`: the execution was cancelled before the item's change was sent;
 *   nothing was changed by this item.
 */
export type ItemOutcome = 'notFound' | 'probablyDone' | 'unknown' | 'cancelled';

/** Name of the "Ignore Not Found" option inside the node's Options collection (`options`). */
export const IGNORE_NOT_FOUND_OPTION = 'ignoreNotFound';

/** Name of the "Dry Run" option inside the node's Options collection (`options`). */
export const DRY_RUN_OPTION = 'dryRun';

/**
 * What a dry run found for an item whose user the real run would act on (see
 * {@link DryRunItem}):
 * - `wouldChange`: exactly one user matches; the real run would archive, restore or
 *   delete it. The item carries it in `user`.
 * - `notArchived` (Unarchive): the user is active, so the real run would change
 *   nothing. The item carries it in `user`.
 * - `wouldChangeIfArchived`: the real run acts by Intercom ID on a user that no lookup
 *   shows when it is archived (Unarchive; Permanently Delete by Intercom ID, which
 *   restores a contact no read shows to tell a user from a lead), and the lookups found
 *   no active user or lead: the real run would change an archived user with this ID,
 *   refuse an archived lead (archived again, nothing deleted), and fail with not found
 *   when no contact has it. No `user`.
 */
export type DryRunOutcome = 'wouldChange' | 'notArchived' | 'wouldChangeIfArchived';

/**
 * The output item of a dry run (Options → Dry Run) for an item whose lookup found what
 * the real run would act on. Nothing was changed: a dry run sends lookups only. Shape:
 * `{ dryRun: true, outcome, operation, selector, value, message, description, user?,
 * confirmationNeeded? }`. A lookup that finds nobody, several users or only part of the
 * matches fails (or gives the Ignore Not Found marker, with `dryRun: true`) as the real
 * run would.
 */
export interface DryRunItem {
	dryRun: true;
	outcome: DryRunOutcome;
	/** The operation the real run would run, e.g. `archive`. */
	operation: UserOperation;
	/** How the user was picked: `id`, `email` or `userId`. */
	selector: SelectBy;
	/** The value the item gave for it, trimmed. */
	value: string;
	/** What the real run would do, e.g. `Dry run: Archive would archive this user`. */
	message: string;
	/** Who was found and why, and what the real run still needs. */
	description: string;
	/**
	 * The user as Intercom returned it to the lookup: the User object (Users API 1.4:
	 * `GET /users/{id}`, the one entry of `GET /users?email=`'s `user.list`, or
	 * `GET /users?user_id=`) or the contact (Contacts API 2.x: `GET /contacts/{id}`, or the
	 * one user of the search). Missing for `wouldChangeIfArchived`.
	 */
	user?: Record<string, unknown>;
	/**
	 * Permanently Delete only: true when the real run would be refused because "Confirm
	 * Permanent Deletion" is off in the node (or set by an expression).
	 */
	confirmationNeeded?: boolean;
}

/**
 * The item the node outputs instead of an error when the "Ignore Not Found"
 * option is on and the item's outcome is `notFound` or `probablyDone` (see
 * {@link ItemOutcome}). It has no `id` and no `type`, so it never looks like
 * an archived User or contact; test it in an IF node with `{{ $json.notFound }}`,
 * `{{ $json.probablyDone }}` or `{{ $json.outcome }}`.
 * Shape: `{ notFound: true, outcome: 'notFound', operation, selector, value, message, description }`
 * or `{ probablyDone: true, outcome: 'probablyDone', operation, selector, value, message, description }`.
 */
export interface OutcomeMarker {
	/** Set when the item ran with Options → Dry Run on (the marker a real run would give). */
	dryRun?: true;
	notFound?: true;
	probablyDone?: true;
	outcome: 'notFound' | 'probablyDone';
	/** The operation of the item, e.g. `archive`. */
	operation: UserOperation;
	/** How the user was picked: `id`, `email` or `userId`. */
	selector: SelectBy;
	/** The value the item gave for it, trimmed. */
	value: string;
	/** The error message the item would have failed with, e.g. `Intercom: User Not Found (not_found)`. */
	message: string;
	/** What it means for this item (the error's description, with Intercom's request id when known). */
	description: string;
}

/**
 * The item of an input item whose user another item of the same run already changed
 * (or, in a dry run, would change): a list that names a user twice, or in two spellings
 * (`kaylee@serenity.io`, `Kaylee@Serenity.IO`), changes the user once, and the other
 * items say which item did it. It is output whether or not Ignore Not Found is on: the
 * user is as the item asked. It has no `id` and no `type`, so it never counts as a
 * second change. Shape: `{ duplicate: true, outcome: 'duplicate', operation, selector,
 * value, duplicateOf, message, description }`, with `dryRun: true` in a dry run.
 */
export interface DuplicateItem {
	/** Set when the item ran with Options → Dry Run on: nothing was changed. */
	dryRun?: true;
	duplicate: true;
	outcome: 'duplicate';
	/** The operation of the item, e.g. `archive`. */
	operation: UserOperation;
	/** How the user was picked: `id`, `email` or `userId`. */
	selector: SelectBy;
	/** The value the item gave for it, trimmed. */
	value: string;
	/** The index (0-based, as n8n counts items) of the item that changed the user. */
	duplicateOf: number;
	/** E.g. `Already archived by item 0 of this run`. */
	message: string;
	/** Which user, found under which spelling, and that this item sent no change. */
	description: string;
}

/**
 * The json of an item that failed under Settings → On Error → Continue (either mode),
 * paired with its input item; under Continue (using error output) the item also carries
 * n8n's `error` object (and n8n keeps only `error` of this json there). Shape:
 * `{ error, value, selector, operation, outcome, description }` (in that order), in the words of
 * {@link OutcomeMarker}. When the item failed before its user was known (bad input),
 * `value` is missing and `field` names the field, e.g. `Email`.
 */
export interface FailedItem {
	/** Set when the item ran with Options → Dry Run on: nothing was changed. */
	dryRun?: true;
	/** n8n's error message (n8n reads `json.error`), e.g. `Intercom: User Not Found (not_found)`. */
	error: string;
	/** `failed`, or the error's {@link ItemOutcome} (`notFound`, `probablyDone`, `unknown`, `cancelled`). */
	outcome: 'failed' | ItemOutcome;
	operation: UserOperation;
	selector?: SelectBy;
	value?: string;
	/** The field the bad value was read from, when no user was picked yet. */
	field?: string;
	/** What it means for this item (the error's description). */
	description: string;
}
