import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OutputChoice } from '../descriptions/output.fields';
import {
	FIELDS_PARAMETER,
	OUTPUT_PARAMETER,
	SIMPLIFY_FROM_VERSION,
	SIMPLIFY_PARAMETER,
} from '../descriptions/output.fields';
import type { ApiChoice, UserOperation } from '../shared/types';
import { NO_REQUEST_FOR_ITEM } from '../shared/words';

/** How an output item's json is shaped: Intercom's whole answer, the simplified fields, or chosen ones. */
export type OutputShape =
	| { kind: 'raw' }
	| { kind: 'simplified'; forModel?: true; role?: true }
	| { kind: 'selected'; fields: string[] };

export const RAW_OUTPUT: OutputShape = { kind: 'raw' };

/** What a simplified success says was done: its fields, its outcome and the message's verb. */
interface Done {
	fields: IDataObject;
	outcome: string;
	message: (who: string) => string;
}

/** Per operation that changes a user (a read gives the user's fields, see `readUser`). */
const DONE: Partial<Record<UserOperation, (json: IDataObject) => Done>> = {
	archive: () => ({
		fields: { archived: true },
		outcome: 'archived',
		message: (who) => `Archived user ${who}`,
	}),
	unarchive: (json) =>
		json.outcome === 'notArchived'
			? {
					fields: { archived: false },
					outcome: 'notArchived',
					message: (who) => `User ${who} is active: no change`,
				}
			: {
					fields: { archived: false },
					outcome: 'unarchived',
					message: (who) => `Unarchived user ${who}`,
				},
	permanentlyDelete: () => ({
		fields: { deleted: true },
		outcome: 'deleted',
		message: (who) => `Deleted user ${who}`,
	}),
};

/**
 * The dates a read adds, as Intercom sends them (Unix seconds): the Users API (1.4) calls the
 * last visit `last_request_at`, the Contacts API (2.x) `last_seen_at`.
 */
const READ_DATES = ['created_at', 'signed_up_at', 'last_request_at', 'last_seen_at'];

/** The operations that read users and change nothing. */
const READS: ReadonlySet<UserOperation> = new Set<UserOperation>(['get', 'getMany']);

/** Get Many's option that lists leads as well as users. */
const INCLUDE_LEADS_OPTION = 'includeLeads';

const WHO_LIMIT = 80;

type ReadParameter = (name: string, fallback: unknown) => unknown;

/**
 * The item's output shape: raw on node version 1 (saved workflows keep their output);
 * from 1.1 the Simplify toggle, or the tool variant's Output choice. Bad values fail the item.
 */
export function readOutputShape(
	node: INode,
	itemIndex: number,
	parameter: ReadParameter,
): OutputShape {
	if ((node.typeVersion ?? 1) < SIMPLIFY_FROM_VERSION) return RAW_OUTPUT;
	const refuse = (message: string, description: string) =>
		new NodeOperationError(node, message, {
			itemIndex,
			description: `${description} ${NO_REQUEST_FOR_ITEM}`,
		});
	if (!node.type.endsWith('Tool')) {
		const simplify = parameter(SIMPLIFY_PARAMETER, true);
		if (typeof simplify !== 'boolean') {
			throw refuse('Simplify must be true or false', "Switch 'Simplify' on or off in the node.");
		}
		return simplify ? { kind: 'simplified' } : RAW_OUTPUT;
	}
	const choice = parameter(OUTPUT_PARAMETER, 'simplified') as OutputChoice;
	if (choice === 'simplified') return { kind: choice, forModel: true };
	if (choice === 'raw') return { kind: choice };
	if (choice !== 'selected') {
		throw refuse(
			`Output "${String(choice)}" is not supported`,
			"Pick Simplified, Raw or Selected Fields under 'Output'.",
		);
	}
	const fields = fieldNames(parameter(FIELDS_PARAMETER, ''));
	if (!fields) {
		throw refuse(
			'Fields to Include must list field names',
			"Write them comma-separated in 'Fields to Include', e.g. email, name.",
		);
	}
	return { kind: 'selected', fields };
}

/**
 * A listing's output shape: with Include Leads on, each simplified item also carries its `role`,
 * so leads can be told from users; without it every item is a user and `role` would say nothing.
 */
export function listShape(shape: OutputShape, parameter: ReadParameter): OutputShape {
	const options = parameter('options', {});
	const leads = isObject(options) && options[INCLUDE_LEADS_OPTION] === true;
	return shape.kind === 'simplified' && leads ? { ...shape, role: true } : shape;
}

function fieldNames(value: unknown): string[] | undefined {
	const list = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [];
	if (!list.every((name) => typeof name === 'string')) return undefined;
	const names = (list as string[]).map((name) => name.trim()).filter(Boolean);
	return names.length > 0 ? names : undefined;
}

/**
 * The json of one output item in `shape`: a user answer becomes its simplified fields (a read's
 * with the user's dates) or the selected ones; an item that changed nobody (dry run, marker,
 * duplicate, failure) keeps its fields, which say what happened, with its `user` cut down to
 * the simplified fields. On the Users API (`generation`) the user's own ID is always `user_id`,
 * also where the node read a contact through the Contacts API (`external_id` there).
 */
