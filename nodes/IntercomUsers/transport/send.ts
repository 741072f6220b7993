import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../shared/credential';
import { backoffMs, gateFor, MAX_RATE_LIMIT_RETRIES, readWindow } from './rateLimit';

/** How many times a 5xx answer is retried (Intercom: "retry once"). */
export const SERVER_ERROR_RETRIES = 1;

/**
 * Sends one request through n8n's authenticated request helper
 * (`helpers.httpRequestWithAuthentication`, so the credential's Bearer header
 * applies) and resolves with the full answer, whatever its status.
 * `options` carries what n8n's routing resolved for the item (base URL,
 * timeout, proxy, allowed domains, …) plus the request itself.
 * Paces the request through the rate-limit gate shared by this base URL and
 * credential in this process; waits and retries up to
 * {@link MAX_RATE_LIMIT_RETRIES} times on `429`, and retries a 5xx answer
 * {@link SERVER_ERROR_RETRIES} time. Rejects only when no answer came at all
 * (network error, timeout).
 */
export async function send(
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
			response = (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
				...options,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as IN8nHttpFullResponse;
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
