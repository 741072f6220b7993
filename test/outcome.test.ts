/**
 * Outcome certainty after a retried write, over real HTTP through n8n's engine: a
 * gateway in front of the simulator (the fault proxy, tools/intercom-simulator/proxy.ts) lets a change reach Intercom
 * and then answers the node with a 5xx, or drops the connection. The node sends the
 * change once more; when that repeat answers 404, the item must say that the first
 * attempt most likely made the change, never that nothing changed.
 */

import type { SimUser } from '../tools/intercom-simulator/simulator';
import { errorList, IntercomSimulator, loadSeedUsers } from '../tools/intercom-simulator/simulator';
import type { IntercomRequest, RequestEffect } from '../nodes/IntercomUsers/intercom/request';
import {
	confirmingRead,
	readShowsActive,
	requestEffect,
} from '../nodes/IntercomUsers/intercom/request';
import { FaultProxy, GATEWAY_TIMEOUT_PAGE } from '../tools/intercom-simulator/proxy';
import { details, runNode } from './helpers';
import { MAL, SOLO } from './seed';

const OPS_LEAD_ID = '6a00aa00bb00cc00dd000001';
const OPS_LEAD: SimUser = {
	...loadSeedUsers()[0],
	id: OPS_LEAD_ID,
	user_id: 'ops-lead-1',
	email: 'ops.lead@example.com',
	name: 'Ops Lead',
};
const BY_EMAIL = { archiveBy: 'email', email: 'ops.lead@example.com' };
const IGNORE = { options: { ignoreNotFound: true } };
const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const CONFIRMED = { confirmPermanentDelete: true };
const GATEWAY_504 = { status: 504, body: GATEWAY_TIMEOUT_PAGE };

const env: { sim: IntercomSimulator; gateway: FaultProxy; baseUrl: string } = {} as never;
beforeEach(async () => {
	env.sim = new IntercomSimulator({ users: [...loadSeedUsers(), OPS_LEAD] });
	env.gateway = new FaultProxy(await env.sim.start());
	env.baseUrl = await env.gateway.start();
});
afterEach(async () => {
	await env.gateway.stop();
	await env.sim.stop();
});

/** Every answer the simulator sent, as `METHOD path → status`. */
const simAnswers = () =>
	env.sim.responses.map((r) => `${r.request.method} ${r.request.path} → ${r.status}`);

