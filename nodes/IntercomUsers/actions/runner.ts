import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FailedAction } from '../intercom/errors';
import { failureOf, intercomApiError, parseJsonBody } from '../intercom/errors';
import type { ItemContext, ItemOperation } from '../intercom/request';
import { CREDENTIAL_TYPE } from '../shared/credential';
import type { UserOperation } from '../shared/types';
import { baseUrlProblem, checkApi, checkTarget } from '../shared/validation';
import { toSafeError } from '../transport/failures';
import type { Redact } from '../transport/redact';
import { redactor, scrub } from '../transport/redact';
import { send } from '../transport/send';
import { archive } from './archive';
import { permanentlyDelete } from './permanentlyDelete';
import { unarchive } from './unarchive';

/** What each operation of the User resource does for one item. */
export const ACTIONS: Record<UserOperation, ItemOperation> = {
	archive,
	unarchive,
	permanentlyDelete,
};

/**
 * The node's one per-item runner, declared once on the node description as
 * `requestOperations.pagination` (and switched on by `send.paginate` on the
 * Resource property).
 *
 * Why this hook: in a declarative node, n8n's routing engine builds each
 * item's request (credential, base URL, headers, Request Options) and then
 * calls this hook once per item instead of sending the request itself. It is
 * the only declarative hook that may send several dependent requests (a lookup,
 * then the change), pace them by Intercom's rate limit and retry them.
 *
 * For one item it checks the parameters first (so a bad value sends nothing),
 * then runs the chosen operation ({@link ACTIONS}) with an {@link ItemContext}
 * whose `call` sends requests with everything n8n resolved in
 * `requestData.options` (base URL from the credential's region, `Accept`,
 * timeout, proxy, allowed domains) and the chosen `Intercom-Version`, through
 * the transport's paced, retried {@link send}.
 *
 * Resolves with one item `{ json, pairedItem: { item: itemIndex } }`. Every
 * failure is caught: with "Continue on fail" (either output mode) it becomes
 * one item `{ json: { error: message }, error }` paired with its input item
 * (the shape n8n gives failed items; the error keeps `httpCode`, `description`
 * and `context.intercom` with Intercom's code and request id); otherwise the
 * n8n error is thrown. No error carries the access token.
 */
export async function runItem(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const node = this.getNode();
	let redact: Redact = (text) => text;
	try {
		const credentials = await this.getCredentials(CREDENTIAL_TYPE).catch(() => undefined);
		redact = redactor([credentials?.accessToken as string | undefined]);
		const problem = baseUrlProblem(requestData.options.baseURL);
		if (problem) throw new NodeOperationError(node, problem, { itemIndex });
		const ref = { node, itemIndex };
		const operation = this.getNodeParameter('operation', 'archive') as UserOperation;
		const target = checkTarget(ref, operation, this.getNodeParameter('archiveBy', 'email'), (name) =>
			this.getNodeParameter(name, ''),
		);
		const api = checkApi(ref, this.getNodeParameter('api', 'users'), () =>
			this.getNodeParameter('contactsApiVersion', '2.14'),
		);
		const action = ACTIONS[operation];
		if (!action) {
			throw new NodeOperationError(node, `Operation "${String(operation)}" is not supported`, { itemIndex });
		}
		const failed: FailedAction = {
			field: target.label,
			value: target.value,
			version: api.version,
			operation,
			noun: api.generation === 'contacts' ? 'contact' : 'user',
		};
		const defaults = requestData.options as IHttpRequestOptions;
		const context: ItemContext = {
			node,
			itemIndex,
			target,
			api,
			parameter: (name, fallback) => this.getNodeParameter(name, fallback),
			call: async ({ method, url, body }) => {
				const response = await send(this, {
					...defaults,
					method,
					url,
					qs: {},
					headers: { ...(defaults.headers ?? {}), 'Intercom-Version': api.version },
					...(body ? { body, json: true } : { body: undefined }),
				});
				const failure = failureOf(response);
				if (failure) throw intercomApiError(node, failure, failed, itemIndex, redact);
				return parseJsonBody(response.body) as IDataObject;
			},
		};
		const json = await action(context);
		return [{ json, pairedItem: { item: itemIndex } }];
	} catch (caught) {
		const error = scrub(toSafeError(node, caught, itemIndex, requestData.options.timeout), redact);
		if (this.continueOnFail()) {
			return [{ json: { error: error.message }, error, pairedItem: { item: itemIndex } }];
		}
		throw error;
	}
}
