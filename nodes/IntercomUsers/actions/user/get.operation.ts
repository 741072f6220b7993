import type { IDataObject } from 'n8n-workflow';

import { selectorOptions, showFor } from '../../descriptions/common.fields';
import { findContact } from '../../intercom/contacts';
import type { ItemContext } from '../../intercom/request';
import { findUser, refuseLead, viewUser } from '../../intercom/users';
import { OPERATION_WORDS } from '../../shared/vocabulary';
import type { OperationFields } from './operation';

const { pastTense, selectorLabel } = OPERATION_WORDS.get;

/** Get's fields: the selector, by every value. */
export const description: OperationFields = {
	selector: {
		displayName: selectorLabel,
		name: 'archiveBy',
		type: 'options',
		displayOptions: showFor(['get']),
		options: [selectorOptions.email, selectorOptions.id, selectorOptions.userId],
		default: 'email',
		description: 'How to find the user (archived users and leads are never returned)',
	},
};

export const readOnly = true;

/**
 * Reads the item's user with the lookups the other operations make: the User (Users API) or
 * the contact (Contacts API). Several matches, nobody, or a lead fail as they do there (on the
 * Users API, a 404 by Intercom ID is followed by a Contacts API read that tells a lead apart).
 */
export async function run(context: ItemContext): Promise<IDataObject> {
	if (context.api.generation === 'contacts') return await findContact(context, pastTense);
	return context.target.by === 'id'
		? await refuseLead(context, viewUser(context), pastTense)
		: await findUser(context, pastTense);
}

/** Get changes nothing, so its dry run is the run itself. */
export const dryRun = run;
