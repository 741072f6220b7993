import type { INodeProperties } from 'n8n-workflow';

import type { UserOperation } from '../shared/types';
import {
	DEFAULT_CONTACTS_API_VERSION,
	DRY_RUN_OPTION,
	IGNORE_NOT_FOUND_OPTION,
	SELECT_BY,
	SELECTOR_LABEL,
	USER_OPERATIONS,
} from '../shared/types';

const ALL_OPERATIONS = [...USER_OPERATIONS];

const forOperations = (operation: UserOperation[], extra: Record<string, string[]> = {}) => ({
	show: { resource: ['user'], operation, ...extra },
});

/** The operations that work on both APIs and by every selector. */
const ARCHIVE_AND_DELETE: UserOperation[] = ['archive', 'permanentlyDelete'];

const contactsApiOption = {
	name: 'Contacts API (2.x)',
	value: 'contacts',
	description:
		"Intercom's current API, where users are contacts. Pick it if your app is on 2.x and Intercom no longer serves you the Users API, or to unarchive. Looks users up first (a search, or a read by ID), then archives or deletes; returns the contact.",
};

/**
 * The API choice. Archive and Permanently Delete offer both APIs (default: Users API,
 * as in every saved workflow so far). Unarchive offers only the Contacts API, its
 * default: the Users API (1.4) has no unarchive. Both properties are named `api`,
 * each shown for its own operations, so the runner reads one parameter.
 */
export const apiFields: INodeProperties[] = [
	{
		displayName: 'API',
		name: 'api',
		type: 'options',
		displayOptions: forOperations(ARCHIVE_AND_DELETE),
		options: [
			contactsApiOption,
			{
				name: 'Users API (1.4)',
				value: 'users',
				description:
					'The default. Works even when your app is set to 2.x (the node sends Intercom-Version 1.4). Archive takes one request and returns the full User object; the fastest for bulk runs.',
			},
		],
		default: 'users',
		description:
			'Which Intercom API to call. Users API (1.4) unless Intercom has retired it for your workspace: both act on users only, never on leads.',
	},
	{
		displayName: 'API',
		name: 'api',
		type: 'options',
		displayOptions: forOperations(['unarchive']),
		options: [contactsApiOption],
		default: 'contacts',
		description:
			'Unarchive works only on the Contacts API (2.x): the Users API (1.4) cannot restore an archived user',
	},
	{
		displayName: 'Contacts API Version',
		name: 'contactsApiVersion',
		type: 'string',
		default: DEFAULT_CONTACTS_API_VERSION,
		placeholder: DEFAULT_CONTACTS_API_VERSION,
		displayOptions: forOperations(ALL_OPERATIONS, { api: ['contacts'] }),
		description: 'The Intercom-Version header to send: a 2.x version such as 2.14, or Unstable',
	},
];

const emailOption = { name: 'Email', value: 'email', description: 'The email of the user' };
const intercomIdOption = {
	name: SELECT_BY.id.label,
	value: 'id',
	description: 'The ID Intercom gave the user',
};
const userIdOption = {
	name: 'User ID',
	value: 'userId',
	description: 'The user_id your app gave the user (external_id in the Contacts API)',
};

/**
 * The selector, named for each operation, and one value field per selector.
 * Archive and Permanently Delete find the user by email (the default), Intercom ID or
 * User ID. Unarchive offers only the Intercom ID, its default: archived contacts do not
 * appear in Intercom's search, so an email or user_id cannot find them.
 */
