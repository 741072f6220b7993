import type { IDataObject } from 'n8n-workflow';

import { contactUnlessArchived, findContact, viewContact } from '../intercom/contactsApi';
import { leadNotUser, outcomeOf } from '../intercom/errors';
import type { ItemContext, ItemOperation } from '../intercom/request';
import { findUser, userById, viewUser } from '../intercom/usersApi';
import type { DryRunItem, DryRunOutcome, UserOperation } from '../shared/types';
import { deletionConfirmation } from './permanentlyDelete';
import { checkUnarchive } from './unarchive';

/** The operation's name as the node lists it, and what its real run does to the user. */
const WORDS: Record<UserOperation, { name: string; does: string }> = {
	archive: { name: 'Archive', does: 'archive' },
	unarchive: { name: 'Unarchive', does: 'restore' },
	permanentlyDelete: { name: 'Permanently Delete', does: 'permanently delete' },
};

/** Said by every dry-run item: why nothing changed. */
const NOTHING_CHANGED = 'Nothing was changed: a dry run sends lookups only.';

/** `Email "ann@example.com"`: the item's field and value, as the errors name them. */
const named = (context: ItemContext) => `${context.target.label} "${context.target.value}"`;

/** Builds the {@link DryRunItem} for `operation` (see there for the fields). */
function item(
	context: ItemContext,
	operation: UserOperation,
	outcome: DryRunOutcome,
	message: string,
	description: string[],
	user?: IDataObject,
): IDataObject {
	const json: DryRunItem = {
		dryRun: true,
		outcome,
		operation,
		selector: context.target.by,
		value: context.target.value,
		message,
		description: description.filter(Boolean).join(' '),
		...(user ? { user } : {}),
	};
	return json as unknown as IDataObject;
}

/** The item for exactly one user found: the real run would change it. */
function found(
	context: ItemContext,
	operation: UserOperation,
	user: IDataObject,
	extra: string[] = [],
): IDataObject {
	const { name, does } = WORDS[operation];
	const noun = context.api.generation === 'contacts' ? 'user (contact)' : 'user';
	return item(
		context,
		operation,
		'wouldChange',
		`Dry run: ${name} would ${does} this user`,
		[
			`Exactly one ${noun} matches ${named(context)}: Intercom ID ${String(user.id)}. The real run would ${does} it.`,
			...extra,
			NOTHING_CHANGED,
		],
		user,
	);
}

/**
 * The `wouldChangeIfArchived` item: no lookup shows an active user with the ID, and
 * the real run acts on archived users too, which no lookup shows. `explain` says what
 * the real run does then.
 */
function unseenItem(
	context: ItemContext,
	operation: UserOperation,
	explain: string,
	extra: string[] = [],
): IDataObject {
	const { name, does } = WORDS[operation];
	const noun = context.api.generation === 'contacts' ? 'contact' : 'user';
	const unknown = noun === 'contact' ? 'Contact Not Found' : 'User Not Found';
	return item(
		context,
		operation,
		'wouldChangeIfArchived',
		`Dry run: ${name} would ${does} this user if it is archived`,
		[
			`Intercom shows no active ${noun} with ${named(context)}. ${explain}`,
			`Archived ${noun}s appear in no lookup, so a dry run cannot tell an archived ${noun} from an unknown or deleted ID: if no ${noun} has this ID, the real run fails with ${unknown} (or gives the notFound marker with Ignore Not Found).`,
			...extra,
			NOTHING_CHANGED,
		],
	);
}

/**
 * Runs `lookup` and resolves with `{ user }`; when it fails with Intercom's not-found
 * (no active user has the ID), resolves with `{ unseen }`, the `wouldChangeIfArchived`
 * item ({@link unseenItem}), instead. Any other failure rejects as it came.
 */
async function unlessArchived(
	context: ItemContext,
	operation: UserOperation,
	lookup: () => Promise<IDataObject>,
	explain: string,
	extra: string[] = [],
): Promise<{ user: IDataObject } | { unseen: IDataObject }> {
	const result = await lookup().then(
		(user) => ({ user }),
		(error: unknown) => ({ error }),
	);
	if ('user' in result) return result;
	if (outcomeOf(result.error) !== 'notFound') throw result.error;
	return { unseen: unseenItem(context, operation, explain, extra) };
}

/**
 * Dry Run of Archive: the lookup the real run would make, and no change. Users API
 * (1.4): `GET /users/{id}`, `GET /users?email=` (a `user.list`: one user, else the
 * conflict or not-found the real run would give) or `GET /users?user_id=`. Contacts
 * API (2.x): the real run's own lookup (`GET /contacts/{id}`, or the search).
 */
