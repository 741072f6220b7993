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
