import type {
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import type { ClientSetup } from '../intercom/client';
import { intercomCall } from '../intercom/client';
import type { ListContext, ListRun } from '../intercom/request';
import type { UserOperation } from '../shared/types';
import { DEFAULT_CONTACTS_API_VERSION } from '../shared/types';
import { checkApi } from '../shared/validation';
import type { Redact } from '../transport/redact';
import type { RunCredentials, RunState } from './runMemory';
import { recordResult } from './runMemory';

/** What the runner knows of an item. */
export interface RunItem {
	itemIndex: number;
	operation: UserOperation;
	dryRun: boolean;
	redact: Redact;
	remember?: string;
}

/** Everything an item needs from the runner to send its requests. */
export interface RunAbout {
	context: IExecutePaginationFunctions;
	run: RunState;
	item: RunItem;
	defaults: IHttpRequestOptions;
	credentials: RunCredentials;
	parameter(name: string, fallback: unknown): unknown;
}

/** How a listing's requests are named in its errors: it has no one user's field and value. */
const SEARCH_SUBJECT = { label: 'Get Many', value: 'POST /contacts/search' };

/** The parameters a listing depends on: any change reads again on a Retry On Fail try. */
function listKey(about: RunAbout, version: string): string {
	const { item, credentials, parameter } = about;
	const read = ['filters', 'returnAll', 'limit', 'options'].map((name) => parameter(name, null));
	return JSON.stringify([item.itemIndex, item.operation, version, credentials.baseURL, read]);
}

/**
 * Runs a listing operation for one item: one output item per user it returns, each paired
 * with the input item; reads only, so nothing counts as a change.
 */
export async function listOutput(about: RunAbout, list: ListRun): Promise<INodeExecutionData[]> {
	const { context, run, item, defaults, credentials, parameter } = about;
	const { node } = run;
	const { itemIndex, operation, redact } = item;
	const api = checkApi({ node, itemIndex }, parameter('api', 'contacts'), () =>
		parameter('contactsApiVersion', DEFAULT_CONTACTS_API_VERSION),
	);
	item.remember = listKey(about, api.version);
	const remembered = run.done.get(item.remember);
	if (remembered) {
		recordResult(run, itemIndex, { operation, changed: false });
		return remembered.output;
	}
	const setup: ClientSetup = {
		...{ context, node, itemIndex, defaults, api, operation, redact, dryRun: false },
		...{ baseURL: credentials.baseURL, credentials: credentials.decrypted },
	};
	const listContext: ListContext = {
		...{ node, itemIndex, api, parameter },
		call: intercomCall(setup, SEARCH_SUBJECT),
		timezone: context.getTimezone(),
	};
	const users: IDataObject[] = await list(listContext);
	const output = users.map((json) => ({ json, pairedItem: { item: itemIndex } }));
	run.done.set(item.remember, { output, changed: false });
	recordResult(run, itemIndex, { operation, changed: false });
	return output;
}
