import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { contactsApiOption, selectorOptions, showFor } from '../../descriptions/common.fields';
import { restoreToRead, viewContact } from '../../intercom/contacts';
import { leadNotUser, outcomeOf, unarchivedLead } from '../../intercom/errors';
import type { ItemContext } from '../../intercom/request';
import { OPERATION_WORDS } from '../../shared/vocabulary';
import { dryRunItem, named, NOTHING_CHANGED, unlessArchived } from './dryRunItem';
import type { OperationFields } from './operation';

const { name, pastTense, selectorLabel } = OPERATION_WORDS.unarchive;

/** Contacts API only (the Users API has no unarchive), Intercom ID only (search hides archived contacts). */
export const description: OperationFields = {
	api: {
		displayName: 'API',
		name: 'api',
		type: 'options',
		displayOptions: showFor(['unarchive']),
		options: [contactsApiOption],
		default: 'contacts',
		description:
			'Unarchive works only on the Contacts API (2.x): the Users API (1.4) cannot restore an archived user',
	},
	selector: {
		displayName: selectorLabel,
		name: 'archiveBy',
		type: 'options',
		displayOptions: showFor(['unarchive']),
		options: [selectorOptions.id],
		default: 'id',
		description: "Only by Intercom ID: Intercom's search does not show archived contacts",
	},
};

function checkUnarchive(context: ItemContext): void {
	const { node, itemIndex, target, api } = context;
	if (api.generation === 'users') {
		throw new NodeOperationError(node, `${name} needs the Contacts API (2.x)`, {
			itemIndex,
			description:
				"The Users API (1.4) cannot restore an archived user. Set API to 'Contacts API (2.x)'. No request was sent.",
		});
	}
	if (target.by !== 'id') {
		throw new NodeOperationError(
			node,
			`${name} by ${target.label} is not possible; use the Intercom ID`,
			{
				itemIndex,
				description:
					"Archived contacts do not appear in Intercom's search, so only the Intercom ID can find them. No request was sent.",
			},
		);
	}
}

/** Restores an archived user; resolves with the contact (`archived: false`, with `outcome: 'notArchived'` when it was active); a lead is archived again. */
export async function run(context: ItemContext): Promise<IDataObject> {
	checkUnarchive(context);
	const before = await viewContact(context).then(
		(contact) => ({ contact }),
		(error: unknown) => ({ error }),
	);
	if ('contact' in before && before.contact.role === 'lead') {
		throw leadNotUser(context, pastTense);
	}
	// Intercom shows only active contacts: one that answers is not archived, so nothing to do.
	if ('contact' in before) return { ...before.contact, archived: false, outcome: 'notArchived' };
	if ('error' in before && outcomeOf(before.error) !== 'notFound') throw before.error;
	const restored = await restoreToRead(context);
	if ('lead' in restored) throw unarchivedLead(context, restored.rearchiveFailure);
	return { ...restored.user, archived: restored.answer.archived ?? false };
}

/** Reads the contact: active is `notArchived`, not found is `wouldChangeIfArchived`. */
export async function dryRun(context: ItemContext): Promise<IDataObject> {
	checkUnarchive(context);
	const shown = await unlessArchived(
		context,
		'unarchive',
		async () => await viewContact(context),
		'If it is archived, the real run restores it (a lead it archives again at once, and fails).',
	);
	if ('unseen' in shown) return shown.unseen;
	if (shown.user.role === 'lead') throw leadNotUser(context, pastTense);
	return dryRunItem(
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
