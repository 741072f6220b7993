import type { IDataObject } from 'n8n-workflow';

import { IntercomSimulator } from '../tools/intercom-simulator/simulator';
import { details, NODE_NAME, runNode } from './helpers';
import { FaultProxy } from '../tools/intercom-simulator/proxy';
import { bulkUsers, MAL, SOLO, WASH } from './seed';

/** Settings → Retry On Fail: 3 tries, 200 ms apart. */
const RETRY = { retryOnFail: true, maxTries: 3, waitBetweenTries: 200 };

const env: { sim: IntercomSimulator; gateway: FaultProxy; baseUrl: string } = {} as never;
beforeEach(async () => {
	env.sim = new IntercomSimulator();
	env.gateway = new FaultProxy(await env.sim.start());
	env.baseUrl = await env.gateway.start();
});
afterEach(async () => {
	await env.gateway.stop();
	await env.sim.stop();
});

/** The error's `context.item`: whom a failed item was about (operation, selector, value, outcome). */
function about(error: unknown): IDataObject | undefined {
	return (error as { context?: { item?: IDataObject } } | undefined)?.context?.item;
}

/** How many DELETE requests reached the gateway for each path and query. */
function deletes(): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const { method, path, rawQuery } of env.gateway.log) {
		if (method !== 'DELETE') continue;
		const key = rawQuery ? `${path}?${rawQuery}` : path;
		counts[key] = (counts[key] ?? 0) + 1;
	}
	return counts;
}

describe("n8n's Retry On Fail re-runs the node: done items are not sent again (C25)", () => {
	it('C25: two users around one answering 503, Stop Workflow: one DELETE each, the error is the 503 item', async () => {
		env.gateway.injectFault({
			match: { method: 'DELETE', pathPrefix: `/users/${MAL}` },
			times: 100,
			status: 503,
			body: '<html>Service Unavailable</html>',
		});
		const { error, items } = await runNode(
			env.baseUrl,
			{ archiveBy: 'id', intercomId: '={{ $json.id }}' },
			{ items: [{ id: WASH }, { id: MAL }, { id: SOLO }], nodeSettings: RETRY },
		);
		expect(items).toEqual([]);
		expect(details(error).httpCode).toBe('503');
		expect((error as unknown as { context: IDataObject }).context.itemIndex).toBe(1);
		expect(deletes()[`/users/${WASH}`]).toBe(1);
		expect(deletes()[`/users/${SOLO}`]).toBe(1);
		// Every try sent the failing item again (n8n's 3 tries).
		expect(deletes()[`/users/${MAL}`]).toBeGreaterThanOrEqual(3);
		expect(details(error).description).toContain(`2 archived (${WASH}, ${SOLO})`);
	});

	it('C25: three emails, the first unknown, Continue (using error output): two User objects, one DELETE each', async () => {
		const run = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{
				items: [
					{ email: 'nobody@nowhere.io' },
					{ email: 'wash@serenity.io' },
					{ email: 'mal@serenity.io' },
				],
				nodeSettings: { ...RETRY, onError: 'continueErrorOutput' },
			},
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => [item.json.type, item.json.email, item.pairedItem])).toEqual([
			['user', 'wash@serenity.io', { item: 1 }],
			['user', 'mal@serenity.io', { item: 2 }],
		]);
		const failed = run.output('Intercom Users', 1);
		expect(failed.map((item) => [about(item.error)?.value, item.pairedItem])).toEqual([
			['nobody@nowhere.io', { item: 0 }],
		]);
		const counts = Object.entries(deletes());
		expect(counts.filter(([key]) => key.includes('wash%40serenity.io'))).toEqual([
			[expect.any(String), 1],
		]);
		expect(counts.filter(([key]) => key.includes('mal%40serenity.io'))).toEqual([
			[expect.any(String), 1],
		]);
	});
});

describe('A stopped run says what it already changed; a failed Continue item says whom it was about (issue 21)', () => {
	const emails = [
		{ email: 'wash@serenity.io' },
		{ email: 'nobody@nowhere.io' },
		{ email: 'mal@serenity.io' },
	];

	it('Stop Workflow: the error of the unknown email names the two archived ones and the Continue setting', async () => {
		const { error } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{ items: emails },
		);
		expect(details(error).message).toBe('Intercom: User Not Found (not_found)');
		expect(details(error).description).toContain(
			'Before this error stopped the run, its other items had already changed Intercom: 2 archived (wash@serenity.io, mal@serenity.io).',
		);
		expect(details(error).description).toContain('set Settings → On Error to "Continue"');
	});

	it('a stopped run lists five values, then "and N more"', async () => {
		await env.gateway.stop();
		await env.sim.stop();
		env.sim = new IntercomSimulator({ users: bulkUsers(7) });
		env.gateway = new FaultProxy(await env.sim.start());
		env.baseUrl = await env.gateway.start();
		const many = [
			{ email: 'nobody@nowhere.io' },
			...bulkUsers(7).map((user) => ({ email: user.email })),
		];
		const { error } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{ items: many },
		);
		expect(details(error).description).toMatch(/: 7 archived \(([^,)]+, ){4}[^,)]+ and 2 more\)\./);
	});

	it('Continue: the failed item carries operation, selector, value, outcome and description besides error', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{ items: emails, nodeSettings: { onError: 'continueRegularOutput' } },
		);
		// No n8n `error` on the item: n8n would replace its json with `{ error: message }`
		// (normalizeNodeErrors), and the builder would see none of these fields.
		expect(items[1].error).toBeUndefined();
		expect(items[1].json).toEqual({
			error: 'Intercom: User Not Found (not_found)',
			outcome: 'notFound',
			operation: 'archive',
			selector: 'email',
			value: 'nobody@nowhere.io',
			description: expect.stringContaining('No user matches'),
		});
		// The order n8n's Table view shows them in: what happened, then to whom.
		expect(Object.keys(items[1].json)).toEqual([
			'error',
			'value',
			'selector',
			'operation',
			'outcome',
			'description',
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.email).toBe('wash@serenity.io');
	});

	it('Continue (using error output): the failed item goes there with its error; n8n keeps its fields on context.item', async () => {
		const result = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{ items: emails, nodeSettings: { onError: 'continueErrorOutput' } },
		);
		expect(result.items.map((item) => item.json.email)).toEqual([
			'wash@serenity.io',
			'mal@serenity.io',
		]);
		const errorItems = result.output(NODE_NAME, 1);
		expect(errorItems).toHaveLength(1);
		expect(errorItems[0].json).toEqual({ error: 'Intercom: User Not Found (not_found)' });
		expect(about(errorItems[0].error)).toEqual({
			outcome: 'notFound',
			operation: 'archive',
			selector: 'email',
			value: 'nobody@nowhere.io',
			description: details(errorItems[0].error).description,
		});
	});

	it('Continue: bad input still says the operation and the field', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{ items: [{ email: 'not-an-email' }], nodeSettings: { onError: 'continueRegularOutput' } },
		);
		expect(items[0].json).toEqual({
			error: expect.stringMatching(/^Email /),
			outcome: 'failed',
			operation: 'archive',
			selector: 'email',
			field: 'Email',
			description: expect.stringContaining('No request was sent for this item.'),
		});
		expect(env.gateway.log).toEqual([]);
	});
});
