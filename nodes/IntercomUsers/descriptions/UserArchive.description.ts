import type { INodePropertyOptions } from 'n8n-workflow';

import { archiveContact } from '../api/contactsApi';
import type { ItemContext } from '../api/request';
import { archiveUser } from '../api/usersApi';
import { runPerItem } from '../transport/perItem';

/**
 * Archives the item's user: Intercom API 1.4 `DELETE /users…` (the full User
 * object back), or API 2.x contact lookup + `POST /contacts/{id}/archive` (the
 * contact as found, `archived: true`).
 */
export async function archive(context: ItemContext) {
	return context.api.generation === 'users'
		? await archiveUser(context)
		: await archiveContact(context);
}

/** The Archive entry of the User resource's Operation list, with its routing. */
export const archiveOperation: INodePropertyOptions = {
	name: 'Archive',
	value: 'archive',
	action: 'Archive a user',
	description: 'Archive (soft-delete) a user; Intercom keeps their data and history',
	routing: {
		send: { paginate: true },
		operations: { pagination: runPerItem(archive) },
	},
};
