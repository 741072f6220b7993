/**
 * A server that asks for more patience than the node has (case C40), through n8n-core's
 * engine over real HTTP: the node is loaded from its source and talks to the simulator, or
 * to the loopback gateway in front of it.
 *
 * The run budget (2 minutes of nothing but refusals in production) is shortened here
 * through GATE_PATIENCE of the same module the harness loads: jest gives this file
 * one module registry, so the node and the test share it.
 */
import type { IDataObject } from 'n8n-workflow';

import { errorList, IntercomSimulator } from '../tools/intercom-simulator/simulator';
import { FaultProxy } from '../tools/intercom-simulator/proxy';
import { details, runNode } from './helpers';
import { bulkUsers, MAL, SOLO, WASH } from './seed';
import * as rateLimit from '../nodes/IntercomUsers/transport/rateLimit';

const CONTINUE = { onError: 'continueRegularOutput' as const };
const BY_ID = { archiveBy: 'id', intercomId: '={{ $json.id }}' };

const env: { sim: IntercomSimulator; gateway: FaultProxy; baseUrl: string } = {} as never;

async function startBehindGateway(users?: ReturnType<typeof bulkUsers>): Promise<void> {
	env.sim = new IntercomSimulator(users ? { users } : {});
	env.gateway = new FaultProxy(await env.sim.start());
	env.baseUrl = await env.gateway.start();
}

afterEach(async () => {
	await env.gateway?.stop();
	await env.sim?.stop();
});

/** How many requests of `method` reached the gateway, by path. */
function countsOf(method: string): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const exchange of env.gateway.log) {
		if (exchange.method === method) counts[exchange.path] = (counts[exchange.path] ?? 0) + 1;
	}
	return counts;
}

const ASKED_600 = 'Intercom asked to wait 600 s, longer than the node waits (60 s)';

