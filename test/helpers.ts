import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { credentialTypeFor } from '../nodes/IntercomUsers/shared/credential';
import type { SimulatorOptions } from '../tools/intercom-simulator/simulator';
import { DEFAULT_TOKEN, IntercomSimulator } from '../tools/intercom-simulator/simulator';
import type { RunResult, WorkflowJson } from '../tools/n8n-harness/engine';
import { runWorkflow } from '../tools/n8n-harness/engine';

export const NODE_NAME = 'Intercom Users';
export const TRIGGER_NAME = 'Manual Trigger';

/** Starts a simulator before each test and stops it after; returns a live handle. */
export function useSimulator(options: SimulatorOptions = {}) {
	const handle: { sim: IntercomSimulator; baseUrl: string } = {} as never;
	beforeEach(async () => {
		handle.sim = new IntercomSimulator(options);
		handle.baseUrl = await handle.sim.start();
	});
	afterEach(async () => {
		await handle.sim.stop();
	});
	return handle;
}

/**
 * A Manual Trigger → Intercom Users workflow with the given node parameters and settings
 * (resource User; operation Archive unless `parameters.operation` names another), with the
 * credential its Authentication picks.
 */
export function nodeWorkflow(
	parameters: IDataObject,
	nodeSettings: Partial<INode> = {},
): WorkflowJson {
	return {
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER_NAME,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'intercom',
				name: NODE_NAME,
				type: 'n8n-nodes-intercom-users.intercomUsers',
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'user', operation: 'archive', ...parameters },
				credentials: {
					[credentialTypeFor(parameters.authentication)]: { id: '1', name: 'Intercom' },
				},
				...nodeSettings,
			} as INode,
		],
		connections: {
			[TRIGGER_NAME]: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] },
		},
	};
}

/**
 * Runs the Intercom Users node, any operation (Archive unless `parameters.operation` names
 * another), through n8n's engine against the simulator at `baseUrl` with the given token.
 */
export async function runNode(
	baseUrl: string,
	parameters: IDataObject,
	options: { items?: IDataObject[]; token?: string; nodeSettings?: Partial<INode> } = {},
): Promise<RunResult & { items: INodeExecutionData[] }> {
	const result = await runWorkflow({
		workflow: nodeWorkflow(parameters, options.nodeSettings),
		items: options.items,
		credentials: {
			intercomAccessTokenApi: {
				accessToken: options.token ?? DEFAULT_TOKEN,
				region: 'custom',
				baseUrl,
			},
		},
	});
	return { ...result, items: result.output(NODE_NAME) };
}

/**
 * The fields the tests read from an n8n error the node produced: its message,
 * description, HTTP code and `context.intercom` (Intercom's code, request id,
 * outcome).
 */
export function details(error: unknown) {
	return error as {
		message: string;
		description?: string;
		httpCode?: string;
		context: { intercom?: IDataObject };
	};
}
