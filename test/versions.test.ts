/**
 * Contacts API versions: the node sends 2.15, 2.16 and Preview (Unstable, its old name) as
 * chosen, and each exchange conforms to Intercom's OpenAPI description of that version
 * (2.16 for 2.16 and Preview, 2.14 up to 2.15); the field names the current choices, and a
 * node saved with the default keeps sending 2.14.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import Ajv from 'ajv';
import { NodeHelpers } from 'n8n-workflow';

import { IntercomUsers } from '../nodes/IntercomUsers/IntercomUsers.node';
import { loadSeedUsers } from '../tools/intercom-simulator/simulator';
import { checkSimulatorContacts, specVersionFor } from './contract/openapi';
import { details, runNode, useSimulator } from './helpers';
import { DUP_A, DUP_B, MAL, SOLO, WASH } from './seed';

const description = new IntercomUsers().description;

describe.each(['2.15', '2.16', 'Preview', 'Unstable'])('Contacts API %s', (version) => {
	const env = useSimulator();
	const contacts = { api: 'contacts', contactsApiVersion: version };

	afterEach(() => {
		const { checked, bySpec, violations } = checkSimulatorContacts(env.sim);
		expect(violations).toEqual([]);
		expect(checked).toBeGreaterThan(0);
		expect(bySpec[specVersionFor(version)]).toBe(checked);
	});

	it('archive by email, unarchive by Intercom ID, get by user_id: every request carries the version', async () => {
		const archived = await runNode(env.baseUrl, {
			...contacts,
			archiveBy: 'email',
			email: 'mal@serenity.io',
		});
		expect(archived.error).toBeUndefined();
		expect(archived.items[0].json).toMatchObject({ id: MAL, external_id: '32', archived: true });
		expect(env.sim.archivedIds()).toEqual([MAL]);

		const restored = await runNode(env.baseUrl, {
			...contacts,
			operation: 'unarchive',
			archiveBy: 'id',
			intercomId: MAL,
		});
		expect(restored.error).toBeUndefined();
		expect(restored.items[0].json).toMatchObject({ id: MAL, archived: false });
		expect(env.sim.archivedIds()).toEqual([]);

		const read = await runNode(env.baseUrl, {
			...contacts,
			operation: 'get',
			archiveBy: 'userId',
			userId: '31',
		});
		expect(read.items[0].json).toMatchObject({ id: SOLO, external_id: '31', role: 'user' });
		expect(env.sim.requests.map((r) => r.headers['intercom-version'])).toEqual(
			Array(env.sim.requests.length).fill(version),
		);
	});

	it('permanently delete by Intercom ID deletes the contact; several users on one email stay a conflict', async () => {
		const deleted = await runNode(env.baseUrl, {
			...contacts,
			operation: 'permanentlyDelete',
			archiveBy: 'id',
			intercomId: WASH,
			confirmPermanentDelete: true,
		});
		expect(deleted.items[0].json).toMatchObject({ id: WASH, deleted: true });
		expect(env.sim.deletedIds()).toEqual([WASH]);

		const { error } = await runNode(env.baseUrl, {
			...contacts,
			archiveBy: 'email',
			email: 'dup@example.com',
		});
		expect(error?.message).toBe('Intercom: Multiple users match this Email (conflict)');
		expect(details(error).description).toContain(`${DUP_A}, ${DUP_B}`);
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('Get Many sends its filters as on 2.14 and lists the users they find', async () => {
		const { items, error } = await runNode(env.baseUrl, {
			...contacts,
			operation: 'getMany',
			returnAll: true,
			filters: { emailDomain: 'serenity.io', createdBefore: '2100-01-01T00:00:00Z' },
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([WASH, MAL]);
		const query = JSON.parse(env.sim.requests[0].body).query;
		expect(query.value).toContainEqual({ field: 'created_at', operator: '<', value: 4102444800 });
	});
});

describe("a contact's owner_id: a number up to 2.15, text from 2.16", () => {
	const users = loadSeedUsers().map((user) =>
		user.id === MAL ? { ...user, owner_id: 814 } : user,
	);
	const env = useSimulator({ users });
	const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
	const schema = (version: string, operation: string) =>
		JSON.parse(
			fs.readFileSync(
				path.join(
					__dirname,
					'..',
					'nodes',
					'IntercomUsers',
					'__schema__',
					version,
					'user',
					`${operation}.json`,
				),
				'utf8',
			),
		) as object;

	it.each([
		['2.15', 814],
		['2.16', '814'],
		['Preview', '814'],
	])(
		'%s: Get (whole answer) and Get Many pass it through as %j; both validate against the output schemas',
		async (version, owner) => {
			const get = await runNode(env.baseUrl, {
				api: 'contacts',
				contactsApiVersion: version,
				operation: 'get',
				archiveBy: 'id',
				intercomId: MAL,
			});
			expect(get.items[0].json).toMatchObject({ id: MAL, owner_id: owner });
			const validGet = ajv.compile(schema('v1.0.0', 'get'));
			expect(validGet(get.items[0].json) ? [] : validGet.errors).toEqual([]);

			const many = await runNode(env.baseUrl, {
				api: 'contacts',
				contactsApiVersion: version,
				operation: 'getMany',
				filters: { externalId: '32' },
			});
			expect(many.items.map((item) => item.json.owner_id)).toEqual([owner]);
			const validMany = ajv.compile(schema('v1.0.0', 'getMany'));
			expect(validMany(many.items[0].json) ? [] : validMany.errors).toEqual([]);
			expect(checkSimulatorContacts(env.sim).violations).toEqual([]);
		},
	);
});

describe('a contact merged into another (2.16 answers its read with 410)', () => {
	const users = loadSeedUsers().map((user) =>
		user.id === WASH ? { ...user, merged_into: MAL } : user,
	);
	const env = useSimulator({ users });

	it.each(['2.16', 'Preview'])(
		'%s, archive by its Intercom ID: fails naming the merge and what to do; nothing archived',
		async (version) => {
			const { error } = await runNode(env.baseUrl, {
				api: 'contacts',
				contactsApiVersion: version,
				archiveBy: 'id',
				intercomId: WASH,
			});
			expect(error?.message).toBe(
				"Intercom: This contact has been merged. See the 'Link' header for the canonical contact. (contact_merged)",
			);
			expect(details(error).httpCode).toBe('410');
			expect(details(error).description).toContain(
				`The contact with Intercom ID "${WASH}" was merged into another contact; Intercom's Link header names that one. Use the Intercom ID of the contact it was merged into.`,
			);
			expect(env.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
				`GET /contacts/${WASH}`,
			]);
			expect(env.sim.archivedIds()).toEqual([]);
		},
	);

	it('2.15: the same read answers 404, so the item says not found; nothing archived', async () => {
		const { error } = await runNode(env.baseUrl, {
			api: 'contacts',
			contactsApiVersion: '2.15',
			archiveBy: 'id',
			intercomId: WASH,
		});
		expect(error?.message).toBe('Intercom: Contact Not Found (not_found)');
		expect(env.sim.archivedIds()).toEqual([]);
	});
});

describe('the Contacts API Version field', () => {
	const field = description.properties.find((p) => p.name === 'contactsApiVersion');

	it('names the current choices and keeps its name, type and default', () => {
		expect(field).toMatchObject({ name: 'contactsApiVersion', type: 'string', default: '2.14' });
		expect(field?.description).toBe(
			'The Intercom-Version header to send: 2.14 (the default), 2.15, 2.16 (the newest) or Preview (formerly Unstable); any other 2.x version works too',
		);
	});

	it('a node saved with the default carries no version, so the default stays 2.14: a new one would move saved workflows', () => {
		const saved = NodeHelpers.getNodeParameters(
			description.properties,
			{ resource: 'user', operation: 'archive', api: 'contacts', contactsApiVersion: '2.14' },
			false,
			false,
			null,
			description,
		);
		expect(saved).toEqual({ api: 'contacts' });
		const chosen = NodeHelpers.getNodeParameters(
			description.properties,
			{ resource: 'user', operation: 'archive', api: 'contacts', contactsApiVersion: '2.16' },
			false,
			false,
			null,
			description,
		);
		expect(chosen).toMatchObject({ contactsApiVersion: '2.16' });
	});
});
