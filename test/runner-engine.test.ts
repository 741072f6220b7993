/**
 * Pins what the node's per-item runner relies on in n8n's routing engine
 * (n8n-core's RoutingNode): the runner declared once as
 * `requestOperations.pagination` is called once per item, and
 * `requestData.options` carries the resolved base URL, the timeout and the
 * proxy from the node's Request Options, and the credential's domain rules.
 * The runner must forward all of them to n8n's authenticated request helper.
 * It also pins that a declarative node cannot ship Request Options → Batching
 * switched on: n8n's loader replaces the node's own Request Options.
 * A change in n8n that breaks one of these makes this test fail.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeProperties,
	INodeType,
} from 'n8n-workflow';

import { DirectoryLoader } from 'n8n-core';

import { DEFAULT_TOKEN } from '../tools/intercom-simulator/simulator';
import { runWorkflow } from '../tools/n8n-harness/engine';
import { loadPackage } from '../tools/n8n-harness/nodeTypes';
import { nodeWorkflow, NODE_NAME, useSimulator } from './helpers';
import { MAL, PLUS, WASH } from './seed';

const NODE_TYPE = 'n8n-nodes-intercom-users.intercomUsers';

type Hook = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<unknown>;

interface HookCall {
	itemIndex: number;
	options: IHttpRequestOptions;
	/** What the runner passed to `helpers.httpRequestWithAuthentication`. */
	sent: Array<{ credentialType: string; options: IHttpRequestOptions }>;
}

/**
 * The package's node type with its declared runner wrapped: each call records
 * the item, the options n8n resolved, and every request the runner sends
 * through n8n's helper (which still sends it for real).
 */
async function spiedNodeType(calls: HookCall[]): Promise<INodeType> {
	const loaded = await loadPackage();
	const original = loaded.nodes[NODE_TYPE];
	const runner = original.description.requestOperations?.pagination as Hook;
	expect(typeof runner).toBe('function');
	const wrapped: Hook = async function (requestData) {
		const call: HookCall = {
			itemIndex: this.getItemIndex(),
			options: structuredClone(requestData.options) as IHttpRequestOptions,
			sent: [],
		};
		calls.push(call);
		const real = this.helpers.httpRequestWithAuthentication;
		const helpers = Object.create(this.helpers) as typeof this.helpers;
		helpers.httpRequestWithAuthentication = async function (credentialType, options, ...rest) {
			call.sent.push({ credentialType, options: { ...options } });
			return await real.call(this, credentialType, options, ...rest);
		};
		const context = Object.create(this, {
			helpers: { value: helpers },
		}) as IExecutePaginationFunctions;
		return await runner.call(context, requestData);
	};
	return {
		description: {
			...original.description,
			requestOperations: {
				...original.description.requestOperations,
				pagination: wrapped as never,
			},
		},
	};
}

