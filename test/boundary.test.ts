/**
 * Trust at the HTTP boundary (cases C19–C24 in test/CASES.md), over real HTTP through
 * n8n's engine: a gateway on 127.0.0.1 (test/gateway.ts) stands in front of the
 * simulator and answers with a redirect, a stalled or a broken answer. A second
 * server, "elsewhere", is the other origin a redirect points to: it must never
 * receive anything, above all not the access token.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEFAULT_TOKEN, IntercomSimulator, loadSeedUsers } from '../intercom-simulator/simulator';
import { testCredential } from '../n8n-harness/credentialTest';
import { Gateway } from './gateway';
import { details, runArchive } from './helpers';
import { WASH } from './seed';

const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const CONFIRMED = { confirmPermanentDelete: true };

/** A server that records every request it gets and answers 200 `{}`: the other origin. */
async function startElsewhere() {
	const hits: Array<{ method: string; url: string; authorization?: string }> = [];
	const server = http.createServer((req, res) => {
		hits.push({
			method: req.method ?? '',
			url: req.url ?? '',
			authorization: req.headers.authorization,
		});
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify({ type: 'user', id: 'elsewhere' }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		origin,
		hits,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

const env: {
	sim: IntercomSimulator;
	gateway: Gateway;
	baseUrl: string;
	elsewhere: Awaited<ReturnType<typeof startElsewhere>>;
} = {} as never;
beforeEach(async () => {
	env.sim = new IntercomSimulator({ users: loadSeedUsers() });
	env.gateway = new Gateway(await env.sim.start());
	env.baseUrl = await env.gateway.start();
	env.elsewhere = await startElsewhere();
});
afterEach(async () => {
	await env.gateway.stop();
	await env.sim.stop();
	await env.elsewhere.stop();
});

/** A redirect answer to the other origin, with a query that must never be quoted. */
const redirect = (status: number) => ({
	status,
	body: '',
	headers: { Location: `${env.elsewhere.origin}/login?next=%2Fusers&code=s3cret` },
});

const wire = () => env.sim.requests.map((r) => `${r.method} ${r.path}`);

describe('redirects are never followed (C19–C22)', () => {
	it('C19: Unarchive answered 308 to another origin fails, naming the status and the origin, not its query', async () => {
		await runArchive(env.baseUrl, { ...CONTACTS, archiveBy: 'id', intercomId: WASH });
		env.gateway.rule({
			match: { method: 'POST', pathPrefix: `/contacts/${WASH}/unarchive` },
			forward: false,
			answer: redirect(308),
		});
		const { error, items } = await runArchive(env.baseUrl, {
			operation: 'unarchive',
			intercomId: WASH,
		});
		expect(items).toEqual([]);
		expect(env.elsewhere.hits).toEqual([]);
		expect(details(error).message).toBe('Intercom answered HTTP 308, a redirect (not followed)');
		expect(details(error).httpCode).toBe('308');
		const description = details(error).description ?? '';
		expect(description).toContain(`redirect to ${env.elsewhere.origin}.`);
		expect(description).toContain('the access token was not sent there');
		expect(description).not.toMatch(/\/login|s3cret|next=/);
		expect(details(error).context.intercom).toMatchObject({
			status: 308,
			redirectOrigin: env.elsewhere.origin,
		});
		expect(details(error).context.intercom?.outcome).toBeUndefined();
		// The contact stays archived: nothing was unarchived, and no GET followed.
		expect(env.sim.archivedIds()).toEqual([WASH]);
	});

	it('C20: Users API, Permanently Delete by user_id, the lookup answered 302: nothing deleted, no "not found"', async () => {
		env.gateway.rule({
			match: { method: 'GET', pathPrefix: '/users' },
			forward: false,
			answer: redirect(302),
		});
		const { error, items } = await runArchive(
			env.baseUrl,
			{ operation: 'permanentlyDelete', archiveBy: 'userId', userId: '25', ...CONFIRMED },
			{ nodeSettings: {} },
		);
		expect(items).toEqual([]);
		expect(env.elsewhere.hits).toEqual([]);
		expect(details(error).message).toBe('Intercom answered HTTP 302, a redirect (not followed)');
		expect(details(error).message).not.toMatch(/not found/i);
		expect(details(error).context.intercom?.outcome).toBeUndefined();
		expect(env.sim.deletedIds()).toEqual([]);
		expect(wire()).toEqual([]);
	});

	it('C20: with Ignore Not Found on, a redirected lookup is still an error, not a marker', async () => {
		env.gateway.rule({
			match: { method: 'GET', pathPrefix: '/users' },
			forward: false,
			answer: redirect(301),
		});
		const { error, items } = await runArchive(env.baseUrl, {
			operation: 'permanentlyDelete',
			archiveBy: 'userId',
			userId: '25',
			...CONFIRMED,
			options: { ignoreNotFound: true },
		});
		expect(items).toEqual([]);
		expect(details(error).httpCode).toBe('301');
		expect(env.elsewhere.hits).toEqual([]);
	});

	it('C21: a 303 on the Contacts archive is not reported as archived', async () => {
		env.gateway.rule({
			match: { method: 'POST', pathPrefix: `/contacts/${WASH}/archive` },
			forward: false,
			answer: redirect(303),
		});
		const { error, items } = await runArchive(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'id',
			intercomId: WASH,
		});
		expect(items).toEqual([]);
		expect(env.elsewhere.hits).toEqual([]);
		expect(details(error).message).toBe('Intercom answered HTTP 303, a redirect (not followed)');
		expect(details(error).description).toContain(
			'Nothing confirms that the contact was archived: check it in Intercom.',
		);
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('Users API archive by email answered 307 under Continue: the item says so, other items go on', async () => {
		env.gateway.rule({
			match: { method: 'DELETE', pathPrefix: '/users' },
			forward: false,
			answer: redirect(307),
		});
		const { items } = await runArchive(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{
				items: [{ email: 'wash@serenity.io' }, { email: 'solo@example.com' }],
				nodeSettings: { onError: 'continueRegularOutput' },
			},
		);
		expect(items.map((item) => item.json.error ?? item.json.email)).toEqual([
			'Intercom answered HTTP 307, a redirect (not followed)',
			'solo@example.com',
		]);
		expect(env.elsewhere.hits).toEqual([]);
	});

	it('C22: the credential test answered 302 fails and says why; the other origin gets nothing', async () => {
		env.gateway.rule({ match: { pathPrefix: '/me' }, forward: false, answer: redirect(302) });
		const result = await testCredential('intercomAccessTokenApi', {
			accessToken: DEFAULT_TOKEN,
			region: 'custom',
			baseUrl: env.baseUrl,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('answered with a redirect (HTTP 302)');
		expect(result.message).toContain('the token was not sent to the other address');
		expect(env.elsewhere.hits).toEqual([]);
	});
});

/** Request Options → Timeout, a node parameter on the Settings tab. */
const timeout = (ms: number) => ({ requestOptions: { timeout: ms } });
/** An answer body the simulator could have sent, for the gateway to send slowly or broken. */
const userJson = JSON.stringify({
	type: 'contact',
	id: WASH,
	email: 'wash@serenity.io',
	padding: 'x'.repeat(60),
});

describe('failures after the request left (C23, C24)', () => {
	it('C23: Unarchive answered one byte per 400 ms with Timeout 1500 ms fails as timed out, outcome unknown', async () => {
		await runArchive(env.baseUrl, { ...CONTACTS, archiveBy: 'id', intercomId: WASH });
		// The change reaches the simulator; its answer then trickles (≈40 s in all).
		env.gateway.rule({
			match: { method: 'POST', pathPrefix: `/contacts/${WASH}/unarchive` },
			answer: { status: 200, body: userJson, contentType: 'application/json', trickleMs: 400 },
		});
		const { error, items } = await runArchive(env.baseUrl, {
			operation: 'unarchive',
			intercomId: WASH,
			...timeout(1500),
		});
		expect(items).toEqual([]);
		expect(details(error).message).toBe('Intercom did not answer within 1500 ms (timed out)');
		expect(details(error).httpCode ?? null).toBeNull();
		expect(details(error).description).toContain(
			`The request for Intercom ID "${WASH}" was sent, but no whole answer came within 1500 ms.`,
		);
		expect(details(error).description).toContain('may or may not have been made in Intercom');
		expect(details(error).context.intercom).toEqual({ outcome: 'unknown', broken: 'timeout' });
		expect(env.sim.archivedIds()).toEqual([]);
	}, 20_000);

	it('C24: Permanently Delete on the Contacts API, the connection closed after 10 body bytes: cut off, outcome unknown; a re-run with Ignore Not Found gives a marker', async () => {
		env.gateway.rule({
			match: { method: 'DELETE', pathPrefix: `/contacts/${WASH}` },
			answer: {
				status: 200,
				body: JSON.stringify({ id: WASH, object: 'contact', deleted: true }),
				contentType: 'application/json',
				cutAfterBytes: 10,
			},
		});
		const parameters = {
			...CONTACTS,
			operation: 'permanentlyDelete',
			archiveBy: 'id',
			intercomId: WASH,
			...CONFIRMED,
		};
		const { error, items } = await runArchive(env.baseUrl, parameters);
		expect(items).toEqual([]);
		expect(details(error).message).toBe("Intercom's answer was cut off");
		expect(details(error).httpCode).toBe('200');
		expect(details(error).description).toContain(
			'Intercom began to answer (HTTP 200), but the connection closed before the whole answer came.',
		);
		expect(details(error).context.intercom).toEqual({ outcome: 'unknown', broken: 'cutOff' });
		expect(env.sim.deletedIds()).toEqual([WASH]);
		const again = await runArchive(env.baseUrl, {
			...parameters,
			options: { ignoreNotFound: true },
		});
		expect(again.error).toBeUndefined();
		expect(again.items.map((item) => item.json.outcome)).toEqual(['notFound']);
	});

	it('C24: a Contacts archive answered Content-Encoding: br over a plain JSON body cannot be decoded, outcome unknown', async () => {
		env.gateway.rule({
			match: { method: 'POST', pathPrefix: `/contacts/${WASH}/archive` },
			answer: {
				status: 200,
				body: JSON.stringify({ id: WASH, object: 'contact', archived: true }),
				contentType: 'application/json',
				headers: { 'Content-Encoding': 'br' },
			},
		});
		const { error, items } = await runArchive(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'id',
			intercomId: WASH,
		});
		expect(items).toEqual([]);
		expect(details(error).message).toBe("Intercom's answer could not be decoded");
		expect(details(error).httpCode).toBe('200');
		expect(details(error).description).toContain('Content-Encoding');
		expect(details(error).context.intercom).toEqual({ outcome: 'unknown', broken: 'undecodable' });
		expect(env.sim.archivedIds()).toEqual([WASH]);
	});

	it('C24: a Users API archive by user_id answered after 3 s with Timeout 1200 ms: timed out, outcome unknown', async () => {
		env.gateway.rule({
			match: { method: 'DELETE', pathPrefix: '/users' },
			answer: {
				status: 200,
				body: JSON.stringify({ type: 'user', id: WASH }),
				contentType: 'application/json',
				delayMs: 3_000,
			},
		});
		const { error, items } = await runArchive(env.baseUrl, {
			archiveBy: 'userId',
			userId: '25',
			...timeout(1200),
		});
		expect(items).toEqual([]);
		expect(details(error).message).toBe('Intercom did not answer within 1200 ms (timed out)');
		expect(details(error).context.intercom).toEqual({ outcome: 'unknown', broken: 'timeout' });
		expect(env.sim.archivedIds()).toEqual([WASH]);
	});

	it('a lookup that times out is a failure with no outcome: nothing was changed, nothing deleted', async () => {
		env.gateway.rule({
			match: { method: 'GET', pathPrefix: '/users' },
			forward: false,
			answer: { status: 200, body: '{}', contentType: 'application/json', delayMs: 3_000 },
		});
		const { error, items } = await runArchive(env.baseUrl, {
			operation: 'permanentlyDelete',
			archiveBy: 'userId',
			userId: '25',
			...CONFIRMED,
			...timeout(1000),
		});
		expect(items).toEqual([]);
		expect(details(error).message).toBe('Intercom did not answer within 1000 ms (timed out)');
		expect(details(error).description).toContain('Nothing was changed by it');
		expect(details(error).context.intercom).toEqual({ broken: 'timeout' });
		expect(env.sim.deletedIds()).toEqual([]);
	});
});
