import fc from 'fast-check';
import { displayParameter } from 'n8n-workflow';

import {
	BASE_URL_SCHEME_NOTICE,
	INTERCOM_BASE_URL_EXPRESSION,
	IntercomAccessTokenApi,
	intercomBaseUrl,
} from '../credentials/IntercomAccessTokenApi.credentials';
import { testCredential } from '../tools/n8n-harness/credentialTest';
import { IntercomSimulator } from '../tools/intercom-simulator/simulator';
import { useSimulator } from './helpers';

/** A simulator of its own, for a test outside a `useSimulator` block. */
async function startSimulator(): Promise<{ sim: IntercomSimulator; url: string }> {
	const sim = new IntercomSimulator();
	return { sim, url: await sim.start() };
}

describe('credential "Intercom Access Token API"', () => {
	const env = useSimulator();

	it('the Test button passes for a good token, sending GET /me with the Bearer token', async () => {
		const result = await testCredential('intercomAccessTokenApi', {
			accessToken: 'sim-token',
			region: 'custom',
			baseUrl: `${env.baseUrl}/`,
		});
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(
			env.sim.requests.map((r) => [r.method, r.path, r.headers.authorization, r.headers.accept]),
		).toEqual([['GET', '/me', 'Bearer sim-token', 'application/json']]);
	});

	it('fails with a clear message for a bad token', async () => {
		const result = await testCredential('intercomAccessTokenApi', {
			accessToken: 'wrong',
			region: 'custom',
			baseUrl: env.baseUrl,
		});
		expect(result).toEqual({
			status: 'Error',
			message:
				'Intercom rejected the access token (401 unauthorized). Check the token, and that it is not revoked or expired.',
		});
		// n8n's request helper sends a request answered 401 once more after re-authenticating.
		expect(env.sim.requests.length).toBeGreaterThan(0);
		expect(env.sim.requests.every((r) => r.path === '/me')).toBe(true);
	});
});

describe('a Custom Base URL without http:// or https://', () => {
	const notice = new IntercomAccessTokenApi().properties.find(
		(property) => property.name === 'baseUrlSchemeNotice',
	);

	it("shows the form a notice as soon as it is typed, by the display rule n8n's credential form applies", () => {
		expect(notice?.type).toBe('notice');
		expect(notice?.displayName).toBe(BASE_URL_SCHEME_NOTICE);
		const shown = (region: string, baseUrl: string) =>
			notice ? displayParameter({ region, baseUrl }, notice, null, null) : undefined;
		for (const typed of ['api.intercom.io', 'localhost:8080', 'intercom-proxy.example.com/x']) {
			expect([typed, shown('custom', typed)]).toEqual([typed, true]);
		}
		for (const typed of [
			'https://proxy.example.com',
			'http://127.0.0.1:8080',
			'HTTPS://X.IO',
			'',
		]) {
			expect([typed, shown('custom', typed)]).toEqual([typed, false]);
		}
		expect(shown('https://api.intercom.io', 'api.intercom.io')).toBe(false);
	});

	it('fails the Test, and no request reaches the server it names', async () => {
		const env = await startSimulator();
		try {
			const result = await testCredential('intercomAccessTokenApi', {
				accessToken: 'sim-token',
				region: 'custom',
				baseUrl: env.url.replace(/^http:\/\//, ''),
			});
			expect(result.status).toBe('Error');
			// n8n's tester reports the URL error's code (ERR_INVALID_URL); this harness its message.
			expect(String(result.message)).toMatch(/^(ERR_INVALID_URL|Invalid URL)$/);
			expect(env.sim.requests).toEqual([]);
		} finally {
			await env.sim.stop();
		}
	});
});

describe('C7: the region picks the host (request building)', () => {
	// Resolving the base URL expression the way n8n's engine does, without sending anything:
	// real Intercom hosts are not reachable from tests.
	const { Workflow } = jest.requireActual('n8n-workflow') as typeof import('n8n-workflow');
	const workflow = new Workflow({
		nodes: [{ id: 'n', name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => ({}),
			getByNameAndVersion: () => ({ description: { properties: [] } }),
			getKnownTypes: () => ({}),
		} as never,
	});
	const resolve = (credentials: Record<string, string>) =>
		workflow.expression.getSimpleParameterValue(
			workflow.nodes.n,
			INTERCOM_BASE_URL_EXPRESSION,
			'internal',
			{
				$credentials: credentials,
			},
		);

	it.each([
		[{ region: 'https://api.eu.intercom.io' }, 'https://api.eu.intercom.io'],
		[{ region: 'https://api.au.intercom.io' }, 'https://api.au.intercom.io'],
		[{ region: 'https://api.intercom.io' }, 'https://api.intercom.io'],
		[
			{ region: 'custom', baseUrl: ' https://proxy.example.com/intercom// ' },
			'https://proxy.example.com/intercom',
		],
	])('%j → %s', (credentials, expected) => {
		expect(resolve(credentials)).toBe(expected);
		expect(intercomBaseUrl(credentials)).toBe(expected);
	});

	it("the node's intercomBaseUrl gives what the credential test's expression gives, for any region and Base URL", () => {
		fc.assert(
			fc.property(
				fc.constantFrom('custom', 'https://api.intercom.io', 'https://api.eu.intercom.io'),
				fc.oneof(
					fc.string(),
					fc.webUrl().map((url) => ` ${url}${'/'.repeat(3)} `),
					fc.constant(undefined),
				),
				(region, baseUrl) => {
					const credentials: Record<string, string> =
						baseUrl === undefined ? { region } : { region, baseUrl };
					expect(intercomBaseUrl(credentials)).toBe(resolve(credentials as Record<string, string>));
				},
			),
			{ numRuns: 300 },
		);
	});
});
