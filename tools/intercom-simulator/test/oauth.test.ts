import { CODE_LIFETIME_MS } from '../oauth';
import type { SimulatorOptions } from '../simulator';
import {
	createState,
	DEFAULT_CLIENT_ID,
	DEFAULT_CLIENT_SECRET,
	handle,
	IntercomSimulator,
} from '../simulator';

/** The simulator's OAuth for public apps (oauth.ts), over real HTTP (global fetch). */

const CALLBACK = 'https://n8n.example.com/rest/oauth2-credential/callback';

let sim: IntercomSimulator;
let baseUrl: string;

async function start(options: SimulatorOptions = {}): Promise<void> {
	sim = new IntercomSimulator(options);
	baseUrl = await sim.start();
}

afterEach(async () => {
	await sim.stop();
});

/** Opens the authorize page with these query fields. */
async function authorizePage(fields: Record<string, string>): Promise<Response> {
	return await fetch(`${baseUrl}/oauth?${new URLSearchParams(fields).toString()}`);
}

/** Clicks Authorize (the page's form); resolves with the redirect's Location. */
async function authorize(fields: Record<string, string>): Promise<string> {
	const response = await fetch(`${baseUrl}/oauth/authorize`, {
		method: 'POST',
		body: new URLSearchParams(fields),
		redirect: 'manual',
	});
	expect(response.status).toBe(302);
	return response.headers.get('location') ?? '';
}

/** A code for the default app and {@link CALLBACK}. */
async function newCode(): Promise<string> {
	const location = await authorize({
		client_id: DEFAULT_CLIENT_ID,
		redirect_uri: CALLBACK,
		state: 's',
	});
	return new URL(location).searchParams.get('code') ?? '';
}

