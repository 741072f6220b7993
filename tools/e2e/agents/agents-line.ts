/**
 * The AI Agent and MCP checks of one n8n line (2.x only: n8n 1.x's AI Agent and MCP
 * Server Trigger differ, and the aim is the current line).
 *
 * One `n8n start` with agents.workflow.json published: a Webhook feeds n8n's AI Agent,
 * whose OpenAI Chat Model (Responses API off) talks to the scripted model of
 * fake-model.ts on 127.0.0.1; an MCP Server Trigger serves the same two Intercom
 * Users Tool nodes to the official MCP client. Each call of scenarios.ts is checked
 * for what it did to the Intercom simulator and for what the model received
 * (received.ts, expectations.ts); the texts, their sizes and the tool descriptions
 * are printed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

import { DEFAULT_TOKEN, IntercomSimulator } from '../../intercom-simulator/simulator';
import { EDITOR_ENV } from '../../real-n8n/editor';
import type { RunningN8n } from '../../real-n8n/instance';
import { N8nInstance, NETWORK_GUARD } from '../../real-n8n/instance';
import type { LineSpec } from '../../real-n8n/lines';
import { prepareLine } from '../../real-n8n/lines';
import type { Log, Timing } from '../../real-n8n/log';
import { stepTimer } from '../../real-n8n/log';
import { freePort, tail } from '../../real-n8n/process';
import { PACKAGE_NAME, PROJECT_ROOT } from '../../real-n8n/project';
import { FakeChatModel } from './fake-model';
import type { ListedTool } from './mcp-client';
import { callTool, connectMcp, listTools } from './mcp-client';
import type { Received } from './received';
import { checkReceived, printReceived } from './received';
import type { Scenario } from './scenarios';
import {
	AGENT_SCENARIOS,
	checkSimulator,
	describeRequests,
	MCP_SCENARIOS,
	simState,
	TOOL_NODES,
} from './scenarios';

/** The workflow: Webhook → AI Agent, and the MCP Server Trigger, sharing two tools. */
export const AGENTS_WORKFLOW_FILE = path.join(__dirname, 'agents.workflow.json');
const WORKFLOW_ID = 'e2eAgentsIntercom';
const AGENT_WEBHOOK_PATH = 'webhook/e2e-intercom-agent';
const MCP_PATH = 'mcp/e2e-intercom-users';
const WEBHOOKS_TIMEOUT_MS = 90_000;
const AGENT_CALL_TIMEOUT_MS = 120_000;

/** The outcome of the checks: failures (empty: passed) and the timed steps. */
export interface AgentChecksResult {
	failures: string[];
	timings: Timing[];
	/** The Node version n8n ran on, `?` when it was never determined. */
	nodeVersion: string;
}

/**
 * The node version the tool nodes run as: `E2E_AGENT_TOOL_VERSION`, else the version a
 * builder adding the node gets (the built node's `defaultVersion`, else its newest).
 */
export async function toolVersion(): Promise<number> {
	const chosen = Number(process.env.E2E_AGENT_TOOL_VERSION);
	if (chosen > 0) return chosen;
	const built = path.join(PROJECT_ROOT, 'dist/nodes/IntercomUsers/IntercomUsers.node.js');
	const loaded = (await import(pathToFileURL(built).href)) as {
		IntercomUsers: new () => {
			description: { version: number | number[]; defaultVersion?: number };
		};
	};
	const { version, defaultVersion } = new loaded.IntercomUsers().description;
	return defaultVersion ?? Math.max(...[version].flat());
}

/** agents.workflow.json with the package's nodes at `version`, written into `dir`; its path. */
function workflowWithToolVersion(dir: string, version: number): string {
	const workflow = JSON.parse(readFileSync(AGENTS_WORKFLOW_FILE, 'utf8')) as {
		nodes: Array<{ type: string; typeVersion: number }>;
	};
	for (const node of workflow.nodes) {
		if (node.type.startsWith(`${PACKAGE_NAME}.`)) node.typeVersion = version;
	}
	const file = path.join(dir, 'agents.workflow.json');
	writeFileSync(file, `${JSON.stringify(workflow, null, 2)}\n`);
	return file;
}

/** n8n's tool name for a node name: what the tool-building code does to it. */
export function toolName(nodeName: string): string {
	return nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');
}

