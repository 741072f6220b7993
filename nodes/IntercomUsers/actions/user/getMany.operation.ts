import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ListContext } from '../../intercom/request';
import type { FilterPart, SearchFilter } from '../../intercom/search';
import { listContacts, MAX_FILTERS_PER_GROUP, overLimit, searchQuery } from '../../intercom/search';
import { toUnixSeconds } from '../../shared/dates';
import { characterProblem, checkTarget } from '../../shared/validation';
import { NO_REQUEST_FOR_ITEM } from '../../shared/words';
import { getManyFields } from './getMany.fields';
import type { OperationFields } from './operation';

/** Get Many's fields (see getMany.fields.ts). */
export const description: OperationFields = getManyFields;

export const readOnly = true;

/** The date filters: parameter, label, Intercom's field and operator. */
const DATE_FILTERS: Array<[string, string, string, '<' | '>']> = [
	['lastSeenBefore', 'Last Seen Before', 'last_seen_at', '<'],
	['lastSeenAfter', 'Last Seen After', 'last_seen_at', '>'],
	['createdBefore', 'Created Before', 'created_at', '<'],
	['createdAfter', 'Created After', 'created_at', '>'],
	['signedUpBefore', 'Signed Up Before', 'signed_up_at', '<'],
	['signedUpAfter', 'Signed Up After', 'signed_up_at', '>'],
];

/** The text filters: parameter, label, Intercom's field and operator, and whether a list is allowed. */
const TEXT_FILTERS: Array<[string, string, string, SearchFilter['operator'], boolean]> = [
	['email', 'Email', 'email', '=', false],
	['emailDomain', 'Email Domain', 'email', '$', true],
	['externalId', 'User ID', 'external_id', '=', false],
	['segmentId', 'Segment ID', 'segment_id', '=', true],
	['tagId', 'Tag ID', 'tag_id', '=', true],
];

/** A refused filter: the item fails naming it, and nothing is sent. */
function refused(
	context: ListContext,
	label: string,
	problem: string,
	hint = `Check the "${label}" of item ${context.itemIndex}.`,
): NodeOperationError {
	return new NodeOperationError(context.node, `${label} ${problem}`, {
		itemIndex: context.itemIndex,
		description: `${hint} ${NO_REQUEST_FOR_ITEM}`,
	});
}

/**
 * The value of a filter in Filters, or undefined when it was not added. An added filter whose
 * value is empty is refused: ignoring it would widen the search to every user.
 */
function filterValue(context: ListContext, filters: IDataObject, name: string, label: string) {
	if (!Object.prototype.hasOwnProperty.call(filters, name)) return undefined;
	const raw = filters[name];
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		throw refused(
			context,
			label,
			'is empty',
			`The "${label}" filter of item ${context.itemIndex} is in Filters but its value (or what its expression gave) is empty; without it every user would be listed. Give it a value or remove the filter.`,
		);
	}
	return raw;
}

/** The value and, when it has capitals, its lowercase form: Intercom may have stored either. */
const withLowercase = (value: string) => [...new Set([value, value.toLowerCase()])];

/** One value of a list filter (Email Domain, Segment ID, Tag ID): trimmed, one domain or ID. */
function listValue(context: ListContext, label: string, raw: string): string[] {
	const value = raw.trim().normalize('NFC');
	if (value === '') throw refused(context, label, 'holds an empty value');
	const bad = characterProblem(value);
	if (bad) throw refused(context, label, `"${value}" ${bad}`);
	if (/\s/.test(value)) throw refused(context, label, `"${value}" contains a space`);
	if (label !== 'Email Domain') return [value];
	const domain = value.replace(/^@/, '');
	if (domain.includes('@') || domain === '') {
		throw refused(context, label, `"${value}" is not a domain (expected example.com)`);
	}
	return withLowercase(`@${domain}`);
}

/** The Email or User ID filter, checked as the By fields are; an email with capitals in both forms. */
function singleValues(context: ListContext, name: string, raw: unknown): string[] {
	const by = name === 'email' ? 'email' : 'userId';
	const target = checkTarget(context, 'getMany', by, () => raw);
	if (by === 'email') return withLowercase(target.value);
	if (target.value.includes(',')) {
		throw refused(
			context,
			target.label,
			`"${target.value}" contains a comma: the filter takes one user_id`,
			`Give one user_id per item (split the list into items), or use Tag ID or Segment ID for a group.`,
		);
	}
	return [target.value];
}

