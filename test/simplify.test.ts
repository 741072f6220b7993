/**
 * Simplify (n8n's UX guidelines for nodes): from node version 1.1 every operation returns, by
 * default, the fields people map and the outcome in words and fields; off (and on every node
 * saved at version 1) it returns Intercom's whole answer as before. The tool variant offers
 * the guidelines' Output choice instead: Simplified, Raw, Selected Fields.
 */
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INode,
	INodeProperties,
	INodeType,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { runItem } from '../nodes/IntercomUsers/actions/runner';
import { IntercomUsers } from '../nodes/IntercomUsers/IntercomUsers.node';
import {
	DEFAULT_TOKEN,
	IntercomSimulator,
	loadSeedUsers,
} from '../tools/intercom-simulator/simulator';
import { runWorkflow } from '../tools/n8n-harness/engine';
import { loadPackage } from '../tools/n8n-harness/nodeTypes';
import { NODE_NAME, nodeWorkflow, runNode, useSimulator } from './helpers';
import { bulkUsers, LEAD, MAL, SOLO, WASH } from './seed';

const NODE_TYPE = 'n8n-nodes-intercom-users.intercomUsers';
const V1_1: Partial<INode> = { typeVersion: 1.1 };
const TOOL: Partial<INode> = { typeVersion: 1.1, type: `${NODE_TYPE}Tool` };
const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const WASH_EMAIL = { archiveBy: 'email', email: 'wash@serenity.io' };
const CONFIRMED = { operation: 'permanentlyDelete', confirmPermanentDelete: true };

const description = new IntercomUsers().description;
const property = (name: string): INodeProperties => {
	const found = description.properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
};

/** A success of each operation on each API: its parameters, what to do first, and its simplified json. */
const SUCCESSES: Array<[string, IDataObject, IDataObject | undefined, IDataObject]> = [
	[
		'archive, Users API',
		WASH_EMAIL,
		undefined,
		{
			id: WASH,
			email: 'wash@serenity.io',
			user_id: '25',
			name: 'Hoban Washburne',
			archived: true,
			outcome: 'archived',
			message: 'Archived user wash@serenity.io',
		},
	],
	[
		'archive, Contacts API',
		{ ...CONTACTS, ...WASH_EMAIL },
		undefined,
		{
			id: WASH,
			email: 'wash@serenity.io',
			external_id: '25',
			name: 'Hoban Washburne',
			archived: true,
			outcome: 'archived',
			message: 'Archived user wash@serenity.io',
		},
	],
	[
		'unarchive, Contacts API',
		{ operation: 'unarchive', archiveBy: 'id', intercomId: WASH },
		{ archiveBy: 'id', intercomId: WASH },
		{
			id: WASH,
			email: 'wash@serenity.io',
			external_id: '25',
			name: 'Hoban Washburne',
			archived: false,
			outcome: 'unarchived',
			message: 'Unarchived user wash@serenity.io',
		},
	],
	[
		'unarchive of an active user, Contacts API',
		{ operation: 'unarchive', archiveBy: 'id', intercomId: WASH },
		undefined,
		{
			id: WASH,
			email: 'wash@serenity.io',
			external_id: '25',
			name: 'Hoban Washburne',
			archived: false,
			outcome: 'notArchived',
			message: 'User wash@serenity.io is active: no change',
		},
	],
	[
		'permanently delete, Users API',
		{ ...CONFIRMED, ...WASH_EMAIL },
		undefined,
		{
			id: WASH,
			email: 'wash@serenity.io',
			user_id: '25',
			name: 'Hoban Washburne',
			deleted: true,
			outcome: 'deleted',
			requestId: expect.any(Number),
			message: 'Deleted user wash@serenity.io',
		},
	],
	[
		'permanently delete, Contacts API',
		{ ...CONFIRMED, ...CONTACTS, ...WASH_EMAIL },
		undefined,
		{
			id: WASH,
			email: 'wash@serenity.io',
			external_id: '25',
			name: 'Hoban Washburne',
			deleted: true,
			outcome: 'deleted',
			message: 'Deleted user wash@serenity.io',
		},
	],
];

