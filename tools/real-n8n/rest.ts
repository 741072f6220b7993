/**
 * n8n's REST API (`/rest/…`) from a test, as the signed-in owner: the owner account is
 * set up through `POST /rest/owner/setup` (what the editor's first-visit form sends),
 * whose answer carries the `n8n-auth` session cookie; every later call sends it back.
 * No `browser-id` header is sent at setup, so n8n binds the session to no browser and a
 * browser context given the same cookie can use it too.
 */
import { OWNER } from './editor';

/** The answer of one REST call. */
export interface RestAnswer {
	status: number;
	/** The parsed JSON body (n8n wraps most answers in `{ data }`), or the text when not JSON. */
	body: unknown;
}

/** A signed-in session with one n8n instance. */
export class RestSession {
	private constructor(
		/** n8n's base URL, e.g. `http://127.0.0.1:5679`. */
		readonly url: string,
		/** The `n8n-auth` cookie's value. */
		readonly authCookie: string,
	) {}

	/**
	 * Sets up the owner account {@link OWNER} on a fresh instance at `url` and returns its
	 * session. Throws when n8n refuses or sets no session cookie.
	 */
	static async setUpOwner(url: string): Promise<RestSession> {
		const response = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		const text = await response.text();
		const cookie = response.headers
			.getSetCookie()
			.map((line) => /^n8n-auth=([^;]+)/.exec(line)?.[1])
			.find(Boolean);
		if (response.status !== 200 || !cookie) {
			throw new Error(`owner setup answered ${response.status}: ${text.slice(0, 300)}`);
		}
		return new RestSession(url, cookie);
	}

	/** Sends `method /rest<path>` with `body` as JSON; never throws for an HTTP status. */
	async call(method: string, path: string, body?: unknown): Promise<RestAnswer> {
		const response = await fetch(`${this.url}/rest${path}`, {
			method,
			headers: {
				cookie: `n8n-auth=${this.authCookie}`,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(5 * 60_000),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		return { status: response.status, body: parsed };
	}

	/** Like {@link call}, but returns the `data` of a 200 answer and throws on any other. */
	async data<T>(method: string, path: string, body?: unknown): Promise<T> {
		const answer = await this.call(method, path, body);
		if (answer.status !== 200) {
			throw new Error(
				`${method} /rest${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 400)}`,
			);
		}
		return (answer.body as { data: T }).data;
	}
}
