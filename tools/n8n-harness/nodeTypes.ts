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
import { NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';
import { PackageDirectoryLoader } from 'n8n-core';

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

/**
 * Loads the built package with n8n-core's own `PackageDirectoryLoader`, as n8n
 * loads an installed community package: from the files listed in package.json's
 * `n8n` section (so `dist/` must be built), with the codex, icon paths and the
 * declarative "Request Options" settings (batching, timeout, proxy) applied.
 * Node types are keyed `<package name>.<node name>`.
 */
export async function loadPackage(): Promise<LoadedPackage> {
	const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
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
 * n8n's `INodeTypes` over this package's nodes plus the Manual Trigger stand-in
 * and any extra node types a caller adds (e.g. a credential-test node).
 */
export class PackageNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType>;

	constructor(loaded: LoadedPackage, extra: Record<string, INodeType> = {}) {
		this.types = {
			'n8n-nodes-base.manualTrigger': new ManualTriggerStandIn(),
			...loaded.nodes,
			...extra,
		};
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type "${nodeType}"`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(Object.keys(this.types).map((name) => [name, {}]));
	}
}
