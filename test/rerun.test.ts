/**
 * Safe re-runs: the option Options → "Ignore Not Found" turns "no user matches /
 * already archived / already deleted" into a marker item on the main output
 * (`{ notFound: true, outcome: 'notFound', operation, selector, value, message,
 * description }`, paired with its input), for both APIs and all three operations,
 * through n8n's engine against the simulator. Off (the default), those items fail
 * as before. Then a bulk run of 1,000 users, interrupted and run again.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SimUser } from '../tools/intercom-simulator/simulator';
import { errorList, loadSeedUsers } from '../tools/intercom-simulator/simulator';
import { details, runNode, useSimulator } from './helpers';
import { bulkUsers, MAL, SOLO, WASH } from './seed';

const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const CONFIRMED = { confirmPermanentDelete: true };
const IGNORE = { options: { ignoreNotFound: true } };
const NOBODY = '000000000000000000000000';

type Recorded = {
	method: string;
	path: string;
	rawQuery: string;
	body: string;
	headers: IDataObject;
};

function wire(request: Recorded) {
	return `${request.method} ${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}${request.body ? ` ${request.body}` : ''}`;
}

describe('"Ignore Not Found": per API and operation, not found gives a marker item; off, an error', () => {
	const env = useSimulator();

	/** [case, node parameters, what makes the user "already done" first (optional)] */
	type Case = [string, IDataObject, IDataObject | undefined];
	const cases: Case[] = [
		['Users API, archive by id: unknown id', { archiveBy: 'id', intercomId: NOBODY }, undefined],
		[
			'Users API, archive by email: already archived',
			{ archiveBy: 'email', email: 'wash@serenity.io' },
			{},
		],
		[
			'Users API, archive by user_id: no such user',
			{ archiveBy: 'userId', userId: 'nobody' },
			undefined,
		],
		[
			'Users API, permanently delete by id: already deleted',
			{ operation: 'permanentlyDelete', ...CONFIRMED, archiveBy: 'id', intercomId: SOLO },
			{},
		],
		[
			'Users API, permanently delete by email: nobody has it',
			{
				operation: 'permanentlyDelete',
				...CONFIRMED,
				archiveBy: 'email',
				email: 'nobody@example.com',
			},
			undefined,
		],
		[
			'Users API, permanently delete by user_id: no such user',
			{ operation: 'permanentlyDelete', ...CONFIRMED, archiveBy: 'userId', userId: 'nobody' },
			undefined,
		],
		[
			'Contacts API, archive by id: already archived',
			{ ...CONTACTS, archiveBy: 'id', intercomId: MAL },
			{},
		],
		[
			'Contacts API, archive by email: nobody has it',
			{ ...CONTACTS, archiveBy: 'email', email: 'nobody@example.com' },
			undefined,
		],
		[
			'Contacts API, archive by user_id: already archived',
			{ ...CONTACTS, archiveBy: 'userId', userId: '25' },
			{},
		],
		[
			'Contacts API, unarchive by id: unknown id',
			{ ...CONTACTS, operation: 'unarchive', archiveBy: 'id', intercomId: NOBODY },
			undefined,
		],
		[
			'Contacts API, unarchive by id: already deleted',
			{ ...CONTACTS, operation: 'unarchive', archiveBy: 'id', intercomId: SOLO },
			{ operation: 'permanentlyDelete', ...CONFIRMED },
		],
		[
			'Contacts API, permanently delete by id: already deleted',
			{
				...CONTACTS,
				operation: 'permanentlyDelete',
				...CONFIRMED,
				archiveBy: 'id',
				intercomId: SOLO,
			},
			{},
		],
		[
			'Contacts API, permanently delete by email: nobody has it',
			{
				...CONTACTS,
				operation: 'permanentlyDelete',
				...CONFIRMED,
				archiveBy: 'email',
				email: 'nobody@example.com',
			},
			undefined,
		],
	];

	it.each(cases)('%s', async (_case, params, before) => {
		if (before) {
			const done = await runNode(env.baseUrl, { ...params, ...before });
			expect(done.error).toBeUndefined();
			env.sim.clearRequests();
		}
		const off = await runNode(env.baseUrl, params);
		expect(off.items).toEqual([]);
		expect(off.error?.message).toMatch(/^Intercom: (User|Contact) Not Found \(not_found\)$/);
		expect(details(off.error).context.intercom?.outcome).toBe('notFound');
		const sentWithoutOption = env.sim.requests.map(wire);
		env.sim.clearRequests();

		const on = await runNode(env.baseUrl, { ...params, ...IGNORE });
		expect(on.error).toBeUndefined();
		expect(on.items).toHaveLength(1);
		const [item] = on.items;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.error).toBeUndefined();
		const selector = String(params.archiveBy);
		const valueField = { id: 'intercomId', email: 'email', userId: 'userId' }[selector] as string;
		expect(item.json).toEqual({
			notFound: true,
			outcome: 'notFound',
			operation: params.operation ?? 'archive',
			selector,
			value: params[valueField],
			message: off.error?.message,
			description: expect.any(String) as unknown as string,
		});
		// The same explanation as the error's (each answer has its own request id).
		const withoutRequestId = (text: unknown) => String(text).replace(/ Request ID: \S+$/, '');
		expect(withoutRequestId(item.json.description)).toBe(
			withoutRequestId(details(off.error).description),
		);
		expect(item.json).not.toHaveProperty('id');
		expect(item.json).not.toHaveProperty('type');
		// The option has no routing: the same requests go out, with nothing added.
		expect(env.sim.requests.map(wire)).toEqual(sentWithoutOption);
		const sent = JSON.stringify(env.sim.requests);
		expect(sent).not.toContain('ignoreNotFound');
		expect(sent).not.toContain('options');
	});

	it('a successful item is unchanged by the option, and the option sends nothing to Intercom', async () => {
		const { items, error } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'wash@serenity.io',
			...IGNORE,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ type: 'user', id: WASH });
		expect(items[0].json).not.toHaveProperty('notFound');
		expect(env.sim.requests.map(wire)).toEqual(['DELETE /users?email=wash%40serenity.io']);
		expect(Object.keys(env.sim.requests[0].headers).sort()).not.toContain('options');
	});

	it('unarchiving a contact that is not archived is a success: Intercom answers 200', async () => {
		const { items, error } = await runNode(env.baseUrl, {
			...CONTACTS,
			operation: 'unarchive',
			archiveBy: 'id',
			intercomId: WASH,
			...IGNORE,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ type: 'contact', id: WASH, archived: false });
	});

	it('mixed items: each paired with its input; markers on the main output, also with "continue (using error output)"', async () => {
		const result = await runNode(
			env.baseUrl,
			{ archiveBy: 'id', intercomId: '={{ $json.id }}', ...IGNORE },
			{
				items: [{ id: WASH }, { id: NOBODY }, { id: MAL }],
				nodeSettings: { onError: 'continueErrorOutput' },
			},
		);
		const main = result.output('Intercom Users', 0);
		expect(main.map((item) => item.json.id ?? item.json.outcome)).toEqual([WASH, 'notFound', MAL]);
		expect(main.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.output('Intercom Users', 1)).toEqual([]);
	});

	it.each([
		[
			'the Users API cannot unarchive (a setting, not a missing user)',
			{ operation: 'unarchive', api: 'users', archiveBy: 'id', intercomId: WASH },
		],
		['several users share the email', { archiveBy: 'email', email: 'dup@example.com' }],
	])('still an error with the option on: %s', async (_what, params) => {
		const { error, items } = await runNode(env.baseUrl, { ...params, ...IGNORE });
		expect(items).toEqual([]);
		expect(error).toBeDefined();
		expect(details(error).context.intercom?.outcome).toBeUndefined();
	});

	it.each([
		[
			'"Resource Not Found" (a wrong base URL path)',
			JSON.stringify(errorList('not_found', 'Resource Not Found')),
			'application/json',
		],
		['an HTML 404 page from a proxy', '<html>Not Found</html>', 'text/html'],
	])(
		'a 404 that is not Intercom\'s "User Not Found" stays an error with the option on: %s',
		async (_what, body, contentType) => {
			env.sim.injectFault({ status: 404, body, contentType });
			const { error, items } = await runNode(env.baseUrl, {
				archiveBy: 'id',
				intercomId: WASH,
				...IGNORE,
			});
			expect(items).toEqual([]);
			expect(error).toBeDefined();
			expect(details(error).context.intercom?.outcome).toBeUndefined();
		},
	);
});

