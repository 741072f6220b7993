import type { INodeProperties } from 'n8n-workflow';

import type { SelectBy, UserOperation } from '../shared/types';
import { showFor } from './common.fields';

/** The APIs, by the `api` parameter's values. */
export type ApiName = 'users' | 'contacts';

/** Which operation, API and selector the tool offers: a description is made for each. */
export interface ToolSetup {
	operation: UserOperation;
	api: ApiName;
	/** Undefined when the selector is set by an expression. */
	by?: SelectBy;
}

/** How far n8n's tool description should go: a model reads it for every call. */
export const TOOL_DESCRIPTION_LIMIT = 300;

const ACTS: Record<UserOperation, string> = {
	archive: 'Archive one Intercom user',
	unarchive: 'Unarchive (restore) one archived Intercom user',
	permanentlyDelete: 'Permanently delete one Intercom user and their conversations',
	get: 'Get one Intercom user',
	getMany: 'List the Intercom users that match the filters set in the node',
};

const BY: Record<SelectBy | 'any', string> = {
	email: 'by email',
	id: 'by Intercom ID',
	userId: 'by user_id',
	any: 'by email, Intercom ID or user_id',
};

const API: Record<ApiName, string> = { users: 'Users API 1.4', contacts: 'Contacts API 2.x' };

const UNDO: Record<UserOperation, string> = {
	archive: 'Can be undone: unarchive by Intercom ID.',
	unarchive: 'Undoes an archive; an active user is left as is.',
	permanentlyDelete: 'Cannot be undone; refused unless the builder confirmed it in the node.',
	get: 'Reads only; changes nothing.',
	getMany: 'Reads only; changes nothing. Leads are left out unless the node includes them.',
};

/** What a lookup by email or user_id cannot see, per operation. */
const HIDDEN: Partial<Record<UserOperation, string>> = {
	archive: 'An archived user is not found.',
};

const SEVERAL = 'If several users match, nobody is changed.';
const SEVERAL_READ = 'If several users match, none is returned.';
const LEADS = 'Never changes leads.';
const DRY_RUN = 'dryRun true (if offered) only looks the user up.';

/** The description a model is given for the tool: what it does, by which value, whether it can be undone, Dry Run. */
export function toolDescriptionText({ operation, api, by }: ToolSetup): string {
	if (operation === 'getMany') return `${ACTS[operation]} (${API[api]}). ${UNDO[operation]}`;
	const lookup = by !== 'id';
	const reads = operation === 'get';
	return [
		`${ACTS[operation]} ${BY[by ?? 'any']} (${API[api]}).`,
		UNDO[operation],
		lookup ? (reads ? SEVERAL_READ : SEVERAL) : '',
		lookup ? (HIDDEN[operation] ?? '') : '',
		reads ? '' : LEADS,
		reads ? '' : DRY_RUN,
	]
		.filter(Boolean)
		.join(' ');
}

/** Every setup the node offers: Unarchive is Contacts API and Intercom ID only. */
export function toolSetups(): ToolSetup[] {
	const setups: ToolSetup[] = [];
	const selectors: Array<SelectBy | undefined> = ['email', 'id', 'userId', undefined];
	for (const operation of ['archive', 'permanentlyDelete', 'get'] as const) {
		for (const api of ['users', 'contacts'] as const) {
			for (const by of selectors) setups.push({ operation, api, by });
		}
	}
	setups.push({ operation: 'unarchive', api: 'contacts', by: 'id' });
	setups.push({ operation: 'getMany', api: 'contacts' });
	return setups;
}

/**
 * The tool variant's "Description" field (n8n hands its value to the model as the tool's
 * description), one per setup with that setup's text as its default, so an untouched
 * description follows the operation, API and selector; shown on the tool variant only.
 * With its own `toolDescription` the node replaces n8n's generic "<action> in <node>".
 */
export function toolDescriptionFields(): INodeProperties[] {
	return toolSetups().map((setup) => {
		const shown = showFor([setup.operation], { api: [setup.api], '@tool': [true] });
		const displayOptions = setup.by
			? { show: { ...shown.show, archiveBy: [setup.by] } }
			: setup.operation === 'getMany'
				? shown
				: { ...shown, hide: { archiveBy: ['email', 'id', 'userId'] } };
		return {
			displayName: 'Description',
			name: 'toolDescription',
			type: 'string',
			default: toolDescriptionText(setup),
			typeOptions: { rows: 3 },
			displayOptions,
			description:
				'What the AI model is told about this tool; the default follows the operation, API and Archive By until you edit it',
		};
	});
}
