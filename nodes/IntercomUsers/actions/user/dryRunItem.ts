import type { IDataObject } from 'n8n-workflow';

import { outcomeOf } from '../../intercom/errors';
import type { ItemContext } from '../../intercom/request';
import type { DryRunItem, DryRunOutcome, UserOperation } from '../../shared/types';
import { OPERATION_WORDS } from '../../shared/vocabulary';

/** Said by every dry-run item: why nothing changed. */
export const NOTHING_CHANGED = 'Nothing was changed: a dry run sends lookups only.';

/** `Email "ann@example.com"`: the item's field and value, as the errors name them. */
export const named = (context: ItemContext) => `${context.target.label} "${context.target.value}"`;

export function dryRunItem(
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
export function foundItem(
	context: ItemContext,
	operation: UserOperation,
	user: IDataObject,
	extra: string[] = [],
): IDataObject {
	const { name, wouldDo } = OPERATION_WORDS[operation];
	const noun = context.api.generation === 'contacts' ? 'user (contact)' : 'user';
	return dryRunItem(
		context,
		operation,
		'wouldChange',
		`Dry run: ${name} would ${wouldDo} this user`,
		[
			`Exactly one ${noun} matches ${named(context)}: Intercom ID ${String(user.id)}. The real run would ${wouldDo} it.`,
			...extra,
			NOTHING_CHANGED,
		],
		user,
	);
}

/** The `wouldChangeIfArchived` item: no lookup shows archived users, which the real run acts on too. */
export function unseenItem(
	context: ItemContext,
	operation: UserOperation,
	explain: string,
	extra: string[] = [],
): IDataObject {
	const { name, wouldDo } = OPERATION_WORDS[operation];
	const noun = context.api.generation === 'contacts' ? 'contact' : 'user';
	const unknown = noun === 'contact' ? 'Contact Not Found' : 'User Not Found';
	return dryRunItem(
		context,
		operation,
		'wouldChangeIfArchived',
		`Dry run: ${name} would ${wouldDo} this user if it is archived`,
		[
			`Intercom shows no active ${noun} with ${named(context)}. ${explain}`,
			`Archived ${noun}s appear in no lookup, so a dry run cannot tell an archived ${noun} from an unknown or deleted ID: if no ${noun} has this ID, the real run fails with ${unknown} (or gives the notFound marker with Ignore Not Found).`,
			...extra,
			NOTHING_CHANGED,
		],
	);
}

/** Runs `lookup`: `{ user }`, or `{ unseen }` ({@link unseenItem}) on Intercom's not-found. */
export async function unlessArchived(
	context: ItemContext,
	operation: UserOperation,
	lookup: () => Promise<IDataObject>,
	explain: string,
): Promise<{ user: IDataObject } | { unseen: IDataObject }> {
	const result = await lookup().then(
		(user) => ({ user }),
		(error: unknown) => ({ error }),
	);
	if ('user' in result) return result;
	if (outcomeOf(result.error) !== 'notFound') throw result.error;
	return { unseen: unseenItem(context, operation, explain) };
}
