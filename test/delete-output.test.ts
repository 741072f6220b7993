/**
 * n8n's UX guidelines: a deletion returns an item that carries `deleted: true`, so the next
 * node sees that it worked. Checked for Permanently Delete on both APIs, by every selector and
 * for a user archived earlier, with node version 1 (Intercom's whole answer), version 1.1 with
 * Simplify off, and version 1.1 with Simplify on; run through n8n's engine against the simulator.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { loadSeedUsers } from '../tools/intercom-simulator/simulator';
import { runNode, useSimulator } from './helpers';
import { SOLO, WASH } from './seed';

const CONFIRMED = { operation: 'permanentlyDelete', confirmPermanentDelete: true };
const APIS: Array<[string, IDataObject]> = [
	['Users API (1.4)', { api: 'users' }],
	['Contacts API (2.x)', { api: 'contacts', contactsApiVersion: '2.14' }],
];
const SELECTORS: Array<[string, IDataObject]> = [
	['Intercom ID', { archiveBy: 'id', intercomId: SOLO }],
	['email', { archiveBy: 'email', email: 'solo@example.com' }],
	['user_id', { archiveBy: 'userId', userId: '31' }],
];
const SHAPES: Array<[string, Partial<INode>, IDataObject]> = [
	['node version 1 (whole answer)', { typeVersion: 1 }, {}],
	['node version 1.1, Simplify off', { typeVersion: 1.1 }, { simplify: false }],
	['node version 1.1, Simplify on', { typeVersion: 1.1 }, { simplify: true }],
];

const CASES = APIS.flatMap(([api, apiParams]) =>
	SELECTORS.flatMap(([by, byParams]) =>
		SHAPES.map(
			([shape, nodeSettings, shapeParams]) =>
				[
					`${api}, by ${by}, ${shape}`,
					{ ...apiParams, ...byParams, ...shapeParams },
					nodeSettings,
				] as const,
		),
	),
);

describe('Permanently Delete: every output item carries deleted: true', () => {
	const env = useSimulator();

	it.each(CASES)('%s', async (_name, params, nodeSettings) => {
		const { items, error } = await runNode(
			env.baseUrl,
			{ ...CONFIRMED, ...params },
			{ nodeSettings },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json.deleted).toBe(true);
		expect(env.sim.deletedIds()).toEqual([SOLO]);
	});

	it('Users API, node version 1: the delete request keeps its fields, deleted: true among them', async () => {
		const { items } = await runNode(env.baseUrl, {
			...CONFIRMED,
			api: 'users',
			archiveBy: 'id',
			intercomId: SOLO,
		});
		expect(Object.keys(items[0].json)).toEqual([
			'type',
			'id',
			'intercom_user_id',
			'deleted',
			'user',
		]);
		expect(items[0].json).toMatchObject({
			type: 'user_delete_request',
			intercom_user_id: SOLO,
			deleted: true,
			user: { id: SOLO, email: 'solo@example.com' },
		});
	});
});

describe('Permanently Delete of a user archived earlier (Users API): deleted: true, and user is the contact read', () => {
	const env = useSimulator({
		users: loadSeedUsers().map((user) => (user.id === WASH ? { ...user, archived: true } : user)),
	});

	it.each(SHAPES)('%s', async (_shape, nodeSettings, shapeParams) => {
		const { items, error } = await runNode(
			env.baseUrl,
			{ ...CONFIRMED, api: 'users', archiveBy: 'id', intercomId: WASH, ...shapeParams },
			{ nodeSettings },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.deleted).toBe(true);
		if (shapeParams.simplify !== true) {
			// Intercom shows no archived user: the node read it through the Contacts API.
			expect(items[0].json.user).toMatchObject({ type: 'contact', id: WASH, external_id: '25' });
		}
		expect(env.sim.deletedIds()).toEqual([WASH]);
	});
});
