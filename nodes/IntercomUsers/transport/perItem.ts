import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { FailedAction, IntercomFailure } from './errors';
import { intercomApiError, parseJsonBody, readFailure } from './errors';

/**
 * The request one item needs, decided from its (already validated) parameters.
 * `url` is relative to the credential's base URL and already percent-encoded;
 * `qs` values are raw (n8n's HTTP helper encodes the query string).
 */
export interface PlannedRequest {
	url: string;
	qs?: IDataObject;
	/** What the user asked for, for error descriptions. */
	action: FailedAction;
}

/**
 * Reads and checks one item's parameters and returns its request. Throws a
 * `NodeOperationError` naming the field when a value is unusable; then no
 * request is sent for that item.
 */
export type RequestPlanner = (context: IExecuteSingleFunctions) => PlannedRequest;

function baseUrlProblem(baseURL: unknown): string | undefined {
	if (typeof baseURL !== 'string' || baseURL === '') {
		return 'The credential\'s Base URL is empty. Enter the URL of your proxy (or pick a region).';
	}
	try {
		const { protocol } = new URL(baseURL);
		if (protocol !== 'http:' && protocol !== 'https:') {
			return `The credential's Base URL "${baseURL}" must start with http:// or https://.`;
		}
	} catch {
		return `The credential's Base URL "${baseURL}" is not a valid URL.`;
	}
	return undefined;
}

/**
 * Turns anything a request may throw (an axios error carrying the request
 * config and its Authorization header, a NodeOperationError, …) into an n8n
 * error that holds no request options, so the access token cannot leak into
 * item output, error output or logs.
 */
function safeError(context: IExecuteSingleFunctions, error: unknown, itemIndex: number) {
	const node = context.getNode();
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		if (error.cause instanceof Error && !(error.cause instanceof NodeOperationError)) {
			// Drop the wrapped low-level error: it may be an axios error with headers.
			const { message, code } = error.cause as Error & { code?: string };
			Object.defineProperty(error, 'cause', { value: { message, code }, enumerable: false });
		}
		error.context.itemIndex = itemIndex;
		return error;
	}
	const { message, code } = (error ?? {}) as { message?: string; code?: string };
	return new NodeApiError(node, { message: message ?? 'Request failed', code } as JsonObject, {
		message: `Intercom could not be reached: ${message ?? 'request failed'}`,
		description: code ? `Network error ${code}.` : undefined,
		itemIndex,
	});
}

/**
 * Builds the declarative `routing.operations.pagination` function that runs one
 * item of an operation: it plans the request (validation first, so a bad value
 * sends nothing), sends it through n8n's routing request (requestDefaults,
 * credential authentication and postReceive all apply), and catches every
 * failure. With "Continue on fail" (either output mode) a failure becomes one
 * item `{ json: { error: message }, error }` paired with its input item (the
 * shape n8n gives failed items; the error keeps `httpCode`, `description` and
 * `context.intercom` with Intercom's code and request id); otherwise the n8n
 * error is thrown. n8n runs this
 * hook for each item when the operation's `send.paginate` is true; a single
 * Intercom call needs no real pagination.
 */
export function runPerItem(plan: RequestPlanner) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		let action: FailedAction | undefined;
		try {
			const problem = baseUrlProblem(requestData.options.baseURL);
			if (problem) throw new NodeOperationError(this.getNode(), problem, { itemIndex });
			const planned = plan(this);
			const options = {
				...requestData.options,
				url: planned.url,
				qs: { ...(requestData.options.qs ?? {}), ...(planned.qs ?? {}) },
				ignoreHttpStatusErrors: true,
			};
			action = planned.action;
			const items = await this.makeRoutingRequest({ ...requestData, options });
			return items.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
		} catch (caught) {
			const error =
				caught instanceof IntercomResponseError && action
					? intercomApiError(this.getNode(), caught.failure, action, itemIndex)
					: safeError(this, caught, itemIndex);
			if (this.continueOnFail()) {
				return [{ json: { error: error.message }, error, pairedItem: { item: itemIndex } }];
			}
			throw error;
		}
	};
}

/**
 * Thrown by {@link objectOrIntercomError} for an answer that is not a usable
 * success; {@link runPerItem} turns it into the n8n error for the item, since
 * only it knows which field and value the request was for.
 */
export class IntercomResponseError extends Error {
	constructor(readonly failure: IntercomFailure) {
		super(`Intercom answered HTTP ${failure.status}`);
		this.name = 'IntercomResponseError';
	}
}

/**
 * `postReceive` for calls that answer one Intercom object: a 2xx answer with a
 * JSON object body becomes the item's JSON (e.g. the User object of
 * Intercom API 1.4 "Archive a user"). Any other answer, including a 2xx whose
 * body is empty or not a JSON object, throws an {@link IntercomResponseError}.
 */
export async function objectOrIntercomError(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	if (ok) {
		const body = parseJsonBody(response.body);
		if (body && typeof body === 'object' && !Array.isArray(body)) {
			return [{ json: body as IDataObject }];
		}
		const failure = readFailure(response);
		throw new IntercomResponseError({
			status: failure.status,
			requestId: failure.requestId,
			excerpt: failure.excerpt ?? '(empty body)',
		});
	}
	throw new IntercomResponseError(readFailure(response));
}