/** A forward HTTP proxy on 127.0.0.1 that records each request's absolute URL and relays it. */
async function startProxy(): Promise<{
	url: string;
	port: number;
	seen: string[];
	close: () => Promise<void>;
}> {
	const seen: string[] = [];
	const server = http.createServer((req, res) => {
		seen.push(`${req.method} ${req.url}`);
		const upstream = http.request(
			req.url ?? '',
			{ method: req.method, headers: req.headers },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		seen,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

describe("the per-item runner in n8n's routing engine", () => {
	const env = useSimulator();

	it('runs once per item and forwards the base URL, timeout, proxy and domain rules n8n resolved', async () => {
		const calls: HookCall[] = [];
		const proxy = await startProxy();
		try {
			const workflow = nodeWorkflow({
				archiveBy: 'email',
				email: '={{ $json.email }}',
				requestOptions: { timeout: 4321, proxy: proxy.url },
			});
			const result = await runWorkflow({
				workflow,
				items: [
					{ email: 'wash@serenity.io' },
					{ email: 'first+tag@example.com' },
					{ email: 'mal@serenity.io' },
				],
				credentials: {
					intercomAccessTokenApi: {
						accessToken: DEFAULT_TOKEN,
						region: 'custom',
						baseUrl: env.baseUrl,
						allowedHttpRequestDomains: 'domains',
						allowedDomains: 'example.org',
					},
				},
				extraNodeTypes: { [NODE_TYPE]: await spiedNodeType(calls) },
			});
			expect(result.error).toBeUndefined();
			expect(result.output(NODE_NAME).map((item) => item.json.id)).toEqual([WASH, PLUS, MAL]);

			// Once per item, in item order.
			expect(calls.map((call) => call.itemIndex)).toEqual([0, 1, 2]);
			for (const call of calls) {
				// What n8n's routing resolved for the item: no base URL (the runner derives it
				// from the credential once per run).
				expect(call.options.baseURL).toBeUndefined();
				expect(call.options.timeout).toBe(4321);
				expect(call.options.proxy).toEqual({
					host: '127.0.0.1',
					port: proxy.port,
					protocol: 'http',
				});
				// n8n resolves the credential's list; the runner adds the credential's own host,
				// as n8n did for a node-owned base URL in requestDefaults.
				expect(call.options.allowedDomains).toBe('example.org');
				expect(call.options.headers).toEqual({
					Accept: 'application/json',
					'Intercom-Version': '1.4',
				});
				// And the runner forwards all of it with the request.
				expect(call.sent).toHaveLength(1);
				expect(call.sent[0].credentialType).toBe('intercomAccessTokenApi');
				expect(call.sent[0].options).toMatchObject({
					baseURL: env.baseUrl,
					timeout: 4321,
					proxy: { host: '127.0.0.1', port: proxy.port, protocol: 'http' },
					allowedDomains: '127.0.0.1, example.org',
					method: 'DELETE',
				});
			}
			// The proxy really carried the requests to the simulator.
			expect(proxy.seen).toEqual([
				`DELETE ${env.baseUrl}/users?email=wash%40serenity.io`,
				`DELETE ${env.baseUrl}/users?email=first%2Btag%40example.com`,
				`DELETE ${env.baseUrl}/users?email=mal%40serenity.io`,
			]);
			expect(env.sim.requests).toHaveLength(3);
		} finally {
			await proxy.close();
		}
	});

	it('without Request Options, n8n gives the runner its default timeout of 300 s and no proxy', async () => {
		const calls: HookCall[] = [];
		const result = await runWorkflow({
			workflow: nodeWorkflow({ archiveBy: 'id', intercomId: WASH }),
			credentials: {
				intercomAccessTokenApi: {
					accessToken: DEFAULT_TOKEN,
					region: 'custom',
					baseUrl: env.baseUrl,
				},
			},
			extraNodeTypes: { [NODE_TYPE]: await spiedNodeType(calls) },
		});
		expect(result.error).toBeUndefined();
		expect(calls).toHaveLength(1);
		expect(calls[0].options.timeout).toBe(300_000);
		expect(calls[0].options.proxy).toBeUndefined();
		expect(calls[0].sent[0].options).toMatchObject({ timeout: 300_000, url: `/users/${WASH}` });
	});

	it("cannot switch Batching on by default: n8n's loader replaces a node's own Request Options and their default", async () => {
		// Batching's pause is the only point where RoutingNode yields while it prepares items
		// (README, "Large runs"), so the node would ship it on if n8n let it.
		const loaded = await loadPackage();
		const nodeType = loaded.nodes[NODE_TYPE];
		const requestOptions = (properties: INodeProperties[]) =>
			properties.find((property) => property.name === 'requestOptions');
		expect(requestOptions(nodeType.description.properties)?.default).toEqual({});

		const wanted = { batching: { batch: { batchSize: 10, batchInterval: 1 } } };
		const attempt: INodeType = {
			description: {
				...nodeType.description,
				properties: [
					...nodeType.description.properties.filter((p) => p.name !== 'requestOptions'),
					{
						displayName: 'Request Options',
						name: 'requestOptions',
						type: 'collection',
						default: wanted,
						options: [],
					},
				],
			},
		};
		expect(requestOptions(attempt.description.properties)?.default).toEqual(wanted);
		DirectoryLoader.applyDeclarativeNodeOptionParameters(attempt);
		const replaced = requestOptions(attempt.description.properties);
		expect(replaced?.default).toEqual({});
		expect(replaced?.options?.map((option) => option.name)).toContain('batching');
	});
});