export function shapeJson(
	json: IDataObject,
	operation: UserOperation,
	shape: OutputShape,
	generation?: ApiChoice['generation'],
): IDataObject {
	if (shape.kind === 'raw') return json;
	const person = (user: IDataObject) => personOf(user, generation === 'users');
	if (isReport(json)) {
		if (shape.kind === 'simplified' && shape.forModel) return reportForModel(json, person);
		return isObject(json.user) ? { ...json, user: person(json.user) } : json;
	}
	const simplified = READS.has(operation)
		? readUser(person(json), json, shape.kind === 'simplified' && shape.role === true)
		: simplifiedUser(json, operation, person);
	return shape.kind === 'simplified' ? simplified : selected(json, simplified, shape.fields);
}

/**
 * A report as a model gets it from the tool's Simplified output: the user's fields at the top,
 * without what the model itself chose (operation, selector, a value the user's fields repeat),
 * and without the description where the message and outcome already say it all.
 */
function reportForModel(json: IDataObject, personOf: (user: IDataObject) => IDataObject) {
	const { operation, selector, value, user, description, ...rest } = json;
	void operation;
	void selector;
	const person = isObject(user) ? personOf(user) : undefined;
	return {
		...rest,
		...(person ?? { value }),
		...(json.outcome === 'wouldChange' && json.confirmationNeeded !== true ? {} : { description }),
	};
}

/** True for an item that reports an outcome rather than carrying the user Intercom returned. */
function isReport(json: IDataObject): boolean {
	return (
		json.dryRun === true ||
		json.notFound === true ||
		json.probablyDone === true ||
		json.duplicate === true ||
		typeof json.error === 'string'
	);
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The user an answer is about: a Users API delete request carries it in `user`. */
function userOf(json: IDataObject): IDataObject {
	if (json.type !== 'user_delete_request') return json;
	return { ...(isObject(json.user) ? json.user : {}), id: json.intercom_user_id };
}

/**
 * The fields people map, in that order: `user_id` (Users API) or `external_id` (Contacts API);
 * `asUser` names a contact's `external_id` `user_id`, as the Users API does.
 */
function personOf(user: IDataObject, asUser = false): IDataObject {
	const person = pick(user, ['id', 'email', 'user_id', 'external_id', 'name']);
	if (!asUser || !Object.prototype.hasOwnProperty.call(person, 'external_id')) return person;
	const { external_id: externalId, ...rest } = person;
	const userId = Object.prototype.hasOwnProperty.call(rest, 'user_id') ? rest.user_id : externalId;
	return pick({ ...rest, user_id: userId }, ['id', 'email', 'user_id', 'name']);
}

/** The fields `keys` of `user` it has, in that order. */
function pick(user: IDataObject, keys: string[]): IDataObject {
	const picked: IDataObject = {};
	for (const key of keys) {
		if (Object.prototype.hasOwnProperty.call(user, key)) picked[key] = user[key];
	}
	return picked;
}

/** A user a read returned: the fields people map (`person`), its dates; `role` when leads may be listed. */
function readUser(person: IDataObject, user: IDataObject, withRole: boolean): IDataObject {
	return {
		...person,
		...pick(user, READ_DATES),
		...(withRole ? pick(user, ['role']) : {}),
	};
}

function simplifiedUser(
	json: IDataObject,
	operation: UserOperation,
	personOf: (user: IDataObject) => IDataObject,
): IDataObject {
	const user = userOf(json);
	const done = DONE[operation]?.(json);
	const outcome = done?.outcome ?? json.outcome;
	return {
		...personOf(user),
		...done?.fields,
		...(outcome === undefined ? {} : { outcome }),
		...(json.type === 'user_delete_request' ? { requestId: json.id } : {}),
		...(done ? { message: done.message(whoIs(user)) } : {}),
	};
}

/** How the message names the user: the email, else the user_id, else the Intercom ID (in `id` anyway). */
function whoIs(user: IDataObject): string {
	const email = typeof user.email === 'string' && user.email !== '' ? user.email : undefined;
	const userId = [user.user_id, user.external_id].find(
		(value): value is string => typeof value === 'string' && value !== '',
	);
	const who = email ?? (userId ? `with user_id ${userId}` : `with Intercom ID ${String(user.id)}`);
	return who.length > WHO_LIMIT ? `${who.slice(0, WHO_LIMIT - 1)}…` : who;
}

/** The listed fields (a dot reaches into an object), from the simplified fields or else the user. */
function selected(json: IDataObject, simplified: IDataObject, fields: string[]): IDataObject {
	const source = { ...userOf(json), ...simplified };
	const picked: IDataObject = { id: simplified.id };
	for (const field of fields) {
		const value = valueAt(source, field);
		if (value !== undefined) picked[field] = value as IDataObject[string];
	}
	if (simplified.outcome !== undefined) picked.outcome = simplified.outcome;
	return picked;
}

function valueAt(source: IDataObject, path: string): unknown {
	if (Object.prototype.hasOwnProperty.call(source, path)) return source[path];
	let value: unknown = source;
	for (const key of path.split('.')) {
		if (!isObject(value) || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		value = value[key];
	}
	return value;
}
