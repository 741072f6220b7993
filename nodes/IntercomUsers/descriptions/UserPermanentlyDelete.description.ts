import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { deleteContact } from '../api/contactsApi';
import type { ItemContext } from '../api/request';
import { deleteUser } from '../api/usersApi';
import { runPerItem } from '../transport/perItem';

/**
 * Permanently deletes the item's user (GDPR erasure), only when the "Confirm
 * Permanent Deletion" toggle is on; otherwise fails before any request.
 * Intercom API 1.x: lookup for email/user_id, then `POST /user_delete_requests`;
 * API 2.x: lookup for email/external_id, then `DELETE /contacts/{id}`.
 */
export async function permanentlyDelete(context: ItemContext) {
	if (context.parameter('confirmPermanentDelete', false) !== true) {
		throw new NodeOperationError(context.node, 'Permanent deletion is not confirmed', {
			itemIndex: context.itemIndex,
			description:
				'Deleting a user cannot be undone. Turn on "Confirm Permanent Deletion" to run it. No request was sent.',
		});
	}
	return context.api.generation === 'users' ? await deleteUser(context) : await deleteContact(context);
}

/** The Permanently Delete entry of the User resource's Operation list, with its routing. */
export const permanentlyDeleteOperation: INodePropertyOptions = {
	name: 'Permanently Delete',
	value: 'permanentlyDelete',
	action: 'Permanently delete a user',
	description: 'Erase a user and their data for good (GDPR); this cannot be undone',
	routing: {
		send: { paginate: true },
		operations: { pagination: runPerItem(permanentlyDelete) },
	},
};

/** The toggle the Permanently Delete operation requires. */
export const permanentlyDeleteFields: INodeProperties[] = [
	{
		displayName: 'Confirm Permanent Deletion',
		name: 'confirmPermanentDelete',
		type: 'boolean',
		default: false,
		displayOptions: { show: { resource: ['user'], operation: ['permanentlyDelete'] } },
		description:
			'Whether you understand that this permanently deletes the user and their conversations, which cannot be undone',
	},
];
