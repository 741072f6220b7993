/**
 * The output schemas the editor shows before a node has run: one JSON Schema per
 * operation in `nodes/IntercomUsers/__schema__/v1.0.0/user/<operation>.json`, copied
 * into dist/ by the build. n8n serves it at
 * `/schemas/n8n-nodes-intercom-users.intercomUsers/1.0.0/user/<operation>.json`,
 * resolving the file next to the node's compiled file (n8n-core's
 * `resolveOutputSchemaPath`). Real outputs from the simulator, for both APIs, every
 * selector, Dry Run and the Ignore Not Found markers, must validate against it.
 *
 * n8n's editor picks the schema by node version, resource and operation only (its
 * `getSchemaPreview` asks `<node type>/<version>/<resource>/<operation>.json`), never by
 * another parameter such as the API. So the top-level `properties` (what the preview
 * lists) hold what the builder maps first, true to the default API (Users API 1.4;
 * Unarchive: the Contacts API, its only one): every field listed there must be one that
 * a real output of the default API has, and the fields mapped first must be listed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import Ajv from 'ajv';
import { resolveOutputSchemaPath } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import { USER_OPERATIONS } from '../nodes/IntercomUsers/shared/types';
import type { UserOperation } from '../nodes/IntercomUsers/shared/types';
import { FaultProxy, GATEWAY_TIMEOUT_PAGE } from '../tools/intercom-simulator/proxy';
import { runNode, useSimulator } from './helpers';
import { MAL, WASH } from './seed';

const ROOT = path.resolve(__dirname, '..');
const SOURCE_DIR = path.join(ROOT, 'nodes', 'IntercomUsers');
const DIST_DIR = path.join(ROOT, 'dist', 'nodes', 'IntercomUsers');
const schemaFile = (dir: string, operation: UserOperation) =>
	path.join(dir, '__schema__', 'v1.0.0', 'user', `${operation}.json`);

interface JsonSchema {
	type: string;
	properties: Record<string, unknown>;
	anyOf: unknown[];
}
const readSchema = (operation: UserOperation): JsonSchema =>
	JSON.parse(fs.readFileSync(schemaFile(SOURCE_DIR, operation), 'utf8')) as JsonSchema;

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });

const SELECTORS: Array<[string, IDataObject]> = [
	['Intercom ID', { archiveBy: 'id', intercomId: WASH }],
	['email', { archiveBy: 'email', email: 'wash@serenity.io' }],
	['user_id', { archiveBy: 'userId', userId: '25' }],
];
const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const IGNORE_NOT_FOUND = { options: { ignoreNotFound: true } };
const DRY_RUN = { options: { dryRun: true } };

/** The fields the preview must list first for each operation, in this order. */
const MAPPED_FIRST: Record<UserOperation, string[]> = {
	archive: ['type', 'id', 'user_id', 'email', 'name'],
	unarchive: ['type', 'id', 'external_id', 'email', 'name'],
	permanentlyDelete: ['type', 'id', 'intercom_user_id', 'deleted', 'dryRun'],
	get: ['type', 'id', 'user_id', 'email', 'name'],
	getMany: ['type', 'id', 'external_id', 'email', 'name'],
};

/** The marker fields each operation's schema lists: reads give no Dry Run item, a listing no marker. */
const MARKERS: Record<UserOperation, string[]> = {
	archive: [
		'dryRun',
		'notFound',
		'probablyDone',
		'outcome',
		'operation',
		'selector',
		'value',
		'message',
		'description',
		'user',
	],
	// An unarchive is safe to repeat, so it never comes out probablyDone.
	unarchive: [
		'dryRun',
		'notFound',
		'outcome',
		'operation',
		'selector',
		'value',
		'message',
		'description',
		'user',
	],
	permanentlyDelete: [
		'dryRun',
		'notFound',
		'probablyDone',
		'outcome',
		'operation',
		'selector',
		'value',
		'message',
		'description',
		'user',
	],
	get: [
		'dryRun',
		'notFound',
		'outcome',
		'operation',
		'selector',
		'value',
		'message',
		'description',
	],
	getMany: [],
};

/** The top-level fields and the fields of `user` of every default-API output seen, by operation. */
const seen: Record<UserOperation, { top: Set<string>; user: Set<string> }> = {
	archive: { top: new Set(), user: new Set() },
	unarchive: { top: new Set(), user: new Set() },
	permanentlyDelete: { top: new Set(), user: new Set() },
	get: { top: new Set(), user: new Set() },
	getMany: { top: new Set(), user: new Set() },
};

