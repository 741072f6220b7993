/**
 * Trust at the HTTP boundary (cases C19–C24 in test/CASES.md), over real HTTP through
 * n8n's engine: a gateway on 127.0.0.1 (the fault proxy, tools/intercom-simulator/proxy.ts) stands in front of the
 * simulator and answers with a redirect, a stalled or a broken answer. A second
 * server, "elsewhere", is the other origin a redirect points to: it must never
 * receive anything, above all not the access token.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

import {
	DEFAULT_TOKEN,
	IntercomSimulator,
	loadSeedUsers,
} from '../tools/intercom-simulator/simulator';
import { testCredential } from '../tools/n8n-harness/credentialTest';
import { FaultProxy } from '../tools/intercom-simulator/proxy';
import { details, runNode } from './helpers';
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
	gateway: FaultProxy;
	baseUrl: string;
	elsewhere: Awaited<ReturnType<typeof startElsewhere>>;
} = {} as never;
beforeEach(async () => {
	env.sim = new IntercomSimulator({ users: loadSeedUsers() });
	env.gateway = new FaultProxy(await env.sim.start());
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
		await runNode(env.baseUrl, { ...CONTACTS, archiveBy: 'id', intercomId: WASH });
		env.gateway.injectFault({
			match: { method: 'POST', pathPrefix: `/contacts/${WASH}/unarchive` },
			...redirect(308),
		});
		const { error, items } = await runNode(env.baseUrl, {
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
		// A change answered by something in between: nothing says whether it reached Intercom.
		expect(details(error).context.intercom?.outcome).toBe('unknown');
		// The contact stays archived: nothing was unarchived, and no GET followed.
		expect(env.sim.archivedIds()).toEqual([WASH]);
	});

	it('C20: Users API, Permanently Delete by user_id, the lookup answered 302: nothing deleted, no "not found"', async () => {
		env.gateway.injectFault({
			match: { method: 'GET', pathPrefix: '/users' },
			...redirect(302),
		});
		const { error, items } = await runNode(
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
		env.gateway.injectFault({
			match: { method: 'GET', pathPrefix: '/users' },
			...redirect(301),
		});
		const { error, items } = await runNode(env.baseUrl, {
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
		env.gateway.injectFault({
			match: { method: 'POST', pathPrefix: `/contacts/${WASH}/archive` },
			...redirect(303),
		});
		const { error, items } = await runNode(env.baseUrl, {
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
		env.gateway.injectFault({
			match: { method: 'DELETE', pathPrefix: '/users' },
			...redirect(307),
		});
		const { items } = await runNode(
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
		env.gateway.injectFault({ match: { pathPrefix: '/me' }, ...redirect(302) });
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
		await runNode(env.baseUrl, { ...CONTACTS, archiveBy: 'id', intercomId: WASH });
		// The change reaches the simulator; its answer then trickles (≈40 s in all).
		env.gateway.injectFault({
			forward: true,
			match: { method: 'POST', pathPrefix: `/contacts/${WASH}/unarchive` },
			status: 200,
			body: userJson,
			contentType: 'application/json',
			trickleMs: 400,
		});
		const { error, items } = await runNode(env.baseUrl, {
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
		env.gateway.injectFault({
			forward: true,
			match: { method: 'DELETE', pathPrefix: `/contacts/${WASH}` },
			status: 200,
			body: JSON.stringify({ id: WASH, object: 'contact', deleted: true }),
			contentType: 'application/json',
			cutAfterBytes: 10,
		});
		const parameters = {
			...CONTACTS,
			operation: 'permanentlyDelete',
			archiveBy: 'id',
			intercomId: WASH,
			...CONFIRMED,
		};
		const { error, items } = await runNode(env.baseUrl, parameters);
		expect(items).toEqual([]);
		expect(details(error).message).toBe("Intercom's answer was cut off");
		expect(details(error).httpCode).toBe('200');
		expect(details(error).description).toContain(
			'Intercom began to answer (HTTP 200), but the connection closed before the whole answer came.',
		);
		expect(details(error).context.intercom).toEqual({ outcome: 'unknown', broken: 'cutOff' });
		expect(env.sim.deletedIds()).toEqual([WASH]);
		const again = await runNode(env.baseUrl, {
			...parameters,
			options: { ignoreNotFound: true },
		});
		expect(again.error).toBeUndefined();
		expect(again.items.map((item) => item.json.outcome)).toEqual(['notFound']);
	});

	it('C24: a Contacts archive answered Content-Encoding: br over a plain JSON body cannot be decoded, outcome unknown', async () => {
		env.gateway.injectFault({
			forward: true,
			match: { method: 'POST', pathPrefix: `/contacts/${WASH}/archive` },
			status: 200,
			body: JSON.stringify({ id: WASH, object: 'contact', archived: true }),
			contentType: 'application/json',
			headers: { 'Content-Encoding': 'br' },
		});
		const { error, items } = await runNode(env.baseUrl, {
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
		env.gateway.injectFault({
			forward: true,
			match: { method: 'DELETE', pathPrefix: '/users' },
			status: 200,
			body: JSON.stringify({ type: 'user', id: WASH }),
			contentType: 'application/json',
			latencyMs: 3_000,
		});
		const { error, items } = await runNode(env.baseUrl, {
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
		env.gateway.injectFault({
			match: { method: 'GET', pathPrefix: '/users' },
			status: 200,
			body: '{}',
			contentType: 'application/json',
			latencyMs: 3_000,
		});
		const { error, items } = await runNode(env.baseUrl, {
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

describe('what the server says (Retry-After, 410 Gone)', () => {
	it('C26: a 503 with Retry-After as an HTTP date 2 s ahead is waited out, then the retry succeeds', async () => {
		env.gateway.injectFault({
			match: { method: 'POST', pathPrefix: `/contacts/${WASH}/archive` },
			status: 503,
			body: '<html>busy</html>',
			// An HTTP date has whole seconds: round up, so the date is at least 2 s ahead.
			headers: {
				'Retry-After': new Date(Math.ceil((Date.now() + 2_000) / 1000) * 1000).toUTCString(),
			},
		});
		const started = Date.now();
		const { error, items } = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'id',
			intercomId: WASH,
		});
		const waited = Date.now() - started;
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([WASH]);
		expect(env.sim.archivedIds()).toEqual([WASH]);
		// The retry came after the date the server named (its Date header is whole seconds).
		expect(waited).toBeGreaterThanOrEqual(1_900);
		expect(
			env.gateway.log.map((exchange) => `${exchange.method} ${exchange.path} ${exchange.sent}`),
		).toEqual([
			`GET /contacts/${WASH} 200`,
			`POST /contacts/${WASH}/archive 503`,
			`POST /contacts/${WASH}/archive 200`,
		]);
	}, 20_000);

	it('C26: a 429 with Retry-After: 3 (seconds, no rate-limit headers) waits 3 s, not the 1 s backoff', async () => {
		env.gateway.injectFault({
			match: { method: 'DELETE', pathPrefix: '/users' },
			status: 429,
			contentType: 'application/json',
			body: JSON.stringify({
				type: 'error.list',
				errors: [{ code: 'rate_limit_exceeded', message: 'Exceeded rate limit' }],
			}),
			headers: { 'Retry-After': '3' },
		});
		const started = Date.now();
		const { error, items } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'wash@serenity.io',
		});
		const waited = Date.now() - started;
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.email)).toEqual(['wash@serenity.io']);
		expect(waited).toBeGreaterThanOrEqual(2_900);
	}, 20_000);

	it("a 410 Gone without Intercom's error body says the endpoint or version is no longer served, and what to check", async () => {
		env.gateway.injectFault({
			match: { method: 'DELETE', pathPrefix: '/users' },
			status: 410,
			body: '<html><h1>410 Gone</h1></html>',
		});
		const { error, items } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: 'wash@serenity.io',
		});
		expect(items).toEqual([]);
		expect(details(error).message).toBe('Intercom answered HTTP 410');
		expect(details(error).httpCode).toBe('410');
		expect(details(error).description).toContain(
			'this endpoint is no longer served for the API version sent (the node used the Users API with Intercom-Version 1.4)',
		);
		expect(details(error).description).toContain('pick the Contacts API');
		expect(details(error).context.intercom?.outcome).toBeUndefined();
		expect(env.sim.archivedIds()).toEqual([]);
	});
});

describe('secrets in other forms (C27)', () => {
	// A token with characters that percent-encoding, JSON and base64 change.
	const TOKEN = 'dG9rOmE0/YjFj+ZDk=';
	const lowerHex = (text: string) =>
		encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());

	it('C27: a 400 HTML page whose link carries Bearer+<token> percent-encoded in lowercase hex shows no form of the token', async () => {
		const link = `https://help.example/login?auth=Bearer+${lowerHex(TOKEN)}`;
		env.gateway.injectFault({
			match: { method: 'DELETE', pathPrefix: '/users' },
			status: 400,
			body: `<html><a href="${link}">Sign in</a> ${Buffer.from(`Bearer ${TOKEN}`).toString('base64')}</html>`,
		});
		const { error } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: 'wash@serenity.io' },
			{ token: TOKEN },
		);
		const shown = JSON.stringify({
			message: details(error).message,
			description: details(error).description,
			context: details(error).context,
		});
		expect(shown).toContain('[redacted]');
		for (const form of [
			TOKEN,
			encodeURIComponent(TOKEN),
			lowerHex(TOKEN),
			Buffer.from(TOKEN).toString('base64'),
			Buffer.from(`Bearer ${TOKEN}`).toString('base64'),
			'YjFj',
		]) {
			expect(shown).not.toContain(form);
		}
		expect(details(error).description).toContain(
			'Response body: <html><a href="https://help.example/login?auth=Bearer+[redacted]">Sign in</a> [redacted]</html>',
		);
	});
});

describe('TLS failures', () => {
	/** An HTTPS front on 127.0.0.1 with a self-signed certificate, passing requests to the simulator. */
	async function startTls(upstream: string) {
		const fixtures = path.join(__dirname, 'fixtures');
		const server = https.createServer(
			{
				key: readFileSync(path.join(fixtures, 'self-signed.key')),
				cert: readFileSync(path.join(fixtures, 'self-signed.crt')),
			},
			(req, res) => {
				const forward = http.request(
					`${upstream}${req.url ?? '/'}`,
					{ method: req.method, headers: req.headers },
					(answer) => {
						res.writeHead(answer.statusCode ?? 502, answer.headers);
						answer.pipe(res);
					},
				);
				req.pipe(forward);
			},
		);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return {
			url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
			stop: () =>
				new Promise<void>((resolve) => {
					server.closeAllConnections();
					server.close(() => resolve());
				}),
		};
	}

	it('a self-signed certificate names the cause and points at Ignore SSL Issues; with it on, the archive goes through', async () => {
		const tls = await startTls(env.baseUrl);
		try {
			const refused = await runNode(tls.url, { archiveBy: 'email', email: 'wash@serenity.io' });
			expect(refused.items).toEqual([]);
			expect(details(refused.error).message).toBe(
				"The server's TLS certificate is not trusted (self-signed or from an unknown authority)",
			);
			expect(details(refused.error).description).toContain(
				'(DEPTH_ZERO_SELF_SIGNED_CERT), so the request was not sent.',
			);
			expect(details(refused.error).description).toContain(
				'Settings tab → Request Options → Ignore SSL Issues (Insecure)',
			);
			expect(details(refused.error).context.intercom?.outcome).toBeUndefined();
			expect(wire()).toEqual([]);

			const accepted = await runNode(tls.url, {
				archiveBy: 'email',
				email: 'wash@serenity.io',
				requestOptions: { allowUnauthorizedCerts: true },
			});
			expect(accepted.error).toBeUndefined();
			expect(accepted.items.map((item) => item.json.email)).toEqual(['wash@serenity.io']);
			expect(env.sim.archivedIds()).toEqual([WASH]);
		} finally {
			await tls.stop();
		}
	});
});
