import { loadSeedUsers } from '../tools/intercom-simulator/simulator';
import { runNode, useSimulator } from './helpers';
import { MAL, PLUS, SOLO, SPACE, WASH } from './seed';

const seed = Object.fromEntries(loadSeedUsers().map((user) => [user.id, user]));

describe("Archive a user (Intercom API 1.4) through n8n's engine", () => {
	const env = useSimulator();

	it.each([
		['id', { archiveBy: 'id', intercomId: WASH }, `/users/${WASH}`, ''],
		[
			'email',
			{ archiveBy: 'email', email: 'wash@serenity.io' },
			'/users',
			'email=wash%40serenity.io',
		],
		['user_id', { archiveBy: 'userId', userId: '25' }, '/users', 'user_id=25'],
	])(
		'by %s archives exactly that user and returns its full User object',
		async (_by, params, path, rawQuery) => {
			const { items, error } = await runNode(env.baseUrl, params);
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expect(items[0].json).toEqual(seed[WASH]);
			expect(env.sim.archivedIds()).toEqual([WASH]);
			expect(env.sim.requests).toHaveLength(1);
			const [request] = env.sim.requests;
			expect(request.method).toBe('DELETE');
			expect(request.path).toBe(path);
			expect(request.rawQuery).toBe(rawQuery);
			expect(request.body).toBe('');
			expect(request.headers.authorization).toBe('Bearer sim-token');
			expect(request.headers.accept).toBe('application/json');
			expect(request.headers['intercom-version']).toBe('1.4');
		},
	);

	it('C1: a + in an email is percent-encoded, and the user with exactly that email is archived', async () => {
		const { items } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'first+tag@example.com',
		});
		expect(env.sim.requests.map((r) => r.rawQuery)).toEqual(['email=first%2Btag%40example.com']);
		expect(items[0].json.id).toBe(PLUS);
		expect(items[0].json.email).toBe('first+tag@example.com');
		expect(env.sim.archivedIds()).toEqual([PLUS]);
		expect(env.sim.getUser(SPACE)?.archived).toBe(false);
	});

	it('three items with per-item expressions archive three different users, in order', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.contact }}' },
			{
				items: [
					{ contact: 'wash@serenity.io' },
					{ contact: 'mal@serenity.io' },
					{ contact: 'solo@example.com' },
				],
			},
		);
		expect(items.map((item) => item.json.id)).toEqual([WASH, MAL, SOLO]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(new Set(env.sim.archivedIds())).toEqual(new Set([WASH, MAL, SOLO]));
		expect(env.sim.requests.map((r) => r.rawQuery).sort()).toEqual([
			'email=mal%40serenity.io',
			'email=solo%40example.com',
			'email=wash%40serenity.io',
		]);
	});

	it('the archive-by selector itself can be an expression, per item', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{
				archiveBy: '={{ $json.by }}',
				intercomId: '={{ $json.value }}',
				email: '={{ $json.value }}',
				userId: '={{ $json.value }}',
			},
			{
				items: [
					{ by: 'id', value: WASH },
					{ by: 'userId', value: 32 },
				],
			},
		);
		expect(items.map((item) => item.json.id)).toEqual([WASH, MAL]);
		expect(env.sim.requests.map((r) => `${r.path}?${r.rawQuery}`).sort()).toEqual(
			[`/users/${WASH}?`, '/users?user_id=32'].sort(),
		);
	});

	it('C12: a missing user fails with "Intercom: User Not Found (not_found)", HTTP 404 and the request id', async () => {
		const { error, items } = await runNode(env.baseUrl, {
			archiveBy: 'id',
			intercomId: '000000000000000000000000',
		});
		expect(items).toEqual([]);
		expect(error?.message).toBe('Intercom: User Not Found (not_found)');
		const apiError = error as unknown as {
			httpCode: string;
			description: string;
			context: { intercom: { requestId: string } };
		};
		expect(apiError.httpCode).toBe('404');
		expect(apiError.description).toContain(
			'No user matches Intercom ID "000000000000000000000000", or that user is already archived.',
		);
		const requestId = apiError.context.intercom.requestId;
		expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
		expect(apiError.description).toContain(`Request ID: ${requestId}`);
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('C10: archiving the same id twice fails the second time with "not found or already archived"', async () => {
		await runNode(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		const { error } = await runNode(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		expect(error?.message).toBe('Intercom: User Not Found (not_found)');
		expect((error as unknown as { description: string }).description).toContain(
			'or that user is already archived',
		);
	});

	it('C4: two users sharing an email: nobody archived, the error suggests user_id or id', async () => {
		const { error } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'dup@example.com',
		});
		expect(error?.message).toMatch(
			/^Intercom: Multiple existing users match this email address.* \(conflict\)$/,
		);
		expect((error as unknown as { description: string }).description).toContain(
			'Several users match Email "dup@example.com", so nobody was archived. Archive by User ID or by Intercom ID instead.',
		);
		expect((error as unknown as { httpCode: string }).httpCode).toBe('409');
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('C8: continue-on-fail turns 3 items into 3, the failing one carrying not_found, each paired to its input', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			{ archiveBy: 'id', intercomId: '={{ $json.id }}' },
			{
				items: [{ id: WASH }, { id: '000000000000000000000000' }, { id: MAL }],
				nodeSettings: { onError: 'continueRegularOutput' },
			},
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toEqual(seed[WASH]);
		expect(items[2].json).toEqual(seed[MAL]);
		// Under Continue (regular output) the failed item is json only, as n8n's own nodes give
		// it: whom it was about, what happened, and Intercom's request ID in the description.
		expect(items[1].error).toBeUndefined();
		expect(items[1].json).toEqual({
			error: 'Intercom: User Not Found (not_found)',
			outcome: 'notFound',
			operation: 'archive',
			selector: 'id',
			value: '000000000000000000000000',
			description: expect.stringMatching(/Request ID: [0-9a-f-]{36}/),
		});
		expect(env.sim.archivedIds().sort()).toEqual([WASH, MAL].sort());
	});

	it('with "continue (using error output)" the failing item goes to the error output, paired to its input', async () => {
		const result = await runNode(
			env.baseUrl,
			{ archiveBy: 'userId', userId: '={{ $json.uid }}' },
			{
				items: [{ uid: '25' }, { uid: 'nobody' }],
				nodeSettings: { onError: 'continueErrorOutput' },
			},
		);
		const success = result.output('Intercom Users', 0);
		const failed = result.output('Intercom Users', 1);
		expect(success.map((item) => [item.json.id, item.pairedItem])).toEqual([[WASH, { item: 0 }]]);
		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(failed[0].json.error).toBe('Intercom: User Not Found (not_found)');
	});
});

describe('C3: a workspace whose app defaults to API 2.11', () => {
	const env = useSimulator({ defaultVersion: '2.11' });

	it('the node sends Intercom-Version 1.4 itself, and archiving by user_id 25 succeeds', async () => {
		const { items, error } = await runNode(env.baseUrl, { archiveBy: 'userId', userId: '25' });
		expect(error).toBeUndefined();
		expect(items[0].json.user_id).toBe('25');
		expect(env.sim.requests[0].headers['intercom-version']).toBe('1.4');
		expect(env.sim.archivedIds()).toEqual([WASH]);
	});
});
