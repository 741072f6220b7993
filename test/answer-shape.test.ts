/**
 * Answers of the wrong shape are never acted on: a 2xx answer that is not the User,
 * contact, list or delete request the node needs fails the item with "Intercom's answer
 * could not be read as …", never becomes "not found", and no later request is built
 * from it (no `undefined`, `null` or empty id on the wire). Run through n8n's engine
 * against the simulator (fault injection) or a gateway in front of it, over HTTP.
 */
import type { IDataObject } from 'n8n-workflow';

import type { IntercomSimulator } from '../tools/intercom-simulator/simulator';
import { IntercomSimulator as Simulator } from '../tools/intercom-simulator/simulator';
import { FaultProxy } from '../tools/intercom-simulator/proxy';
import { details, runNode, useSimulator } from './helpers';
import { MAL, SOLO, WASH } from './seed';

const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const DELETE = { operation: 'permanentlyDelete', confirmPermanentDelete: true };

/** True when no request the simulator received carries an id that came from nowhere. */
function noMissingId(sim: IntercomSimulator): boolean {
	return sim.requests.every(
		(r) =>
			!/undefined|null/.test(`${r.path}?${r.rawQuery} ${r.body}`) &&
			!r.path.split('/').slice(1).includes(''),
	);
}

const wire = (sim: IntercomSimulator) => sim.requests.map((r) => `${r.method} ${r.path}`);

describe('C41: an answer of another shape is not taken for the user', () => {
	const env = useSimulator();

	it('C41: Contacts API, Archive by email: a search whose contact has no id fails, nothing archived', async () => {
		env.sim.injectFault({
			status: 200,
			body: JSON.stringify({ type: 'list', data: [{ type: 'contact' }], total_count: 1 }),
			match: { method: 'POST', path: '/contacts/search' },
		});
		const { items, error } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'email',
			email: 'mal@serenity.io',
			options: { ignoreNotFound: true },
		});
		expect(items).toEqual([]);
		expect(error?.message).toBe("Intercom's answer could not be read as a user: data[0] has no id");
		expect(details(error).httpCode).toBe('200');
		expect(details(error).context.intercom?.outcome).toBeUndefined();
		expect(details(error).description).toContain(
			'Intercom answered HTTP 200 for Email "mal@serenity.io", but its answer does not have the shape of a user (data[0] has no id). The node did not act on it.',
		);
		expect(wire(env.sim)).toEqual(['POST /contacts/search']);
		expect(noMissingId(env.sim)).toBe(true);
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('C41: Users API, Archive by Intercom ID answered 200 []: fails, the outcome unknown (it answered a change)', async () => {
		env.sim.injectFault({
			status: 200,
			body: '[]',
			match: { method: 'DELETE', path: `/users/${WASH}` },
		});
		const { items, error } = await runNode(env.baseUrl, {
			archiveBy: 'id',
			intercomId: WASH,
			options: { ignoreNotFound: true },
		});
		expect(items).toEqual([]);
		expect(error?.message).toBe(
			"Intercom's answer could not be read as a user: it is an array, not an object",
		);
		expect(details(error).context.intercom?.outcome).toBe('unknown');
		expect(details(error).description).toContain(
			'It answered a change, which may or may not have been made in Intercom',
		);
		expect(wire(env.sim)).toEqual([`DELETE /users/${WASH}`]);
		expect(noMissingId(env.sim)).toBe(true);
	});

	it.each<[string, IDataObject, string, string, string]>([
		[
			'{} to a Users API lookup by email',
			{ archiveBy: 'email', email: 'solo@example.com' },
			'/users',
			'{}',
			'it has no id',
		],
		[
			'a user.list with a non-object',
			{ archiveBy: 'email', email: 'solo@example.com' },
			'/users',
			JSON.stringify({ type: 'user.list', users: ['solo'], total_count: 1 }),
			'users[0] is text, not an object',
		],
		[
			'a 2.x list to a Users API lookup',
			{ archiveBy: 'email', email: 'solo@example.com' },
			'/users',
			JSON.stringify({ type: 'list', data: [{ type: 'user', id: SOLO }] }),
			'it is of type "list", not a user or contact',
		],
		[
			'a User whose id is a number, by user_id',
			{ archiveBy: 'userId', userId: '31' },
			'/users',
			JSON.stringify({ type: 'user', id: 7, user_id: '31' }),
			'its id is a number, not text',
		],
		[
			'null to the read by Intercom ID',
			{ archiveBy: 'id', intercomId: SOLO },
			`/users/${SOLO}`,
			'null',
			'it is null, not an object',
		],
	])(
		'Users API, Permanently Delete: %s fails as unreadable, no delete request, dry run too',
		async (_shape, selector, path, body, problem) => {
			for (const options of [{}, { dryRun: true, ignoreNotFound: true }]) {
				env.sim.clearRequests();
				env.sim.injectFault({ status: 200, body, match: { method: 'GET', path } });
				const { items, error } = await runNode(env.baseUrl, {
					...DELETE,
					...selector,
					options,
				});
				expect(items).toEqual([]);
				expect(error?.message).toBe(`Intercom's answer could not be read as a user: ${problem}`);
				expect(details(error).context.intercom?.outcome).toBeUndefined();
				expect(wire(env.sim)).toEqual([`GET ${path}`]);
				expect(noMissingId(env.sim)).toBe(true);
			}
			expect(env.sim.deletedIds()).toEqual([]);
		},
	);

	it.each<[string, IDataObject, string, string]>([
		[
			'a data entry that is a number',
			{ archiveBy: 'email', email: 'mal@serenity.io' },
			JSON.stringify({ type: 'list', data: [5], total_count: 1 }),
			'data[0] is a number, not an object',
		],
		[
			'no data list',
			{ archiveBy: 'userId', userId: '32' },
			JSON.stringify({ type: 'list', total_count: 1 }),
			'its data is missing, not a list',
		],
		[
			'a total_count as text',
			{ archiveBy: 'email', email: 'mal@serenity.io' },
			JSON.stringify({ type: 'list', data: [], total_count: '1' }),
			'its total_count is text, not a number',
		],
	])(
		'Contacts API, Archive: a search with %s fails as unreadable',
		async (_s, selector, body, problem) => {
			env.sim.injectFault({
				status: 200,
				body,
				match: { method: 'POST', path: '/contacts/search' },
			});
			const { error } = await runNode(env.baseUrl, { ...CONTACTS, ...selector });
			expect(error?.message).toBe(`Intercom's answer could not be read as a user: ${problem}`);
			expect(wire(env.sim)).toEqual(['POST /contacts/search']);
			expect(env.sim.archivedIds()).toEqual([]);
		},
	);

	it('Contacts API, Archive by Intercom ID: a contact whose id is empty is not archived', async () => {
		env.sim.injectFault({
			status: 200,
			body: JSON.stringify({ type: 'contact', id: '', role: 'user' }),
			match: { method: 'GET', path: `/contacts/${MAL}` },
		});
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'id',
			intercomId: MAL,
		});
		expect(error?.message).toBe("Intercom's answer could not be read as a user: its id is empty");
		expect(wire(env.sim)).toEqual([`GET /contacts/${MAL}`]);
		expect(noMissingId(env.sim)).toBe(true);
	});

	it('Users API, Permanently Delete: a delete-request answer without id: unknown, not done', async () => {
		env.sim.injectFault({
			status: 200,
			body: JSON.stringify({ type: 'user_delete_request' }),
			match: { method: 'POST', path: '/user_delete_requests' },
		});
		const { error } = await runNode(env.baseUrl, {
			...DELETE,
			archiveBy: 'userId',
			userId: '31',
			options: { ignoreNotFound: true },
		});
		expect(error?.message).toBe(
			"Intercom's answer could not be read as a user delete request: it has no id",
		);
		expect(details(error).context.intercom?.outcome).toBe('unknown');
		expect(wire(env.sim)).toEqual(['GET /users', 'POST /user_delete_requests']);
		expect(env.sim.requests[1].body).toBe(`{"intercom_user_id":"${SOLO}"}`);
	});

	it('Contacts API, Permanently Delete by email: a DELETE answer without id: unknown', async () => {
		env.sim.injectFault({
			status: 200,
			body: JSON.stringify({ type: 'contact', deleted: true }),
			match: { method: 'DELETE', path: `/contacts/${SOLO}` },
		});
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			...DELETE,
			archiveBy: 'email',
			email: 'solo@example.com',
		});
		expect(error?.message).toBe("Intercom's answer could not be read as a contact: it has no id");
		expect(details(error).context.intercom?.outcome).toBe('unknown');
		expect(wire(env.sim)).toEqual(['POST /contacts/search', `DELETE /contacts/${SOLO}`]);
	});

	it('Unarchive: an unarchive answer that is an array: unknown, no read-back built from it', async () => {
		await runNode(env.baseUrl, { ...CONTACTS, archiveBy: 'id', intercomId: WASH });
		env.sim.clearRequests();
		env.sim.injectFault({
			status: 200,
			body: '[{"id":"x"}]',
			match: { method: 'POST', path: `/contacts/${WASH}/unarchive` },
		});
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			operation: 'unarchive',
			archiveBy: 'id',
			intercomId: WASH,
		});
		expect(error?.message).toBe(
			"Intercom's answer could not be read as a contact: it is an array, not an object",
		);
		expect(details(error).context.intercom?.outcome).toBe('unknown');
		expect(wire(env.sim)).toEqual([`GET /contacts/${WASH}`, `POST /contacts/${WASH}/unarchive`]);
	});
});

