/**
 * The node when its `require('n8n-workflow')` finds another copy of n8n-workflow than the one
 * n8n's engine uses (a second copy in a parent folder's node_modules, or one npm installed
 * beside the package as a peer dependency). The copy sits in a folder of its own, so its
 * classes are not the engine's, as in a real install: the node must not rely on `instanceof`.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { PACKAGE_ROOT } from '../tools/n8n-harness/nodeTypes';
import { runNode, useSimulator } from './helpers';
import { MAL, WASH } from './seed';

type N8nWorkflow = typeof import('n8n-workflow');

let folder = '';
let second: N8nWorkflow;
const engines: N8nWorkflow = jest.requireActual('n8n-workflow');

beforeAll(() => {
	// Below the project's node_modules, so the copy's own dependencies still resolve.
	folder = mkdtempSync(path.join(PACKAGE_ROOT, 'node_modules', '.second-n8n-workflow-'));
	const copy = path.join(folder, 'node_modules', 'n8n-workflow');
	cpSync(path.join(PACKAGE_ROOT, 'node_modules', 'n8n-workflow'), copy, { recursive: true });
	second = jest.requireActual(copy);
	// The harness and n8n-core are loaded already; the node is loaded at its first run, after this.
	jest.doMock('n8n-workflow', () => second);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const ERROR_OUTPUT = { nodeSettings: { onError: 'continueErrorOutput' as const } };
const CONTINUE = { nodeSettings: { onError: 'continueRegularOutput' as const } };
const UNKNOWN_ID = '000000000000000000000000';

type ItemError = {
	httpCode: string;
	description: string;
	message: string;
	context: { item?: IDataObject };
};
const errorOf = (item: INodeExecutionData) => item.error as unknown as ItemError;

describe('the node with a second copy of n8n-workflow', () => {
	const env = useSimulator();

	it('a 404 and a 401 keep their HTTP code, message and description on the error output', async () => {
		const notFound = await runNode(
			env.baseUrl,
			{ archiveBy: 'id', intercomId: UNKNOWN_ID },
			ERROR_OUTPUT,
		);
		const [item] = notFound.output('Intercom Users', 1);
		// The node's error is of the second copy, not of the engine's: the setup is real.
		expect(item.error).toBeInstanceOf(second.NodeApiError);
		expect(item.error).not.toBeInstanceOf(engines.NodeApiError);
		expect(errorOf(item)).toMatchObject({
			httpCode: '404',
			message: 'Intercom: User Not Found (not_found)',
		});
		expect(errorOf(item).description).toContain(
			`No user matches Intercom ID "${UNKNOWN_ID}", or that user is already archived.`,
		);
		expect(errorOf(item).context.item).toMatchObject({ outcome: 'notFound', value: UNKNOWN_ID });

		const refused = await runNode(
			env.baseUrl,
			{ archiveBy: 'id', intercomId: WASH },
			{ ...ERROR_OUTPUT, token: 'not-the-token' },
		);
		const [rejected] = refused.output('Intercom Users', 1);
		expect(errorOf(rejected)).toMatchObject({
			httpCode: '401',
			message: 'Intercom: Access Token Invalid (unauthorized)',
		});
		expect(errorOf(rejected).description).toContain('The access token was rejected.');
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it("a connection dropped twice is still read from n8n's own error: retried once, then `unknown` with what to do", async () => {
		env.sim.injectFault({ reset: true, match: { path: `/users/${WASH}` }, times: 2 });
		const { items } = await runNode(
			env.baseUrl,
			{ archiveBy: 'id', intercomId: '={{ $json.id }}' },
			{ ...CONTINUE, items: [{ id: WASH }, { id: MAL }] },
		);
		expect(
			env.sim.responses.filter((r) => r.request.path === `/users/${WASH}`).map((r) => r.status),
		).toEqual(['reset', 'reset']);
		expect(items.map((item) => (item.json as IDataObject).error ?? item.json.id)).toEqual([
			'Intercom could not be reached: the connection was dropped',
			MAL,
		]);
		expect(items[0].json).toMatchObject({ outcome: 'unknown', selector: 'id', value: WASH });
		expect(items[0].json.description).toContain(
			'The change may or may not have been made in Intercom',
		);
	});

	it('with Stop Workflow, n8n’s engine wraps an error of another copy again: message and description stay, the HTTP code becomes "none"', async () => {
		// n8n-core's routing checks `instanceof` its own NodeApiError; no node can pass that
		// check with another copy's class. The README's Troubleshooting says to keep one copy.
		const { error } = await runNode(env.baseUrl, { archiveBy: 'id', intercomId: UNKNOWN_ID });
		const wrapped = error as unknown as ItemError;
		expect(wrapped.message).toBe('Intercom: User Not Found (not_found)');
		expect(wrapped.description).toContain(`No user matches Intercom ID "${UNKNOWN_ID}"`);
		expect(wrapped.httpCode).toBe('none');
	});
});
