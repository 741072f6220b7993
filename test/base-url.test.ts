/**
 * The base URL comes from the credential, once per node run (issue 18): the requests
 * reach the Custom Base URL, and the credential's Allowed HTTP Request Domains keep
 * working as they did when n8n resolved `requestDefaults.baseURL`. Through n8n's engine
 * against the simulator over real HTTP.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_TOKEN } from '../tools/intercom-simulator/simulator';
import { runWorkflow } from '../tools/n8n-harness/engine';
import { nodeWorkflow, details, NODE_NAME, useSimulator } from './helpers';
import { WASH } from './seed';

const env = useSimulator();

async function archiveWith(restriction: IDataObject) {
	return await runWorkflow({
		workflow: nodeWorkflow({ archiveBy: 'email', email: 'wash@serenity.io' }),
		credentials: {
			intercomAccessTokenApi: {
				accessToken: DEFAULT_TOKEN,
				region: 'custom',
				baseUrl: `${env.baseUrl}//`,
				...restriction,
			},
		},
	});
}

describe("the credential's base URL and Allowed HTTP Request Domains", () => {
	it('a Custom Base URL (trailing slashes dropped) receives the request', async () => {
		const result = await archiveWith({});
		expect(result.error).toBeUndefined();
		expect(result.output(NODE_NAME).map((item) => item.json.id)).toEqual([WASH]);
		expect(env.sim.requests.map((r) => `${r.method} ${r.path}?${r.rawQuery}`)).toEqual([
			'DELETE /users?email=wash%40serenity.io',
		]);
	});

	it.each([
		['its own host listed', { allowedHttpRequestDomains: 'domains', allowedDomains: '127.0.0.1' }],
		[
			'only other domains listed (its own host counts, as n8n counts a node-owned base URL)',
			{ allowedHttpRequestDomains: 'domains', allowedDomains: 'example.org, *.example.com' },
		],
		['use blocked in the HTTP Request node only', { allowedHttpRequestDomains: 'none' }],
		['all domains', { allowedHttpRequestDomains: 'all' }],
	])('a credential restricted to %s still archives', async (_label, restriction) => {
		const result = await archiveWith(restriction);
		expect(result.error).toBeUndefined();
		expect(result.output(NODE_NAME).map((item) => item.json.id)).toEqual([WASH]);
	});

	it('"Specific Domains" with an empty list is refused by n8n before anything is sent', async () => {
		const result = await archiveWith({ allowedHttpRequestDomains: 'domains', allowedDomains: '' });
		expect(details(result.error).message).toBe(
			'No allowed domains specified. Configure allowed domains or change restriction setting.',
		);
		expect(env.sim.requests).toEqual([]);
	});
});

describe('a Custom Base URL without http:// or https://', () => {
	it.each(['api.intercom.io', 'localhost:8080', '127.0.0.1:{port}'])(
		"%j: the run fails naming the credential's Base URL and how to fix it; nothing is sent",
		async (baseUrl) => {
			const result = await runWorkflow({
				workflow: nodeWorkflow({ archiveBy: 'email', email: 'wash@serenity.io' }),
				credentials: {
					intercomAccessTokenApi: {
						accessToken: DEFAULT_TOKEN,
						region: 'custom',
						baseUrl: baseUrl.replace('{port}', new URL(env.baseUrl).port),
					},
				},
			});
			expect(details(result.error)).toMatchObject({
				message: "The credential's Base URL must start with http:// or https://.",
				description:
					"Open the Intercom credential and correct its Base URL (Region: Custom), e.g. https://proxy.example.com/intercom, or pick your workspace's region. No request was sent for this item.",
			});
			expect(env.sim.requests).toEqual([]);
		},
	);
});
