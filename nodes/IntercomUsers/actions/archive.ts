import type { IDataObject } from 'n8n-workflow';

import { archiveContact } from '../intercom/contactsApi';
import type { ItemContext } from '../intercom/request';
import { archiveUser } from '../intercom/usersApi';

/**
 * Archive: archives the item's user. Intercom API 1.4 `DELETE /users…`
 * (resolves with the full User object), or API 2.x contact lookup +
 * `POST /contacts/{id}/archive` (resolves with the contact as found,
 * `archived: true`). Rejects with the n8n error for the item.
 */
export async function archive(context: ItemContext): Promise<IDataObject> {
	return context.api.generation === 'users'
		? await archiveUser(context)
		: await archiveContact(context);
}
