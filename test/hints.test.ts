/**
 * The editor hint that suggests Batching for large runs (descriptions/hints.ts),
 * evaluated the way n8n's editor evaluates a hint's `displayCondition`: n8n-workflow's
 * expression engine, on the node's input items and its parameters.
 */
import type { INodeExecutionData, NodeHint } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { loadPackage, PackageNodeTypes } from '../tools/n8n-harness/nodeTypes';
import { nodeWorkflow, NODE_NAME } from './helpers';

const NODE_TYPE = 'n8n-nodes-intercom-users.intercomUsers';

/** The node's hints as n8n loads them. */
async function hints(): Promise<NodeHint[]> {
	const loaded = await loadPackage();
	return loaded.nodes[NODE_TYPE].description.hints ?? [];
}

/** Whether n8n's editor would show `hint` after a run of `items` input items with these parameters. */
async function shown(hint: NodeHint, items: number, requestOptions?: object): Promise<boolean> {
	const loaded = await loadPackage();
	const json = nodeWorkflow({
		archiveBy: 'email',
		email: '={{ $json.email }}',
		...(requestOptions ? { requestOptions } : {}),
	});
	const workflow = new Workflow({
		nodes: json.nodes,
		connections: json.connections,
		active: false,
		nodeTypes: new PackageNodeTypes(loaded),
	});
	const input: INodeExecutionData[] = Array.from({ length: items }, (_, index) => ({
		json: { email: `user${index}@example.com` },
	}));
	// As the editor does (useNodeHelpers): item 0, manual mode, no additional keys.
	const value = workflow.expression.getParameterValue(
		hint.displayCondition ?? '',
		null,
		0,
		0,
		NODE_NAME,
		input,
		'manual',
		{},
	);
	expect(typeof value).toBe('boolean');
	return value as boolean;
}

describe('the large-run hint in the editor', () => {
	it('is one output-pane hint after a run, naming where Batching is set and the advised values', async () => {
		const all = await hints();
		expect(all).toHaveLength(1);
		expect(all[0]).toMatchObject({
			type: 'info',
			location: 'outputPane',
			whenToDisplay: 'afterExecution',
		});
		expect(all[0].message).toContain('Settings → Request Options → Batching');
		expect(all[0].message).toContain('10 items per batch and a 1 ms interval');
	});

	it('shows from 500 input items when Batching is not set, and not below or with Batching', async () => {
		const [hint] = await hints();
		expect(await shown(hint, 500)).toBe(true);
		expect(await shown(hint, 2_000)).toBe(true);
		expect(await shown(hint, 499)).toBe(false);
		expect(await shown(hint, 1)).toBe(false);
		expect(await shown(hint, 2_000, {})).toBe(true);
		expect(await shown(hint, 2_000, { timeout: 10_000 })).toBe(true);
		expect(
			await shown(hint, 2_000, { batching: { batch: { batchSize: 10, batchInterval: 1 } } }),
		).toBe(false);
	});
});
