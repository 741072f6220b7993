import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** How the user is picked: Intercom's id, the email, or your user_id (`external_id` in API 2.x). */
export type SelectBy = 'id' | 'email' | 'userId';

/** For each selector: the parameter holding its value and the label users see. */
export const SELECT_BY: Record<SelectBy, { parameter: string; label: string }> = {
	id: { parameter: 'intercomId', label: 'Intercom ID' },
	email: { parameter: 'email', label: 'Email' },
	userId: { parameter: 'userId', label: 'User ID' },
};

/** The user an item is about: the selector, its checked value, and the field label. */
export interface Target {
	by: SelectBy;
	value: string;
	label: string;
}

/** Which Intercom API generation an item uses, and the `Intercom-Version` it sends. */
export interface ApiChoice {
	generation: 'users' | 'contacts';
	/** `1.4` for the Users API, e.g. `2.14` for the Contacts API. */
	version: string;
}

/** The operations of the User resource. */
export type UserOperation = 'archive' | 'unarchive' | 'permanentlyDelete';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** local@domain: no whitespace, one `@` between a non-empty local part and a dotted domain. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
/** A 2.x version such as `2.14`, or Intercom's `Unstable` version. */
const CONTACTS_VERSION = /^(2\.\d{1,2}|Unstable)$/;

/** True if `value` holds a C0 control character (U+0000–U+001F) or DEL (U+007F). */
function hasControlCharacter(value: string): boolean {
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}

/**
 * Reads the selector (`archiveBy`) and its value for this item and checks them.
 * Rules (README, "Validation"): whole numbers are taken as text; surrounding
 * whitespace is trimmed (values pasted from spreadsheets often carry it); the
 * result must be non-empty, well-formed Unicode without control characters;
 * an email must look like `local@domain.tld`; an Intercom ID must not be `.` or
 * `..`, which URLs read as folder steps. Throws a `NodeOperationError` naming the
 * field otherwise; then no request is sent for the item.
 */
export function readTarget(context: IExecuteSingleFunctions): Target {
	const by = context.getNodeParameter('archiveBy', 'email') as SelectBy;
	const itemIndex = context.getItemIndex();
	if (!Object.prototype.hasOwnProperty.call(SELECT_BY, by)) {
		const operation = context.getNodeParameter('operation', 'archive') as UserOperation;
		throw new NodeOperationError(
			context.getNode(),
			`${SELECTOR_LABEL[operation] ?? 'Archive By'} "${String(by)}" is not supported. Use email, id or userId.`,
			{ itemIndex, description: 'No request was sent for this item.' },
		);
	}
	const { label, parameter } = SELECT_BY[by];
	const fail = (problem: string) =>
		new NodeOperationError(context.getNode(), `${label} ${problem}`, {
			itemIndex,
			description: `Check the "${label}" field of item ${itemIndex}. No request was sent for this item.`,
		});
	const raw = context.getNodeParameter(parameter, '') as unknown;
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		throw fail(`must be text, but the value is ${raw === null ? 'null' : typeof raw}`);
	}
	if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
		throw fail(`must be text or a whole number, but the value is ${raw}`);
	}
	const value = String(raw).trim();
	if (value === '') {
		throw fail(String(raw) === '' ? 'is empty' : 'is only whitespace');
	}
	if (LONE_SURROGATE.test(value)) throw fail('contains a broken Unicode character');
	if (hasControlCharacter(value)) throw fail('contains a control character (such as a line break)');
	if (by === 'email' && !EMAIL.test(value)) {
		throw fail(`"${value}" is not an email address (expected name@example.com)`);
	}
	if (by === 'id' && (value === '.' || value === '..')) {
		throw fail(`"${value}" is not a valid ID (a path step, not an Intercom ID)`);
	}
	return { by, value, label };
}

/**
 * Reads the API choice: the Users API sends `Intercom-Version: 1.4`; the Contacts
 * API sends the chosen 2.x version, which must look like `2.<minor>`.
 */
export function readApi(context: IExecuteSingleFunctions): ApiChoice {
	const generation = context.getNodeParameter('api', 'users') as string;
	if (generation === 'users') return { generation, version: '1.4' };
	if (generation !== 'contacts') {
		throw new NodeOperationError(
			context.getNode(),
			`API "${generation}" is not supported. Use users or contacts.`,
			{ itemIndex: context.getItemIndex() },
		);
	}
	const version = String(context.getNodeParameter('contactsApiVersion', '2.14')).trim();
	if (!CONTACTS_VERSION.test(version)) {
		throw new NodeOperationError(
			context.getNode(),
			`Contacts API Version "${version}" is not a 2.x version (expected e.g. 2.14)`,
			{ itemIndex: context.getItemIndex(), description: 'No request was sent for this item.' },
		);
	}
	return { generation, version };
}

const ALL_OPERATIONS: UserOperation[] = ['archive', 'unarchive', 'permanentlyDelete'];

/** The selector's label for each operation. */
const SELECTOR_LABEL: Record<UserOperation, string> = {
	archive: 'Archive By',
	unarchive: 'Unarchive By',
	permanentlyDelete: 'Delete By',
};

const forOperations = (operation: UserOperation[], extra: Record<string, string[]> = {}) => ({
	show: { resource: ['user'], operation, ...extra },
});

/** The API choice, shown for every User operation. */
export const apiFields: INodeProperties[] = [
	{
		displayName: 'API',
		name: 'api',
		type: 'options',
		displayOptions: forOperations(ALL_OPERATIONS),
		options: [
			{
				name: 'Contacts API (2.x)',
				value: 'contacts',
				description: "Intercom's current API, where users are contacts",
			},
			{
				name: 'Users API (1.4)',
				value: 'users',
				description: 'The Users API; one request per archive, returns the full User object',
			},
		],
		default: 'users',
		description: 'Which generation of the Intercom API to call',
	},
	{
		displayName: 'Contacts API Version',
		name: 'contactsApiVersion',
		type: 'string',
		default: '2.14',
		placeholder: '2.14',
		displayOptions: forOperations(ALL_OPERATIONS, { api: ['contacts'] }),
		description: 'The Intercom-Version header to send: a 2.x version such as 2.14, or Unstable',
	},
];

const selectorOptions = [
	{ name: 'Email', value: 'email', description: 'The email of the user' },
	{ name: 'ID', value: 'id', description: 'The ID Intercom gave the user' },
	{
		name: 'User ID',
		value: 'userId',
		description: 'The user_id your app gave the user (external_id in the Contacts API)',
	},
];

/** The selector, named for each operation, and one value field per selector. */
export const targetFields: INodeProperties[] = [
	...(
		[
			['archive', 'How to find the user to archive'],
			['unarchive', 'How to find the user to unarchive'],
			['permanentlyDelete', 'How to find the user to delete permanently'],
		] as Array<[UserOperation, string]>
	).map(
		([operation, description]): INodeProperties => ({
			displayName: SELECTOR_LABEL[operation],
			name: 'archiveBy',
			type: 'options',
			displayOptions: forOperations([operation]),
			options: selectorOptions,
			default: 'email',
			description,
		}),
	),
	{
		displayName: 'Intercom ID',
		name: SELECT_BY.id.parameter,
		type: 'string',
		required: true,
		default: '',
		placeholder: '5714dd359a3fd47136000001',
		displayOptions: forOperations(ALL_OPERATIONS, { archiveBy: ['id'] }),
		description: 'The ID Intercom gave the user. Surrounding spaces are removed.',
	},
	{
		displayName: 'Email',
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
		displayName: 'User ID',
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
