import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runItem } from './actions/runner';
import { userProperties } from './actions/user/operations';
import { largeRunHint } from './descriptions/hints';
import { USER_OPERATIONS } from './shared/types';
import { OPERATION_WORDS } from './shared/vocabulary';

/** The package's README (its npm page), where each operation is explained: the node's Docs link. */
const README_URL = 'https://www.npmjs.com/package/n8n-nodes-intercom-users#readme';

/** The canvas subtitle: the operation's words, then the API (the first operation is the default). */
const SUBTITLE_OPERATION = USER_OPERATIONS.slice(1).reduce(
	(otherwise, operation) =>
		`$parameter["operation"] === "${operation}" ? "${OPERATION_WORDS[operation].subtitle}" : ${otherwise}`,
	`"${OPERATION_WORDS[USER_OPERATIONS[0]].subtitle}"`,
);

/**
 * The Intercom Users node. It is declarative (no `execute()`): n8n's routing engine
 * resolves the credential, `requestDefaults` and the Request Options of every item, then
 * hands each item to one per-item runner, `requestOperations.pagination`
 * (`actions/runner.ts`), the only declarative hook that may send several dependent
 * requests (a lookup, then the change), pace them by Intercom's rate limit and retry
 * them. `Intercom-Version: 1.4` is the default because the Users API exists only in 1.x.
 * The editor's output schemas (`__schema__/v1.0.0/user/<operation>.json`) are picked by
 * resource and operation only, so each describes the default API's answer first.
 */
export class IntercomUsers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Intercom Users',
		name: 'intercomUsers',
		icon: { light: 'file:intercom.svg', dark: 'file:intercom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: `={{ (${SUBTITLE_OPERATION}) + ($parameter["api"] === "contacts" ? " · Contacts API" : " · Users API") }}`,
		description:
			'Archive, unarchive or permanently delete Intercom users (offboarding, GDPR) by Intercom ID, email or user_id. Community node; leads are never touched.',
		documentationUrl: README_URL,
		defaults: { name: 'Intercom Users' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'intercomAccessTokenApi', required: true }],
		// No baseURL here: the runner derives it from the credential once per run
		// (an expression here would cost two evaluations per item).
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