/** How many successful archive answers (DELETE /users… → 200) the simulator sent for each email. */
function archivesByEmail(
	responses: Array<{ request: Recorded; status: number | 'reset' }>,
): Map<string, number> {
	const counts = new Map<string, number>();
	for (const { request, status } of responses) {
		if (request.method !== 'DELETE' || status !== 200) continue;
		const email = new URLSearchParams(request.rawQuery).get('email') ?? '';
		counts.set(email, (counts.get(email) ?? 0) + 1);
	}
	return counts;
}

/** The same, per Intercom id, for archives by id (DELETE /users/{id} → 200). */
function archivesById(
	responses: Array<{ request: Recorded; status: number | 'reset' }>,
): Map<string, number> {
	const counts = new Map<string, number>();
	for (const { request, status } of responses) {
		if (request.method !== 'DELETE' || status !== 200) continue;
		const id = decodeURIComponent(request.path.replace(/^\/users\//, ''));
		counts.set(id, (counts.get(id) ?? 0) + 1);
	}
	return counts;
}

describe('re-running a bulk archive of 1,000 users with "Ignore Not Found"', () => {
	const users: SimUser[] = bulkUsers(1000, 'rerun');
	const env = useSimulator({
		users: [...loadSeedUsers(), ...users],
		rateLimit: { limit: 100_000, windowMs: 10_000, enforce: false },
	});

	it('stopped after 400 items, then run again on all 1,000: 0 failed, each archived once, the 400 marked', async () => {
		const first = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{ items: users.slice(0, 400).map((user) => ({ email: user.email })) },
		);
		expect(first.error).toBeUndefined();
		expect(env.sim.archivedIds()).toHaveLength(400);

		const second = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}', ...IGNORE },
			{ items: users.map((user) => ({ email: user.email })) },
		);
		expect(second.error).toBeUndefined();
		expect(second.items).toHaveLength(1000);
		expect(
			second.items.filter((item) => item.error !== undefined || item.json.error !== undefined),
		).toEqual([]);
		expect(second.items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(
			users.map((_, index) => index),
		);
		const marked = second.items.flatMap((item, index) =>
			item.json.notFound === true ? [index] : [],
		);
		expect(marked).toEqual(users.slice(0, 400).map((_, index) => index));
		expect(
			second.items
				.slice(0, 400)
				.every((item) => item.json.value === users[second.items.indexOf(item)].email),
		).toBe(true);
		expect(second.items.slice(400).map((item) => item.json.id)).toEqual(
			users.slice(400).map((user) => user.id),
		);

		const counts = archivesByEmail(env.sim.responses);
		expect(counts.size).toBe(1000);
		expect([...counts.values()].every((count) => count === 1)).toBe(true);
		expect(new Set(env.sim.archivedIds())).toEqual(new Set(users.map((user) => user.id)));
	}, 120_000);

	it('a run that failed part-way (two 500s for three users, no continue-on-fail), then run again: exactly the done ones marked', async () => {
		const failing = [users[100], users[400], users[800]];
		for (const user of failing) {
			env.sim.injectFault({
				status: 500,
				body: JSON.stringify(errorList('server_error', 'Server Error')),
				match: { method: 'DELETE', path: `/users/${user.id}` },
				times: 2,
			});
		}
		const first = await runNode(
			env.baseUrl,
			{ archiveBy: 'id', intercomId: '={{ $json.id }}' },
			{ items: users.map((user) => ({ id: user.id })) },
		);
		// The execution failed: no output at all, so nobody knows from n8n which users were done.
		expect(first.error?.message).toBe('Intercom: Server Error (server_error)');
		expect(first.items).toEqual([]);
		const doneBefore = new Set(env.sim.archivedIds());
		expect(failing.some((user) => doneBefore.has(user.id))).toBe(false);

		const second = await runNode(
			env.baseUrl,
			{ archiveBy: 'id', intercomId: '={{ $json.id }}', ...IGNORE },
			{ items: users.map((user) => ({ id: user.id })) },
		);
		expect(second.error).toBeUndefined();
		expect(second.items).toHaveLength(1000);
		expect(
			second.items.filter((item) => item.error !== undefined || item.json.error !== undefined),
		).toEqual([]);
		const marked = new Set(
			second.items
				.filter((item) => item.json.notFound === true)
				.map((item) => String(item.json.value)),
		);
		expect(marked).toEqual(doneBefore);
		expect(
			second.items.filter((item) => item.json.type === 'user').map((item) => item.json.id),
		).toEqual(users.filter((user) => !doneBefore.has(user.id)).map((user) => user.id));

		const counts = archivesById(env.sim.responses);
		expect(counts.size).toBe(1000);
		expect([...counts.values()].every((count) => count === 1)).toBe(true);
		expect(new Set(env.sim.archivedIds())).toEqual(new Set(users.map((user) => user.id)));
	}, 120_000);
});
