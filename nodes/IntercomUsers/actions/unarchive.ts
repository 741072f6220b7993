import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { unarchiveContact } from '../intercom/contactsApi';
import type { ItemContext } from '../intercom/request';

/**
 * Unarchive: restores an archived user. Intercom API 2.x `GET /contacts/{id}` (an
 * active lead is refused), `POST /contacts/{id}/unarchive`, then `GET /contacts/{id}`;
 * resolves with the contact, `archived: false`. A restored lead is archived again and
 * rejects (see `unarchiveContact`). The Users API (1.4) has no unarchive, and
 * archived contacts do not appear in 2.x search, so both of those reject with
 * a NodeOperationError before any request.
 */
export async function unarchive(context: ItemContext): Promise<IDataObject> {
	checkUnarchive(context);
	return await unarchiveContact(context);
}

/**
 * Rejects, before any request, what Unarchive cannot do: the Users API (1.4), or a
 * selector other than the Intercom ID (NodeOperationError naming the fix). Dry Run
 * applies the same check.
 */
export function checkUnarchive(context: ItemContext): void {
	const { node, itemIndex, target, api } = context;
	if (api.generation === 'users') {
		throw new NodeOperationError(node, 'Unarchive needs the Contacts API (2.x)', {
			itemIndex,
			description:
				'The Users API (1.4) cannot restore an archived user. Set API to "Contacts API (2.x)". No request was sent.',
		});
	}
	if (target.by !== 'id') {
		throw new NodeOperationError(
			node,
			`Unarchive by ${target.label} is not possible; use the Intercom ID`,
			{
				itemIndex,
				description:
					"Archived contacts do not appear in Intercom's search, so only the Intercom ID can find them. No request was sent.",
			},
		);
	}
}
