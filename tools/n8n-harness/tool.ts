/**
 * The node as an AI tool, as n8n 2.x hands it to a model, through n8n-core's own code:
 * - the tool variant of the node type, made the way n8n's loader makes one from
 *   `usableAsTool` (type name + `Tool`, an `ai_tool` output, the "Tool Description" fields
 *   unless the node has its own `toolDescription`);
 * - the tool itself from n8n-core's `getInputConnectionData` (its description and argument
 *   schema are what a model is shown);
 * - the two ways a call reaches the node: the **AI Agent** asks the engine to run the tool
 *   node (an engine request), and gets `JSON.stringify` of the node's output items, where
 *   a failed run is `{ error: <message> }`; an **MCP Server Trigger** invokes the tool,
 *   whose failure n8n-core throws with the description appended ("Details: …"), and sends
 *   `<error name>: <message>` as the result's text.
 * A stand-in agent node does the agent's part: it lists the tools and asks for one call.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { credentialTypeFor } from '../../nodes/IntercomUsers/shared/credential';
import type { RunResult } from './engine';
import { runWorkflow } from './engine';
import type { LoadedPackage } from './nodeTypes';
import { loadPackage, toolVariant } from './nodeTypes';

export { toolVariant };

let loaded: LoadedPackage | undefined;

export const AGENT_NAME = 'AI Agent';
export const TOOL_NAME = 'Intercom Users Tool';
export const TOOL_TYPE = 'n8n-nodes-intercom-users.intercomUsersTool';

/** Which way the call reaches the tool. */
export type ToolPath = 'agent' | 'mcp';

/** What the model sees of the tool and gets back from one call. */
export interface ToolCall {
	/** The tool's name and description as n8n hands them to the model. */
	name: string;
	description: string;
	/** The argument names of the tool's schema (the `$fromAI` keys). */
	arguments: string[];
	/** The text the model receives for the call. */
	text: string;
	run: RunResult;
}

/** The agent's request to run one tool call, as n8n's AI Agent (v3) makes it. */
function callRequest(args: IDataObject) {
	const action = {
		actionType: 'ExecutionNodeAction',
		nodeName: TOOL_NAME,
		input: args,
		type: NodeConnectionTypes.AiTool,
		id: 'call_1',
		metadata: { itemIndex: 0 },
	};
	return { actions: [action], metadata: {} };
}

interface Listed {
	name: string;
	description: string;
	schema: { shape?: Record<string, unknown> };
	invoke: (args: IDataObject) => Promise<unknown>;
}

/** What the AI Agent makes of the tool node's run: its output items' json, or its error. */
function agentObservation(data: {
	data?: { ai_tool?: Array<Array<{ json: IDataObject }> | null> };
	error?: { message?: string };
}): string {
	const items = data.data?.ai_tool?.[0]?.map((item) => item.json);
	if (items && items.length > 0) return JSON.stringify(items);
	if (data.error) return JSON.stringify({ error: data.error.message ?? 'Unknown error' });
	return JSON.stringify('');
}

/** What the MCP Server Trigger sends for one call: the tool's answer, or `<name>: <message>`. */
async function mcpText(tool: Listed, args: IDataObject): Promise<string> {
	try {
		const result = await tool.invoke(args);
		return typeof result === 'string' ? result : JSON.stringify(result);
	} catch (error) {
		const failed = error instanceof Error ? error : new Error(String(error));
		return `${failed.name}: ${failed.message}`;
	}
}

/** A stand-in for n8n's AI Agent: lists its tools, makes one call the given way, outputs what came back. */
function agentStandIn(args: IDataObject, path: ToolPath): INodeType {
	return {
		description: {
			displayName: 'AI Agent',
			name: 'agentStandIn',
			group: ['transform'],
			version: 1,
			description: 'Calls its tool once',
			defaults: { name: AGENT_NAME },
			inputs: [
				NodeConnectionTypes.Main,
				{ type: NodeConnectionTypes.AiTool, displayName: 'Tool', required: true },
			],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(
			this: IExecuteFunctions,
			response?: { actionResponses?: Array<{ data: never }> },
		): Promise<INodeExecutionData[][]> {
			const [tool] = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as Listed[];
			const seen = {
				name: tool.name,
				description: tool.description,
				arguments: Object.keys(tool.schema.shape ?? {}),
			};
			const answered = response?.actionResponses?.[0];
			if (path === 'agent' && !answered) {
				return callRequest(args) as unknown as INodeExecutionData[][];
			}
			const text = answered ? agentObservation(answered.data) : await mcpText(tool, args);
			return [[{ json: { ...seen, text } }]];
		},
	} as unknown as INodeType;
}

/**
 * Runs one tool call of the Intercom Users Tool with `parameters` (resource User, Archive
 * unless `parameters.operation` names another) and the model's `args`, the `path` way,
 * against the simulator at `baseUrl`; `credentials` are of the type its Authentication picks.
 */
export async function callTool(options: {
	baseUrl: string;
	parameters: IDataObject;
	args: IDataObject;
	path: ToolPath;
	credentials: ICredentialDataDecryptedObject;
}): Promise<ToolCall> {
	loaded ??= await loadPackage();
	const node = loaded.nodes['n8n-nodes-intercom-users.intercomUsers'];
	const credentialType = credentialTypeFor(options.parameters.authentication);
	const run = await runWorkflow({
		workflow: {
			nodes: [
				{
					id: 'trigger',
					name: 'Manual Trigger',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'agent',
					name: AGENT_NAME,
					type: 'harness.agentStandIn',
					typeVersion: 1,
					position: [220, 0],
					parameters: {},
				},
				{
					id: 'tool',
					name: TOOL_NAME,
					type: TOOL_TYPE,
					typeVersion: 1,
					position: [220, 200],
					parameters: { resource: 'user', operation: 'archive', ...options.parameters },
					credentials: { [credentialType]: { id: '1', name: 'Intercom' } },
				},
			],
			connections: {
				'Manual Trigger': { main: [[{ node: AGENT_NAME, type: 'main', index: 0 }]] },
				[TOOL_NAME]: { ai_tool: [[{ node: AGENT_NAME, type: 'ai_tool', index: 0 }]] },
			},
		},
		credentials: { [credentialType]: options.credentials },
		extraNodeTypes: {
			'harness.agentStandIn': agentStandIn(options.args, options.path),
			[TOOL_TYPE]: toolVariant(node),
		},
	});
	if (run.error) throw run.error;
	const json = run.output(AGENT_NAME).at(-1)?.json ?? {};
	return { ...(json as unknown as Omit<ToolCall, 'run'>), run };
}