/** Runs `parameters` at node version 1 against a simulator of its own (a fresh copy of the seed). */
async function runAtVersion1(
	parameters: IDataObject,
	before: IDataObject | undefined,
): Promise<IDataObject> {
	const sim = new IntercomSimulator();
	const baseUrl = await sim.start();
	try {
		if (before) await runNode(baseUrl, before);
		const { items, error } = await runNode(baseUrl, parameters);
		expect(error).toBeUndefined();
		return items[0].json;
	} finally {
		await sim.stop();
	}
}

describe('the Simplify toggle and the Output choice in the editor', () => {
	const shown = (name: string, values: IDataObject, typeVersion: number, tool = false) =>
		NodeHelpers.displayParameter(
			{ resource: 'user', ...values },
			property(name),
			{ typeVersion } as INode,
			{ ...description, name: tool ? 'intercomUsersTool' : 'intercomUsers' },
		);

	it('new nodes are version 1.1; saved version 1 nodes stay loadable', () => {
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
	});

	it("Simplify has n8n's name, wording and default", () => {
		expect(property('simplify')).toMatchObject({
			displayName: 'Simplify',
			type: 'boolean',
			default: true,
			description: expect.stringMatching(
				/^Whether to return a simplified version of the response instead of the raw data/,
			),
		});
	});

	it.each(['archive', 'unarchive', 'permanentlyDelete'])(
		'%s: Simplify on version 1.1 only, and not in the tool; Output only in the tool at 1.1',
		(operation) => {
			expect(shown('simplify', { operation }, 1.1)).toBe(true);
			expect(shown('simplify', { operation }, 1)).toBe(false);
			expect(shown('simplify', { operation }, 1.1, true)).toBe(false);
			expect(shown('output', { operation }, 1.1, true)).toBe(true);
			expect(shown('output', { operation }, 1.1)).toBe(false);
			expect(shown('output', { operation }, 1, true)).toBe(false);
			expect(shown('fieldsToInclude', { operation, output: 'selected' }, 1.1, true)).toBe(true);
			expect(shown('fieldsToInclude', { operation, output: 'raw' }, 1.1, true)).toBe(false);
		},
	);

	it('the Output choice: Simplified by default, Raw, Selected Fields', () => {
		const output = property('output');
		expect(output.default).toBe('simplified');
		expect(output.options?.map((option) => (option as { value: string }).value)).toEqual([
			'simplified',
			'raw',
			'selected',
		]);
	});
});

describe('Simplify on every operation and both APIs', () => {
	const env = useSimulator();

	it.each(SUCCESSES)(
		'%s: on by default at 1.1: the mapped fields, what was done and the outcome, in at most 200 characters',
		async (_what, parameters, before, expected) => {
			if (before) await runNode(env.baseUrl, before);
			const { items, error } = await runNode(env.baseUrl, parameters, { nodeSettings: V1_1 });
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual(expected);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			const text = JSON.stringify(items[0].json);
			expect(text.length).toBeLessThanOrEqual(200);
			expect(text).toContain(`"outcome":"${String(expected.outcome)}"`);
		},
	);

	it.each(SUCCESSES)(
		'%s: the tool variant returns the same simplified item by default, at most 200 characters',
		async (_what, parameters, before, expected) => {
			if (before) await runNode(env.baseUrl, before);
			const { items, error } = await runNode(env.baseUrl, parameters, { nodeSettings: TOOL });
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual(expected);
			expect(JSON.stringify(items[0].json).length).toBeLessThanOrEqual(200);
		},
	);

	it.each(SUCCESSES)(
		"%s: Simplify off gives Intercom's whole answer, as version 1 does",
		async (_what, parameters, before) => {
			if (before) await runNode(env.baseUrl, before);
			const { items, error } = await runNode(
				env.baseUrl,
				{ ...parameters, simplify: false },
				{ nodeSettings: V1_1 },
			);
			expect(error).toBeUndefined();
			const raw = items[0].json;
			expect(raw.type).toEqual(expect.stringMatching(/^(user|contact|user_delete_request)$/));
			expect(raw).not.toHaveProperty('message');
			const atVersion1 = await runAtVersion1(parameters, before);
			expect(Object.keys(raw)).toEqual(Object.keys(atVersion1));
			expect(raw.id).toEqual(atVersion1.id);
		},
	);

	it('version 1 (saved workflows): Intercom’s whole User object, even with a simplify value left in its parameters', async () => {
		const { items } = await runNode(env.baseUrl, { ...WASH_EMAIL, simplify: true });
		expect(items[0].json).toMatchObject({
			type: 'user',
			id: WASH,
			user_id: '25',
			custom_attributes: { plan: 'pilot', ship: 'Serenity' },
		});
		expect(items[0].json).not.toHaveProperty('outcome');
		expect(JSON.stringify(items[0].json).length).toBeGreaterThan(500);
	});

	it('version 1 tool variant: raw too, whatever an Output value says', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ ...WASH_EMAIL, output: 'simplified' },
			{ nodeSettings: { type: `${NODE_TYPE}Tool` } },
		);
		expect(items[0].json).toMatchObject({ type: 'user', id: WASH });
	});
});

