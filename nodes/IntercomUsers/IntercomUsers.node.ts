import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { INTERCOM_BASE_URL_EXPRESSION } from '../../credentials/IntercomAccessTokenApi.credentials';
import { apiFields, targetFields } from './descriptions/common';
import { archiveOperation } from './descriptions/UserArchive.description';
import {
	permanentlyDeleteFields,
	permanentlyDeleteOperation,
} from './descriptions/UserPermanentlyDelete.description';
import { unarchiveOperation } from './descriptions/UserUnarchive.description';

/**
 * The Intercom Users node: a declarative (routing-only, no `execute()`) node
 * whose requests go to the credential's region host with `Accept:
 * application/json` and `Intercom-Version: 1.4` (the Users API exists only in
 * Intercom API 1.x; apps set to 2.x reject it without that header).
 * Operations: User → Archive, Unarchive, Permanently Delete, each on the Users
 * API (1.4) or the Contacts API (2.x, the chosen version is sent instead).
 */
export class IntercomUsers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Intercom Users',
		name: 'intercomUsers',
		icon: { light: 'file:intercom.svg', dark: 'file:intercom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Archive, unarchive or permanently delete Intercom users by Intercom ID, email or user_id',
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
				options: [archiveOperation, permanentlyDeleteOperation, unarchiveOperation],
				default: 'archive',
			},
			...apiFields,
			...targetFields,
			...permanentlyDeleteFields,
		],
	};
}
