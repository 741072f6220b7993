import type { INodeProperties } from 'n8n-workflow';

/**
 * The Resource property. Its `routing.send.paginate` switches on, for every
 * operation of the resource, the node's per-item runner (declared once as
 * `requestOperations.pagination` on the node description), the way n8n's own
 * declarative nodes attach resource-wide routing.
 */
export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'User', value: 'user' }],
	default: 'user',
	routing: { send: { paginate: true } },
};

/** The User resource's Operation list: pure UI (name, value, action, description). */
export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['user'] } },
	options: [
		{
			name: 'Archive',
			value: 'archive',
			action: 'Archive a user',
			description: 'Archive (soft-delete) a user; Intercom keeps their data and history',
		},
		{
			name: 'Permanently Delete',
			value: 'permanentlyDelete',
			action: 'Permanently delete a user',
			description: 'Erase a user and their data for good (GDPR); this cannot be undone',
		},
		{
			name: 'Unarchive',
			value: 'unarchive',
			action: 'Unarchive a user',
			description: 'Restore an archived user (Contacts API)',
		},
	],
	default: 'archive',
};