/** Wash as a read simplifies him on each API: the mapped fields, then his dates as Intercom sends them. */
const WASH_READ: Record<'users' | 'contacts', IDataObject> = {
	users: {
		id: WASH,
		email: 'wash@serenity.io',
		user_id: '25',
		name: 'Hoban Washburne',
		created_at: 1460985141,
		signed_up_at: 1460985141,
		last_request_at: 1460988741,
	},
	contacts: {
		id: WASH,
		email: 'wash@serenity.io',
		external_id: '25',
		name: 'Hoban Washburne',
		created_at: 1460985141,
		signed_up_at: 1460985141,
		last_seen_at: 1460988741,
	},
};
const GET_MANY = { operation: 'getMany', ...CONTACTS };

describe('Simplify on the reads (Get, Get Many): the mapped fields and the dates', () => {
	const env = useSimulator();

	it.each([
		['Users API', { operation: 'get', ...WASH_EMAIL }, WASH_READ.users],
		['Contacts API', { operation: 'get', ...CONTACTS, ...WASH_EMAIL }, WASH_READ.contacts],
	])(
		'Get (%s): the user, its created, signed-up and last-seen dates, no outcome, at most 250 characters',
		async (_api, parameters, expected) => {
			const { items, error } = await runNode(env.baseUrl, parameters, { nodeSettings: V1_1 });
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json)).toEqual([expected]);
			expect(JSON.stringify(items[0].json).length).toBeLessThanOrEqual(250);
			const tool = await runNode(env.baseUrl, parameters, { nodeSettings: TOOL });
			expect(tool.items[0].json).toEqual(expected);
		},
	);

	it('Get Many: each user with its dates and no role (every item is a user), at most 250 characters each', async () => {
		const { items, error } = await runNode(env.baseUrl, GET_MANY, { nodeSettings: V1_1 });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(8);
		expect(items[0].json).toEqual(WASH_READ.contacts);
		for (const { json } of items) {
			expect(Object.keys(json)).toEqual(Object.keys(WASH_READ.contacts));
			expect(json.last_seen_at).toEqual(expect.any(Number));
			expect(JSON.stringify(json).length).toBeLessThanOrEqual(250);
		}
	});

	it('Get Many with Include Leads: every item also says its role, so the lead stands out', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ ...GET_MANY, options: { includeLeads: true } },
			{ nodeSettings: V1_1 },
		);
		expect(items).toHaveLength(9);
		expect(items[0].json).toEqual({ ...WASH_READ.contacts, role: 'user' });
		expect(items.filter((item) => item.json.role === 'lead').map((item) => item.json)).toEqual([
			{
				id: LEAD,
				email: 'lead@example.com',
				external_id: null,
				name: 'Website Lead',
				created_at: 1461676341,
				signed_up_at: null,
				last_seen_at: 1461708741,
				role: 'lead',
			},
		]);
		expect(items.every((item) => JSON.stringify(item.json).length <= 250)).toBe(true);
	});

	it.each([
		['Get, Users API', { operation: 'get', ...WASH_EMAIL }],
		['Get, Contacts API', { operation: 'get', ...CONTACTS, ...WASH_EMAIL }],
		['Get Many', { ...GET_MANY, filters: { emailDomain: 'serenity.io' } }],
	])(
		"%s: Simplify off gives Intercom's whole answer, as version 1 does",
		async (_what, parameters) => {
			const { items, error } = await runNode(
				env.baseUrl,
				{ ...parameters, simplify: false },
				{ nodeSettings: V1_1 },
			);
			expect(error).toBeUndefined();
			const { items: atVersion1 } = await runNode(env.baseUrl, parameters);
			expect(items.map((item) => item.json)).toEqual(atVersion1.map((item) => item.json));
			expect(items[0].json).toMatchObject({ id: WASH, custom_attributes: { plan: 'pilot' } });
			expect(items[0].json.type).toEqual(expect.stringMatching(/^(user|contact)$/));
		},
	);

	it("the tool's simplified Get Many: its default 10 users, a list under a fifth of the raw one", async () => {
		const users = bulkUsers(12, 'gm');
		const sim = new IntercomSimulator({ users });
		const baseUrl = await sim.start();
		try {
			const simplified = await runNode(baseUrl, GET_MANY, { nodeSettings: TOOL });
			const raw = await runNode(baseUrl, { ...GET_MANY, output: 'raw' }, { nodeSettings: TOOL });
			expect(simplified.items).toHaveLength(10);
			expect(raw.items.map((item) => item.json.id)).toEqual(
				simplified.items.map((item) => item.json.id),
			);
			const size = JSON.stringify(simplified.items.map((item) => item.json)).length;
			const rawSize = JSON.stringify(raw.items.map((item) => item.json)).length;
			expect(size).toBeLessThanOrEqual(10 * 250);
			expect(size * 5).toBeLessThan(rawSize);
			expect(simplified.items[0].json).toEqual({
				...WASH_READ.contacts,
				id: users[0].id,
				email: users[0].email,
				external_id: users[0].user_id,
			});
		} finally {
			await sim.stop();
		}
	});
});

