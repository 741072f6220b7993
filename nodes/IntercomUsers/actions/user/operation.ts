import type { INodeProperties } from 'n8n-workflow';

import type { ItemRun } from '../../intercom/request';

/** An operation's own fields; `api` only when not the shared one, `after` follows the value fields. */
export interface OperationFields {
	selector: INodeProperties;
	api?: INodeProperties;
	after?: INodeProperties[];
}

/** One operation of the User resource: its fields, its real run and its dry run. */
export interface Operation {
	description: OperationFields;
	run: ItemRun;
	dryRun: ItemRun;
}
