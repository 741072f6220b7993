/**
 * C44 through n8n's real execution path: the simulator answers with one of Intercom's
 * error codes over HTTP, and the item's error gives the advice of that code, not the
 * advice of its HTTP status. The table itself is checked in
 * test/nodes/IntercomUsers/intercom/errors.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { testCredential } from '../tools/n8n-harness/credentialTest';
import { errorList } from '../tools/intercom-simulator/simulator';
import type { RunResult } from '../tools/n8n-harness/engine';
import { runNode, useSimulator } from './helpers';
import { MAL, WASH } from './seed';

const TOKEN = 'tok-SECRET-codes-0123456789';
const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const CONFIRMED = { confirmPermanentDelete: true };
const CONTINUE = { nodeSettings: { onError: 'continueRegularOutput' as const } };
const DEVELOPER_HUB =
	"Intercom's Developer Hub: open the app → Configure → Authentication → edit permissions";

/** Every result of this file, to check at the end that the token shows up nowhere. */
const seen: Array<RunResult & { items: unknown[] }> = [];

async function run(baseUrl: string, parameters: IDataObject, items?: IDataObject[]) {
	const result = await runNode(baseUrl, parameters, { token: TOKEN, items, ...CONTINUE });
	seen.push(result);
	return result;
}

/** The failed item's json: error (the message), description, outcome, operation, selector, value. */
const failedItem = (result: { items: Array<{ json: IDataObject }> }, index = 0) =>
	result.items[index].json as IDataObject & { error: string; description: string };

const wire = (env: { sim: { requests: Array<{ method: string; path: string }> } }) =>
	env.sim.requests.map((r) => `${r.method} ${r.path}`);