/**
 * Runs the checks for `spec` with `tarball` in a fresh instance under `tmpRoot`.
 * Never throws: every problem becomes a failure.
 */
export async function runAgentChecks(
	spec: LineSpec,
	root: string,
	tarball: string,
	tmpRoot: string,
	log: Log,
): Promise<AgentChecksResult> {
	const timings: Timing[] = [];
	const failures: string[] = [];
	const time = stepTimer(timings);
	const sim = new IntercomSimulator();
	const model = new FakeChatModel();
	let n8n: N8nInstance | undefined;
	let main: RunningN8n | undefined;
	let mcp: Client | undefined;
	let nodeVersion = '?';
	try {
		const { runtime, n8nBin } = await prepareLine(spec, root, log, []);
		nodeVersion = runtime.version;
		n8n = await N8nInstance.create({
			runtime,
			n8nBin,
			dir: mkdtempSync(path.join(tmpRoot, `n8n-${spec.n8nVersion}-agents-`)),
			env: spec.env,
		});
		const instance = n8n;
		await time('agents: install the package', () => instance.installPackage(tarball));
		const intercomUrl = await sim.start();
		const modelUrl = await model.start();
		log(`agents: Intercom simulator on ${intercomUrl}, scripted model on ${modelUrl}`);
		await time('agents: import and publish', async () => {
			await instance.importCredentials([
				{
					id: 'e2eIntercomCred',
					name: 'Intercom (simulator)',
					type: 'intercomAccessTokenApi',
					data: { accessToken: DEFAULT_TOKEN, region: 'custom', baseUrl: intercomUrl },
				},
				{
					id: 'e2eFakeModelCred',
					name: 'Scripted model (127.0.0.1)',
					type: 'openAiApi',
					data: { apiKey: 'e2e-not-a-real-key', url: modelUrl },
				},
			]);
			const version = await toolVersion();
			log(`agents: the tool nodes run as Intercom Users version ${version}`);
			await instance.importWorkflow(workflowWithToolVersion(instance.dir, version));
			await instance.cli(['publish:workflow', `--id=${WORKFLOW_ID}`]);
		});
		const port = await freePort();
		main = await time('agents: n8n start', () =>
			instance.start({ port, env: { ...EDITOR_ENV, WEBHOOK_URL: `http://127.0.0.1:${port}/` } }),
		);
		const running = main;
		log(`agents: n8n start ready on ${running.url}; waiting for the MCP endpoint`);
		mcp = await time('agents: MCP endpoint up', () =>
			connectMcp(`${running.url}/${MCP_PATH}`, WEBHOOKS_TIMEOUT_MS),
		);

		const received: Received[] = [];
		await time('agents: AI Agent calls', async () => {
			for (const scenario of AGENT_SCENARIOS) {
				received.push(await agentCall(scenario, running.url, sim, model, failures, log));
			}
		});
		const client = mcp;
		await time('agents: MCP calls', async () => {
			const listed = await listTools(client);
			printOffered(
				'MCP client',
				listed.map((tool) => ({ ...tool, parameters: tool.inputSchema })),
				log,
			);
			for (const scenario of MCP_SCENARIOS) {
				received.push(await mcpCall(scenario, client, listed, sim, failures, log));
			}
		});
		const offered = model.conversations.get(AGENT_SCENARIOS[0].key)?.offered ?? [];
		printOffered('AI Agent (as the model got them)', offered, log);
		printReceived(received, log);
		const checked = checkReceived(received);
		failures.push(...checked.failures);
		for (const miss of checked.wouldFail) log(`  would fail with the lean level on: ${miss}`);
		for (const problem of model.problems) failures.push(`scripted model: ${problem}`);
		checkGuard(n8n, failures);
	} catch (error) {
		failures.push(`agents: ${error instanceof Error ? error.message : String(error)}`);
	} finally {
		await mcp?.close().catch(() => undefined);
		if (main) await main.stop();
		await model.stop();
		await sim.stop();
	}
	if (failures.length > 0 && n8n) {
		if (main) log(`--- end of the agents' n8n start output ---\n${tail(main.output(), 60)}`);
		log(`agents: logs and the user folder are in ${n8n.dir}`);
	}
	return { failures, timings, nodeVersion };
}