/** A comma-separated list filter's values, each checked. */
function listValues(context: ListContext, label: string, raw: unknown): string[] {
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		throw refused(context, label, `must be text, but the value is ${typeof raw}`);
	}
	return String(raw)
		.split(',')
		.flatMap((value) => listValue(context, label, value));
}

function textParts(context: ListContext, filters: IDataObject): FilterPart[] {
	const parts: FilterPart[] = [];
	for (const [name, label, field, operator, list] of TEXT_FILTERS) {
		const raw = filterValue(context, filters, name, label);
		if (raw === undefined) continue;
		const values = list ? listValues(context, label, raw) : singleValues(context, name, raw);
		const unique = [...new Set(values)];
		parts.push({ label, filters: unique.map((value) => ({ field, operator, value })) });
	}
	return parts;
}

function dateParts(context: ListContext, filters: IDataObject): FilterPart[] {
	const parts: FilterPart[] = [];
	for (const [name, label, field, operator] of DATE_FILTERS) {
		const raw = filterValue(context, filters, name, label);
		if (raw === undefined) continue;
		const read = toUnixSeconds(raw, context.timezone);
		if ('problem' in read) throw refused(context, label, read.problem);
		parts.push({ label, filters: [{ field, operator, value: read.seconds }] });
	}
	return parts;
}

/** The builder's filters as search parts, users only unless leads are asked for; checks Intercom's limits. */
export function filterParts(context: ListContext, includeLeads: boolean): FilterPart[] {
	const filters = (context.parameter('filters', {}) ?? {}) as IDataObject;
	const parts = [
		includeLeads
			? {
					label: 'Include Leads',
					filters: [
						{ field: 'role', operator: '=', value: 'user' },
						{ field: 'role', operator: '=', value: 'lead' },
					] as SearchFilter[],
				}
			: {
					label: 'Users only',
					filters: [{ field: 'role', operator: '=', value: 'user' }] as SearchFilter[],
				},
		...dateParts(context, filters),
		...textParts(context, filters),
	];
	if (filters.noEmail === true) {
		if (parts.some((part) => part.label === 'Email' || part.label === 'Email Domain')) {
			throw refused(context, 'Has No Email', 'cannot be combined with Email or Email Domain');
		}
		parts.push({
			label: 'Has No Email',
			filters: [{ field: 'email', operator: '=', value: null }],
		});
	}
	const over = overLimit(parts);
	if (over) {
		throw refused(
			context,
			over.label,
			`holds ${over.count} filters, but Intercom's search takes at most ${MAX_FILTERS_PER_GROUP} in one group`,
		);
	}
	return parts;
}

/** Return All, or the Limit (a whole number of at least 1). */
function limitOf(context: ListContext): number | undefined {
	if (context.parameter('returnAll', false) === true) return undefined;
	const limit = context.parameter('limit', 50);
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw refused(
			context,
			'Limit',
			`must be a whole number of at least 1, but the value is ${String(limit)}`,
		);
	}
	return limit;
}

/** Lists the users the filters find (Contacts API search), each page once; never a lead unless asked for. */
export async function list(context: ListContext): Promise<IDataObject[]> {
	if (context.api.generation !== 'contacts') {
		throw new NodeOperationError(context.node, 'Get Many needs the Contacts API (2.x)', {
			itemIndex: context.itemIndex,
			description: `The Users API (1.4) lists users only through Intercom's deprecated list and scroll endpoints. Set API to 'Contacts API (2.x)'. ${NO_REQUEST_FOR_ITEM}`,
		});
	}
	const options = (context.parameter('options', {}) ?? {}) as IDataObject;
	const includeLeads = options.includeLeads === true;
	const limit = limitOf(context);
	const query = searchQuery(filterParts(context, includeLeads));
	const keep = (contact: IDataObject) => includeLeads || contact.role === 'user';
	const listing = await listContacts(context, query, limit, keep);
	if (listing.repeatedCursor) {
		throw new NodeOperationError(context.node, 'Intercom sent a page cursor it had sent before', {
			itemIndex: context.itemIndex,
			description: `The search stopped after ${listing.contacts.length} users so as not to read a page twice; the list is incomplete. Run the item again; if it repeats, narrow the filters. Nothing was changed.`,
		});
	}
	return listing.contacts;
}
