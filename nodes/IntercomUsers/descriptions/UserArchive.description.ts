import type { IExecuteSingleFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PlannedRequest } from '../transport/perItem';
import { runPerItem } from '../transport/perItem';

/** How the user to archive is picked: Intercom's id, the email, or your user_id. */
export type ArchiveBy = 'id' | 'email' | 'userId';

/** For each selector: the parameter holding its value and the label users see. */
export const ARCHIVE_BY: Record<ArchiveBy, { parameter: string; label: string }> = {
	id: { parameter: 'intercomId', label: 'Intercom ID' },
	email: { parameter: 'email', label: 'Email' },
	userId: { parameter: 'userId', label: 'User ID' },
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** True if `value` holds a C0 control character (U+0000–U+001F) or DEL (U+007F). */
function hasControlCharacter(value: string): boolean {
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}

/** local@domain: no whitespace, one `@` between a non-empty local part and a dotted domain. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * Reads the selector's value for this item and checks it. Rules (README,
 * "Validation"): numbers are taken as text; surrounding whitespace is trimmed
 * (values pasted from spreadsheets often carry it); numbers must be whole
 * (up to 2^53 − 1); the result must be
 * non-empty, well-formed Unicode without control characters; an email must look
 * like `local@domain.tld`; an Intercom ID must not be `.` or `..`, which URLs
 * read as folder steps. Throws a `NodeOperationError` naming the field otherwise.
 */
export function readArchiveTarget(context: IExecuteSingleFunctions): {
	by: ArchiveBy;
	value: string;
} {
	const by = context.getNodeParameter('archiveBy', 'email') as ArchiveBy;
	const itemIndex = context.getItemIndex();
	if (!Object.prototype.hasOwnProperty.call(ARCHIVE_BY, by)) {
		throw new NodeOperationError(
			context.getNode(),
			`Archive By "${String(by)}" is not supported. Use email, id or userId.`,
			{ itemIndex },
		);
	}
	const field = ARCHIVE_BY[by];
	const fail = (problem: string) =>
		new NodeOperationError(context.getNode(), `${field.label} ${problem}`, {
			itemIndex,
			description: `Check the "${field.label}" field of item ${itemIndex}. No request was sent for this item.`,
		});
	const raw = context.getNodeParameter(field.parameter, '') as unknown;
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
		throw fail(`"${value}" cannot be an Intercom ID`);
	}
	return { by, value };
}

/**
 * Intercom API 1.4, "Archive a user": `DELETE /users/{id}` (the id
 * percent-encoded as one path segment), `DELETE /users?email=…` or
 * `DELETE /users?user_id=…`; no body. Returns the User object.
 */
export function planArchive(context: IExecuteSingleFunctions): PlannedRequest {
	const { by, value } = readArchiveTarget(context);
	const action = { field: ARCHIVE_BY[by].label, value };
	if (by === 'id') return { url: `/users/${encodeURIComponent(value)}`, action };
	if (by === 'email') return { url: '/users', qs: { email: value }, action };
	return { url: '/users', qs: { user_id: value }, action };
}

/** The Archive entry of the User resource's Operation list, with its routing. */
export const archiveOperation: INodePropertyOptions = {
	name: 'Archive',
	value: 'archive',
	action: 'Archive a user',
	description: 'Archive (soft-delete) a user; Intercom keeps their data and history',
	routing: {
		request: { method: 'DELETE', url: '/users' },
		send: { paginate: true },
		operations: { pagination: runPerItem(planArchive) },
	},
};

const showFor = (archiveBy: ArchiveBy) => ({
	show: { resource: ['user'], operation: ['archive'], archiveBy: [archiveBy] },
});

/** The Archive operation's fields: the Archive By selector and one value field per selector. */
export const archiveFields: INodeProperties[] = [
	{
		displayName: 'Archive By',
		name: 'archiveBy',
		type: 'options',
		noDataExpression: false,
		displayOptions: { show: { resource: ['user'], operation: ['archive'] } },
		options: [
			{ name: 'Email', value: 'email', description: 'The email of the user' },
			{ name: 'ID', value: 'id', description: 'The ID Intercom gave the user' },
			{ name: 'User ID', value: 'userId', description: 'The user_id your app gave the user' },
		],
		default: 'email',
		description: 'How to find the user to archive',
	},
	{
		displayName: 'Intercom ID',
		name: ARCHIVE_BY.id.parameter,
		type: 'string',
		required: true,
		default: '',
		placeholder: '5714dd359a3fd47136000001',
		displayOptions: showFor('id'),
		description: 'The ID Intercom gave the user. Surrounding spaces are removed.',
	},
	{
		displayName: 'Email',
		name: ARCHIVE_BY.email.parameter,
		type: 'string',
		placeholder: 'name@example.com',
		required: true,
		default: '',
		displayOptions: showFor('email'),
		description:
			'Email of the user. If several users share it, nothing is archived and the item fails. Surrounding spaces are removed.',
	},
	{
		displayName: 'User ID',
		name: ARCHIVE_BY.userId.parameter,
		type: 'string',
		required: true,
		default: '',
		placeholder: '25',
		displayOptions: showFor('userId'),
		description: 'The user_id your app gave the user. Surrounding spaces are removed.',
	},
];
