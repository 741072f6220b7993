import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runItem } from './actions/runner';
import { userProperties } from './actions/user/operations';
import { largeRunHint } from './descriptions/hints';
import type { Authentication } from './shared/credential';
import { CREDENTIAL_TYPES } from './shared/credential';
import { USER_OPERATIONS } from './shared/types';
import { OPERATION_WORDS } from './shared/vocabulary';

const README_URL = 'https://www.npmjs.com/package/n8n-nodes-intercom-users#readme';

const SUBTITLE_OPERATION = USER_OPERATIONS.slice(1).reduce(
	(otherwise, operation) =>
		`$parameter["operation"] === "${operation}" ? "${OPERATION_WORDS[operation].subtitle}" : ${otherwise}`,
	`"${OPERATION_WORDS[USER_OPERATIONS[0]].subtitle}"`,
);

/**
 * The Intercom Users node, declarative (docs/how-it-works.md). Each item goes to one runner,
 * `requestOperations.pagination`: the only declarative hook that may send several dependent
 * requests (a lookup, then the change), pace them by Intercom's rate limit and retry them.
 */
export class IntercomUsers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Intercom Users',
		name: 'intercomUsers',
		icon: { light: 'file:intercom.svg', dark: 'file:intercom.dark.svg' },
		group: ['output'],
		// 1.1: Simplify on by default; nodes saved at 1 keep Intercom's whole answer.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: `={{ (${SUBTITLE_OPERATION}) + ($parameter["api"] === "contacts" ? " · Contacts API" : " · Users API") }}`,
		description:
			'Archive, unarchive or permanently delete Intercom users (offboarding, GDPR), and find them by ID, email, user_id or last seen',
		documentationUrl: README_URL,
		defaults: { name: 'Intercom Users' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: (Object.keys(CREDENTIAL_TYPES) as Authentication[]).map((authentication) => ({
			name: CREDENTIAL_TYPES[authentication],
			required: true,
			displayOptions: { show: { authentication: [authentication] } },
		})),
		// No baseURL: an expression here would cost two evaluations per item; the runner reads it once.
		// 1.4 by default: the Users API exists only in 1.x.
		requestDefaults: {
			headers: {
				Accept: 'application/json',
				'Intercom-Version': '1.4',
			},
		},
		requestOperations: { pagination: runItem },
		hints: [largeRunHint],
		properties: userProperties(),
	};
}