/** Exchanges at /auth/eagle/token, form-encoded or as JSON. */
async function exchange(fields: Record<string, string>, as: 'form' | 'json' = 'form') {
	const response = await fetch(`${baseUrl}/auth/eagle/token`, {
		method: 'POST',
		...(as === 'json'
			? { body: JSON.stringify(fields), headers: { 'Content-Type': 'application/json' } }
			: { body: new URLSearchParams(fields) }),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const secretFields = { client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET };

describe("Intercom's OAuth in the simulator", () => {
	it('GET /oauth shows an HTML page whose Authorize button posts the app, redirect URL and state', async () => {
		await start();
		const response = await authorizePage({
			client_id: DEFAULT_CLIENT_ID,
			redirect_uri: CALLBACK,
			state: 'a&b',
			response_type: 'code',
			scope: '',
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		const page = await response.text();
		expect(page).toContain('<form method="post" action="/oauth/authorize">');
		expect(page).toContain('<button id="authorize" type="submit">Authorize access</button>');
		expect(page).toContain(`<input type="hidden" name="redirect_uri" value="${CALLBACK}">`);
		expect(page).toContain('<input type="hidden" name="state" value="a&amp;b">');
	});

	it('Authorize redirects to redirect_uri with a code and the state; Cancel carries access_denied', async () => {
		await start();
		const location = new URL(
			await authorize({ client_id: DEFAULT_CLIENT_ID, redirect_uri: CALLBACK, state: 'xyz' }),
		);
		expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
		expect(location.searchParams.get('state')).toBe('xyz');
		expect(location.searchParams.get('code')).toMatch(/^[0-9a-f]{32}$/);
		const page = await (
			await authorizePage({ client_id: DEFAULT_CLIENT_ID, redirect_uri: CALLBACK, state: 'xyz' })
		).text();
		expect(page).toContain(`href="${CALLBACK}?error=access_denied&amp;state=xyz"`);
	});

	it.each([
		['an unknown client_id', { client_id: 'other', redirect_uri: CALLBACK }, 'Unknown app'],
		['no client_id', { redirect_uri: CALLBACK }, 'Unknown app'],
		[
			'a redirect_uri the app does not list',
			{ client_id: 'app', redirect_uri: `${CALLBACK}x` },
			'Wrong redirect URL',
		],
		[
			'a redirect_uri that is no http(s) URL',
			{ client_id: 'app', redirect_uri: 'javascript:alert(1)' },
			'Wrong redirect URL',
		],
	])('refuses %s with a 400 page and issues no code', async (_name, fields, title) => {
		await start({ oauth: { clientId: 'app', redirectUris: [CALLBACK] } });
		const page = await authorizePage(fields);
		expect(page.status).toBe(400);
		expect(await page.text()).toContain(`<h1>${title}</h1>`);
		const posted = await fetch(`${baseUrl}/oauth/authorize`, {
			method: 'POST',
			body: new URLSearchParams(fields),
			redirect: 'manual',
		});
		expect(posted.status).toBe(400);
		expect(posted.headers.get('location')).toBeNull();
	});

	it('with redirect URLs configured, a request without redirect_uri uses the first', async () => {
		await start({ oauth: { redirectUris: [CALLBACK, 'https://other.example.com/cb'] } });
		const location = await authorize({ client_id: DEFAULT_CLIENT_ID, state: 's' });
		expect(location.startsWith(`${CALLBACK}?`)).toBe(true);
	});

	it.each(['form', 'json'] as const)(
		'the token exchange (%s) answers Bearer token and access_token, accepted by the API from then on',
		async (as) => {
			await start();
			const code = await newCode();
			const { status, body } = await exchange({ ...secretFields, code }, as);
			expect(status).toBe(200);
			expect(body.token_type).toBe('Bearer');
			expect(body.token).toMatch(/^sim-oauth-[0-9a-f]{32}$/);
			expect(body.access_token).toBe(body.token);
			expect(sim.oauthTokens()).toEqual([body.token]);
			const me = await fetch(`${baseUrl}/me`, {
				headers: { Authorization: `Bearer ${String(body.token)}`, Accept: 'application/json' },
			});
			expect(me.status).toBe(200);
		},
	);

	it.each([
		['a wrong client_secret', { client_secret: 'wrong' }, 'Client id or client secret invalid'],
		['a wrong client_id', { client_id: 'wrong' }, 'Client id or client secret invalid'],
		['an unknown code', { code: 'nope' }, 'Unauthorized Code'],
		[
			'another redirect_uri than the authorized one',
			{ redirect_uri: `${CALLBACK}x` },
			'Unauthorized Code',
		],
	])(
		'refuses %s with an Intercom error.list (401 unauthorized)',
		async (_name, change, message) => {
			await start();
			const code = await newCode();
			const { status, body } = await exchange({ ...secretFields, code, ...change });
			expect(status).toBe(401);
			expect(body).toMatchObject({
				type: 'error.list',
				errors: [{ code: 'unauthorized', message }],
			});
			expect(sim.oauthTokens()).toEqual([]);
		},
	);

	it('a code works once', async () => {
		await start();
		const code = await newCode();
		expect((await exchange({ ...secretFields, code })).status).toBe(200);
		expect((await exchange({ ...secretFields, code })).status).toBe(401);
		expect(sim.oauthTokens()).toHaveLength(1);
	});

	it('a code expires after 5 minutes', () => {
		const state = createState();
		const request = (method: string, url: string, body: string) => ({
			method,
			url,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body,
		});
		const authorized = handle(
			state,
			request(
				'POST',
				'/oauth/authorize',
				`client_id=${DEFAULT_CLIENT_ID}&redirect_uri=${CALLBACK}`,
			),
			0,
		);
		const code = new URL(authorized.headers.Location).searchParams.get('code') ?? '';
		const late = handle(
			state,
			request(
				'POST',
				'/auth/eagle/token',
				new URLSearchParams({ ...secretFields, code }).toString(),
			),
			CODE_LIFETIME_MS + 1,
		);
		expect(late.status).toBe(401);
		expect(JSON.parse(late.body)).toMatchObject({ errors: [{ message: 'Unauthorized Code' }] });
	});
});
