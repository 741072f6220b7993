import type { INodeProperties } from 'n8n-workflow';

import {
	apiField,
	authenticationProperty,
	contactsApiVersionField,
	operationProperty,
	optionsField,
	resourceProperty,
	showFor,
	valueFields,
} from '../../descriptions/common.fields';
import { outputFields } from '../../descriptions/output.fields';
import { toolDescriptionFields } from '../../descriptions/toolDescription';
import type { SelectBy, UserOperation } from '../../shared/types';
import { USER_OPERATIONS } from '../../shared/types';
import * as archive from './archive.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import type { ListOperation, Operation } from './operation';
import * as permanentlyDelete from './permanentlyDelete.operation';
import * as unarchive from './unarchive.operation';

/** Every operation of the User resource, in the order of the Operation list. */
export const OPERATIONS: Record<UserOperation, Operation> = {
	archive,
	permanentlyDelete,
	unarchive,
	get,
	getMany,
};

/** True for an operation that lists users by filters rather than acting on one user. */
export function isListOperation(operation: Operation): operation is ListOperation {
	return 'list' in operation;
}

/** The node's properties: the tool's description, the shared fields, each operation's own, in the order the editor shows them. */
export function userProperties(): INodeProperties[] {
	const all = [...USER_OPERATIONS];
	const own = Object.values(OPERATIONS).map((operation) => operation.description);
	const sharedApi = all.filter((operation) => !OPERATIONS[operation].description.api);
	const selecting = all.filter((operation) => OPERATIONS[operation].description.selector);
	const sharedOptions = all.filter((operation) => !OPERATIONS[operation].description.options);
	return [
		...toolDescriptionFields(),
		authenticationProperty,
		resourceProperty,
		operationProperty,
		{ ...apiField, displayOptions: showFor(sharedApi) },
		...own.flatMap((fields) => (fields.api ? [fields.api] : [])),
		{ ...contactsApiVersionField, displayOptions: showFor(all, { api: ['contacts'] }) },
		...own.flatMap((fields) => (fields.selector ? [fields.selector] : [])),
		...(Object.keys(valueFields) as SelectBy[]).map((by) => ({
			...valueFields[by],
			displayOptions: showFor(selecting, { archiveBy: [by] }),
		})),
		...own.flatMap((fields) => fields.after ?? []),
		...outputFields(all),
		{ ...optionsField, displayOptions: showFor(sharedOptions) },
		...own.flatMap((fields) => (fields.options ? [fields.options] : [])),
	];
}
