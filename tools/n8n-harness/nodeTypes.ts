import path from 'node:path';

import type {
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { deepCopy, NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';
import type { ExecuteContext } from 'n8n-core';
import { PackageDirectoryLoader, RoutingNode } from 'n8n-core';

import { LoopOverItemsStandIn } from './loopOverItems';

/** The package root (where package.json with the `n8n` section lives). */
export const PACKAGE_ROOT = path.resolve(__dirname, '../..');

/**
 * Stand-in for n8n's Manual Trigger (`n8n-nodes-base.manualTrigger`), which is
 * not published on its own: it passes on the items the run starts with, so a
 * workflow file that n8n itself can import runs here unchanged.
 */
class ManualTriggerStandIn implements INodeType {
	description = {
		displayName: 'When clicking ‘Execute workflow’',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow with the given items',
		defaults: { name: 'Manual Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Loaded node and credential types of this package, keyed by full type name. */
export interface LoadedPackage {
	packageName: string;
	nodes: Record<string, INodeType>;
	credentials: Record<string, ICredentialType>;
}

/** Where the node and credential are loaded from: the built `dist/` or their TypeScript source. */
export type PackageSource = 'dist' | 'source';

/**
 * Under jest the node and credential come from their TypeScript source (ts-jest compiles
 * them), so a test shows an edit without a build; elsewhere (demo, tools) from `dist/`.
 */
export const DEFAULT_SOURCE: PackageSource =
	process.env.JEST_WORKER_ID === undefined ? 'dist' : 'source';

/**
 * n8n's package loader reading package.json's `dist/….js` entries from their source:
 * `dist/nodes/X.node.js` becomes `nodes/X.node.ts`, and the codex (`X.node.json`),
 * icons and `__schema__` are found beside it, as they are in the source tree.
 */
class SourceDirectoryLoader extends PackageDirectoryLoader {
	protected override resolvePath(file: string): string {
		return super.resolvePath(file.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	}
}

/**
 * Loads the package with n8n-core's own `PackageDirectoryLoader`, as n8n loads an
 * installed community package: from the files listed in package.json's `n8n` section
 * (from `dist/`, which must be built, or mapped to their source: see `DEFAULT_SOURCE`),
 * with the codex, icon paths and the declarative "Request Options" settings (batching,
 * timeout, proxy) applied. Node types are keyed `<package name>.<node name>`.
 */
export async function loadPackage(from: PackageSource = DEFAULT_SOURCE): Promise<LoadedPackage> {
	const loader =
		from === 'source'
			? new SourceDirectoryLoader(PACKAGE_ROOT)
			: new PackageDirectoryLoader(PACKAGE_ROOT);
	await loader.loadAll();
	const nodes: Record<string, INodeType> = {};
	for (const [name, data] of Object.entries(loader.nodeTypes)) {
		nodes[`${loader.packageName}.${name}`] = data.type as INodeType;
	}
	const credentials: Record<string, ICredentialType> = {};
	for (const [name, data] of Object.entries(loader.credentialTypes)) {
		credentials[name] = data.type;
	}
	return { packageName: loader.packageName, nodes, credentials };
}

/**
 * n8n's `INodeTypes` over this package's nodes plus the Manual Trigger and Loop Over
 * Items stand-ins and any extra node types a caller adds (e.g. a credential-test node).
 */
export class PackageNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType>;

	constructor(loaded: LoadedPackage, extra: Record<string, INodeType> = {}) {
		const tools = Object.entries(loaded.nodes)
			.filter(([, type]) => Boolean(type.description.usableAsTool))
			.map(([name, type]) => [`${name}Tool`, toolVariant(type)]);
		this.types = {
			'n8n-nodes-base.manualTrigger': new ManualTriggerStandIn(),
			'n8n-nodes-base.splitInBatches': new LoopOverItemsStandIn(),
			...loaded.nodes,
			...Object.fromEntries(tools),
			...extra,
		};
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type "${nodeType}"`);
		return type;
	}

	/**
	 * The node type as n8n's CLI and server hand it to the engine: a declarative node
	 * (no `execute`, `poll` or `trigger`) gets an `execute` that runs n8n-core's
	 * `RoutingNode` with the node's execute context, as n8n's `NodeTypes` assigns one
	 * (`shouldAssignExecuteMethod`). So the node runs with the execution's cancel signal,
	 * not through n8n-core's test-only path for declarative nodes, which passes none.
	 */
	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return withRoutingExecute(NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version));
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(Object.keys(this.types).map((name) => [name, {}]));
	}
}

/** Each declarative node type with the `execute` n8n's CLI assigns it (see `getByNameAndVersion`). */
const routed = new WeakMap<INodeType, INodeType>();

/** True for a node type n8n's CLI gives an `execute` that runs its routing (n8n's `shouldAssignExecuteMethod`). */
function runsThroughRouting(type: INodeType): boolean {
	const declarative = type.description?.requestDefaults !== undefined;
	return (
		!type.execute &&
		!type.poll &&
		!type.trigger &&
		(!type.webhook || declarative) &&
		(!type.methods || declarative)
	);
}

/**
 * `type` with the `execute` n8n's CLI assigns a declarative node: it runs n8n-core's
 * `RoutingNode` on the execute context (which carries the execution's cancel signal).
 * A view over the loaded type (n8n sets the method on the type itself), so the loaded
 * package stays as n8n loaded it; any other type is returned unchanged.
 */
export function withRoutingExecute(type: INodeType): INodeType {
	if (!runsThroughRouting(type)) return type;
	let view = routed.get(type);
	if (!view) {
		view = Object.create(type, {
			execute: {
				value: async function (this: ExecuteContext) {
					const data = await new RoutingNode(this, type).runNode();
					return data ?? [];
				},
			},
		}) as INodeType;
		routed.set(type, view);
	}
	return view;
}

/**
 * The "<node> Tool" variant n8n derives from a node marked `usableAsTool`, as its CLI does
 * when it loads nodes (`convertNodeToAiTool`): a view over the node with a copy of its
 * description, renamed `<name>Tool` (so `@tool` display conditions hold), an `ai_tool` output,
 * no inputs and n8n's tool description fields unless the node has its own `toolDescription`;
 * it runs the node's own code. When an agent calls the tool, n8n runs it with the call's
 * arguments as its one input item; a harness workflow hands that item from the Manual Trigger.
 */
export function toolVariant(type: INodeType): INodeType {
	const description = deepCopy(type.description);
	description.name += 'Tool';
	description.displayName += ' Tool';
	description.inputs = [];
	description.outputs = [NodeConnectionTypes.AiTool];
	delete description.usableAsTool;
	if (!description.properties.some((property) => property.name === 'toolDescription')) {
		description.properties = [
			{
				displayName: 'Tool Description',
				name: 'descriptionType',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Set Automatically', value: 'auto' },
					{ name: 'Set Manually', value: 'manual' },
				],
				default: 'auto',
			},
			{
				displayName: 'Description',
				name: 'toolDescription',
				type: 'string',
				default: type.description.description,
				displayOptions: { show: { descriptionType: ['manual'] } },
			},
			...description.properties,
		];
	}
	return Object.create(type, { description: { value: description } }) as INodeType;
}