describe('C44: the advice follows Intercom’s error code, not the HTTP status', () => {
	const env = useSimulator({ tokens: [TOKEN] });

	it('C44: Unarchive answered 401 token_unauthorized while GET /me passes: the app lacks a permission, granted in the Developer Hub', async () => {
		await run(env.baseUrl, { ...CONTACTS, archiveBy: 'id', intercomId: WASH });
		env.sim.injectFault({
			match: { method: 'POST', path: `/contacts/${WASH}/unarchive` },
			status: 401,
			body: errorList('token_unauthorized', 'Not authorized to access resource'),
		});
		const credential = await testCredential('intercomAccessTokenApi', {
			accessToken: TOKEN,
			region: 'custom',
			baseUrl: env.baseUrl,
		});
		expect(credential).toEqual({ status: 'OK', message: 'Connection successful!' });
		env.sim.clearRequests();

		const result = await run(env.baseUrl, {
			...CONTACTS,
			operation: 'unarchive',
			archiveBy: 'id',
			intercomId: WASH,
		});
		const item = failedItem(result);
		expect(item.error).toBe('Intercom: Not authorized to access resource (token_unauthorized)');
		expect(item).toMatchObject({ operation: 'unarchive', selector: 'id', value: WASH });
		expect(item.description).toMatch(/ Request ID: [0-9a-f-]{36}$/);
		expect(item.description.replace(/ Request ID: \S+$/, '')).toBe(
			`The access token is valid, but its app lacks a permission it needs to unarchive the contact with Intercom ID "${WASH}". Grant it in ${DEVELOPER_HUB}, turn on "Read and write users" and "Read and list users and companies", and save (an app connected through OAuth must then be installed again). The credential's Test (GET /me) passes without these permissions, so it cannot show this.`,
		);
		expect(item.description).not.toMatch(/access token was rejected|region/i);
		expect(wire(env)).toEqual([`GET /contacts/${WASH}`, `POST /contacts/${WASH}/unarchive`]);
		expect(env.sim.archivedIds()).toEqual([WASH]);
	});

	it('C44: Permanently Delete (Users API) answered 403 {"code":"action_forbidden"} (a bare body) names what is forbidden; nothing is deleted', async () => {
		env.sim.injectFault({
			match: { method: 'POST', path: '/user_delete_requests' },
			status: 403,
			body: '{"code":"action_forbidden"}',
		});
		const result = await run(env.baseUrl, {
			operation: 'permanentlyDelete',
			archiveBy: 'id',
			intercomId: WASH,
			...CONFIRMED,
		});
		const item = failedItem(result);
		expect(item.error).toBe('Intercom: Action forbidden (action_forbidden)');
		expect(item.description).toMatch(
			new RegExp(
				`^Intercom refused to let this app permanently delete the user with Intercom ID "${WASH}": the action is not authorized\\. `,
			),
		);
		expect(item.description).toContain(DEVELOPER_HUB);
		expect(item.description).not.toMatch(/access token was rejected|region|Response body/i);
		expect(env.sim.deletedIds()).toEqual([]);
	});

	it('C44: Permanently Delete (Contacts API) answered 403 action_forbidden in an error.list without message: the same advice', async () => {
		env.sim.injectFault({
			match: { method: 'DELETE', path: `/contacts/${MAL}` },
			status: 403,
			body: JSON.stringify({ type: 'error.list', errors: [{ code: 'action_forbidden' }] }),
		});
		const result = await run(env.baseUrl, {
			...CONTACTS,
			operation: 'permanentlyDelete',
			archiveBy: 'id',
			intercomId: MAL,
			...CONFIRMED,
		});
		const item = failedItem(result);
		expect(item.error).toBe('Intercom: Action forbidden (action_forbidden)');
		expect(item.description).toMatch(
			new RegExp(
				`^Intercom refused to let this app permanently delete the contact with Intercom ID "${MAL}": the action is not authorized\\.`,
			),
		);
		expect(item.description).not.toMatch(/access token was rejected|region/i);
		expect(env.sim.deletedIds()).toEqual([]);
	});

	it('a lookup answered 401 token_unauthorized says the lookup needs the permission, for the operation it was for', async () => {
		env.sim.injectFault({
			match: { method: 'GET', path: '/users' },
			status: 401,
			body: errorList('token_unauthorized', 'Not authorized to access resource'),
		});
		const result = await run(env.baseUrl, {
			operation: 'permanentlyDelete',
			archiveBy: 'email',
			email: 'wash@serenity.io',
			...CONFIRMED,
		});
		expect(failedItem(result).description).toMatch(
			/^The access token is valid, but its app lacks a permission it needs to look up the user with Email "wash@serenity\.io" \(to permanently delete it\)\. /,
		);
		expect(env.sim.deletedIds()).toEqual([]);
	});

	it("Archive answered 403 api_plan_restricted: the workspace's plan, neither the token nor the region", async () => {
		env.sim.injectFault({
			status: 403,
			body: errorList('api_plan_restricted', 'Active subscription needed.'),
		});
		const result = await run(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		const item = failedItem(result);
		expect(item.error).toBe('Intercom: Active subscription needed. (api_plan_restricted)');
		expect(item.description).toMatch(
			/^The workspace's Intercom plan does not include this API \(an active subscription is needed\)\. Check the workspace's subscription in Intercom's billing settings, or ask the workspace's owner\. Request ID: /,
		);
		expect(item.description).not.toMatch(/access token|region/i);
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('Archive answered 403 region_mismatch: pick the region, the token can stay', async () => {
		env.sim.injectFault({
			status: 403,
			body: errorList('region_mismatch', 'Workspace is hosted in another region'),
		});
		const result = await run(env.baseUrl, { archiveBy: 'email', email: 'wash@serenity.io' });
		const item = failedItem(result);
		expect(item.error).toBe('Intercom: Workspace is hosted in another region (region_mismatch)');
		expect(item.description).toContain(
			"Pick the workspace's region in the Intercom credential (United States, Europe or Australia)",
		);
		expect(item.description).not.toMatch(/access token was rejected/i);
	});

	it('401 unauthorized still says the access token was rejected, and the other items go on', async () => {
		env.sim.injectFault({
			match: { path: `/users/${WASH}` },
			status: 401,
			body: errorList('unauthorized', 'Access Token Invalid'),
		});
		const result = await run(env.baseUrl, { archiveBy: 'id', intercomId: '={{ $json.id }}' }, [
			{ id: WASH },
			{ id: MAL },
		]);
		expect(failedItem(result).description).toMatch(/^The access token was rejected\. /);
		expect(result.items[1].json.id).toBe(MAL);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('the token appears in nothing this file produced', () => {
	it('no output item or error holds it', () => {
		expect(seen.length).toBeGreaterThanOrEqual(7);
		expect(JSON.stringify(seen.map(({ run: r, items }) => ({ r, items })))).not.toContain('SECRET');
	});
});
