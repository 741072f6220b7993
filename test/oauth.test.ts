/**
 * The Intercom OAuth2 credential: its authorize and token URLs by region, the connection
 * n8n's OAuth2 client makes with the simulator's public app (authorize page, code, token
 * exchange at /auth/eagle/token), and the node, its tool variant and the credential Test
 * sending the issued token as a Bearer header through n8n's OAuth2 handling.
 */
import { ClientOAuth2 } from '@n8n/client-oauth2';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import {
	INTERCOM_AUTHORIZE_URL_EXPRESSION,
	INTERCOM_TOKEN_URL_EXPRESSION,
} from '../credentials/IntercomAccessTokenApi.credentials';
import { IntercomOAuth2Api } from '../credentials/IntercomOAuth2Api.credentials';
import { IntercomUsers } from '../nodes/IntercomUsers/IntercomUsers.node';
import type { IntercomSimulator } from '../tools/intercom-simulator/simulator';
import {
	DEFAULT_CLIENT_ID,
	DEFAULT_CLIENT_SECRET,
	DEFAULT_TOKEN,
} from '../tools/intercom-simulator/simulator';
import { testCredential } from '../tools/n8n-harness/credentialTest';
import { runWorkflow } from '../tools/n8n-harness/engine';
import { callTool } from '../tools/n8n-harness/tool';
import { NODE_NAME, nodeWorkflow, useSimulator } from './helpers';
import { SOLO, WASH } from './seed';

/** n8n's OAuth callback on an instance at 127.0.0.1:5678. */
const CALLBACK = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';

/** An expression of the credential resolved with `$self` = `fields`, as n8n does for hidden fields. */
function resolveWithSelf(expression: string, fields: IDataObject): unknown {
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
	return workflow.expression.getSimpleParameterValue(workflow.nodes.n, expression, 'internal', {
		$self: fields,
	});
}

/**
 * Connects the simulator's public app the way n8n's OAuth2 callback does: n8n's own OAuth2
 * client builds the authorize URL from the credential's (resolved) URLs, the admin clicks
 * Authorize on the page, and the client exchanges the code; resolves with the token data
 * n8n stores in the credential.
 */
async function connect(baseUrl: string): Promise<IDataObject> {
	const fields = { region: 'custom', baseUrl: `${baseUrl}/` };
	// Client authentication 'body': n8n's callback moves id and secret into the request's body.
	const client = new ClientOAuth2({
		clientId: DEFAULT_CLIENT_ID,
		authorizationUri: String(resolveWithSelf(INTERCOM_AUTHORIZE_URL_EXPRESSION, fields)),
		accessTokenUri: String(resolveWithSelf(INTERCOM_TOKEN_URL_EXPRESSION, fields)),
		redirectUri: CALLBACK,
		scopes: [],
	});
	const page = await fetch(client.code.getUri({ state: 'n8n-state' }));
	expect(page.status).toBe(200);
	expect(await page.text()).toContain('Authorize access');
	const form = new URLSearchParams({
		client_id: DEFAULT_CLIENT_ID,
		redirect_uri: CALLBACK,
		state: 'n8n-state',
	});
	const authorized = await fetch(`${baseUrl}/oauth/authorize`, {
		method: 'POST',
		body: form,
		redirect: 'manual',
	});
	const location = authorized.headers.get('location') ?? '';
	expect(location.startsWith(`${CALLBACK}?`)).toBe(true);
	expect(new URL(location).searchParams.get('state')).toBe('n8n-state');
	const token = await client.code.getToken(location, {
		body: { client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET },
	});
	return token.data as IDataObject;
}

/** The OAuth2 credential's stored data after {@link connect}: Region Custom at the simulator. */
function oauthCredential(baseUrl: string, tokenData: IDataObject): ICredentialDataDecryptedObject {
	return {
		clientId: DEFAULT_CLIENT_ID,
		clientSecret: DEFAULT_CLIENT_SECRET,
		region: 'custom',
		baseUrl,
		oauthTokenData: tokenData,
	};
}