describe('a Users API item read through the Contacts API still says user_id', () => {
	// WASH was archived earlier: the Users API hides it, so the node restores it and reads the contact.
	const env = useSimulator({
		users: loadSeedUsers().map((user) => (user.id === WASH ? { ...user, archived: true } : user)),
	});
	const ERASE = { ...CONFIRMED, api: 'users', archiveBy: 'id', intercomId: WASH };
	const DELETED = {
		id: WASH,
		email: 'wash@serenity.io',
		user_id: '25',
		name: 'Hoban Washburne',
		deleted: true,
		outcome: 'deleted',
		requestId: expect.any(Number),
		message: 'Deleted user wash@serenity.io',
	};

	it.each([
		['node', V1_1],
		['tool', TOOL],
	])(
		'Permanently Delete by Intercom ID of an archived user (%s): user_id, not external_id',
		async (_variant, settings) => {
			const { items, error } = await runNode(env.baseUrl, ERASE, { nodeSettings: settings });
			expect(error).toBeUndefined();
			expect(env.sim.requests.map((r) => `${r.method} ${r.path}`)).toContain(
				`POST /contacts/${WASH}/unarchive`,
			);
			expect(items[0].json).toEqual(DELETED);
			expect(env.sim.deletedIds()).toEqual([WASH]);
		},
	);

	it('Simplify off keeps the contact Intercom answered, with its external_id', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			{ ...ERASE, simplify: false },
			{ nodeSettings: V1_1 },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.user).toMatchObject({ type: 'contact', id: WASH, external_id: '25' });
		expect(items[0].json.user).not.toHaveProperty('user_id');
	});

	it('the Contacts API keeps external_id for the same deletion', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			{ ...ERASE, ...CONTACTS },
			{ nodeSettings: V1_1 },
		);
		expect(error).toBeUndefined();
		const { requestId, user_id: userId, ...rest } = DELETED;
		void requestId;
		expect(items[0].json).toEqual({ ...rest, external_id: userId });
	});
});

