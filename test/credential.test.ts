import fc from 'fast-check';

import {
	INTERCOM_BASE_URL_EXPRESSION,
	intercomBaseUrl,
} from '../credentials/IntercomAccessTokenApi.credentials';
import { testCredential } from '../n8n-harness/credentialTest';
import { useSimulator } from './helpers';

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

	it.each([
		['api.intercom.io', "The credential's Base URL must start with http:// or https://."],
		['localhost:8080', "The credential's Base URL must start with http:// or https://."],
		['127.0.0.1:{port}/', "The credential's Base URL must start with http:// or https://."],
		['ftp://127.0.0.1:{port}', "The credential's Base URL must start with http:// or https://."],
		[
			'http://user:pw-SECRET@127.0.0.1:{port}',
			"The credential's Base URL must not contain a user name or password.",
		],
		[
			'http://127.0.0.1:{port}/?a=1',
			"The credential's Base URL must not contain a query (?…) or fragment (#…).",
		],
	])(
		'a Custom Base URL of %j: the Test says what is wrong with it and sends nothing',
		async (baseUrl, problem) => {
			const port = new URL(env.baseUrl).port;
			const result = await testCredential('intercomAccessTokenApi', {
				accessToken: 'sim-token',
				region: 'custom',
				baseUrl: baseUrl.replace('{port}', port),
			});
			expect(result).toEqual({ status: 'Error', message: `${problem} Nothing was sent.` });
			expect(result.message).not.toContain('SECRET');
			expect(env.sim.requests).toEqual([]);
		},
	);

	it("the node's own requests to a region host carry the Bearer token (authenticate adds it)", async () => {
		const { IntercomAccessTokenApi } =
			await import('../credentials/IntercomAccessTokenApi.credentials');
		const options = await new IntercomAccessTokenApi().authenticate(
			{ accessToken: 'tok', region: 'https://api.eu.intercom.io' },
			{
				baseURL: 'https://api.eu.intercom.io',
				url: '/me',
				headers: { Accept: 'application/json' },
			},
		);
		expect(options.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer tok' });
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
