import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { FailedAction, IntercomFailure } from './errors';
import { intercomApiError, parseJsonBody, readFailure, redactor } from './errors';
import { backoffMs, gateFor, MAX_RATE_LIMIT_RETRIES, readWindow } from './rateLimit';
import type { ItemContext, ItemOperation } from '../api/request';
import { readApi, readTarget } from '../descriptions/common';

/**
 * Checks the base URL the credential resolved to. It must be an absolute
 * http(s) URL without user name, password, query or fragment, since the
 * request path is appended to it. The URL itself is not echoed back: a
 * mistyped one may hold a secret.
 */
function baseUrlProblem(baseURL: unknown): string | undefined {
	if (typeof baseURL !== 'string' || baseURL === '') {
		return 'The credential\'s Base URL is empty. Enter the URL of your proxy, or pick a region.';
	}
	let url: URL;
	try {
		url = new URL(baseURL);
	} catch {
		return 'The credential\'s Base URL is not a valid URL. Enter it as https://host[:port][/path].';
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return 'The credential\'s Base URL must start with http:// or https://.';
	}
	if (url.username || url.password) {
		return 'The credential\'s Base URL must not contain a user name or password.';
	}
	if (url.search || url.hash || /[?#]/.test(baseURL)) {
		return 'The credential\'s Base URL must not contain a query (?…) or fragment (#…).';
	}
	return undefined;
}

/**
 * Turns anything a request may throw (an axios error carrying the request
 * config and its Authorization header, a NodeOperationError, …) into an n8n
 * error that holds no request options, so the access token cannot leak into
 * item output, error output or logs.
 */
function safeError(
	context: IExecuteSingleFunctions,
	error: unknown,
	itemIndex: number,
	timeoutMs: number | undefined,
) {
	const node = context.getNode();
	const low = (error instanceof NodeApiError && error.cause instanceof Error ? error.cause : error) as
		| { message?: string; code?: string }
		| undefined;
	const timedOut =
		(low?.code === 'ECONNABORTED' || low?.code === 'ETIMEDOUT') && /timeout/i.test(low.message ?? '');
	if (timedOut) {
		// No `code` in the response object: n8n would replace the message with its generic ECONNABORTED text.
		return new NodeApiError(node, { message: low?.message ?? 'timeout' } as JsonObject, {
			message: `Intercom did not answer within ${timeoutMs ?? '?'} ms (timed out)`,
			description:
				'Raise Timeout under the node\'s Options → Request Options, or try again later. The change may or may not have been made in Intercom: check before retrying.',
			itemIndex,
		});
	}
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		if (error.cause instanceof Error && !(error.cause instanceof NodeOperationError)) {
			// Drop the wrapped low-level error: it may be an axios error with headers.
			const { message, code } = error.cause as Error & { code?: string };
			Object.defineProperty(error, 'cause', { value: { message, code }, enumerable: false });
		}
		error.context.itemIndex = itemIndex;
		return error;
	}
	const { message, code } = low ?? {};
	if (typeof code === 'string' && code !== '') {
		return new NodeApiError(node, { message: message ?? 'Request failed', code } as JsonObject, {
			message: `Intercom could not be reached: ${message ?? 'request failed'}`,
			description: `Network error ${code}.`,
			itemIndex,
		});
	}
	return new NodeOperationError(node, message ?? 'Unexpected error', { itemIndex });
}

/**
 * Removes secrets from an error's texts in place (message, description, the
 * messages n8n collected, and its low-level cause's message), then returns it.
 */
function scrub<T extends NodeApiError | NodeOperationError>(error: T, redact: (text: string) => string): T {
	error.message = redact(error.message);
	if (error.description) error.description = redact(error.description);
	if (Array.isArray(error.messages)) error.messages = error.messages.map(redact);
	const cause = error.cause as { message?: unknown } | undefined;
	if (cause && typeof cause.message === 'string') {
		Object.defineProperty(error, 'cause', {
			value: { ...cause, message: redact(cause.message) },
			enumerable: false,
		});
	}
	return error;
}

/** The credential type whose authentication every Intercom request uses. */
export const CREDENTIAL_TYPE = 'intercomAccessTokenApi';

/** How many times a 5xx answer is retried (Intercom: "retry once"). */
export const SERVER_ERROR_RETRIES = 1;

