/**
 * Settings that cannot work, through n8n's engine: a choice field holding a value typed by
 * hand into the workflow JSON, and a Base URL where nothing listens. Each item fails with a
 * message and a description that say what happened, that nothing was sent, and what to fix;
 * the other items are not lost. The same network failures as n8n 1.x's request helper throws
 * them are in test/nodes/IntercomUsers/transport/n8n1-errors.test.ts.
 */
import { createServer } from 'node:net';

import { details, runNode, useSimulator } from './helpers';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

describe('a choice field with a value the node does not have', () => {
	const env = useSimulator();

	it('an unknown Operation names the field and its values; nothing is sent', async () => {
		const { error } = await runNode(env.baseUrl, { operation: 'delete', email: 'a@b.co' });
		expect(error?.message).toBe(
			'Operation "delete" is not supported. Use archive, unarchive, permanentlyDelete, get or getMany.',
		);
		expect(details(error).description).toMatch(
			/^The node's Operation field \("operation" in the workflow JSON\) may only be archive, unarchive, permanentlyDelete, get or getMany\. Pick it again in the node, or correct the value in the workflow JSON\. No request was sent for this item\./,
		);
		expect(env.sim.requests).toEqual([]);
	});

	it('an unknown API names the field and its values; nothing is sent', async () => {
		const { error } = await runNode(env.baseUrl, { api: 'v3', email: 'a@b.co' });
		expect(error?.message).toBe('API "v3" is not supported. Use users or contacts.');
		expect(details(error).description).toMatch(
			/^The node's API field \("api" in the workflow JSON\) may only be users or contacts\. Pick it again in the node, or correct the value in the workflow JSON\. No request was sent for this item\./,
		);
		expect(env.sim.requests).toEqual([]);
	});

	it('under Continue, an item of an unknown API fails alone and the next item runs', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ api: '={{ $json.api }}', archiveBy: 'email', email: '={{ $json.email }}' },
			{
				items: [
					{ api: 'v3', email: 'nobody@example.com' },
					{ api: 'users', email: 'nobody@example.com' },
				],
				nodeSettings: { onError: 'continueRegularOutput' },
			},
		);
		expect(items).toHaveLength(2);
		expect(items[0].json.error).toBe('API "v3" is not supported. Use users or contacts.');
		expect(String(items[0].json.description)).toContain('No request was sent for this item.');
		expect(env.sim.requests.length).toBeGreaterThan(0);
		expect(env.sim.requests.every((request) => !request.path.includes('v3'))).toBe(true);
	});
});

describe('a Base URL where nothing listens', () => {
	it('the item says the connection was refused, nothing was sent, and what to check', async () => {
		const port = await closedPort();
		const { error, items } = await runNode(`http://127.0.0.1:${port}`, {
			archiveBy: 'email',
			email: 'kaylee@serenity.io',
		});
		expect(items).toEqual([]);
		expect(error?.message).toBe('The service refused the connection - perhaps it is offline');
		expect(details(error).description).toMatch(
			/^The connection could not be made \(ECONNREFUSED\), so the request was not sent and nothing was changed in Intercom\. Check the credential's Region or Base URL, the proxy and that n8n can reach that host, then run the item again\./,
		);
	});
});
