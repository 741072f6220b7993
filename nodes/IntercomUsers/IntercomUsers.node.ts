import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { INTERCOM_BASE_URL_EXPRESSION } from '../../credentials/IntercomAccessTokenApi.credentials';
import { archiveFields, archiveOperation } from './descriptions/UserArchive.description';

/**
 * The Intercom Users node: a declarative (routing-only, no `execute()`) node
 * whose requests go to the credential's region host with `Accept:
 * application/json` and `Intercom-Version: 1.4` (the Users API exists only in
 * Intercom API 1.x; apps set to 2.x reject it without that header).
 * Operations: User → Archive (Intercom API 1.4, "Archive a user").
 */
export class IntercomUsers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Intercom Users',
		name: 'intercomUsers',
		icon: { light: 'file:intercom.svg', dark: 'file:intercom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Archive Intercom users by Intercom ID, email or user_id',
		defaults: { name: 'Intercom Users' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'intercomAccessTokenApi', required: true }],
		requestDefaults: {
			baseURL: INTERCOM_BASE_URL_EXPRESSION,
			headers: {
				Accept: 'application/json',
				'Intercom-Version': '1.4',
			},
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'User', value: 'user' }],
				default: 'user',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['user'] } },
				options: [archiveOperation],
				default: 'archive',
			},
			...archiveFields,
		],
	};
}
