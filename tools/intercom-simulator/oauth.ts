/**
 * Intercom's OAuth for public apps, as its "Setting up OAuth" guide describes it:
 *
 * - `GET /oauth?client_id=…&state=…&redirect_uri=…` (Intercom: app.intercom.com/oauth, or
 *   the region's app host): the page on which a workspace admin authorizes the app; here an
 *   HTML page with an "Authorize access" button (a form posting to `/oauth/authorize`) and a
 *   Cancel link. Other query parameters (n8n adds response_type and scope) are ignored: an
 *   Intercom app's permissions are set in its Developer Hub. An unknown or missing client_id,
 *   or a redirect_uri the app does not list, gets a 400 page instead and no code.
 * - `POST /oauth/authorize` (the button): issues a single-use code valid for 5 minutes and
 *   redirects (302) to `redirect_uri?code=…&state=…`; Cancel leads to
 *   `redirect_uri?error=access_denied&state=…`.
 * - `POST /auth/eagle/token` (Intercom: api.intercom.io/auth/eagle/token), form-encoded or
 *   JSON, with code, client_id and client_secret: answers
 *   `{"token_type":"Bearer","token":T,"access_token":T}`, and T is accepted as a Bearer token
 *   by the API routes from then on. A wrong client_id or client_secret, or a code that is
 *   unknown, used, expired, another app's or issued for another redirect_uri (when one is
 *   sent), answers 401 error.list `unauthorized` (the simulator's wording; Intercom documents
 *   no error body for this endpoint).
 *
 * These paths need no Bearer token, no Accept header and count in no rate-limit window.
 */
import { randomBytes } from 'node:crypto';

import type { SimRequest, SimResponse } from './handler';
import { headerValue, parseJsonObject, splitRequestTarget } from './util';
import { errorAnswer } from './views';

/** The client id of the simulated public app unless `OAuthOptions.clientId` says otherwise. */
export const DEFAULT_CLIENT_ID = 'sim-client-id';

/** The client secret of the simulated public app unless `OAuthOptions.clientSecret` says otherwise. */
export const DEFAULT_CLIENT_SECRET = 'sim-client-secret';

/** How long an authorization code can be exchanged (Intercom: "about 5 minutes"). */
export const CODE_LIFETIME_MS = 5 * 60_000;

/**
 * The simulated public app: its `clientId` and `clientSecret` (defaults above) and its
 * `redirectUris`. Without `redirectUris` any http(s) redirect_uri is accepted (and one is
 * required); with them, only those, and a request without redirect_uri uses the first.
 */
export interface OAuthOptions {
	clientId?: string;
	clientSecret?: string;
	redirectUris?: string[];
}

interface IssuedCode {
	redirectUri: string;
	expiresAt: number;
}

/** The app's settings, the codes not yet exchanged and the tokens issued. */
export interface OAuthState {
	clientId: string;
	clientSecret: string;
	redirectUris: string[] | undefined;
	codes: Map<string, IssuedCode>;
	issued: string[];
}

/** A fresh {@link OAuthState} from `options`. */
export function createOAuthState(options: OAuthOptions = {}): OAuthState {
	return {
		clientId: options.clientId ?? DEFAULT_CLIENT_ID,
		clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
		redirectUris: options.redirectUris,
		codes: new Map(),
		issued: [],
	};
}

/** True for a request one of this module's routes answers. */
export function isOAuthPath(url: string): boolean {
	const { path } = splitRequestTarget(url);
	return path === '/oauth' || path === '/oauth/authorize' || path === '/auth/eagle/token';
}

/**
 * Answers an OAuth request (see the module comment); `accept` adds an issued token to the
 * tokens the API routes accept.
 */
export function handleOAuth(
	oauth: OAuthState,
	request: SimRequest,
	accept: (token: string) => void,
	now = Date.now(),
): SimResponse {
	const { path, rawQuery } = splitRequestTarget(request.url);
	const method = request.method.toUpperCase();
	if (path === '/oauth' && method === 'GET')
		return authorizePage(oauth, new URLSearchParams(rawQuery));
	if (path === '/oauth/authorize' && method === 'POST') {
		return authorize(oauth, readParameters(request), now);
	}
	if (path === '/auth/eagle/token' && method === 'POST') {
		return exchange(oauth, readParameters(request), accept, now);
	}
	return json(errorAnswer(404, 'not_found', 'Resource Not Found'));
}

