import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runItem } from './actions/runner';
import { largeRunHint } from './descriptions/hints';
import {
	apiFields,
	optionFields,
	permanentlyDeleteFields,
	targetFields,
} from './descriptions/user.fields';
import { operationProperty, resourceProperty } from './descriptions/user.operations';

/** The package's README (its npm page), where each operation is explained: the node's Docs link. */
const README_URL = 'https://www.npmjs.com/package/n8n-nodes-intercom-users#readme';

/**
 * The Intercom Users node: a declarative node (no `execute()`). n8n's routing
 * engine supplies the credential (Bearer token), the headers (`Accept: application/json`,
 * `Intercom-Version: 1.4`: the Users API exists only in Intercom API 1.x, and
 * apps set to 2.x reject it without that header) and the Request Options
 * (timeout, proxy, batching) of every item. One per-item runner
 * (`requestOperations.pagination`, see `actions/runner.ts`) then sends the
 * item's requests: the declarative hook that may send dependent requests, pace
 * them and retry them. It sends them to the credential's region host (or Custom
 * Base URL), derived once per node run from the decrypted credential.
 * Operations: User → Archive, Unarchive, Permanently Delete, each on the Users
 * API (1.4) or the Contacts API (2.x, the chosen version is sent instead);
 * Unarchive only on the Contacts API, by Intercom ID.
 * The canvas subtitle names the operation and API ("Archive user · Users API"); the
 * codex lists what people search for (archive, offboarding, GDPR …); the Docs link opens
 * the package's README. After a run of many items without Batching, the output
 * pane suggests it (`descriptions/hints.ts`). Output schemas for the editor's preview are in
 * `__schema__/v1.0.0/user/<operation>.json` next to this file. n8n's editor picks one by
 * node version, resource and operation only (`getSchemaPreview` reads the node's
 * `resource` and `operation` parameters), never by another parameter, so one schema
 * cannot follow the API choice: each lists what the builder maps first as the default
 * API returns it (Users API 1.4; for Unarchive the Contacts API, its only one), then the
 * Dry Run item's and the Ignore Not Found marker's fields; `anyOf` holds every shape.
 */
export class IntercomUsers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Intercom Users',
		name: 'intercomUsers',
		icon: { light: 'file:intercom.svg', dark: 'file:intercom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ ($parameter["operation"] === "permanentlyDelete" ? "Permanently delete user" : $parameter["operation"] === "unarchive" ? "Unarchive user" : "Archive user") + ($parameter["api"] === "contacts" ? " · Contacts API" : " · Users API") }}',
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
		properties: [
			resourceProperty,
			operationProperty,
			...apiFields,
			...targetFields,
			...permanentlyDeleteFields,
			...optionFields,
		],
	};
}