describe('Users API, Archive by email: the gateway answers 504 after Intercom archived the user', () => {
	it('default: the item fails with "most likely archived by an earlier attempt", outcome probablyDone', async () => {
		env.gateway.injectFault({
			forward: true,
			match: { method: 'DELETE', pathPrefix: '/users' },
			...GATEWAY_504,
		});
		const { error, items } = await runNode(env.baseUrl, BY_EMAIL);
		expect(items).toEqual([]);
		expect(details(error).message).toBe(
			'Intercom: the user was most likely archived by an earlier attempt',
		);
		expect(details(error).httpCode).toBe('404');
		expect(details(error).context.intercom).toMatchObject({
			outcome: 'probablyDone',
			firstAttempt: 'HTTP 504',
			status: 404,
			code: 'not_found',
		});
		const description = details(error).description ?? '';
		expect(description).toContain(
			'The first attempt for Email "ops.lead@example.com" got no clear answer (HTTP 504)',
		);
		expect(description).toContain(
			'a check finds no active user with Email "ops.lead@example.com" any more',
		);
		expect(description).toContain('the first attempt most likely archived it');
		expect(description).not.toMatch(/Nothing was|already archived/);
		// The first DELETE archived the user; its repeat found nobody; the check read confirms it.
		expect(simAnswers()).toEqual([
			'DELETE /users → 200',
			'DELETE /users → 404',
			'GET /users → 200',
		]);
		expect(env.sim.requests.map((r) => r.rawQuery)).toEqual(
			Array(3).fill('email=ops.lead%40example.com'),
		);
		expect(env.gateway.log.map((exchange) => exchange.sent)).toEqual([504, 404, 200]);
		expect(env.sim.archivedIds()).toEqual([OPS_LEAD_ID]);
	});

	it('with "Ignore Not Found" it is a normal output item { probablyDone: true, … }, not an archived user', async () => {
		env.gateway.injectFault({
			forward: true,
			match: { method: 'DELETE', pathPrefix: '/users' },
			...GATEWAY_504,
		});
		const { error, items } = await runNode(env.baseUrl, { ...BY_EMAIL, ...IGNORE });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].error).toBeUndefined();
		expect(items[0].json).toEqual({
			probablyDone: true,
			outcome: 'probablyDone',
			operation: 'archive',
			selector: 'email',
			value: 'ops.lead@example.com',
			message: 'Intercom: the user was most likely archived by an earlier attempt',
			description: expect.stringContaining('most likely archived it') as unknown as string,
		});
		expect(items[0].json).not.toHaveProperty('id');
		expect(items[0].json).not.toHaveProperty('notFound');
		expect(env.sim.archivedIds()).toEqual([OPS_LEAD_ID]);
	});

	it('a connection dropped after the gateway forwarded the DELETE is treated like the 504', async () => {
		env.gateway.injectFault({
			forward: true,
			match: { method: 'DELETE', pathPrefix: '/users' },
			reset: true,
		});
		const { error } = await runNode(env.baseUrl, BY_EMAIL);
		expect(details(error).message).toBe(
			'Intercom: the user was most likely archived by an earlier attempt',
		);
		expect(details(error).context.intercom).toMatchObject({
			outcome: 'probablyDone',
			firstAttempt: 'connection dropped: ECONNRESET',
		});
		expect(env.gateway.log.map((exchange) => exchange.sent)).toEqual(['reset', 404, 200]);
		expect(env.sim.archivedIds()).toEqual([OPS_LEAD_ID]);
	});

	it('dropped twice: "may or may not have been made", outcome unknown, an error even with "Ignore Not Found"', async () => {
		env.gateway.injectFault({
			forward: true,
			match: { method: 'DELETE', pathPrefix: '/users' },
			reset: true,
			times: 2,
		});
		const { error, items } = await runNode(env.baseUrl, { ...BY_EMAIL, ...IGNORE });
		expect(items).toEqual([]);
		expect(details(error).message).toBe(
			'Intercom could not be reached: the connection was dropped',
		);
		expect(details(error).description).toContain(
			'was sent again after an earlier attempt got no clear answer (connection dropped: ECONNRESET), but the connection closed without an answer (ECONNRESET).',
		);
		expect(details(error).description).toContain(
			'The change may or may not have been made in Intercom',
		);
		expect(details(error).context.intercom).toEqual({ outcome: 'unknown', dropped: 'ECONNRESET' });
		expect(env.gateway.log.map((exchange) => exchange.sent)).toEqual(['reset', 'reset']);
		expect(env.sim.archivedIds()).toEqual([OPS_LEAD_ID]);
	});

	it('504 twice: the error says the change may or may not have been made (outcome unknown)', async () => {
		env.gateway.injectFault({
			forward: true,
			match: { method: 'DELETE', pathPrefix: '/users' },
			...GATEWAY_504,
			times: 2,
		});
		const { error } = await runNode(env.baseUrl, BY_EMAIL);
		expect(details(error).message).toBe('Intercom answered HTTP 504');
		expect(details(error).description).toContain(
			'An earlier attempt got no clear answer (HTTP 504).',
		);
		expect(details(error).description).toContain(
			'The change may or may not have been made in Intercom',
		);
		expect(details(error).context.intercom?.outcome).toBe('unknown');
	});

	it('when the check read still finds the user active, the item says it was NOT archived (no marker)', async () => {
		// Neither DELETE reaches Intercom: a 504, then a 404 made up by the gateway.
		env.gateway.injectFault({ match: { method: 'DELETE' }, ...GATEWAY_504 });
		env.gateway.injectFault({
			match: { method: 'DELETE' },
			status: 404,
			body: JSON.stringify(errorList('not_found', 'User Not Found')),
			contentType: 'application/json',
		});
		const { error, items } = await runNode(env.baseUrl, { ...BY_EMAIL, ...IGNORE });
		expect(items).toEqual([]);
		expect(details(error).message).toBe('Intercom: the user was not archived');
		expect(details(error).description).toContain(
			'a check still finds an active user with Email "ops.lead@example.com"',
		);
		expect(details(error).context.intercom?.outcome).toBeUndefined();
		expect(simAnswers()).toEqual(['GET /users → 200']);
		expect(env.sim.archivedIds()).toEqual([]);
	});
});

