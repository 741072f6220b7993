import fc from 'fast-check';

import {
	INTERCOM_BASE_URL_EXPRESSION,
	intercomBaseUrl,
} from '../credentials/IntercomAccessTokenApi.credentials';
import { testCredential } from '../tools/n8n-harness/credentialTest';
import { useSimulator } from './helpers';

describe('credential "Intercom Access Token API"', () => {
	const env = useSimulator();

	it('the Test button passes for a good token, sending GET /me with the Bearer token', async () => {
		const result = await testCredential('intercomAccessTokenApi', {
			accessToken: 'sim-token',
			region: 'custom',
			baseUrl: `${env.baseUrl}/`,
		});
		expect(result).toEqual({ status: 'OK', message: 'Connection tested successfully' });
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
		expect(result.status).toBe('Error');
		expect(result.httpCode).toBe('401');
		expect(result.message).toBe(
			'Intercom rejected the access token (401 unauthorized). Check the token, and that it is not revoked or expired.',
		);
		expect(env.sim.requests.every((r) => r.path === '/me')).toBe(true);
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
