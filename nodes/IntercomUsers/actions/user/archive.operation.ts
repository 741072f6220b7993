import type { IDataObject } from 'n8n-workflow';

import { selectorOptions, showFor } from '../../descriptions/common.fields';
import { idOf } from '../../intercom/answers';
import { findContact } from '../../intercom/contacts';
import type { ItemContext } from '../../intercom/request';
import { path } from '../../intercom/request';
import { findUser, refuseLead, usersUrl, viewUser } from '../../intercom/users';
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
			pastTense,
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
				? await refuseLead(context, viewUser(context), pastTense)
				: await findUser(context, pastTense);
	return foundItem(context, 'archive', user);
}
