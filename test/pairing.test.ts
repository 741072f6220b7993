/**
 * Case C17 (test/CASES.md): an item whose own Email expression throws, with
 * On Error = "Continue (using error output)".
 *
 * The limit, proven from n8n-core 2.41's source: a declarative node's
 * parameters are evaluated by n8n's RoutingNode for every item before the
 * node's per-item runner is called; when an expression throws there, the
 * RoutingNode itself emits `{ json: {}, error }` without `pairedItem`, and
 * WorkflowExecute moves it to the error output before it assigns missing
 * pairings (which it does only for a node with one output). No hook of a
 * declarative node runs for that item, so the node cannot pair it.
 *
 * These tests pin that behaviour, so a change in n8n is noticed, and prove the
 * workaround the README gives: "Continue" (regular output) keeps the pairing.
 */
import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { DEFAULT_TOKEN } from '../tools/intercom-simulator/simulator';
import { runWorkflow } from '../tools/n8n-harness/engine';
import { nodeWorkflow, NODE_NAME, TRIGGER_NAME, useSimulator } from './helpers';
import { MAL, WASH } from './seed';

const READER = 'Reads the trigger item';

/**
 * Manual Trigger → Intercom Users (item 1's Email expression names a node that
 * does not exist) → on the chosen output, a second Intercom Users node whose
 * Email is `$('Manual Trigger').item.json.fallback`, which needs the pairing.
 */
function workflow(onError: INode['onError']) {
	const base = nodeWorkflow(
		{
			archiveBy: 'email',
			email: '={{ $json.broken ? $("No Such Node").item.json.email : $json.email }}',
		},
		{ onError },
	);
	const reader: INode = {
		...base.nodes[1],
		id: 'reader',
		name: READER,
		position: [440, 0],
		onError: 'continueRegularOutput',
		parameters: {
			resource: 'user',
			operation: 'archive',
			archiveBy: 'email',
			email: `={{ $('${TRIGGER_NAME}').item.json.fallback }}`,
		},
	};
	const errorOutput = onError === 'continueErrorOutput' ? 1 : 0;
	const main: IConnections[string]['main'] = [[], []];
	main[errorOutput] = [{ node: READER, type: 'main', index: 0 }];
	return {
		nodes: [...base.nodes, reader],
		connections: { ...base.connections, [NODE_NAME]: { main } } as IConnections,
	};
}

const items: IDataObject[] = [
	{ email: 'wash@serenity.io', fallback: 'nobody-0@example.com' },
	{ broken: true, fallback: 'mal@serenity.io' },
	{ email: 'solo@example.com', fallback: 'nobody-2@example.com' },
];

describe('C17: an item whose own expression throws', () => {
	const env = useSimulator();
	const credentials = () => ({
		intercomAccessTokenApi: { accessToken: DEFAULT_TOKEN, region: 'custom', baseUrl: env.baseUrl },
	});

	it('with "Continue (using error output)" n8n emits it without pairedItem, so $(trigger).item fails downstream (pinned n8n limit)', async () => {
		const result = await runWorkflow({
			workflow: workflow('continueErrorOutput'),
			items,
			credentials: credentials(),
		});
		const errorItems = result.output(NODE_NAME, 1);
		expect(result.error).toBeUndefined();
		expect(errorItems).toHaveLength(1);
		expect(errorItems[0].pairedItem).toBeUndefined();
		expect(String(errorItems[0].error?.message)).toBe("Referenced node doesn't exist");
		expect(result.output(NODE_NAME, 0).map((item) => item.json.id)).toEqual([
			WASH,
			expect.any(String),
		]);
		// The node after the error output cannot find the trigger item it belongs to.
		expect(result.output(READER).map((item) => item.error?.message)).toEqual([
			"Paired item data for item from node 'Intercom Users' is unavailable. Ensure 'Intercom Users' is providing the required output.",
		]);
	});

	it('workaround: with "Continue" (regular output) n8n pairs it with input item 1 and the next node runs', async () => {
		const result = await runWorkflow({
			workflow: workflow('continueRegularOutput'),
			items,
			credentials: credentials(),
		});
		expect(result.error).toBeUndefined();
		const out = result.output(NODE_NAME);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[1].error?.message).toBe("Referenced node doesn't exist");
		// The next node reads each item's trigger item: item 1's fallback is mal@serenity.io.
		const reader = result.output(READER);
		expect(reader).toHaveLength(3);
		expect(reader[1].json.id).toBe(MAL);
	});
});
