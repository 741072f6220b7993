/**
 * The output schemas the editor shows before a node has run: one JSON Schema per
 * operation in `nodes/IntercomUsers/__schema__/v1.0.0/user/<operation>.json`, copied
 * into dist/ by the build. n8n serves it at
 * `/schemas/n8n-nodes-intercom-users.intercomUsers/1.0.0/user/<operation>.json`,
 * resolving the file next to the node's compiled file (n8n-core's
 * `resolveOutputSchemaPath`). Real outputs from the simulator, for both APIs, every
 * selector and the Ignore Not Found markers, must validate against it, and each of
 * their fields must be listed in its top-level `properties` (what the preview shows).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import Ajv from 'ajv';
import { resolveOutputSchemaPath } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import { USER_OPERATIONS } from '../nodes/IntercomUsers/shared/types';
import type { UserOperation } from '../nodes/IntercomUsers/shared/types';
import { runArchive, useSimulator } from './helpers';
import { WASH } from './seed';

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
	JSON.parse(fs.readFileSync(schemaFile(DIST_DIR, operation), 'utf8')) as JsonSchema;

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });

const SELECTORS: Array<[string, IDataObject]> = [
	['Intercom ID', { archiveBy: 'id', intercomId: WASH }],
	['email', { archiveBy: 'email', email: 'wash@serenity.io' }],
	['user_id', { archiveBy: 'userId', userId: '25' }],
];
const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const IGNORE_NOT_FOUND = { options: { ignoreNotFound: true } };

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
			for (const marker of [
				'notFound',
				'probablyDone',
				'outcome',
				'operation',
				'selector',
				'value',
				'message',
				'description',
			]) {
				expect(schema.properties).toHaveProperty(marker);
			}
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
	) {
		const { items, error } = await runArchive(env.baseUrl, { operation, ...parameters });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const json = items[0].json;
		if (expectKey) expect(json).toHaveProperty(expectKey);
		const schema = readSchema(operation);
		const validate = ajv.compile(schema);
		expect({ valid: validate(json), errors: validate.errors ?? null }).toEqual({
			valid: true,
			errors: null,
		});
		expect(Object.keys(json).filter((key) => !(key in schema.properties))).toEqual([]);
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

	it('unarchive with its defaults (Contacts API, by Intercom ID): the contact, archived: false', async () => {
		await runArchive(env.baseUrl, { ...CONTACTS, archiveBy: 'id', intercomId: WASH });
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

	it('an output that matches no shape fails', () => {
		const validate = ajv.compile(readSchema('archive'));
		expect(validate({ type: 'contact', id: WASH, archived: false })).toBe(false);
		expect(validate({ notFound: true })).toBe(false);
	});
});