describe('C40: the server asks to wait longer than the node waits', () => {
	beforeEach(async () => {
		await startBehindGateway();
	});

	it('C40: 3 items, DELETE answered 503 with Retry-After: 600: each fails at once saying a 600 s wait was asked; only the first is sent', async () => {
		env.gateway.injectFault({
			match: { method: 'DELETE', pathPrefix: '/users/' },
			times: 100,
			status: 503,
			body: '<html>Service Unavailable</html>',
			headers: { 'Retry-After': '600' },
		});
		const { items, error } = await runNode(env.baseUrl, BY_ID, {
			items: [{ id: WASH }, { id: MAL }, { id: SOLO }],
			nodeSettings: CONTINUE,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.error, item.json.outcome, item.json.value])).toEqual([
			[ASKED_600, 'failed', WASH],
			[ASKED_600, 'failed', MAL],
			[ASKED_600, 'failed', SOLO],
		]);
		// One request for the first item; the others, queued behind the same gate, are not
		// sent to a server that asked for 10 minutes (at most one request each).
		expect(countsOf('DELETE')).toEqual({ [`/users/${WASH}`]: 1 });
		expect(env.gateway.log).toHaveLength(1);
		expect(items[0].json.description).toContain(
			`The request for Intercom ID "${WASH}" was refused, so nothing was changed.`,
		);
		for (const [index, id] of [
			[1, MAL],
			[2, SOLO],
		] as const) {
			expect(items[index].json.description).toContain(
				`The request for Intercom ID "${id}" was not sent, so nothing was changed.`,
			);
		}
		for (const item of items) {
			expect(item.json.description).toMatch(/answered HTTP 503, asking to wait until \d{4}-/);
			expect(item.json.description).toMatch(/the node waits at most 60 s/);
			expect(item.json.description).toMatch(/Run the item again after \d{4}-\d\d-\d\d /);
		}
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('C40: Stop Workflow: the error names the asked wait and its HTTP status; nothing was archived', async () => {
		env.gateway.injectFault({
			match: { method: 'DELETE' },
			times: 100,
			status: 503,
			body: '',
			headers: { 'Retry-After': '600' },
		});
		const { error } = await runNode(env.baseUrl, BY_ID, { items: [{ id: WASH }, { id: MAL }] });
		expect(details(error).message).toBe(ASKED_600);
		expect(details(error).httpCode).toBe('503');
		expect(details(error).context.intercom).toMatchObject({ refused: 'waitTooLong', sent: true });
		expect(env.gateway.log).toHaveLength(1);
	});

	it('C40: the repeat of a change whose first attempt got a 502 is answered Retry-After: 600: outcome unknown, never "nothing was changed"', async () => {
		// The 502 is the gateway's after Intercom archived the user: the first attempt did it.
		env.gateway.injectFault({
			forward: true,
			match: { method: 'DELETE' },
			status: 502,
			body: '<html>Bad Gateway</html>',
		});
		env.gateway.injectFault({
			match: { method: 'DELETE' },
			status: 503,
			body: '',
			headers: { 'Retry-After': '600' },
		});
		const { items } = await runNode(env.baseUrl, BY_ID, {
			items: [{ id: WASH }],
			nodeSettings: CONTINUE,
		});
		expect(items[0].json).toMatchObject({ error: ASKED_600, outcome: 'unknown', value: WASH });
		expect(items[0].json.description).toContain(
			'an earlier attempt got no clear answer (HTTP 502)',
		);
		expect(items[0].json.description).toContain('may or may not have been made');
		expect(items[0].json.description).not.toContain('nothing was changed');
		expect(countsOf('DELETE')).toEqual({ [`/users/${WASH}`]: 2 });
		expect(env.sim.archivedIds()).toEqual([WASH]);
	});

	it('C40: a 429 whose Retry-After is an HTTP date 10 minutes ahead fails at once, one request', async () => {
		const at = new Date(Date.now() + 600_000).toUTCString();
		env.gateway.injectFault({
			match: { method: 'DELETE' },
			times: 100,
			status: 429,
			body: JSON.stringify(errorList('rate_limit_exceeded', 'Rate Limit Exceeded')),
			contentType: 'application/json',
			headers: { 'Retry-After': at },
		});
		const { items } = await runNode(env.baseUrl, BY_ID, {
			items: [{ id: WASH }],
			nodeSettings: CONTINUE,
		});
		// The date has whole seconds, read against the gateway's whole-second Date.
		expect(items[0].json.error).toMatch(
			/^Intercom asked to wait (599|600|601) s, longer than the node waits \(60 s\)$/,
		);
		expect(items[0].json.outcome).toBe('failed');
		expect(env.gateway.log).toHaveLength(1);
	});

	it("C40: a 429 whose X-RateLimit-Reset is 10 minutes away (Intercom's headers) fails at once, one request", async () => {
		env.sim.injectFault({
			match: { method: 'DELETE' },
			status: 429,
			body: errorList('rate_limit_exceeded', 'Exceeded rate limit'),
			headers: {
				'X-RateLimit-Remaining': '0',
				'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 600),
			},
			times: Infinity,
		});
		const { items } = await runNode(env.baseUrl, BY_ID, {
			items: [{ id: WASH }],
			nodeSettings: CONTINUE,
		});
		expect(items[0].json.error).toMatch(
			/^Intercom asked to wait (599|600|601) s, longer than the node waits \(60 s\)$/,
		);
		expect(env.sim.requests).toHaveLength(1);
	});

	it('a short Retry-After (1 s) on a 429 and on a 503 is still waited out, and the items succeed', async () => {
		env.gateway.injectFault({
			match: { method: 'DELETE', pathPrefix: `/users/${WASH}` },
			status: 429,
			body: '',
			headers: { 'Retry-After': '1' },
		});
		env.gateway.injectFault({
			match: { method: 'DELETE', pathPrefix: `/users/${MAL}` },
			status: 503,
			body: '',
			headers: { 'Retry-After': '1' },
		});
		const { items, error } = await runNode(env.baseUrl, BY_ID, {
			items: [{ id: WASH }, { id: MAL }],
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([WASH, MAL]);
		expect(countsOf('DELETE')).toEqual({ [`/users/${WASH}`]: 2, [`/users/${MAL}`]: 2 });
		expect(env.sim.archivedIds().sort()).toEqual([WASH, MAL].sort());
	});
});

describe('C40: 50 items, every answer 429 without rate-limit headers', () => {
	const users = bulkUsers(50, 'blocked');
	const PATIENCE_MS = 3_000;
	const saved = { ...rateLimit.GATE_PATIENCE };

	beforeEach(async () => {
		rateLimit.GATE_PATIENCE.patienceMs = PATIENCE_MS;
		await startBehindGateway(users);
	});
	afterEach(() => {
		Object.assign(rateLimit.GATE_PATIENCE, saved);
	});

	it('C40: the run ends after the patience with few requests, every item saying why', async () => {
		env.sim.injectFault({
			status: 429,
			body: errorList('rate_limit_exceeded', 'Rate Limit Exceeded'),
			omitRateLimitHeaders: true,
			times: Infinity,
		});
		const { items, error } = await runNode(env.baseUrl, BY_ID, {
			items: users.map((user) => ({ id: user.id })),
			nodeSettings: CONTINUE,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(50);
		// After a 429 without usable headers the gate lets one request go at a time, each
		// at least the 1 s backoff after the previous answer; a 3 s patience is spent by
		// the 429 that comes at least 3 s after the first: at most 4 requests, 5 allowing
		// for one more under way. Without the budget: 11 tries for each of the 50 items.
		const sent = env.sim.requests.length;
		expect(sent).toBeGreaterThanOrEqual(2);
		expect(sent).toBeLessThanOrEqual(5);
		expect(env.sim.countStatus(429)).toBe(sent);
		const hows: string[] = [];
		for (const [index, item] of items.entries()) {
			const json = item.json as IDataObject;
			expect(json.value).toBe(users[index].id);
			expect(json.outcome).toBe('failed');
			expect(json.error).toMatch(
				/^Intercom kept answering HTTP 429 for [3-9] s without a single success$/,
			);
			expect(json.description).toContain('the node waits at most 3 s for one');
			const said = new RegExp(
				`The request for Intercom ID "${users[index].id}" was (refused|not sent), so nothing was changed\\.`,
			).exec(String(json.description));
			expect(said).not.toBeNull();
			hows.push(said?.[1] ?? '');
		}
		// The 429 that spent the patience refused its own item; every other item's (next)
		// request was not sent.
		expect(hows.filter((how) => how === 'refused')).toHaveLength(1);
		expect(env.sim.archivedIds()).toEqual([]);
	}, 30_000);

	it('a gate that gave up sends nothing to the same server until its hold ends: a second run fails at once, no request', async () => {
		env.sim.injectFault({
			status: 429,
			body: errorList('rate_limit_exceeded', 'Rate Limit Exceeded'),
			omitRateLimitHeaders: true,
			times: Infinity,
		});
		await runNode(env.baseUrl, BY_ID, {
			items: users.slice(0, 5).map((user) => ({ id: user.id })),
			nodeSettings: CONTINUE,
		});
		const before = env.sim.requests.length;
		const { items } = await runNode(env.baseUrl, BY_ID, {
			items: [{ id: users[10].id }],
			nodeSettings: CONTINUE,
		});
		expect(env.sim.requests).toHaveLength(before);
		expect(items[0].json.error).toMatch(/^Intercom kept answering HTTP 429 for \d+ s/);
		expect(items[0].json.description).toContain('was not sent, so nothing was changed.');
	}, 30_000);
});
