import { readFileSync } from 'node:fs';
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

/** The package root (where package.json with the `n8n` section lives). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..');

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

function instantiateAll<T>(file: string): T[] {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(path.join(PACKAGE_ROOT, file)) as Record<string, new () => T>;
	return Object.values(exported)
		.filter((value) => typeof value === 'function')
		.map((Constructor) => new Constructor());
}

/**
 * Loads the built node and credential classes the way n8n does for a community
 * package: from the files listed in package.json's `n8n` section (so `dist/`
 * must be built). Node types are keyed `<package name>.<node name>`.
 */
export function loadPackage(): LoadedPackage {
	const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
		name: string;
		n8n: { nodes: string[]; credentials: string[] };
	};
	const nodes: Record<string, INodeType> = {};
	for (const file of pkg.n8n.nodes) {
		for (const node of instantiateAll<INodeType>(file)) {
			nodes[`${pkg.name}.${node.description.name}`] = node;
		}
	}
	const credentials: Record<string, ICredentialType> = {};
	for (const file of pkg.n8n.credentials) {
		for (const credential of instantiateAll<ICredentialType>(file)) {
			credentials[credential.name] = credential;
		}
	}
	return { packageName: pkg.name, nodes, credentials };
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