async function dryArchive(context: ItemContext): Promise<IDataObject> {
	const user =
		context.api.generation === 'contacts'
			? await findContact(context, 'archived')
			: context.target.by === 'id'
				? await viewUser(context)
				: await findUser(context, 'archived');
	return found(context, 'archive', user);
}

/**
 * Dry Run of Unarchive (Contacts API, by Intercom ID; the same refusals as the real
 * run otherwise): `GET /contacts/{id}`. An active contact: `notArchived` (the real run
 * would change nothing). Not found: `wouldChangeIfArchived`, since Intercom shows no
 * archived contact.
 */
async function dryUnarchive(context: ItemContext): Promise<IDataObject> {
	checkUnarchive(context);
	const shown = await unlessArchived(
		context,
		'unarchive',
		async () => await viewContact(context),
		'If it is archived, the real run restores it (a lead it archives again at once, and fails).',
	);
	if ('unseen' in shown) return shown.unseen;
	if (shown.user.role === 'lead') throw leadNotUser(context, 'unarchived');
	return item(
		context,
		'unarchive',
		'notArchived',
		'Dry run: this user is not archived',
		[
			`Intercom shows an active contact with ${named(context)}, so it is not archived and the real run would change nothing.`,
			NOTHING_CHANGED,
		],
		shown.user,
	);
}

/**
 * What the real run of Permanently Delete by Intercom ID does with an ID no read shows,
 * for the `wouldChangeIfArchived` item: it restores the contact for a moment to tell an
 * archived user from an archived lead, which a dry run (lookups only) cannot do.
 */
const ERASE_ARCHIVED = (context: ItemContext) =>
	`${context.api.generation === 'users' ? 'Nor does the Contacts API show a contact with it. ' : ''}If it is an archived user, the real run restores it for a moment (POST /contacts/{id}/unarchive), reads it and deletes it. If it is an archived lead, the real run sees that, archives it again at once and fails: leads are never deleted. A dry run sends lookups only, so it cannot tell which.`;

/**
 * Dry Run of Permanently Delete: no confirmation needed, since nothing is deleted; the
 * item says whether the real run would be refused (`confirmationNeeded`). By Intercom
 * ID, the real run's reads (Users API: `GET /users/{id}`, then on its 404
 * `GET /contacts/{id}` with the Contacts API's version, see `userById`; Contacts API:
 * `GET /contacts/{id}`): the user (`wouldChange`), the lead refusal (`leadNotUser`, as
 * the real run), or, when no read shows the record, `wouldChangeIfArchived` (the real
 * run then restores it to tell an archived user, which it deletes, from an archived
 * lead, which it refuses). By email or user_id: the real run's own lookup.
 */
async function dryPermanentlyDelete(context: ItemContext): Promise<IDataObject> {
	const confirmation = deletionConfirmation(context);
	const needed =
		confirmation === 'off'
			? [
					'The real run also needs "Confirm Permanent Deletion" switched on in the node: it is off, so the real run would be refused before any request.',
				]
			: confirmation === 'expression'
				? [
						'The real run also needs "Confirm Permanent Deletion" switched on in the node itself: it is set by an expression, which the real run refuses before any request.',
					]
				: [];
	const withConfirmation = (json: IDataObject): IDataObject => ({
		...json,
		confirmationNeeded: confirmation !== 'confirmed',
	});
	if (context.target.by === 'id') {
		const shown =
			context.api.generation === 'users'
				? await userById(context)
				: await contactUnlessArchived(context, 'deleted').then((read) =>
						'contact' in read ? { user: read.contact } : read,
					);
		if ('user' in shown) {
			return withConfirmation(found(context, 'permanentlyDelete', shown.user, needed));
		}
		const explain = ERASE_ARCHIVED(context);
		return withConfirmation(unseenItem(context, 'permanentlyDelete', explain, needed));
	}
	const user =
		context.api.generation === 'contacts'
			? await findContact(context, 'deleted')
			: await findUser(context, 'deleted');
	return withConfirmation(found(context, 'permanentlyDelete', user, needed));
}

/**
 * What Options → Dry Run does for each operation, in place of its action: the same
 * checks and the same lookup the real run would make (paced and retried like any read),
 * and never a change. Resolves with a {@link DryRunItem}; rejects with the error the real
 * run would give for nobody, several users or a partial view (the conflict, 409), a lead
 * or bad input. The runner also refuses to send any request but a read in a dry run.
 */
export const DRY_RUNS: Record<UserOperation, ItemOperation> = {
	archive: dryArchive,
	unarchive: dryUnarchive,
	permanentlyDelete: dryPermanentlyDelete,
};
