import type { INodeProperties } from 'n8n-workflow';

import type { UserOperation } from '../shared/types';

/** The node version from which the output is simplified by default; older saved nodes stay raw. */
export const SIMPLIFY_FROM_VERSION = 1.1;

export const SIMPLIFY_PARAMETER = 'simplify';
export const OUTPUT_PARAMETER = 'output';
export const FIELDS_PARAMETER = 'fieldsToInclude';

/** The tool variant's Output choices. */
export type OutputChoice = 'simplified' | 'raw' | 'selected';

const fromVersion = { '@version': [{ _cnd: { gte: SIMPLIFY_FROM_VERSION } }] };

/**
 * How much of each user an item returns, shown for `operations`: the node gets n8n's Simplify
 * toggle, the tool variant the Output choice (Simplified, Raw, Selected Fields).
 */
export function outputFields(operations: UserOperation[]): INodeProperties[] {
	const shown = { resource: ['user'], operation: operations, ...fromVersion };
	return [
		{
			displayName: 'Simplify',
			name: SIMPLIFY_PARAMETER,
			type: 'boolean',
			default: true,
			displayOptions: { show: { ...shown, '@tool': [false] } },
			description: 'Whether to return a simplified version of the response instead of the raw data',
			hint: 'On: the ID, email, user ID, name and the outcome (Get and Get Many: the dates instead). Off: the whole user as Intercom returned it.',
		},
		{
			displayName: 'Output',
			name: OUTPUT_PARAMETER,
			type: 'options',
			default: 'simplified',
			displayOptions: { show: { ...shown, '@tool': [true] } },
			options: [
				{
					name: 'Simplified',
					value: 'simplified',
					description:
						'The ID, email, user ID and name, what was done, the outcome and a one-line message (a read: the dates instead)',
				},
				{
					name: 'Raw',
					value: 'raw',
					description: 'The whole user as Intercom returned it',
				},
				{
					name: 'Selected Fields',
					value: 'selected',
					description: 'Only the fields you list, always with the ID and the outcome',
				},
			],
			description: 'What the AI agent receives for each user',
		},
		{
			displayName: 'Fields to Include',
			name: FIELDS_PARAMETER,
			type: 'string',
			default: '',
			placeholder: 'e.g. email, name, custom_attributes.plan',
			displayOptions: { show: { ...shown, '@tool': [true], [OUTPUT_PARAMETER]: ['selected'] } },
			description:
				"Comma-separated names of the user's fields to return (a dot reaches into an object)",
			hint: 'The ID and the outcome always come along; items that changed nobody (dry run, not found, duplicate) come out simplified.',
		},
	];
}