describe('items that changed nobody follow the same rule', () => {
	const env = useSimulator();

	it('Dry Run, simplified: the report fields as before, its user cut down to the mapped fields', async () => {
		const parameters = { ...WASH_EMAIL, options: { dryRun: true } };
		const { items } = await runNode(env.baseUrl, parameters, { nodeSettings: V1_1 });
		expect(items[0].json).toEqual({
			dryRun: true,
			outcome: 'wouldChange',
			operation: 'archive',
			selector: 'email',
			value: 'wash@serenity.io',
			message: 'Dry run: Archive would archive this user',
			description: expect.stringContaining('The real run would archive it.'),
			user: { id: WASH, email: 'wash@serenity.io', user_id: '25', name: 'Hoban Washburne' },
		});
		const off = await runNode(
			env.baseUrl,
			{ ...parameters, simplify: false },
			{ nodeSettings: V1_1 },
		);
		expect(off.items[0].json.user).toMatchObject({ type: 'user', custom_attributes: {} });
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('Dry Run of Permanently Delete keeps confirmationNeeded', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ operation: 'permanentlyDelete', ...CONTACTS, ...WASH_EMAIL, options: { dryRun: true } },
			{ nodeSettings: V1_1 },
		);
		expect(items[0].json).toMatchObject({
			dryRun: true,
			outcome: 'wouldChange',
			confirmationNeeded: true,
			user: { id: WASH, email: 'wash@serenity.io', external_id: '25', name: 'Hoban Washburne' },
		});
		expect(Object.keys(items[0].json.user as IDataObject)).toHaveLength(4);
	});

	it.each([
		['simplified', V1_1],
		['raw', { ...V1_1 }],
	])('the Ignore Not Found marker is the same, %s', async (shape, settings) => {
		const { items } = await runNode(
			env.baseUrl,
			{
				archiveBy: 'email',
				email: 'nobody@serenity.io',
				options: { ignoreNotFound: true },
				...(shape === 'raw' ? { simplify: false } : {}),
			},
			{ nodeSettings: settings },
		);
		expect(items[0].json).toEqual({
			notFound: true,
			outcome: 'notFound',
			operation: 'archive',
			selector: 'email',
			value: 'nobody@serenity.io',
			message: 'Intercom: User Not Found (not_found)',
			description: expect.stringContaining('or that user is already archived'),
		});
	});

	it('a duplicate row keeps duplicateOf; the first row is simplified', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{ items: [{ email: 'mal@serenity.io' }, { email: 'mal@serenity.io' }], nodeSettings: V1_1 },
		);
		expect(items[0].json).toMatchObject({ id: MAL, outcome: 'archived' });
		expect(items[1].json).toEqual({
			duplicate: true,
			outcome: 'duplicate',
			operation: 'archive',
			selector: 'email',
			value: 'mal@serenity.io',
			duplicateOf: 0,
			message: 'Already archived by item 0 of this run',
			description: expect.stringContaining(MAL),
		});
	});

	it('On Error → Continue: the failed item keeps every field that says what happened', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ operation: 'unarchive', api: 'users', archiveBy: 'id', intercomId: SOLO },
			{ nodeSettings: { ...V1_1, onError: 'continueRegularOutput' } },
		);
		expect(items[0].json).toEqual({
			error: 'Unarchive needs the Contacts API (2.x)',
			value: SOLO,
			selector: 'id',
			operation: 'unarchive',
			outcome: 'failed',
			description: expect.stringContaining('No request was sent.'),
		});
		expect(env.sim.requests).toEqual([]);
	});
});

describe('Simplify set by an expression, and bad values', () => {
	const env = useSimulator();

	it('per item: true simplifies, false keeps the raw user', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}', simplify: '={{ $json.simple }}' },
			{
				items: [
					{ email: 'wash@serenity.io', simple: true },
					{ email: 'mal@serenity.io', simple: false },
				],
				nodeSettings: V1_1,
			},
		);
		expect(items[0].json).toMatchObject({ id: WASH, outcome: 'archived' });
		expect(items[1].json).toMatchObject({ type: 'user', id: MAL });
		expect(items[1].json).not.toHaveProperty('outcome');
	});

	it('a value that is not true or false fails the item, naming the field, and sends nothing', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			{ ...WASH_EMAIL, simplify: '={{ "yes" }}' },
			{ nodeSettings: V1_1 },
		);
		expect(items).toEqual([]);
		expect(error?.message).toBe('Simplify must be true or false');
		expect(env.sim.requests).toEqual([]);
	});

	it('a fixed value is read from n8n once per run, not once per item', async () => {
		const reads: string[] = [];
		const loaded = (await loadPackage()).nodes[NODE_TYPE];
		const counting = async function (
			this: IExecutePaginationFunctions,
			requestData: DeclarativeRestApiSettings.ResultOptions,
		) {
			const getNodeParameter = this.getNodeParameter.bind(this);
			const spied = Object.create(this, {
				getNodeParameter: {
					value: (name: string, ...rest: unknown[]) => {
						reads.push(name);
						return (getNodeParameter as (...args: unknown[]) => unknown)(name, ...rest);
					},
				},
			}) as IExecutePaginationFunctions;
			return await runItem.call(spied, requestData);
		};
		const counted: INodeType = {
			description: { ...loaded.description, requestOperations: { pagination: counting } },
		};
		const { run } = await runWorkflow({
			workflow: nodeWorkflow({ archiveBy: 'email', email: '={{ $json.email }}' }, V1_1),
			items: [
				{ email: 'wash@serenity.io' },
				{ email: 'mal@serenity.io' },
				{ email: 'solo@example.com' },
			],
			credentials: {
				intercomAccessTokenApi: {
					accessToken: DEFAULT_TOKEN,
					region: 'custom',
					baseUrl: env.baseUrl,
				},
			},
			extraNodeTypes: { [NODE_TYPE]: counted },
		});
		const output = run.data.resultData.runData[NODE_NAME][0].data?.main[0] ?? [];
		expect(output.map((item) => item.json.outcome)).toEqual(['archived', 'archived', 'archived']);
		expect(reads.filter((name) => name === 'simplify')).toEqual(['simplify']);
	});
});