const authorizations = (sim: IntercomSimulator, path: string) =>
	sim.requests
		.filter((request) => request.path.startsWith(path))
		.map((r) => r.headers.authorization);

describe('credential "Intercom OAuth2 API"', () => {
	it.each([
		['https://api.intercom.io', 'https://app.intercom.com/oauth', 'https://api.intercom.io'],
		[
			'https://api.eu.intercom.io',
			'https://app.eu.intercom.com/oauth',
			'https://api.eu.intercom.io',
		],
		[
			'https://api.au.intercom.io',
			'https://app.au.intercom.com/oauth',
			'https://api.au.intercom.io',
		],
	])('region %s authorizes on %s and exchanges the code on %s', (region, authorize, api) => {
		expect(resolveWithSelf(INTERCOM_AUTHORIZE_URL_EXPRESSION, { region })).toBe(authorize);
		expect(resolveWithSelf(INTERCOM_TOKEN_URL_EXPRESSION, { region })).toBe(
			`${api}/auth/eagle/token`,
		);
	});

	it('region Custom uses <Base URL>/oauth and <Base URL>/auth/eagle/token', () => {
		const fields = { region: 'custom', baseUrl: ' https://proxy.example.com/intercom// ' };
		expect(resolveWithSelf(INTERCOM_AUTHORIZE_URL_EXPRESSION, fields)).toBe(
			'https://proxy.example.com/intercom/oauth',
		);
		expect(resolveWithSelf(INTERCOM_TOKEN_URL_EXPRESSION, fields)).toBe(
			'https://proxy.example.com/intercom/auth/eagle/token',
		);
	});

	it('is an authorization-code OAuth2 credential that sends client id and secret in the body', () => {
		const credential = new IntercomOAuth2Api();
		const hidden = Object.fromEntries(
			credential.properties.filter((p) => p.type === 'hidden').map((p) => [p.name, p.default]),
		);
		expect(credential.extends).toEqual(['oAuth2Api']);
		expect(hidden).toMatchObject({
			grantType: 'authorizationCode',
			authentication: 'body',
			scope: '',
		});
		expect(credential.properties.map((p) => p.name)).toEqual(
			expect.arrayContaining(['region', 'baseUrl', 'baseUrlSchemeNotice']),
		);
	});
});

