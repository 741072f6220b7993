/**
 * The official MCP client (`@modelcontextprotocol/sdk`) against n8n's MCP Server
 * Trigger over Streamable HTTP: connect once the published workflow's endpoint
 * exists, list the tools, call one.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** A tool as the MCP client lists it. */
export interface ListedTool {
	name: string;
	description: string;
	inputSchema: unknown;
}

/** The answer of one tool call: its text content joined, and whether it is an error. */
export interface McpCallResult {
	text: string;
	isError: boolean;
}

const CALL_TIMEOUT_MS = 120_000;

/**
 * Connects to `url`, retrying while the endpoint is not there yet (n8n reports ready
 * before a published workflow's webhooks are registered). Throws after `timeoutMs`.
 */
export async function connectMcp(url: string, timeoutMs: number): Promise<Client> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	while (Date.now() < deadline) {
		const client = new Client({ name: 'n8n-nodes-intercom-users-e2e', version: '1.0.0' });
		try {
			await client.connect(new StreamableHTTPClientTransport(new URL(url)), {
				timeout: 10_000,
			});
			return client;
		} catch (error) {
			lastError = error;
			await client.close().catch(() => undefined);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
	const reason = lastError instanceof Error ? lastError.message : String(lastError);
	throw new Error(`the MCP endpoint ${url} did not answer in time: ${reason}`);
}

/** The tools the server lists. */
export async function listTools(client: Client): Promise<ListedTool[]> {
	const { tools } = await client.listTools(undefined, { timeout: CALL_TIMEOUT_MS });
	return tools.map((tool) => ({
		name: tool.name,
		description: tool.description ?? '',
		inputSchema: tool.inputSchema,
	}));
}

/** Calls `name` with `args`; the text parts of its content joined with newlines. */
export async function callTool(
	client: Client,
	name: string,
	args: Record<string, unknown>,
): Promise<McpCallResult> {
	const result = await client.callTool({ name, arguments: args }, undefined, {
		timeout: CALL_TIMEOUT_MS,
	});
	const content = Array.isArray(result.content) ? result.content : [];
	const text = content
		.map((part: { type?: string; text?: string }) =>
			part.type === 'text' ? (part.text ?? '') : JSON.stringify(part),
		)
		.join('\n');
	return { text, isError: result.isError === true };
}