describe('the tool variant: Output', () => {
	const env = useSimulator();

	it('Simplified Dry Run for the model: the user at the top, no echo of its own arguments, at most 200 characters', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ ...WASH_EMAIL, options: { dryRun: true } },
			{ nodeSettings: TOOL },
		);
		expect(items[0].json).toEqual({
			dryRun: true,
			outcome: 'wouldChange',
			message: 'Dry run: Archive would archive this user',
			id: WASH,
			email: 'wash@serenity.io',
			user_id: '25',
			name: 'Hoban Washburne',
		});
		expect(JSON.stringify(items.map((item) => item.json)).length).toBeLessThanOrEqual(200);
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('Simplified Dry Run for the model keeps the explanation where the outcome needs one', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ ...WASH_EMAIL, operation: 'permanentlyDelete', options: { dryRun: true } },
			{ nodeSettings: TOOL },
		);
		expect(items[0].json).toMatchObject({
			dryRun: true,
			outcome: 'wouldChange',
			confirmationNeeded: true,
			id: WASH,
			description: expect.stringContaining('Confirm'),
		});
		expect(items[0].json).not.toHaveProperty('operation');
	});

	it('Raw: the whole User object', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ ...WASH_EMAIL, output: 'raw' },
			{ nodeSettings: TOOL },
		);
		expect(items[0].json).toMatchObject({ type: 'user', id: WASH, custom_attributes: {} });
		expect(items[0].json).not.toHaveProperty('outcome');
	});

	it('Selected Fields: the ID, the fields listed (a dot reaches into an object) and the outcome', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{
				...WASH_EMAIL,
				output: 'selected',
				fieldsToInclude: 'email, custom_attributes.plan, message',
			},
			{ nodeSettings: TOOL },
		);
		expect(items[0].json).toEqual({
			id: WASH,
			email: 'wash@serenity.io',
			'custom_attributes.plan': 'pilot',
			message: 'Archived user wash@serenity.io',
			outcome: 'archived',
		});
	});

	it('Selected Fields of a Users API deletion: id is the user, not the delete request', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ ...CONFIRMED, ...WASH_EMAIL, output: 'selected', fieldsToInclude: 'user_id,requestId' },
			{ nodeSettings: TOOL },
		);
		expect(items[0].json).toEqual({
			id: WASH,
			user_id: '25',
			requestId: expect.any(Number),
			outcome: 'deleted',
		});
	});

	it('Selected Fields on a marker: the marker, which says what happened', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{
				archiveBy: 'email',
				email: 'nobody@serenity.io',
				options: { ignoreNotFound: true },
				output: 'selected',
				fieldsToInclude: 'email',
			},
			{ nodeSettings: TOOL },
		);
		expect(items[0].json).toMatchObject({ notFound: true, outcome: 'notFound' });
	});

	it('Selected Fields with no field listed fails the item, naming the field, and sends nothing', async () => {
		const { error } = await runNode(
			env.baseUrl,
			{ ...WASH_EMAIL, output: 'selected', fieldsToInclude: ' , ' },
			{ nodeSettings: TOOL },
		);
		// As a tool, the refusal is worded for the model: the field, nothing sent, who can fix it.
		expect(error?.message).toBe(
			"Refused: Fields to Include must list field names. No request was sent; nothing was changed. Only the workflow's builder can change this tool's setup.",
		);
		expect(env.sim.requests).toEqual([]);
	});
});