export const targetFields: INodeProperties[] = [
	...(
		[
			['archive', 'How to find the user to archive'],
			[
				'permanentlyDelete',
				"How to find the user to delete permanently. A user archived earlier is found by Intercom ID only: archived users do not appear in Intercom's lookups by email or user_id.",
			],
		] as Array<[UserOperation, string]>
	).map(([operation, description]): INodeProperties => ({
		displayName: SELECTOR_LABEL[operation],
		name: 'archiveBy',
		type: 'options',
		displayOptions: forOperations([operation]),
		options: [emailOption, intercomIdOption, userIdOption],
		default: 'email',
		description,
	})),
	{
		displayName: SELECTOR_LABEL.unarchive,
		name: 'archiveBy',
		type: 'options',
		displayOptions: forOperations(['unarchive']),
		options: [intercomIdOption],
		default: 'id',
		description:
			"Unarchive finds the user only by Intercom ID: archived contacts do not appear in Intercom's search, so an email or user_id cannot find them",
	},
	{
		displayName: SELECT_BY.id.label,
		name: SELECT_BY.id.parameter,
		type: 'string',
		required: true,
		default: '',
		placeholder: '5714dd359a3fd47136000001',
		displayOptions: forOperations(ALL_OPERATIONS, { archiveBy: ['id'] }),
		description: 'The ID Intercom gave the user. Surrounding spaces are removed.',
	},
	{
		displayName: SELECT_BY.email.label,
		name: SELECT_BY.email.parameter,
		type: 'string',
		placeholder: 'name@example.com',
		required: true,
		default: '',
		displayOptions: forOperations(ALL_OPERATIONS, { archiveBy: ['email'] }),
		description:
			'Email of the user. If several users share it, nothing is changed and the item fails. Surrounding spaces are removed.',
	},
	{
		displayName: SELECT_BY.userId.label,
		name: SELECT_BY.userId.parameter,
		type: 'string',
		required: true,
		default: '',
		placeholder: '25',
		displayOptions: forOperations(ALL_OPERATIONS, { archiveBy: ['userId'] }),
		description:
			'The user_id your app gave the user (external_id in the Contacts API). Surrounding spaces are removed.',
	},
];

/**
 * The Options collection, shown for every User operation. It has no `routing`, so
 * n8n's routing engine sends none of it to Intercom; the per-item runner reads it.
 * - "Ignore Not Found" (`ignoreNotFound`, default off): an item whose user is not
 *   found (no match, or already archived / deleted) or was most likely changed by
 *   an earlier attempt gives a marker item `{ notFound: true, … }` /
 *   `{ probablyDone: true, … }` instead of an error (see `OutcomeMarker` in
 *   shared/types.ts), so a bulk run can be run again safely.
 * - "Dry Run" (`dryRun`, default off): every item makes the lookup the real run would
 *   make and nothing else; it gives a `{ dryRun: true, … }` item naming the operation
 *   and carrying the user as Intercom returned it (see `DryRunItem` in shared/types.ts),
 *   or the error / marker the real run would give. Safe, so the tool variant may let the
 *   model set it; the Permanently Delete confirmation stays the builder's.
 */
export const optionFields: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: forOperations(ALL_OPERATIONS),
		options: [
			{
				displayName: 'Dry Run',
				name: DRY_RUN_OPTION,
				type: 'boolean',
				default: false,
				description:
					'Whether to only look up whom the operation would change, and change nothing. Each item then says what the real run would do (dryRun: true) with the user as Intercom returned it, or fails as the real run would (not found, several matches). Permanently Delete needs no confirmation in a dry run. Turn it off to run for real.',
			},
			{
				displayName: 'Ignore Not Found',
				name: IGNORE_NOT_FOUND_OPTION,
				type: 'boolean',
				default: false,
				description:
					"Whether a user that is not found, or already archived, unarchived or deleted, gives an output item instead of an error, so a bulk run can be run again safely. That item has notFound: true. When Intercom's answer to a first attempt was lost (a gateway error or a dropped connection) and the repeat found the user already changed, the item has probablyDone: true: the first attempt most likely made the change.",
			},
		],
	},
];

/**
 * The toggle the Permanently Delete operation requires. `noDataExpression: true` keeps
 * it a plain toggle: n8n's editor offers no expression for it and, in the tool variant
 * ("Intercom Users Tool"), no "let the model define this parameter" button (n8n 2.x
 * offers that button only for parameters without `noDataExpression`). The action also
 * refuses a confirmation set by an expression (see actions/permanentlyDelete.ts), so
 * only the workflow's builder can confirm a deletion, never an AI model or input data.
 * In the tool variant a notice says what the confirmation allows.
 */
export const permanentlyDeleteFields: INodeProperties[] = [
	{
		displayName:
			'Permanent deletion erases the user and their conversations from Intercom. It cannot be undone. Try the workflow with Options → Dry Run on first: it shows whom it would delete and deletes nobody.',
		name: 'permanentDeletionNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['user'], operation: ['permanentlyDelete'] } },
	},
	{
		displayName: 'Confirm Permanent Deletion',
		name: 'confirmPermanentDelete',
		type: 'boolean',
		default: false,
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'], operation: ['permanentlyDelete'] } },
		description:
			'Whether you understand that this permanently deletes the user and their conversations, which cannot be undone',
	},
	{
		displayName:
			'With the confirmation on, an AI agent using this tool can permanently delete any user it names. Only you can turn the confirmation on; the model cannot.',
		name: 'toolDeletionNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: { '@tool': [true], resource: ['user'], operation: ['permanentlyDelete'] },
		},
	},
];
