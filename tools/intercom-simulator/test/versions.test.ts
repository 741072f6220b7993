import { DEFAULT_TOKEN, IntercomSimulator, loadSeedUsers } from '../simulator';
import {
	checkExchange,
	checkSimulatorContacts,
	specVersionFor,
} from '../../../test/contract/openapi';
import { DUP_A, DUP_B, MAL, SOLO, WASH } from '../../../test/seed';

/**
 * The simulator's API versions: the 2.x paths answer Intercom-Version 2.15, 2.16 and
 * Preview (Unstable, its old name) as they answer 2.14, and refuse versions that are not
 * 2.x as before; every exchange is held to the OpenAPI description of its version
 * (2.16 for 2.16 and Preview, 2.14 for 2.14 and 2.15: test/contract/openapi.ts).
 */

let sim: IntercomSimulator;
let baseUrl: string;

beforeEach(async () => {
	sim = new IntercomSimulator();
	baseUrl = await sim.start();
});

afterEach(async () => {
	await sim.stop();
});

/** One request with the default token, Accept and this Intercom-Version; a body object goes as JSON. */
function call(method: string, path: string, version: string, body?: unknown): Promise<Response> {
	const headers: Record<string, string> = {
		Authorization: `Bearer ${DEFAULT_TOKEN}`,
		Accept: 'application/json',
		'Intercom-Version': version,
	};
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	return fetch(`${baseUrl}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

const versionInvalid = {
	type: 'error.list',
	errors: [
		{
			code: 'intercom_version_invalid',
			message: 'Requested resource is not available in current API version',
		},
	],
};

describe('which OpenAPI description an Intercom-Version is checked against', () => {
	it.each([
		['2.0', '2.14'],
		['2.11', '2.14'],
		['2.14', '2.14'],
		['2.15', '2.14'],
		[' 2.16 ', '2.16'],
		['2.17', '2.16'],
		['Preview', '2.16'],
		['Unstable', '2.16'],
		['unstable', '2.16'],
		[undefined, '2.14'],
	])('%s → %s', (version, spec) => {
		expect(specVersionFor(version)).toBe(spec);
	});
});

describe('Intercom-Version 2.15, 2.16 and Preview on the 2.x paths', () => {
	it.each(['2.14', '2.15', '2.16', 'Preview', 'Unstable'])(
		'%s: search, read, archive, unarchive, delete answer as on 2.14; every exchange conforms to its description',
		async (version) => {
			const search = await call('POST', '/contacts/search', version, {
				query: { field: 'email', operator: '=', value: 'mal@serenity.io' },
				pagination: { per_page: 50 },
			});
			expect(search.status).toBe(200);
			expect(await search.json()).toMatchObject({
				type: 'list',
				total_count: 1,
				data: [{ id: MAL }],
			});

			const read = await call('GET', `/contacts/${MAL}`, version);
			expect(read.status).toBe(200);
			expect(await read.json()).toMatchObject({
				type: 'contact',
				id: MAL,
				external_id: '32',
				owner_id: null,
			});

			const archive = await call('POST', `/contacts/${MAL}/archive`, version);
			expect(await archive.json()).toEqual({
				type: 'contact',
				id: MAL,
				external_id: '32',
				archived: true,
			});
			expect((await call('GET', `/contacts/${MAL}`, version)).status).toBe(404);
			const unarchive = await call('POST', `/contacts/${MAL}/unarchive`, version);
			expect(await unarchive.json()).toMatchObject({ id: MAL, archived: false });
			const deleted = await call('DELETE', `/contacts/${SOLO}`, version);
			expect(await deleted.json()).toEqual({
				type: 'contact',
				id: SOLO,
				external_id: '31',
				deleted: true,
			});
			expect(sim.archivedIds()).toEqual([]);
			expect(sim.deletedIds()).toEqual([SOLO]);

			const { checked, bySpec, violations } = checkSimulatorContacts(sim);
			expect(violations).toEqual([]);
			expect(checked).toBe(6);
			const spec = specVersionFor(version);
			expect(bySpec[spec]).toBe(6);
		},
	);

	it("2.16's search: sort ascending / descending, and an unknown order answered 400 invalid_sort_order as its description documents", async () => {
		const query = { field: 'email', operator: '=', value: 'dup@example.com' };
		const sorted = async (order: string) => {
			const response = await call('POST', '/contacts/search', '2.16', {
				query,
				sort: { field: 'external_id', order },
			});
			return ((await response.json()) as { data: Array<{ id: string }> }).data.map((c) => c.id);
		};
		expect(await sorted('ascending')).toEqual([DUP_A, DUP_B]);
		expect(await sorted('descending')).toEqual([DUP_B, DUP_A]);
		const refused = await call('POST', '/contacts/search', '2.16', {
			query,
			sort: { field: 'external_id', order: 'desc' },
		});
		expect(refused.status).toBe(400);
		expect(await refused.json()).toMatchObject({
			type: 'error.list',
			errors: [
				{
					code: 'invalid_sort_order',
					message: "Invalid sort order 'desc'. Must be one of: ascending, descending",
				},
			],
		});
		// The description forbids the request (its sort.order enum), and documents the answer.
		const { bySpec, violations } = checkSimulatorContacts(sim);
		expect(violations).toEqual([
			{
				method: 'POST',
				path: '/contacts/search',
				part: 'request',
				status: 400,
				errors: [
					'/sort/order must be equal to one of the allowed values {"allowedValues":["ascending","descending"]}',
				],
			},
		]);
		expect(bySpec).toEqual({ '2.14': 0, '2.16': 3 });
	});

	it.each(['1.4', '3.0', 'latest', '2'])(
		'%s is no 2.x version: /contacts answers 400 intercom_version_invalid, as before',
		async (version) => {
			const response = await call('GET', `/contacts/${WASH}`, version);
			expect(response.status).toBe(400);
			expect(await response.json()).toMatchObject(versionInvalid);
		},
	);

	it.each(['2.15', '2.16', 'Preview'])(
		'%s on a 1.x path (/users) answers 400 intercom_version_invalid',
		async (version) => {
			const response = await call('GET', `/users/${WASH}`, version);
			expect(response.status).toBe(400);
			expect(await response.json()).toMatchObject(versionInvalid);
		},
	);
});

describe("a contact's owner_id, by version", () => {
	beforeEach(async () => {
		await sim.stop();
		const users = loadSeedUsers().map((user) =>
			user.id === MAL ? { ...user, owner_id: 814 } : user,
		);
		sim = new IntercomSimulator({ users });
		baseUrl = await sim.start();
	});

	it.each([
		['2.14', 814],
		['2.15', 814],
		['2.16', '814'],
		['Preview', '814'],
		['Unstable', '814'],
	])('%s: read and search send owner_id %j, as its description says', async (version, owner) => {
		const read = (await (await call('GET', `/contacts/${MAL}`, version)).json()) as {
			owner_id: unknown;
		};
		expect(read.owner_id).toBe(owner);
		const found = (await (
			await call('POST', '/contacts/search', version, {
				query: { field: 'external_id', operator: '=', value: '32' },
			})
		).json()) as { data: Array<{ owner_id: unknown }> };
		expect(found.data.map((contact) => contact.owner_id)).toEqual([owner]);
		const other = (await (await call('GET', `/contacts/${WASH}`, version)).json()) as {
			owner_id: unknown;
		};
		expect(other.owner_id).toBeNull();
		const { checked, violations } = checkSimulatorContacts(sim);
		expect(violations).toEqual([]);
		expect(checked).toBe(3);
	});

	it('the 1.x User carries no owner_id; an owner_id that is not an integer is refused', async () => {
		const user = (await (await call('GET', `/users/${MAL}`, '1.4')).json()) as object;
		expect(user).toMatchObject({ type: 'user', id: MAL });
		expect(user).not.toHaveProperty('owner_id');
		const [first] = loadSeedUsers();
		expect(() => new IntercomSimulator({ users: [{ ...first, owner_id: '814' }] })).toThrow(
			`Intercom simulator: user ${first.id} has owner_id 814, expected an integer`,
		);
	});
});

describe('a contact merged into another', () => {
	beforeEach(async () => {
		await sim.stop();
		const users = loadSeedUsers().map((user) =>
			user.id === WASH ? { ...user, merged_into: MAL } : user,
		);
		sim = new IntercomSimulator({ users });
		baseUrl = await sim.start();
	});

	it.each(['2.16', 'Preview'])(
		'%s: its read answers 410 contact_merged with a Link header naming the contact it was merged into',
		async (version) => {
			const response = await call('GET', `/contacts/${WASH}`, version);
			expect(response.status).toBe(410);
			expect(response.headers.get('link')).toBe(`</contacts/${MAL}>; rel="canonical"`);
			expect(await response.json()).toMatchObject({
				type: 'error.list',
				errors: [
					{
						code: 'contact_merged',
						message:
							"This contact has been merged. See the 'Link' header for the canonical contact.",
					},
				],
			});
			expect(checkSimulatorContacts(sim).violations).toEqual([]);
		},
	);

	it.each(['2.14', '2.15', '2.16', 'Preview'])(
		'%s: no search finds it; archive, unarchive and delete answer 404; before 2.16 its read too',
		async (version) => {
			const search = await call('POST', '/contacts/search', version, {
				query: { field: 'email', operator: '=', value: 'wash@serenity.io' },
			});
			expect(((await search.json()) as { total_count: number }).total_count).toBe(0);
			for (const [method, path] of [
				['POST', `/contacts/${WASH}/archive`],
				['POST', `/contacts/${WASH}/unarchive`],
				['DELETE', `/contacts/${WASH}`],
			]) {
				expect((await call(method, path, version)).status).toBe(404);
			}
			const read = await call('GET', `/contacts/${WASH}`, version);
			expect(read.status).toBe(specVersionFor(version) === '2.16' ? 410 : 404);
			expect(sim.archivedIds()).toEqual([]);
			expect(sim.deletedIds()).toEqual([]);
			expect(checkSimulatorContacts(sim).violations).toEqual([]);
		},
	);
});

describe('the contract helper holds each version to its own description', () => {
	const contact = (ownerId: unknown) =>
		JSON.stringify({ type: 'contact', id: WASH, role: 'user', owner_id: ownerId });

	it('Contact owner_id: an integer up to 2.15, a string from 2.16 (the 2.16 description)', () => {
		const read = (version: string, body: string) =>
			checkExchange('GET', `/contacts/${WASH}`, '', 200, body, version);
		for (const version of ['2.14', '2.15']) {
			expect(read(version, contact(7))).toEqual([]);
			expect(read(version, contact('7'))[0].errors).toEqual([
				'/owner_id must be integer,null {"type":["integer","null"]}',
			]);
		}
		for (const version of ['2.16', 'Preview']) {
			expect(read(version, contact('7'))).toEqual([]);
			expect(read(version, contact(7))[0].errors).toEqual([
				'/owner_id must be string,null {"type":["string","null"]}',
			]);
		}
		expect(read('2.16', contact(null))).toEqual([]);
	});

	it("2.16 documents a search's 400 and a merged contact's 410 with Intercom's error body; 2.14 documents neither", () => {
		const notAnErrorList = JSON.stringify({ errors: 'bad' });
		const search =
			'{"query":{"field":"email","operator":"=","value":"a@b.c"},"sort":{"order":"ascending"}}';
		expect(checkExchange('POST', '/contacts/search', search, 400, notAnErrorList, '2.14')).toEqual(
			[],
		);
		expect(
			checkExchange('POST', '/contacts/search', search, 400, notAnErrorList, '2.16')[0],
		).toMatchObject({ part: 'response', status: 400 });
		expect(checkExchange('GET', `/contacts/${WASH}`, '', 410, notAnErrorList, '2.14')).toEqual([]);
		expect(
			checkExchange('GET', `/contacts/${WASH}`, '', 410, notAnErrorList, '2.16')[0],
		).toMatchObject({ part: 'response', status: 410 });
		const merged = JSON.stringify({
			type: 'error.list',
			request_id: null,
			errors: [{ code: 'contact_merged', message: 'This contact has been merged.' }],
		});
		expect(checkExchange('GET', `/contacts/${WASH}`, '', 410, merged, '2.16')).toEqual([]);
	});

	it('2.16 documents endpoints 2.14 lacks (merge history), and the reverse is flagged', () => {
		const history = JSON.stringify({ type: 'list', data: [] });
		expect(
			checkExchange('GET', `/contacts/${WASH}/merge_history`, '', 200, history, '2.16'),
		).toEqual([]);
		expect(
			checkExchange('GET', `/contacts/${WASH}/merge_history`, '', 200, history, '2.14')[0].errors,
		).toEqual([
			`undocumented endpoint: no path template of the spec matches /contacts/${WASH}/merge_history`,
		]);
	});
});