describe('the other changes that Intercom makes only once', () => {
	it('Users API, Permanently Delete by email: a 502 after the delete request went through', async () => {
		env.gateway.injectFault({
			forward: true,
			match: { method: 'POST', pathPrefix: '/user_delete_requests' },
			status: 502,
			body: '<html>Bad Gateway</html>',
		});
		const { error } = await runNode(env.baseUrl, {
			operation: 'permanentlyDelete',
			...CONFIRMED,
			archiveBy: 'email',
			email: 'solo@example.com',
		});
		expect(details(error).message).toBe(
			'Intercom: the user was most likely deleted by an earlier attempt',
		);
		expect(details(error).description).not.toContain('Nothing was deleted');
		expect(details(error).description).toContain('Intercom deletes a user only once');
		expect(simAnswers()).toEqual([
			'GET /users → 200',
			'POST /user_delete_requests → 200',
			'POST /user_delete_requests → 404',
			`GET /users/${SOLO} → 404`,
		]);
		expect(env.sim.deletedIds()).toEqual([SOLO]);
	});

	it('Contacts API, Permanently Delete by id: a dropped connection, then 404 → probablyDone; with the option a marker', async () => {
		env.gateway.injectFault({
			forward: true,
			match: { method: 'DELETE', pathPrefix: '/contacts' },
			reset: true,
		});
		const { items, error } = await runNode(env.baseUrl, {
			...CONTACTS,
			operation: 'permanentlyDelete',
			...CONFIRMED,
			archiveBy: 'id',
			intercomId: SOLO,
			...IGNORE,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				probablyDone: true,
				outcome: 'probablyDone',
				operation: 'permanentlyDelete',
				selector: 'id',
				value: SOLO,
				message: 'Intercom: the contact was most likely deleted by an earlier attempt',
			}),
		]);
		expect(simAnswers()).toEqual([
			// The contact is read first, so that a lead is never deleted (case C30).
			`GET /contacts/${SOLO} → 200`,
			`DELETE /contacts/${SOLO} → 200`,
			`DELETE /contacts/${SOLO} → 404`,
			`GET /contacts/${SOLO} → 404`,
		]);
		expect(env.sim.deletedIds()).toEqual([SOLO]);
	});

	it('Contacts API, Archive: POST /contacts/{id}/archive is idempotent, so its repeat simply succeeds', async () => {
		env.gateway.injectFault({
			forward: true,
			match: { method: 'POST', pathPrefix: '/contacts/' },
			...GATEWAY_504,
		});
		const { items, error } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'id',
			intercomId: MAL,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ type: 'contact', id: MAL, archived: true });
		expect(simAnswers()).toEqual([
			`GET /contacts/${MAL} → 200`,
			`POST /contacts/${MAL}/archive → 200`,
			`POST /contacts/${MAL}/archive → 200`,
		]);
	});
});

describe('the retry-safety table of intercom/request.ts', () => {
	it.each<[IntercomRequest, RequestEffect, string | undefined]>([
		[{ method: 'GET', url: '/users?email=a%40b.io' }, 'read', undefined],
		[{ method: 'POST', url: '/contacts/search', body: {} }, 'read', undefined],
		[{ method: 'POST', url: '/contacts/abc/archive' }, 'idempotent', undefined],
		[{ method: 'POST', url: '/contacts/abc/unarchive' }, 'idempotent', undefined],
		[{ method: 'DELETE', url: '/users?email=a%40b.io' }, 'once', 'GET /users?email=a%40b.io'],
		[{ method: 'DELETE', url: '/users/abc' }, 'once', 'GET /users/abc'],
		[
			{ method: 'POST', url: '/user_delete_requests', body: { intercom_user_id: 'a/b' } },
			'once',
			'GET /users/a%2Fb',
		],
		[{ method: 'DELETE', url: '/contacts/abc' }, 'once', 'GET /contacts/abc'],
		[{ method: 'PUT', url: '/users' }, 'unsafe', undefined],
	])('%j is %s; its check read: %s', (request, effect, read) => {
		expect(requestEffect(request)).toBe(effect);
		const check = confirmingRead(request);
		expect(check && `${check.method} ${check.url}`).toBe(read);
	});

	it.each<[number, unknown, boolean, boolean | undefined]>([
		[404, undefined, true, false],
		[404, undefined, false, undefined],
		[200, { type: 'user.list', users: [] }, false, false],
		[200, { type: 'user.list', users: [{ id: '1' }] }, false, true],
		[200, { type: 'user', id: '1' }, false, true],
		[200, { type: 'contact', id: '1' }, false, true],
		[503, undefined, false, undefined],
	])('readShowsActive(%i, %j, notFound %s) → %s', (status, body, notFound, expected) => {
		expect(readShowsActive(status, body, notFound)).toBe(expected);
	});
});
