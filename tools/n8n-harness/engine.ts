import './isolate';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	IRunExecutionData,
	ITaskData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';

import { HarnessCredentialsHelper } from './credentialsHelper';
import type { LoadedPackage } from './nodeTypes';
import { loadPackage, PackageNodeTypes } from './nodeTypes';

/** A workflow as n8n exports it (nodes and connections; other fields optional). */
export type WorkflowJson = Pick<IWorkflowBase, 'nodes' | 'connections'> &
	Partial<Omit<IWorkflowBase, 'nodes' | 'connections'>>;

/** What to run: a workflow, its starting items and decrypted credentials by type. */
export interface RunOptions {
	workflow: WorkflowJson;
	/** Items the start node emits; plain objects become `{ json }`. Default: one empty item. */
	items?: Array<IDataObject | INodeExecutionData>;
	/** Credential data by credential type name, e.g. `{ intercomAccessTokenApi: { accessToken, region, baseUrl } }`. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Start node name; default: the first node without incoming connections. */
	startNode?: string;
	/** Extra node types (e.g. a credential-test node). */
	extraNodeTypes?: Record<string, INodeType>;
	mode?: WorkflowExecuteMode;
	/**
	 * Called once the execution has started, with `cancel`, which cancels it as n8n does
	 * when a user stops an execution: the execution's cancel signal aborts.
	 */
	onStarted?: (controls: { cancel: () => void }) => void;
}

/** The finished run: n8n's `IRun` plus helpers to read one node's output. */
export interface RunResult {
	run: IRun;
	/** The node's first run, or undefined if it did not run. */
	task(nodeName: string): ITaskData | undefined;
	/** Every run of the node in the execution (several inside a loop), in order. */
	tasks(nodeName: string): ITaskData[];
	/** Items on the node's output `outputIndex` (0 = main, 1 = error output when enabled). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error the run stopped on, if any. */
	error: IRun['data']['resultData']['error'];
}

let cachedPackage: LoadedPackage | undefined;

function toItems(items: RunOptions['items']): INodeExecutionData[] {
	if (!items) return [{ json: {} }];
	return items.map((item) =>
		item && typeof item === 'object' && 'json' in item && typeof item.json === 'object'
			? (item as INodeExecutionData)
			: { json: item as IDataObject },
	);
}

/**
 * The `additionalData` n8n-core's contexts read (hooks, credentials helper, n8n's
 * URLs); what needs the n8n application (sub-workflows, task runners) throws.
 */
export function additionalDataFor(
	hooks: ExecutionLifecycleHooks,
	credentialsHelper: HarnessCredentialsHelper,
): IWorkflowExecuteAdditionalData {
	const url = 'http://127.0.0.1:5678/';
	const notAvailable = async () => {
		throw new Error('Not available when running outside the n8n application');
	};
	return {
		hooks,
		credentialsHelper,
		executionId: hooks.executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${url}rest`,
		instanceBaseUrl: url,
		formBaseUrl: `${url}form`,
		formWaitingBaseUrl: `${url}form-waiting`,
		formTestBaseUrl: `${url}form-test`,
		webhookBaseUrl: `${url}webhook`,
		webhookWaitingBaseUrl: `${url}webhook-waiting`,
		webhookTestBaseUrl: `${url}webhook-test`,
		mcpBaseUrl: `${url}mcp`,
		mcpTestBaseUrl: `${url}mcp-test`,
		variables: {},
		executeWorkflow: notAvailable,
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: notAvailable,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * Runs a workflow through n8n-core's real `WorkflowExecute` with this package's
 * nodes (from their source under jest, else from `dist/`: see `loadPackage`; each
 * declarative one with the `execute` n8n's CLI gives it: see `PackageNodeTypes`), the Manual Trigger and Loop Over Items stand-ins, and a
 * credentials helper that applies the credential's generic `authenticate` like n8n does.
 * HTTP requests go out for real. Resolves when n8n's `workflowExecuteAfter`
 * hook fires; a node error with "stop workflow" ends up in `result.error`.
 */
export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	cachedPackage ??= await loadPackage();
	const nodeTypes = new PackageNodeTypes(cachedPackage, options.extraNodeTypes);
	const credentialsHelper = new HarnessCredentialsHelper(
		cachedPackage.credentials,
		options.credentials,
	);
	const workflowData: IWorkflowBase = {
		id: options.workflow.id ?? 'harness',
		name: options.workflow.name ?? 'Harness workflow',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: { executionOrder: 'v1' },
		...options.workflow,
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});
	const start = startNodeOf(workflowData, options.startNode);
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, `harness-${Date.now()}`, workflowData);
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolve(fullRunData));
	});
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: start, data: { main: [toItems(options.items)] }, source: null }],
		},
	});
	const execute = new WorkflowExecute(
		additionalDataFor(hooks, credentialsHelper),
		mode,
		runExecutionData,
	);
	const running = execute.processRunExecutionData(workflow);
	options.onStarted?.({ cancel: () => running.cancel() });
	// After a cancel this still settles once the running node has returned.
	await running;
	const run = await finished;
	const runData = run.data.resultData.runData;
	return {
		run,
		error: run.data.resultData.error,
		task: (nodeName) => runData[nodeName]?.[0],
		tasks: (nodeName) => runData[nodeName] ?? [],
		output: (nodeName, outputIndex = 0) => runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [],
	};
}

function startNodeOf(workflow: IWorkflowBase, name?: string): INode {
	if (name) {
		const node = workflow.nodes.find((candidate) => candidate.name === name);
		if (!node) throw new Error(`No node named "${name}"`);
		return node;
	}
	const targets = new Set(
		Object.values(workflow.connections).flatMap((outputs) =>
			Object.values(outputs).flatMap((connections) =>
				(connections ?? []).flatMap((list) => (list ?? []).map((c) => c.node)),
			),
		),
	);
	const node = workflow.nodes.find((candidate) => !targets.has(candidate.name));
	if (!node) throw new Error('The workflow has no start node');
	return node;
}