describe('output schemas', () => {
	it.each([...USER_OPERATIONS])(
		'%s: the build ships the schema where n8n looks for it',
		(operation) => {
			expect(fs.readFileSync(schemaFile(DIST_DIR, operation), 'utf8')).toBe(
				fs.readFileSync(schemaFile(SOURCE_DIR, operation), 'utf8'),
			);
			const resolved = resolveOutputSchemaPath({
				nodeDir: DIST_DIR,
				version: 1,
				resource: 'user',
				operation,
			});
			expect(resolved).toBe(schemaFile(DIST_DIR, operation));
			// What the editor accepts as a schema: an object type with properties.
			const schema = readSchema(operation);
			expect(schema.type).toBe('object');
			expect(Object.keys(schema.properties).length).toBeGreaterThan(0);
			expect(() => ajv.compile(schema)).not.toThrow();
			for (const marker of MARKERS[operation]) {
				expect(schema.properties).toHaveProperty(marker);
			}
			expect(Object.keys(schema.properties).slice(0, MAPPED_FIRST[operation].length)).toEqual(
				MAPPED_FIRST[operation],
			);
			// About 90 fields of both APIs before; now what the builder maps first.
			expect(Object.keys(schema.properties).length).toBeLessThanOrEqual(25);
		},
	);
});