/** The body's fields: JSON when the Content-Type says so, else form-encoded. */
function readParameters(request: SimRequest): URLSearchParams {
	const type = headerValue(request.headers['content-type']) ?? '';
	if (!type.toLowerCase().includes('json')) return new URLSearchParams(request.body);
	const parsed = parseJsonObject(request.body) ?? {};
	const fields = new URLSearchParams();
	for (const [key, value] of Object.entries(parsed)) {
		if (typeof value === 'string') fields.set(key, value);
	}
	return fields;
}

/** The redirect_uri to use, or why the request is refused. */
function redirectUriOf(
	oauth: OAuthState,
	asked: string | null,
): { uri: string } | { refused: string } {
	if (asked === '') return { refused: 'The redirect_uri is empty.' };
	if (asked === null) {
		const first = oauth.redirectUris?.[0];
		return first ? { uri: first } : { refused: 'The request names no redirect_uri.' };
	}
	if (!/^https?:\/\/[^\s]+$/i.test(asked))
		return { refused: 'The redirect_uri is not an http(s) URL.' };
	if (oauth.redirectUris && !oauth.redirectUris.includes(asked)) {
		return { refused: "The redirect_uri is not one of the app's redirect URLs." };
	}
	return { uri: asked };
}

/** The app and redirect_uri a request names, or the 400 page that refuses it. */
function checked(
	oauth: OAuthState,
	fields: URLSearchParams,
): { redirectUri: string; state: string } | { page: SimResponse } {
	if (fields.get('client_id') !== oauth.clientId) {
		return { page: html(400, 'Unknown app', 'No Intercom app has this client_id.') };
	}
	const redirect = redirectUriOf(oauth, fields.get('redirect_uri'));
	if ('refused' in redirect) return { page: html(400, 'Wrong redirect URL', redirect.refused) };
	return { redirectUri: redirect.uri, state: fields.get('state') ?? '' };
}

function authorizePage(oauth: OAuthState, query: URLSearchParams): SimResponse {
	const request = checked(oauth, query);
	if ('page' in request) return request.page;
	const hidden = [
		['client_id', oauth.clientId],
		['redirect_uri', request.redirectUri],
		['state', request.state],
	]
		.map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
		.join('');
	const cancel = withQuery(request.redirectUri, { error: 'access_denied', state: request.state });
	return html(
		200,
		'Authorize the app',
		'The app asks to read and write the users of your workspace (Simulated Workspace).',
		`<form method="post" action="/oauth/authorize">${hidden}<button id="authorize" type="submit">Authorize access</button></form><p><a id="cancel" href="${escapeHtml(cancel)}">Cancel</a></p>`,
	);
}

function authorize(oauth: OAuthState, fields: URLSearchParams, now: number): SimResponse {
	const request = checked(oauth, fields);
	if ('page' in request) return request.page;
	const code = randomBytes(16).toString('hex');
	oauth.codes.set(code, { redirectUri: request.redirectUri, expiresAt: now + CODE_LIFETIME_MS });
	const location = withQuery(request.redirectUri, { code, state: request.state });
	return { status: 302, headers: { Location: location, 'Content-Type': 'text/plain' }, body: '' };
}

function exchange(
	oauth: OAuthState,
	fields: URLSearchParams,
	accept: (token: string) => void,
	now: number,
): SimResponse {
	if (
		fields.get('client_id') !== oauth.clientId ||
		fields.get('client_secret') !== oauth.clientSecret
	) {
		return json(errorAnswer(401, 'unauthorized', 'Client id or client secret invalid'));
	}
	const code = fields.get('code') ?? '';
	const issued = oauth.codes.get(code);
	oauth.codes.delete(code);
	const sentUri = fields.get('redirect_uri');
	if (!issued || issued.expiresAt < now || (sentUri !== null && sentUri !== issued.redirectUri)) {
		return json(errorAnswer(401, 'unauthorized', 'Unauthorized Code'));
	}
	const token = `sim-oauth-${randomBytes(16).toString('hex')}`;
	oauth.issued.push(token);
	accept(token);
	return json({ status: 200, body: { token_type: 'Bearer', token, access_token: token } });
}

/** `uri` with `fields` added to its query. */
function withQuery(uri: string, fields: Record<string, string>): string {
	const url = new URL(uri);
	for (const [key, value] of Object.entries(fields)) url.searchParams.set(key, value);
	return url.toString();
}

function json(answer: {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}): SimResponse {
	return {
		status: answer.status,
		headers: { 'Content-Type': 'application/json; charset=utf-8', ...(answer.headers ?? {}) },
		body: JSON.stringify(answer.body),
	};
}

function html(status: number, title: string, text: string, extra = ''): SimResponse {
	const body = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${extra}</body></html>`;
	return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body };
}

function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}
