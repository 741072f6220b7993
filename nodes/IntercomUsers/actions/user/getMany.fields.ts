import type { INodeProperties } from 'n8n-workflow';

import { contactsApiOption, showFor } from '../../descriptions/common.fields';

const shown = (extra: Record<string, unknown[]> = {}) => showFor(['getMany'], extra);

const minors = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, n) => `2.${from + n}`);
// Plain value lists, not `_cnd.regex`: n8n runs a regex condition under a time limit that a busy
// worker can exceed, failing the item while it resolves the notices.
/** The versions whose search matches a timestamp by the calendar day (up to 2.16). */
const DAY_VERSIONS = minors(0, 16);
/** The versions whose search matches a timestamp by the exact second (2.17 on, Preview, Unstable). */
const SECOND_VERSIONS = [...minors(17, 99), 'Preview', 'Unstable'];

/** The notices above the filters say how Intercom compares the dates. */
const DATES =
	"A picked date is read in the workflow's time zone; an expression may give an ISO date, a DateTime such as $now.minus({ years: 2 }), or Unix seconds or milliseconds. Empty fails the item.";

const dateFilter = (name: string, displayName: string, what: string): INodeProperties => ({
	displayName,
	name,
	type: 'dateTime',
	default: '',
	description: what,
	hint: DATES,
});

const listFilter = (name: string, displayName: string, what: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	description: what,
	hint: 'Several, separated by commas, match any of them (at most 15). Empty fails the item.',
});

/** Get Many's filters; each is one search filter (a list: an OR group), all of them ANDed. */
const filtersField: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	displayOptions: shown(),
	options: [
		dateFilter(
			'createdAfter',
			'Created After',
			'Users created in Intercom after this time (created_at)',
		),
		dateFilter(
			'createdBefore',
			'Created Before',
			'Users created in Intercom before this time (created_at)',
		),
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. nathan@example.com',
			default: '',
			description:
				'The user with exactly this email (with capitals, the lowercase form is searched too)',
		},
		listFilter(
			'emailDomain',
			'Email Domain',
			'Users whose email is at this domain, e.g. example.com (with capitals, the lowercase form is searched too)',
		),
		{
			displayName: 'Has No Email',
			name: 'noEmail',
			type: 'boolean',
			default: false,
			description: 'Whether to list only users without an email',
		},
		dateFilter(
			'lastSeenAfter',
			'Last Seen After',
			'Users last seen after this time (last_seen_at)',
		),
		dateFilter(
			'lastSeenBefore',
			'Last Seen Before',
			'Users last seen before this time (last_seen_at): the inactive ones',
		),
		listFilter('segmentId', 'Segment ID', 'Users in this segment'),
		dateFilter(
			'signedUpAfter',
			'Signed Up After',
			'Users whose sign-up time (signed_up_at) is after this time',
		),
		dateFilter(
			'signedUpBefore',
			'Signed Up Before',
			'Users whose sign-up time (signed_up_at) is before this time',
		),
		listFilter('tagId', 'Tag ID', 'Users with this tag'),
		{
			displayName: 'User ID',
			name: 'externalId',
			type: 'string',
			default: '',
			description: 'The user whose user_id (external_id) your app set to this value (one value)',
		},
	],
};

const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: shown({ returnAll: [false], '@tool': [false] }),
};

/** The tool's Limit: an AI agent reads every result, so a shorter list by default. */
const toolLimitField: INodeProperties = {
	...limitField,
	default: 10,
	displayOptions: shown({ returnAll: [false], '@tool': [true] }),
};

/** Get Many's own fields: the Contacts API only, Return All / Limit, the date notices and the filters. */
export const getManyFields = {
	api: {
		displayName: 'API',
		name: 'api',
		type: 'options',
		displayOptions: shown(),
		options: [contactsApiOption],
		default: 'contacts',
		description:
			'Get Many works only on the Contacts API (2.x), whose search finds users by filters',
	} satisfies INodeProperties,
	after: [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			displayOptions: shown(),
			description: 'Whether to return all results or only up to a given limit',
		},
		limitField,
		toolLimitField,
		{
			displayName:
				"Contacts API up to 2.16: Intercom compares dates by the calendar day in your workspace's time zone. Last Seen Before 2024-06-15T18:00 lists users last seen before June 15 began there; After lists users from June 16 on.",
			name: 'dayDatesNotice',
			type: 'notice',
			default: '',
			displayOptions: shown({ contactsApiVersion: DAY_VERSIONS }),
		},
		{
			displayName:
				'Contacts API 2.17 and later, and Preview (formerly Unstable): Intercom compares dates to the exact second (UTC). Last Seen Before 2024-06-15T18:00 lists users last seen before that moment.',
			name: 'secondDatesNotice',
			type: 'notice',
			default: '',
			displayOptions: shown({ contactsApiVersion: SECOND_VERSIONS }),
		},
		filtersField,
	] satisfies INodeProperties[],
	options: {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: shown(),
		options: [
			{
				displayName: 'Include Leads',
				name: 'includeLeads',
				type: 'boolean',
				default: false,
				description: 'Whether to list leads as well as users',
				hint: 'The node never changes leads: Archive and Permanently Delete refuse them.',
			},
		],
	} satisfies INodeProperties,
};