describe('real outputs validate against their operation schema', () => {
	const env = useSimulator();

	/** Runs the node once and checks its one output item against the operation's schema. */
	async function expectValid(
		operation: UserOperation,
		parameters: IDataObject,
		expectKey?: string,
	): Promise<IDataObject> {
		const { items, error } = await runNode(env.baseUrl, { operation, ...parameters });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(operation === 'getMany' ? 8 : 1);
		const json = items[0].json;
		if (expectKey) expect(json).toHaveProperty(expectKey);
		const schema = readSchema(operation);
		const validate = ajv.compile(schema);
		expect({ valid: validate(json), errors: validate.errors ?? null }).toEqual({
			valid: true,
			errors: null,
		});
		const defaultApi =
			operation === 'unarchive' || operation === 'getMany' || parameters.api !== 'contacts';
		if (defaultApi) {
			for (const key of Object.keys(json)) seen[operation].top.add(key);
			const user = json.user as IDataObject | undefined;
			for (const key of Object.keys(user ?? {})) seen[operation].user.add(key);
		}
		return json;
	}

	describe.each(SELECTORS)('by %s', (_by, selector) => {
		it('archive, Users API (1.4): the User object', async () => {
			await expectValid('archive', selector, 'user_id');
		});
		it('archive, Contacts API (2.x): the contact, archived: true', async () => {
			await expectValid('archive', { ...CONTACTS, ...selector }, 'archived');
		});
		it('permanently delete, Users API (1.4): the user delete request', async () => {
			await expectValid(
				'permanentlyDelete',
				{ confirmPermanentDelete: true, ...selector },
				'intercom_user_id',
			);
		});
		it('permanently delete, Contacts API (2.x): the deleted contact', async () => {
			await expectValid(
				'permanentlyDelete',
				{ ...CONTACTS, confirmPermanentDelete: true, ...selector },
				'deleted',
			);
		});
	});

	describe.each(SELECTORS)('get by %s', (_by, selector) => {
		it('Users API (1.4): the User object', async () => {
			await expectValid('get', selector, 'user_id');
		});
		it('Contacts API (2.x): the contact', async () => {
			await expectValid('get', { ...CONTACTS, ...selector }, 'external_id');
		});
		it('with Dry Run: the same user', async () => {
			await expectValid('get', { ...selector, ...DRY_RUN }, 'user_id');
		});
	});

	it('get many (Contacts API): every item is a contact of role user', async () => {
		await expectValid('getMany', { api: 'contacts' }, 'role');
	});

	it.each([
		['Users API', {}],
		['Contacts API', CONTACTS],
	])(
		'get (%s) of a missing user with Ignore Not Found, also in a dry run: the notFound marker',
		async (_api, api) => {
			await expectValid(
				'get',
				{ ...api, ...IGNORE_NOT_FOUND, archiveBy: 'email', email: 'nobody@example.com' },
				'notFound',
			);
			const json = await expectValid(
				'get',
				{
					...api,
					options: { dryRun: true, ignoreNotFound: true },
					archiveBy: 'email',
					email: 'nobody@example.com',
				},
				'notFound',
			);
			expect(json.dryRun).toBe(true);
		},
	);

	describe.each(SELECTORS)('Dry Run by %s', (_by, selector) => {
		it.each([
			['archive', 'users', {}],
			['archive', 'contacts', CONTACTS],
			['permanentlyDelete', 'users', {}],
			['permanentlyDelete', 'contacts', CONTACTS],
			['permanentlyDelete', 'users, confirmed', { confirmPermanentDelete: true }],
		] as Array<[UserOperation, string, IDataObject]>)(
			'%s (%s): the dryRun item',
			async (operation, _api, parameters) => {
				const json = await expectValid(
					operation,
					{ ...parameters, ...selector, ...DRY_RUN },
					'dryRun',
				);
				expect(json.outcome).toBe('wouldChange');
			},
		);
	});

	it('Dry Run of Unarchive: not archived (the contact), then would restore if archived', async () => {
		const active = await expectValid('unarchive', { intercomId: WASH, ...DRY_RUN }, 'user');
		expect(active.outcome).toBe('notArchived');
		await runNode(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		const archived = await expectValid('unarchive', { intercomId: WASH, ...DRY_RUN }, 'dryRun');
		expect(archived.outcome).toBe('wouldChangeIfArchived');
	});

	it('Dry Run of Permanently Delete by Intercom ID of an archived user (Users API): would delete if archived', async () => {
		await runNode(env.baseUrl, { archiveBy: 'id', intercomId: WASH });
		const json = await expectValid(
			'permanentlyDelete',
			{ archiveBy: 'id', intercomId: WASH, ...DRY_RUN },
			'confirmationNeeded',
		);
		expect(json.outcome).toBe('wouldChangeIfArchived');
	});

	it('unarchive with its defaults (Contacts API, by Intercom ID): the contact, archived: false', async () => {
		await runNode(env.baseUrl, { ...CONTACTS, archiveBy: 'id', intercomId: WASH });
		await expectValid('unarchive', { intercomId: WASH }, 'archived');
	});

	it.each([
		['archive', 'users', {}],
		['archive', 'contacts', CONTACTS],
		['unarchive', 'contacts', {}],
		['permanentlyDelete', 'users', { confirmPermanentDelete: true }],
		['permanentlyDelete', 'contacts', { ...CONTACTS, confirmPermanentDelete: true }],
	] as Array<[UserOperation, string, IDataObject]>)(
		'%s (%s API) of a missing user with Ignore Not Found: the notFound marker',
		async (operation, _api, parameters) => {
			await expectValid(
				operation,
				{
					...parameters,
					...IGNORE_NOT_FOUND,
					archiveBy: 'id',
					intercomId: 'nobody0000000000000000',
				},
				'notFound',
			);
		},
	);

	it.each([
		['archive', {}],
		['permanentlyDelete', { api: 'contacts', contactsApiVersion: '2.14' }],
	] as Array<[UserOperation, IDataObject]>)(
		'%s: a dry run of a missing user with Ignore Not Found: the marker with dryRun: true',
		async (operation, parameters) => {
			const json = await expectValid(
				operation,
				{
					...parameters,
					options: { dryRun: true, ignoreNotFound: true },
					archiveBy: 'email',
					email: 'nobody@example.com',
				},
				'notFound',
			);
			expect(json.dryRun).toBe(true);
		},
	);

	it.each([
		['archive', 'DELETE', '/users', {}],
		['permanentlyDelete', 'POST', '/user_delete_requests', { confirmPermanentDelete: true }],
	] as Array<[UserOperation, string, string, IDataObject]>)(
		'%s (Users API): a change answered 504 after it was made, with Ignore Not Found: the probablyDone marker',
		async (operation, method, pathPrefix, parameters) => {
			const gateway = new FaultProxy(env.baseUrl);
			const gatewayUrl = await gateway.start();
			try {
				gateway.injectFault({
					forward: true,
					match: { method, pathPrefix },
					status: 504,
					body: GATEWAY_TIMEOUT_PAGE,
				});
				const { items } = await runNode(gatewayUrl, {
					operation,
					...parameters,
					...IGNORE_NOT_FOUND,
					archiveBy: 'email',
					email: 'wash@serenity.io',
				});
				expect(items[0]?.json.probablyDone).toBe(true);
				const schema = readSchema(operation);
				const validate = ajv.compile(schema);
				expect(validate(items[0].json)).toBe(true);
				for (const key of Object.keys(items[0].json)) seen[operation].top.add(key);
			} finally {
				await gateway.stop();
			}
		},
	);

	it.each([
		['archive', { archiveBy: 'email', email: '={{ $json.v }}' }, 'wash@serenity.io'],
		['unarchive', { intercomId: '={{ $json.v }}' }, WASH],
		[
			'permanentlyDelete',
			{ archiveBy: 'email', email: '={{ $json.v }}', confirmPermanentDelete: true },
			'solo@example.com',
		],
	] as Array<[UserOperation, IDataObject, string]>)(
		'C46: %s (default API) of the same user twice: the second item is the duplicate item',
		async (operation, parameters, value) => {
			if (operation === 'unarchive') {
				await runNode(env.baseUrl, { ...CONTACTS, archiveBy: 'id', intercomId: WASH });
			}
			const { items, error } = await runNode(
				env.baseUrl,
				{ operation, ...parameters },
				{ items: [{ v: value }, { v: value }] },
			);
			expect(error).toBeUndefined();
			expect(items[1].json).toMatchObject({ duplicate: true, duplicateOf: 0 });
			const validate = ajv.compile(readSchema(operation));
			for (const item of items) {
				expect({ valid: validate(item.json), errors: validate.errors ?? null }).toEqual({
					valid: true,
					errors: null,
				});
				for (const key of Object.keys(item.json)) seen[operation].top.add(key);
			}
		},
	);

	it('an output that matches no shape fails', () => {
		const validate = ajv.compile(readSchema('archive'));
		expect(validate({ type: 'contact', id: WASH, archived: false })).toBe(false);
		expect(validate({ notFound: true })).toBe(false);
		// A dry-run item must carry the user it names, and only its own fields.
		const dry = {
			dryRun: true,
			outcome: 'wouldChange',
			operation: 'archive',
			selector: 'email',
			value: 'wash@serenity.io',
			message: 'Dry run: Archive would archive this user',
			description: '',
		};
		expect(validate(dry)).toBe(false);
		expect(validate({ ...dry, user: { type: 'user', id: WASH }, archived: true })).toBe(false);
		expect(validate({ ...dry, user: { type: 'user', id: WASH } })).toBe(true);
	});
});

describe('the preview lists nothing the default API never returns', () => {
	// Runs after the outputs above (jest runs a file's tests in order) and reads what they saw.
	it.each([...USER_OPERATIONS])('%s', (operation) => {
		const schema = readSchema(operation);
		expect(seen[operation].top.size).toBeGreaterThan(0);
		expect(Object.keys(schema.properties).filter((key) => !seen[operation].top.has(key))).toEqual(
			[],
		);
		const user = (schema.properties.user as { properties?: Record<string, unknown> } | undefined)
			?.properties;
		expect(Object.keys(user ?? {}).filter((key) => !seen[operation].user.has(key))).toEqual([]);
	});
});

/**
 * Node version 1.1 simplifies by default, so n8n asks for `…/1.1.0/user/<operation>.json`:
 * its preview lists the simplified item first; every output, Simplify on or off, validates.
 */
describe('node version 1.1: the simplified output schemas', () => {
	const file11 = (dir: string, operation: UserOperation) =>
		path.join(dir, '__schema__', 'v1.1.0', 'user', `${operation}.json`);
	const read11 = (operation: UserOperation): JsonSchema =>
		JSON.parse(fs.readFileSync(file11(SOURCE_DIR, operation), 'utf8')) as JsonSchema;
	const V1_1 = { nodeSettings: { typeVersion: 1.1 } };
	const MAPPED_FIRST_11: Record<UserOperation, string[]> = {
		archive: ['id', 'email', 'user_id', 'name', 'archived', 'outcome', 'message'],
		unarchive: ['id', 'email', 'external_id', 'name', 'archived', 'outcome', 'message'],
		permanentlyDelete: ['id', 'email', 'user_id', 'name', 'deleted', 'outcome', 'requestId'],
		get: ['id', 'email', 'user_id', 'name', 'created_at', 'signed_up_at', 'last_request_at'],
		getMany: [
			'id',
			'email',
			'external_id',
			'name',
			'created_at',
			'signed_up_at',
			'last_seen_at',
			'role',
		],
	};
	const seen11: Record<UserOperation, { top: Set<string>; user: Set<string> }> = {
		archive: { top: new Set(), user: new Set() },
		unarchive: { top: new Set(), user: new Set() },
		permanentlyDelete: { top: new Set(), user: new Set() },
		get: { top: new Set(), user: new Set() },
		getMany: { top: new Set(), user: new Set() },
	};
	/** Wash as a simplified read returns him: the mapped fields, then his dates. */
	const WASH_READ = {
		id: WASH,
		email: 'wash@serenity.io',
		name: 'Hoban Washburne',
		created_at: 1460985141,
		signed_up_at: 1460985141,
	};
	const env = useSimulator();

	/** Checks each of `items` against the 1.1 schema; notes what a simplified default-API item has. */
	function expectValid11(operation: UserOperation, items: IDataObject[], preview: boolean): void {
		const validate = ajv.compile(read11(operation));
		for (const json of items) {
			expect({ valid: validate(json), errors: validate.errors ?? null }).toEqual({
				valid: true,
				errors: null,
			});
			if (!preview) continue;
			for (const key of Object.keys(json)) seen11[operation].top.add(key);
			const user = json.user as IDataObject | undefined;
			for (const key of Object.keys(user ?? {})) seen11[operation].user.add(key);
		}
	}

	async function run11(
		operation: UserOperation,
		parameters: IDataObject,
		options: { items?: IDataObject[]; baseUrl?: string } = {},
	): Promise<IDataObject[]> {
		const { items, error } = await runNode(
			options.baseUrl ?? env.baseUrl,
			{ operation, ...parameters },
			{ ...V1_1, items: options.items },
		);
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
		return items.map((item) => item.json);
	}

	it.each([...USER_OPERATIONS])(
		'%s: the build ships it where n8n looks for version 1.1; the preview lists the simplified fields first',
		(operation) => {
			expect(fs.readFileSync(file11(DIST_DIR, operation), 'utf8')).toBe(
				fs.readFileSync(file11(SOURCE_DIR, operation), 'utf8'),
			);
			const resolved = resolveOutputSchemaPath({
				nodeDir: DIST_DIR,
				version: 1.1,
				resource: 'user',
				operation,
			});
			expect(resolved).toBe(file11(DIST_DIR, operation));
			const schema = read11(operation);
			expect(schema.type).toBe('object');
			expect(() => ajv.compile(schema)).not.toThrow();
			expect(Object.keys(schema.properties).slice(0, MAPPED_FIRST_11[operation].length)).toEqual(
				MAPPED_FIRST_11[operation],
			);
			expect(Object.keys(schema.properties).length).toBeLessThanOrEqual(20);
		},
	);

	describe.each(SELECTORS)('by %s', (_by, selector) => {
		it.each([
			['archive', 'users', {}],
			['archive', 'contacts', CONTACTS],
			['permanentlyDelete', 'users', { confirmPermanentDelete: true }],
			['permanentlyDelete', 'contacts', { ...CONTACTS, confirmPermanentDelete: true }],
		] as Array<[UserOperation, string, IDataObject]>)(
			'%s (%s API): a dry run simplified and not, then the simplified item, all valid',
			async (operation, api, parameters) => {
				const dry = await run11(operation, { ...parameters, ...selector, ...DRY_RUN });
				expectValid11(operation, dry, api === 'users');
				const rawDry = await run11(operation, {
					...parameters,
					...selector,
					...DRY_RUN,
					archiveBy: 'id',
					intercomId: MAL,
					simplify: false,
				});
				expectValid11(operation, rawDry, false);
				const simplified = await run11(operation, { ...parameters, ...selector });
				expect(simplified[0].outcome).toBe(operation === 'archive' ? 'archived' : 'deleted');
				expectValid11(operation, simplified, api === 'users');
			},
		);
	});

	describe.each(SELECTORS)('get by %s', (_by, selector) => {
		it('Users API (the default): the simplified user with its dates, the same in a dry run, and Simplify off; all valid', async () => {
			const simplified = await run11('get', selector);
			expect(simplified).toEqual([{ ...WASH_READ, user_id: '25', last_request_at: 1460988741 }]);
			expect(Object.keys(simplified[0])).toEqual(MAPPED_FIRST_11.get);
			expectValid11('get', simplified, true);
			const dry = await run11('get', { ...selector, ...DRY_RUN });
			expect(dry).toEqual(simplified);
			expectValid11('get', dry, true);
			const raw = await run11('get', { ...selector, simplify: false });
			expect(raw[0]).toMatchObject({ type: 'user', id: WASH, session_count: 12 });
			expectValid11('get', raw, false);
		});
		it('Contacts API: the simplified user with last_seen_at, and Simplify off; all valid', async () => {
			const simplified = await run11('get', { ...CONTACTS, ...selector });
			expect(simplified).toEqual([{ ...WASH_READ, external_id: '25', last_seen_at: 1460988741 }]);
			expectValid11('get', simplified, false);
			const raw = await run11('get', { ...CONTACTS, ...selector, simplify: false });
			expect(raw[0]).toMatchObject({ type: 'contact', id: WASH, role: 'user' });
			expectValid11('get', raw, false);
		});
	});

	it.each([
		['Users API', {}, true],
		['Contacts API', CONTACTS, false],
	] as Array<[string, IDataObject, boolean]>)(
		'get (%s) of a missing user with Ignore Not Found: the notFound marker, in a dry run and with Simplify off too, valid',
		async (_api, api, preview) => {
			const missing = { ...api, archiveBy: 'email', email: 'nobody@example.com' };
			const marker = await run11('get', { ...missing, ...IGNORE_NOT_FOUND });
			expect(marker[0]).toMatchObject({ notFound: true, outcome: 'notFound', operation: 'get' });
			expectValid11('get', marker, preview);
			const options = { dryRun: true, ignoreNotFound: true };
			const dry = await run11('get', { ...missing, options });
			expect(dry[0].dryRun).toBe(true);
			expectValid11('get', dry, preview);
			const raw = await run11('get', { ...missing, ...IGNORE_NOT_FOUND, simplify: false });
			expect(raw).toEqual(marker);
			expectValid11('get', raw, false);
		},
	);

	it('get many with filters: the simplified users with their dates, with Include Leads their role, and Simplify off; all valid', async () => {
		const filters = { emailDomain: 'serenity.io', createdAfter: 1, lastSeenBefore: 2000000000 };
		const found = await run11('getMany', { api: 'contacts', filters });
		expect(found).toEqual([
			{ ...WASH_READ, external_id: '25', last_seen_at: 1460988741 },
			{
				id: MAL,
				email: 'mal@serenity.io',
				external_id: '32',
				name: 'Malcolm Reynolds',
				created_at: 1461589941,
				signed_up_at: 1461589941,
				last_seen_at: 1461618741,
			},
		]);
		expectValid11('getMany', found, true);
		const withLeads = await run11('getMany', { api: 'contacts', options: { includeLeads: true } });
		expect(withLeads).toHaveLength(9);
		expect(withLeads.map((json) => json.role)).toEqual([...Array(8).fill('user'), 'lead']);
		expect(Object.keys(withLeads[0])).toEqual(MAPPED_FIRST_11.getMany);
		expect(withLeads[8]).toMatchObject({ email: 'lead@example.com', signed_up_at: null });
		expectValid11('getMany', withLeads, true);
		const raw = await run11('getMany', { api: 'contacts', filters, simplify: false });
		expect(raw.map((json) => [json.type, json.id])).toEqual([
			['contact', WASH],
			['contact', MAL],
		]);
		expectValid11('getMany', raw, false);
	});

	it.each([
		['archive', {}],
		['archive', CONTACTS],
		['permanentlyDelete', { confirmPermanentDelete: true }],
		['permanentlyDelete', { ...CONTACTS, confirmPermanentDelete: true }],
	] as Array<[UserOperation, IDataObject]>)(
		'%s: Simplify off gives the shapes of version 1, valid (%o)',
		async (operation, parameters) => {
			const raw = await run11(operation, {
				...parameters,
				archiveBy: 'id',
				intercomId: WASH,
				simplify: false,
			});
			expect(raw[0]).toHaveProperty('type');
			expectValid11(operation, raw, false);
		},
	);

	it('unarchive: restored, then not archived, then Simplify off, then a dry run', async () => {
		await runNode(env.baseUrl, { ...CONTACTS, archiveBy: 'id', intercomId: WASH });
		const restored = await run11('unarchive', { intercomId: WASH });
		expect(restored[0].outcome).toBe('unarchived');
		expectValid11('unarchive', restored, true);
		const active = await run11('unarchive', { intercomId: WASH });
		expect(active[0].outcome).toBe('notArchived');
		expectValid11('unarchive', active, true);
		expectValid11(
			'unarchive',
			await run11('unarchive', { intercomId: WASH, simplify: false }),
			false,
		);
		expectValid11('unarchive', await run11('unarchive', { intercomId: WASH, ...DRY_RUN }), true);
	});

	it.each([
		['archive', {}],
		['unarchive', {}],
		['permanentlyDelete', { confirmPermanentDelete: true }],
	] as Array<[UserOperation, IDataObject]>)(
		'%s: the notFound marker and the duplicate item, valid',
		async (operation, parameters) => {
			const missing = { archiveBy: 'id', intercomId: 'nobody0000000000000000' };
			const marker = await run11(operation, { ...parameters, ...IGNORE_NOT_FOUND, ...missing });
			expect(marker[0].notFound).toBe(true);
			expectValid11(operation, marker, true);
			if (operation === 'unarchive') {
				await runNode(env.baseUrl, { ...CONTACTS, archiveBy: 'id', intercomId: MAL });
			}
			const twice = await run11(
				operation,
				{ ...parameters, archiveBy: 'id', intercomId: '={{ $json.v }}' },
				{ items: [{ v: MAL }, { v: MAL }] },
			);
			expect(twice[1].duplicate).toBe(true);
			expectValid11(operation, twice, true);
		},
	);

	it.each([
		['archive', 'DELETE', '/users', {}],
		['permanentlyDelete', 'POST', '/user_delete_requests', { confirmPermanentDelete: true }],
	] as Array<[UserOperation, string, string, IDataObject]>)(
		'%s (Users API): the probablyDone marker, valid',
		async (operation, method, pathPrefix, parameters) => {
			const gateway = new FaultProxy(env.baseUrl);
			const gatewayUrl = await gateway.start();
			try {
				gateway.injectFault({
					forward: true,
					match: { method, pathPrefix },
					status: 504,
					body: GATEWAY_TIMEOUT_PAGE,
				});
				const marker = await run11(
					operation,
					{ ...parameters, ...IGNORE_NOT_FOUND, archiveBy: 'email', email: 'wash@serenity.io' },
					{ baseUrl: gatewayUrl },
				);
				expect(marker[0].probablyDone).toBe(true);
				expectValid11(operation, marker, true);
			} finally {
				await gateway.stop();
			}
		},
	);

	it('a simplified item with a field of another shape fails', () => {
		const validate = ajv.compile(read11('archive'));
		const simplified = {
			id: WASH,
			email: 'wash@serenity.io',
			user_id: '25',
			name: 'Hoban Washburne',
			archived: true,
			outcome: 'archived',
			message: 'Archived user wash@serenity.io',
		};
		expect(validate(simplified)).toBe(true);
		expect(validate({ ...simplified, archived: false })).toBe(false);
		expect(validate({ ...simplified, custom_attributes: {} })).toBe(false);
	});

	it("a simplified read with another API's field or a change's field fails", () => {
		const get = ajv.compile(read11('get'));
		const user = { id: WASH, email: 'wash@serenity.io', user_id: '25', last_request_at: 1 };
		expect(get(user)).toBe(true);
		expect(get({ ...user, last_seen_at: 1 })).toBe(false);
		expect(get({ ...user, role: 'user' })).toBe(false);
		expect(get({ ...user, outcome: 'archived' })).toBe(false);
		const getMany = ajv.compile(read11('getMany'));
		const contact = { id: WASH, external_id: '25', last_seen_at: null, role: 'lead' };
		expect(getMany(contact)).toBe(true);
		expect(getMany({ ...contact, role: 'admin' })).toBe(false);
		expect(getMany({ ...contact, user_id: '25' })).toBe(false);
	});

	it.each([...USER_OPERATIONS])(
		'%s: the preview lists nothing a simplified default-API item never has',
		(operation) => {
			const schema = read11(operation);
			expect(
				Object.keys(schema.properties).filter((key) => !seen11[operation].top.has(key)),
			).toEqual([]);
			// A read has no `user`: its items are the users.
			const user = (schema.properties.user as { properties?: Record<string, unknown> } | undefined)
				?.properties;
			expect(Object.keys(user ?? {}).filter((key) => !seen11[operation].user.has(key))).toEqual([]);
		},
	);
});
