import type { IDataObject, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { selectorOptions, showFor } from '../../descriptions/common.fields';
import { idOf } from '../../intercom/answers';
import type { Restored } from '../../intercom/contacts';
import {
	archiveAgain,
	contactUnlessArchived,
	findContact,
	restoreToRead,
} from '../../intercom/contacts';
import {
	archivedLeadNotDeleted,
	outcomeOf,
	restoredNote,
	unknownIntercomId,
} from '../../intercom/errors';
import type { ItemContext } from '../../intercom/request';
import { path } from '../../intercom/request';
import { findUser, requestIdOf, userById } from '../../intercom/users';
import { DEFAULT_CONTACTS_API_VERSION } from '../../shared/types';
import { OPERATION_WORDS } from '../../shared/vocabulary';
import { toSafeError } from '../../intercom/networkErrors';
import { isNodeApiOrOperationError } from '../../transport/failures';
import { foundItem, unseenItem } from './dryRunItem';
import type { OperationFields } from './operation';

const { pastTense, selectorLabel } = OPERATION_WORDS.permanentlyDelete;
const shown = () => showFor(['permanentlyDelete']);

/** `noDataExpression`: only the builder, never a model, can confirm a deletion ({@link run} refuses expressions too). */
export const description: OperationFields = {
	selector: {
		displayName: selectorLabel,
		name: 'archiveBy',
		type: 'options',
		displayOptions: shown(),
		options: [selectorOptions.email, selectorOptions.id, selectorOptions.userId],
		default: 'email',
		description: 'How to find the user to delete permanently',
		hint: "A user archived earlier is found by Intercom ID only: Intercom's lookups by email or user_id do not show archived users.",
	},
	after: [
		{
			displayName:
				'Permanent deletion erases the user and their conversations from Intercom. It cannot be undone. Try the workflow with Options → Dry Run on first: it shows whom it would delete and deletes nobody.',
			name: 'permanentDeletionNotice',
			type: 'notice',
			default: '',
			displayOptions: shown(),
		},
		{
			displayName: 'Confirm Permanent Deletion',
			name: 'confirmPermanentDelete',
			type: 'boolean',
			default: false,
			noDataExpression: true,
			displayOptions: shown(),
			description:
				'Whether you understand that this permanently deletes the user and their conversations, which cannot be undone',
		},
		{
			displayName:
				'With the confirmation on, an AI agent using this tool can permanently delete any user it names. Only you can turn the confirmation on; the model cannot.',
			name: 'toolDeletionNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { '@tool': [true], ...shown().show } },
		},
	],
};

/** `confirmed` only when the saved value is the literal `true` (an expression could be filled by a model). */
function deletionConfirmation(context: ItemContext): 'confirmed' | 'expression' | 'off' {
	const saved = context.node.parameters.confirmPermanentDelete;
	if (typeof saved === 'string' && saved.startsWith('=')) return 'expression';
	return saved === true && context.parameter('confirmPermanentDelete', false) === true
		? 'confirmed'
		: 'off';
}

/** Erases the item's user (GDPR) once the builder confirmed it in the node; never a lead. */
export async function run(context: ItemContext): Promise<IDataObject> {
	const confirmation = deletionConfirmation(context);
	if (confirmation === 'expression') {
		throw new NodeOperationError(context.node, 'Permanent deletion must be confirmed in the node', {
			itemIndex: context.itemIndex,
			description:
				"'Confirm Permanent Deletion' is set by an expression, which an AI model or input data could fill in. Switch the toggle on in the node itself to run it. No request was sent.",
		});
	}
	if (confirmation === 'off') {
		throw new NodeOperationError(context.node, 'Permanent deletion is not confirmed', {
			itemIndex: context.itemIndex,
			description:
				"Deleting a user cannot be undone. Turn on 'Confirm Permanent Deletion' in the node (the switch below 'Delete By' and its value) and run again. No request was sent.",
		});
	}
	return context.api.generation === 'users'
		? await deleteUser(context)
		: await deleteContact(context);
}

/** Users API; resolves with `{ type: 'user_delete_request', id, intercom_user_id, deleted: true, user }`. */
async function deleteUser(context: ItemContext): Promise<IDataObject> {
	const erase = async (user: IDataObject): Promise<IDataObject> => {
		const intercomUserId = idOf(user);
		const answer = await context.call({
			method: 'POST',
			url: '/user_delete_requests',
			body: { intercom_user_id: intercomUserId },
		});
		return {
			type: 'user_delete_request',
			id: answer.id,
			intercom_user_id: intercomUserId,
			deleted: true,
			user,
		};
	};
	if (context.target.by !== 'id') return await erase(await findUser(context, pastTense));
	const read = await userById(context, pastTense);
	if ('user' in read) return await erase(read.user);
	return await eraseArchived(context, erase, {
		version: DEFAULT_CONTACTS_API_VERSION,
		unknown: (error) => unknownIntercomId(context, requestIdOf(error)),
	});
}

async function deleteContact(context: ItemContext): Promise<IDataObject> {
	const erase = async (contact: IDataObject) => ({
		...contact,
		...(await context.call({ method: 'DELETE', url: path('contacts', idOf(contact)) })),
	});
	if (context.target.by !== 'id') return await erase(await findContact(context, pastTense));
	const read = await contactUnlessArchived(context, pastTense);
	return 'contact' in read ? await erase(read.contact) : await eraseArchived(context, erase);
}

/**
 * Deletes an archived contact by Intercom ID only when it is a user (reads show no archived
 * record, so it is restored to tell a user from a lead); any failure archives it again first.
 */
async function eraseArchived(
	context: ItemContext,
	erase: (user: IDataObject) => Promise<IDataObject>,
	options: { version?: string; unknown?: (error: unknown) => unknown } = {},
): Promise<IDataObject> {
	const { version, unknown = (error: unknown) => error } = options;
	let restored: Restored;
	try {
		restored = await restoreToRead(context, version);
	} catch (error) {
		if (outcomeOf(error) === 'notFound') throw unknown(error);
		throw await archivedAgain(context, error, false, version);
	}
	if ('lead' in restored) throw archivedLeadNotDeleted(context, restored.rearchiveFailure);
	try {
		return await erase(restored.user);
	} catch (error) {
		throw await archivedAgain(context, error, true, version);
	}
}

/** Archives the restored contact again and says so; before the deletion was sent nothing is `unknown`. */
async function archivedAgain(
	context: ItemContext,
	error: unknown,
	erased: boolean,
	version?: string,
): Promise<NodeApiError | NodeOperationError> {
	const again = await archiveAgain(context, version);
	const safe = isNodeApiOrOperationError(error)
		? error
		: toSafeError(context.node, error, context.itemIndex, undefined);
	safe.description = [safe.description, restoredNote(again, erased)].filter(Boolean).join(' ');
	const intercom = safe.context.intercom as IDataObject | undefined;
	if (!erased && 'archived' in again && intercom?.outcome === 'unknown') delete intercom.outcome;
	return safe;
}

const eraseArchivedWords = (context: ItemContext) =>
	`${context.api.generation === 'users' ? 'Nor does the Contacts API show a contact with it. ' : ''}If it is an archived user, the real run restores it for a moment (POST /contacts/{id}/unarchive), reads it and deletes it. If it is an archived lead, the real run sees that, archives it again at once and fails: leads are never deleted. A dry run sends lookups only, so it cannot tell which.`;

const CONFIRMATION_NEEDED = {
	off: "The real run also needs 'Confirm Permanent Deletion' switched on in the node: it is off, so the real run would be refused before any request.",
	expression:
		"The real run also needs 'Confirm Permanent Deletion' switched on in the node itself: it is set by an expression, which the real run refuses before any request.",
};

/** Needs no confirmation; `confirmationNeeded` says whether the real run would be refused. */
export async function dryRun(context: ItemContext): Promise<IDataObject> {
	const confirmation = deletionConfirmation(context);
	const needed = confirmation === 'confirmed' ? [] : [CONFIRMATION_NEEDED[confirmation]];
	const withConfirmation = (json: IDataObject): IDataObject => ({
		...json,
		confirmationNeeded: confirmation !== 'confirmed',
	});
	if (context.target.by === 'id') {
		const read =
			context.api.generation === 'users'
				? await userById(context, pastTense)
				: await contactUnlessArchived(context, pastTense).then((found) =>
						'contact' in found ? { user: found.contact } : found,
					);
		if ('user' in read) {
			return withConfirmation(foundItem(context, 'permanentlyDelete', read.user, needed));
		}
		const explain = eraseArchivedWords(context);
		return withConfirmation(unseenItem(context, 'permanentlyDelete', explain, needed));
	}
	const user =
		context.api.generation === 'contacts'
			? await findContact(context, pastTense)
			: await findUser(context, pastTense);
	return withConfirmation(foundItem(context, 'permanentlyDelete', user, needed));
}
