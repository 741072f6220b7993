import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { deleteContact } from '../intercom/contactsApi';
import type { ItemContext } from '../intercom/request';
import { deleteUser } from '../intercom/usersApi';

/**
 * Permanently Delete: erases the item's user (GDPR), only when the "Confirm
 * Permanent Deletion" toggle (`confirmPermanentDelete`) is switched on in the node
 * itself: its saved value must be the literal `true`. Off, or set by an expression
 * (a `$fromAI(...)` an AI agent's model fills in the tool variant, or a value from
 * input data), it rejects with a NodeOperationError before any request.
 * Intercom API 1.x: lookup for email/user_id, then `POST /user_delete_requests`
 * (resolves with `{ type: 'user_delete_request', id, intercom_user_id, user? }`);
 * API 2.x: lookup for email/external_id, then `DELETE /contacts/{id}`
 * (resolves with `{ type: 'contact', id, external_id, deleted: true }` over the contact found).
 */
export async function permanentlyDelete(context: ItemContext): Promise<IDataObject> {
	const confirmation = deletionConfirmation(context);
	if (confirmation === 'expression') {
		throw new NodeOperationError(context.node, 'Permanent deletion must be confirmed in the node', {
			itemIndex: context.itemIndex,
			description:
				'"Confirm Permanent Deletion" is set by an expression, which an AI model or input data could fill in. Switch the toggle on in the node itself to run it. No request was sent.',
		});
	}
	if (confirmation === 'off') {
		throw new NodeOperationError(context.node, 'Permanent deletion is not confirmed', {
			itemIndex: context.itemIndex,
			description:
				'Deleting a user cannot be undone. Turn on "Confirm Permanent Deletion" in the node (the switch below "Delete By" and its value) and run again. No request was sent.',
		});
	}
	return context.api.generation === 'users'
		? await deleteUser(context)
		: await deleteContact(context);
}

/**
 * How "Confirm Permanent Deletion" stands for the item: `confirmed` only when its saved
 * value is the literal `true` (switched on in the node itself) and it reads `true`;
 * `expression` when the saved value is an expression (which the real run refuses);
 * `off` otherwise. Dry Run reports it instead of refusing.
 */
export function deletionConfirmation(context: ItemContext): 'confirmed' | 'expression' | 'off' {
	const saved = context.node.parameters.confirmPermanentDelete;
	if (typeof saved === 'string' && saved.startsWith('=')) return 'expression';
	return saved === true && context.parameter('confirmPermanentDelete', false) === true
		? 'confirmed'
		: 'off';
}