/**
 * Sends one planned request through n8n's authenticated request helper (so the
 * credential's Bearer header applies) and returns the full answer, whatever its
 * status. Paces it through the rate-limit gate shared by this credential's
 * requests; waits and retries up to {@link MAX_RATE_LIMIT_RETRIES} times on
 * `429`, and retries a 5xx answer once.
 */
async function send(
	context: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IN8nHttpFullResponse> {
	const credentialId = context.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '';
	const gate = gateFor(`${String(options.baseURL)} ${credentialId}`);
	let rateLimited = 0;
	let serverErrors = 0;
	for (;;) {
		await gate.acquire();
		let response: IN8nHttpFullResponse | undefined;
		try {
			response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_TYPE,
				{ ...options, returnFullResponse: true, ignoreHttpStatusErrors: true },
			)) as IN8nHttpFullResponse;
		} finally {
			// A request that failed without an answer frees its place in the window too.
			if (!response) gate.release(undefined);
		}
		const window = readWindow(response.headers as IDataObject);
		if (response.statusCode === 429 && rateLimited < MAX_RATE_LIMIT_RETRIES) {
			const resetUsable = window.resetAtMs !== undefined && window.resetAtMs > Date.now();
			gate.release(window, resetUsable ? window.resetAtMs : Date.now() + backoffMs(rateLimited));
			rateLimited++;
			continue;
		}
		gate.release(window);
		if (response.statusCode >= 500 && serverErrors < SERVER_ERROR_RETRIES) {
			serverErrors++;
			continue;
		}
		return response;
	}
}

/**
 * Builds the declarative `routing.operations.pagination` function that runs one
 * item of an operation. n8n calls this hook once per item when the operation's
 * `send.paginate` is true; it is used here because it is the declarative hook
 * that may decide whether, and how often, requests are sent. It checks the
 * item's parameters first (so a bad value sends nothing), then runs the
 * operation with an {@link ItemContext} whose `call` sends requests with the
 * node's `requestDefaults` (base URL from the credential's region, `Accept`)
 * and the chosen `Intercom-Version` through {@link send}. Every failure is
 * caught: with "Continue on fail" (either output mode) it becomes one item
 * `{ json: { error: message }, error }` paired with its input item (the shape
 * n8n gives failed items; the error keeps `httpCode`, `description` and
 * `context.intercom` with Intercom's code and request id); otherwise the n8n
 * error is thrown.
 */
export function runPerItem(operation: ItemOperation) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		const node = this.getNode();
		let redact = (text: string) => text;
		try {
			const credentials = await this.getCredentials(CREDENTIAL_TYPE).catch(() => undefined);
			redact = redactor([credentials?.accessToken as string | undefined]);
			const problem = baseUrlProblem(requestData.options.baseURL);
			if (problem) throw new NodeOperationError(node, problem, { itemIndex });
			const target = readTarget(this);
			const api = readApi(this);
			const action: FailedAction = {
				field: target.label,
				value: target.value,
				version: api.version,
				operation: this.getNodeParameter('operation', 'archive') as FailedAction['operation'],
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
					if (failure) throw intercomApiError(node, failure, action, itemIndex, redact);
					return parseJsonBody(response.body) as IDataObject;
				},
			};
			const json = await operation(context);
			return [{ json, pairedItem: { item: itemIndex } }];
		} catch (caught) {
			const error = scrub(safeError(this, caught, itemIndex, requestData.options.timeout), redact);
			if (this.continueOnFail()) {
				return [{ json: { error: error.message }, error, pairedItem: { item: itemIndex } }];
			}
			throw error;
		}
	};
}

/**
 * Reads an answer that should hold one Intercom object (e.g. the User object of
 * Intercom API 1.4 "Archive a user"): undefined for a 2xx answer whose body is a
 * JSON object; otherwise what went wrong, including a 2xx whose body is empty or
 * not a JSON object.
 */
export function failureOf(response: IN8nHttpFullResponse): IntercomFailure | undefined {
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	if (!ok) return readFailure(response);
	const body = parseJsonBody(response.body);
	if (body && typeof body === 'object' && !Array.isArray(body)) return undefined;
	const failure = readFailure(response);
	return { status: failure.status, requestId: failure.requestId, excerpt: failure.excerpt ?? '(empty body)' };
}
