import type { INodeProperties } from 'n8n-workflow';

import type { ItemRun, ListRun } from '../../intercom/request';

/**
 * An operation's own fields: `api` only when not the shared one, `after` follows the value
 * fields, `options` replaces the shared Options. No `selector` for an operation that finds
 * users by filters: it shows no value field either.
 */
export interface OperationFields {
	selector?: INodeProperties;
	api?: INodeProperties;
	after?: INodeProperties[];
	options?: INodeProperties;
}

/** One operation of the User resource: its fields, its real run and its dry run. */
export interface ItemOperation {
	description: OperationFields;
	run: ItemRun;
	dryRun: ItemRun;
	/** True when it only reads: what it returns never counts as a change. */
	readOnly?: boolean;
}

/** An operation that lists the users its filters find: several output items per input item. */
export interface ListOperation {
	description: OperationFields;
	list: ListRun;
	readOnly: true;
}

export type Operation = ItemOperation | ListOperation;