describe('an unreadable answer to a change that reached Intercom (a gateway in between)', () => {
	const env = {} as { sim: IntercomSimulator; gateway: FaultProxy; baseUrl: string };
	beforeEach(async () => {
		env.sim = new Simulator();
		env.gateway = new FaultProxy(await env.sim.start());
		env.baseUrl = await env.gateway.start();
	});
	afterEach(async () => {
		await env.gateway.stop();
		await env.sim.stop();
	});

	it('Contacts API, Archive by Intercom ID: archived upstream, answered {"type":"contact"}: unknown, never done or not found', async () => {
		env.gateway.injectFault({
			forward: true,
			match: { method: 'POST', pathPrefix: `/contacts/${MAL}/archive` },
			status: 200,
			body: JSON.stringify({ type: 'contact', archived: true }),
		});
		const { items, error } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'id',
			intercomId: MAL,
			options: { ignoreNotFound: true },
		});
		expect(items).toEqual([]);
		expect(error?.message).toBe("Intercom's answer could not be read as a contact: it has no id");
		expect(details(error).context.intercom?.outcome).toBe('unknown');
		expect(env.sim.archivedIds()).toEqual([MAL]);
		expect(env.gateway.log.map((exchange) => `${exchange.method} ${exchange.path}`)).toEqual([
			`GET /contacts/${MAL}`,
			`POST /contacts/${MAL}/archive`,
		]);
	});
});
