import type { IDataObject } from 'n8n-workflow';

import { selectorOptions, showFor } from '../../descriptions/common.fields';
import { idOf } from '../../intercom/answers';
import { findContact } from '../../intercom/contacts';
import type { ItemContext } from '../../intercom/request';
import { path } from '../../intercom/request';
import { leadNotUser } from '../../intercom/lookupErrors';
import { outcomeOf } from '../../intercom/nodeError';
import { findUser, usersUrl, viewUser } from '../../intercom/users';
import { DEFAULT_CONTACTS_API_VERSION } from '../../shared/types';
import { OPERATION_WORDS } from '../../shared/vocabulary';
import type { OperationFields } from './operation';
import { foundItem } from './dryRunItem';

const { pastTense, selectorLabel } = OPERATION_WORDS.archive;

/** Archive's fields: the selector, by every value. */
export const description: OperationFields = {
	selector: {
		displayName: selectorLabel,
		name: 'archiveBy',
		type: 'options',
		displayOptions: showFor(['archive']),
		options: [selectorOptions.email, selectorOptions.id, selectorOptions.userId],
		default: 'email',
		description: 'How to find the user to archive',
	},
};

/** Archives the item's user; resolves with the User (Users API) or the contact as found (Contacts API). */
export async function run(context: ItemContext): Promise<IDataObject> {
	if (context.api.generation === 'users') {
		return await refuseLead(
			context,
			context.call({ method: 'DELETE', url: usersUrl(context.target) }),
		);
	}
	const contact = await findContact(context, pastTense);
	const answer = await context.call({
		method: 'POST',
		url: path('contacts', idOf(contact), 'archive'),
	});
	return { ...contact, archived: answer.archived ?? true };
}

/** Archive's dry run: the lookup the real run would make (the Users API reads the user first). */
export async function dryRun(context: ItemContext): Promise<IDataObject> {
	const user =
		context.api.generation === 'contacts'
			? await findContact(context, pastTense)
			: context.target.by === 'id'
				? await refuseLead(context, viewUser(context))
				: await findUser(context, pastTense);
	return foundItem(context, 'archive', user);
}

/**
 * The Users API answers 404 for a lead's Intercom ID as for nobody: on that not-found, a
 * Contacts API read refuses a lead; anything else keeps the original error.
 */
async function refuseLead(
	context: ItemContext,
	attempt: Promise<IDataObject>,
): Promise<IDataObject> {
	const result = await attempt.then(
		(user) => ({ user }),
		(error: unknown) => ({ error }),
	);
	if ('user' in result) return result.user;
	if (context.target.by !== 'id' || outcomeOf(result.error) !== 'notFound') throw result.error;
	const url = path('contacts', context.target.value);
	const read = await context
		.call({ method: 'GET', url, version: DEFAULT_CONTACTS_API_VERSION })
		.catch(() => undefined);
	if (read?.role === 'lead') throw leadNotUser(context, pastTense);
	throw result.error;
}
