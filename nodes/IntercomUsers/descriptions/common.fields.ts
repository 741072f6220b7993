import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { SelectBy, UserOperation } from '../shared/types';
import {
	DEFAULT_CONTACTS_API_VERSION,
	DRY_RUN_OPTION,
	IGNORE_NOT_FOUND_OPTION,
	NEWEST_CONTACTS_API_VERSION,
	SELECT_BY,
} from '../shared/types';
import { OPERATION_WORDS } from '../shared/vocabulary';

/** Shows a field for `operations` of the User resource (and `extra` conditions). */
export const showFor = (
	operations: UserOperation[],
	extra: Record<string, unknown[]> = {},
): IDisplayOptions => ({ show: { resource: ['user'], operation: operations, ...extra } });

/** Which credential the node uses; without it (every workflow saved before it existed) the access token. */
export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Access Token', value: 'accessToken' },
		{ name: 'OAuth2', value: 'oAuth2' },
	],
	default: 'accessToken',
};

/** Its `send.paginate` switches the node's per-item runner on for every operation. */
export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'User', value: 'user' }],
	default: 'user',
	routing: { send: { paginate: true } },
};

/** The Operation list, from the vocabulary, sorted by name as n8n lists options. */
export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['user'] } },
	options: (Object.keys(OPERATION_WORDS) as UserOperation[])
		.map((value) => {
			const { name, action, description } = OPERATION_WORDS[value];
			return { name, value, action, description };
		})
		.sort((a, b) => a.name.localeCompare(b.name)),
	default: 'archive',
};

/** The Contacts API choice, offered by every operation. */
export const contactsApiOption = {
	name: 'Contacts API (2.x)',
	value: 'contacts',
	description:
		"Intercom's current API: pick it if Intercom no longer serves your app the Users API, or to unarchive; finds the user first and returns the contact",
};

/**
 * The API choice of the operations that work on both APIs (default: Users API, as in
 * every saved workflow). An operation with another choice declares its own field named
 * `api`, so the runner reads one parameter.
 */
export const apiField: INodeProperties = {
	displayName: 'API',
	name: 'api',
	type: 'options',
	options: [
		contactsApiOption,
		{
			name: 'Users API (1.4)',
			value: 'users',
			description:
				'The default: works even when your app is set to 2.x, archives in one request (the fastest for bulk runs) and returns the full User object',
		},
	],
	default: 'users',
	description: 'Which Intercom API to call; both act on users only, never on leads',
};

/** The `Intercom-Version` sent on the Contacts API. */
export const contactsApiVersionField: INodeProperties = {
	displayName: 'Contacts API Version',
	name: 'contactsApiVersion',
	type: 'string',
	default: DEFAULT_CONTACTS_API_VERSION,
	placeholder: `e.g. ${DEFAULT_CONTACTS_API_VERSION}`,
	description: `The Intercom-Version header to send: ${DEFAULT_CONTACTS_API_VERSION} (the default), 2.15, ${NEWEST_CONTACTS_API_VERSION} (the newest) or Preview (formerly Unstable); any other 2.x version works too`,
};

/** The selector's choices; each operation's selector field offers those it can use. */
export const selectorOptions = {
	email: { name: 'Email', value: 'email', description: 'The email of the user' },
	id: { name: SELECT_BY.id.label, value: 'id', description: 'The ID Intercom gave the user' },
	userId: {
		name: 'User ID',
		value: 'userId',
		description: 'The user_id your app gave the user (external_id in the Contacts API)',
	},
};

/** One value field per selector, each shown when its selector is chosen. */
export const valueFields: Record<SelectBy, INodeProperties> = {
	id: {
		displayName: SELECT_BY.id.label,
		name: SELECT_BY.id.parameter,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 5714dd359a3fd47136000001',
		description: 'The ID Intercom gave the user',
	},
	email: {
		displayName: SELECT_BY.email.label,
		name: SELECT_BY.email.parameter,
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		required: true,
		default: '',
		description: 'Email of the user; if several users share it, nothing is changed',
	},
	userId: {
		displayName: SELECT_BY.userId.label,
		name: SELECT_BY.userId.parameter,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 25',
		description: 'The user_id your app gave the user (external_id in the Contacts API)',
	},
};

/**
 * The Options collection. It has no `routing`, so n8n sends none of it to Intercom; the
 * runner reads it. Dry Run is safe, so the tool variant may let the model set it.
 */
export const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Dry Run',
			name: DRY_RUN_OPTION,
			type: 'boolean',
			default: false,
			description: 'Whether to only look up whom the operation would change, and change nothing',
			hint: 'Each item says what the real run would do (dryRun: true), or fails as it would. Permanently Delete needs no confirmation here.',
		},
		{
			displayName: 'Ignore Not Found',
			name: IGNORE_NOT_FOUND_OPTION,
			type: 'boolean',
			default: false,
			description:
				'Whether a user not found (or already archived, unarchived or deleted) gives an item instead of failing, so a list can be run again safely',
			hint: 'That item has notFound: true. probablyDone: true: the first attempt most likely made the change (its answer was lost).',
		},
	],
};