describe('the node with Authentication: OAuth2', () => {
	const env = useSimulator();

	it("archives with the connected app's token, sent as a Bearer header by n8n's OAuth2 handling", async () => {
		const tokenData = await connect(env.baseUrl);
		const [issued] = env.sim.oauthTokens();
		expect(tokenData).toMatchObject({ token_type: 'Bearer', access_token: issued, token: issued });
		const result = await runWorkflow({
			workflow: nodeWorkflow({
				authentication: 'oAuth2',
				archiveBy: 'email',
				email: 'wash@serenity.io',
			}),
			credentials: { intercomOAuth2Api: oauthCredential(env.baseUrl, tokenData) },
		});
		expect(result.error).toBeUndefined();
		expect(result.output(NODE_NAME).map((item) => item.json.id)).toEqual([WASH]);
		expect(env.sim.archivedIds()).toEqual([WASH]);
		expect(authorizations(env.sim, '/users')).toEqual([`Bearer ${issued}`]);
	});

	it('a token the workspace does not know fails as a rejected token, and the token is in no error', async () => {
		const tokenData = {
			token_type: 'Bearer',
			access_token: 'revoked-token',
			token: 'revoked-token',
		};
		const result = await runWorkflow({
			workflow: nodeWorkflow({ authentication: 'oAuth2', archiveBy: 'id', intercomId: SOLO }),
			credentials: { intercomOAuth2Api: oauthCredential(env.baseUrl, tokenData) },
		});
		const error = result.error as unknown as { message: string; description?: string };
		expect(error.message).toBe('Intercom: Access Token Invalid (unauthorized)');
		expect(JSON.stringify(error)).not.toContain('revoked-token');
		expect(env.sim.archivedIds()).toEqual([]);
		expect(authorizations(env.sim, '/users')[0]).toBe('Bearer revoked-token');
	});

	it('a workflow saved without Authentication keeps the access-token credential', async () => {
		const workflow = nodeWorkflow({ archiveBy: 'email', email: 'wash@serenity.io' });
		const [node] = workflow.nodes.filter((candidate) => candidate.name === NODE_NAME);
		expect(node.parameters.authentication).toBeUndefined();
		expect(Object.keys(node.credentials ?? {})).toEqual(['intercomAccessTokenApi']);
		const result = await runWorkflow({
			workflow,
			credentials: {
				intercomAccessTokenApi: {
					accessToken: DEFAULT_TOKEN,
					region: 'custom',
					baseUrl: env.baseUrl,
				},
			},
		});
		expect(result.error).toBeUndefined();
		expect(env.sim.archivedIds()).toEqual([WASH]);
		expect(authorizations(env.sim, '/users')).toEqual([`Bearer ${DEFAULT_TOKEN}`]);
	});

	it("the editor shows each credential only for its Authentication, the access token's by default", () => {
		const { description } = new IntercomUsers();
		const shown = (parameters: INodeParameters) =>
			(description.credentials ?? [])
				.filter((credential) =>
					NodeHelpers.displayParameter(
						NodeHelpers.getNodeParameters(
							description.properties,
							parameters,
							true,
							false,
							null,
							null,
						) ?? {},
						credential,
						null,
						description,
					),
				)
				.map((credential) => credential.name);
		expect(shown({ resource: 'user', operation: 'archive' })).toEqual(['intercomAccessTokenApi']);
		expect(shown({ resource: 'user', operation: 'archive', authentication: 'oAuth2' })).toEqual([
			'intercomOAuth2Api',
		]);
	});

	it('the tool variant archives with the OAuth2 credential too', async () => {
		const tokenData = await connect(env.baseUrl);
		const [issued] = env.sim.oauthTokens();
		const result = await callTool({
			baseUrl: env.baseUrl,
			parameters: {
				authentication: 'oAuth2',
				archiveBy: 'email',
				email: "={{ $fromAI('email', 'Email of the Intercom user', 'string') }}",
			},
			args: { email: 'solo@example.com' },
			path: 'agent',
			credentials: oauthCredential(env.baseUrl, tokenData),
		});
		expect(JSON.parse(result.text)).toMatchObject([{ id: SOLO }]);
		expect(env.sim.archivedIds()).toEqual([SOLO]);
		expect(authorizations(env.sim, '/users')).toEqual([`Bearer ${issued}`]);
	});

	it("the credential's Test sends GET /me with the issued token", async () => {
		const tokenData = await connect(env.baseUrl);
		const [issued] = env.sim.oauthTokens();
		env.sim.clearRequests();
		const result = await testCredential(
			'intercomOAuth2Api',
			oauthCredential(env.baseUrl, tokenData),
		);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(env.sim.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
			['GET', '/me', `Bearer ${issued}`],
		]);
	});

	it("the credential's Test of a token Intercom rejects asks to reconnect (Intercom issues no refresh token)", async () => {
		const tokenData = {
			token_type: 'Bearer',
			access_token: 'revoked-token',
			token: 'revoked-token',
		};
		const result = await testCredential(
			'intercomOAuth2Api',
			oauthCredential(env.baseUrl, tokenData),
		);
		expect(result).toEqual({
			status: 'Error',
			message:
				'OAuth access token expired and no refresh token is available. Please reconnect the credentials.',
		});
		expect(env.sim.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
			['/me', 'Bearer revoked-token'],
		]);
	});
});