/**
 * One AI Agent run: POSTs the scenario's prompt to the published webhook (retrying
 * while it is not registered yet), then checks the model's tool call and the simulator.
 */
async function agentCall(
	scenario: Scenario,
	n8nUrl: string,
	sim: IntercomSimulator,
	model: FakeChatModel,
	failures: string[],
	log: Log,
): Promise<Received> {
	const name = toolName(TOOL_NODES[scenario.tool]);
	const prompt = `[e2e scenario ${scenario.key}] Call the tool ${name} with ${JSON.stringify(scenario.args)}`;
	sim.clearRequests();
	const before = simState(sim);
	const answer = await postUntilRegistered(`${n8nUrl}/${AGENT_WEBHOOK_PATH}`, { prompt });
	const requests = [...sim.requests];
	log(
		`agents: ${scenario.key}: webhook answered ${answer.status} ${answer.body.slice(0, 200)}; ` +
			`Intercom got: ${describeRequests(requests)}`,
	);
	if (answer.status !== 200) {
		failures.push(`${scenario.key}: the webhook answered ${answer.status}: ${answer.body}`);
	}
	const conversation = model.conversations.get(scenario.key);
	if (JSON.stringify(conversation?.call?.arguments) !== JSON.stringify(scenario.args)) {
		failures.push(
			`${scenario.key}: the model did not call ${name} with ${JSON.stringify(scenario.args)}`,
		);
	}
	for (const problem of checkSimulator(scenario, requests, before, sim)) {
		failures.push(`${scenario.key}: ${problem}`);
	}
	return { scenario, text: conversation?.toolResult };
}

/** One MCP tool call, checked against the simulator. */
async function mcpCall(
	scenario: Scenario,
	client: Client,
	listed: ListedTool[],
	sim: IntercomSimulator,
	failures: string[],
	log: Log,
): Promise<Received> {
	const name = toolName(TOOL_NODES[scenario.tool]);
	if (!listed.some((tool) => tool.name === name)) {
		failures.push(`${scenario.key}: the MCP server lists no tool ${name}`);
		return { scenario, text: undefined };
	}
	sim.clearRequests();
	const before = simState(sim);
	const result = await callTool(client, name, scenario.args);
	const requests = [...sim.requests];
	log(
		`agents: ${scenario.key}: isError ${result.isError}; Intercom got: ${describeRequests(requests)}`,
	);
	const expectError = scenario.kind !== 'success' && scenario.kind !== 'dryRun';
	if (result.isError !== expectError) {
		failures.push(`${scenario.key}: isError is ${result.isError}, expected ${expectError}`);
	}
	for (const problem of checkSimulator(scenario, requests, before, sim)) {
		failures.push(`${scenario.key}: ${problem}`);
	}
	return { scenario, text: result.text };
}

/** POSTs JSON to `url`; a 404 (webhook not registered yet) is retried for up to 90 s. */
async function postUntilRegistered(
	url: string,
	body: unknown,
): Promise<{ status: number; body: string }> {
	const deadline = Date.now() + WEBHOOKS_TIMEOUT_MS;
	for (;;) {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(AGENT_CALL_TIMEOUT_MS),
		});
		const text = await response.text();
		if (response.status !== 404 || Date.now() > deadline)
			return { status: response.status, body: text };
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** Prints each tool's name, description and argument schema as a client got them. */
function printOffered(
	who: string,
	tools: Array<{ name: string; description: string; parameters: unknown }>,
	log: Log,
): void {
	log(`tools offered to the ${who}:`);
	for (const tool of tools) {
		log(`  ${tool.name} (${tool.description.length} chars): ${tool.description}`);
		log(`    arguments: ${JSON.stringify(tool.parameters)}`);
	}
}

/** The network guard must have been loaded and must have refused nothing. */
function checkGuard(n8n: N8nInstance, failures: string[]): void {
	if (!n8n.guardLoaded()) {
		failures.push(`agents: the network guard ${NETWORK_GUARD} was not loaded into n8n`);
	}
	const attempts = n8n.networkAttempts();
	if (attempts.length > 0) {
		failures.push(`agents: n8n tried to reach the network (refused): ${attempts.join('; ')}`);
	}
}
