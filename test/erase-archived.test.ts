/**
 * Erase after archive (GDPR): an offboarding flow archives a user first and deletes it
 * permanently later, by the Intercom ID the archive returned. Intercom shows no archived
 * contact (`GET /users/{id}` and `GET /contacts/{id}` answer 404 for archived users and
 * leads alike), so the node restores the record for a moment to tell a user, which it
 * deletes, from a lead, which it archives again and refuses. Run through n8n's engine
 * against the simulator over HTTP; the simulator's records prove the end state.
 */
import type { IDataObject } from 'n8n-workflow';

import type { IntercomSimulator } from '../tools/intercom-simulator/simulator';
import { loadSeedUsers } from '../tools/intercom-simulator/simulator';
import { checkSimulatorContacts } from './contract/openapi';
import { details, runNode, useSimulator } from './helpers';
import { LEAD, SOLO, WASH } from './seed';

const CONTACTS = { api: 'contacts', contactsApiVersion: '2.14' };
const USERS = { api: 'users' };
const DELETE_BY_ID = {
	operation: 'permanentlyDelete',
	confirmPermanentDelete: true,
	archiveBy: 'id',
};
const DRY = { options: { dryRun: true } };

/** The seed with WASH (a user) and LEAD (a lead) archived earlier. */
const ARCHIVED = loadSeedUsers().map((user) =>
	user.id === LEAD || user.id === WASH ? { ...user, archived: true } : user,
);

function wire(request: { method: string; path: string; body: string }) {
	return `${request.method} ${request.path}${request.body ? ` ${request.body}` : ''}`;
}

/** Every record's state (archived, deleted, role), to prove that a run changed nothing. */
const records = (sim: IntercomSimulator) =>
	[WASH, LEAD, SOLO].map((id) => {
		const user = sim.getUser(id);
		return { id, archived: user?.archived, deleted: user?.deleted, role: user?.role };
	});

const LEAD_REFUSED =
	'The node acts on users only, so the lead was not deleted: leads are never changed. Intercom shows no archived contact, so to tell an archived user from an archived lead the node had restored it for a moment; it saw a lead and archived it again at once, so it is archived as before. Nothing was deleted.';

describe('C42: Contacts API, Permanently Delete by the Intercom ID of a contact archived earlier', () => {
	const env = useSimulator({ users: ARCHIVED });
	afterEach(() => {
		const { violations } = checkSimulatorContacts(env.sim);
		expect(violations).toEqual([]);
	});

	it('C42: an archived user is deleted: DELETE /contacts/{id}, deleted: true', async () => {
		const { items, error } = await runNode(env.baseUrl, {
			...CONTACTS,
			...DELETE_BY_ID,
			intercomId: WASH,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([
			`GET /contacts/${WASH}`,
			`POST /contacts/${WASH}/unarchive`,
			`GET /contacts/${WASH}`,
			`DELETE /contacts/${WASH}`,
		]);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			type: 'contact',
			id: WASH,
			role: 'user',
			email: 'wash@serenity.io',
			deleted: true,
		});
		expect(env.sim.deletedIds()).toEqual([WASH]);
		expect(env.sim.getUser(LEAD)).toMatchObject({ archived: true, deleted: false });
	});

	it('C42: the flow as people build it: archive by email, then delete by the ID the archive returned', async () => {
		const archived = await runNode(env.baseUrl, {
			...CONTACTS,
			archiveBy: 'email',
			email: 'solo@example.com',
		});
		const id = archived.items[0].json.id as string;
		expect(env.sim.archivedIds()).toContain(id);
		const { items, error } = await runNode(env.baseUrl, {
			...CONTACTS,
			...DELETE_BY_ID,
			intercomId: id,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ id: SOLO, deleted: true });
		expect(env.sim.deletedIds()).toEqual([SOLO]);
	});

	it('C42: an archived lead is not deleted: restored to be read, archived again, and the item says so', async () => {
		const { items, error } = await runNode(env.baseUrl, {
			...CONTACTS,
			...DELETE_BY_ID,
			intercomId: LEAD,
			options: { ignoreNotFound: true },
		});
		expect(items).toEqual([]);
		expect(error?.message).toBe(`Intercom ID "${LEAD}" is a lead, not a user`);
		expect(details(error).description).toBe(LEAD_REFUSED);
		expect(details(error).context.intercom?.outcome).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([
			`GET /contacts/${LEAD}`,
			`POST /contacts/${LEAD}/unarchive`,
			`GET /contacts/${LEAD}`,
			`POST /contacts/${LEAD}/archive`,
		]);
		expect(env.sim.deletedIds()).toEqual([]);
		expect(env.sim.getUser(LEAD)).toMatchObject({ role: 'lead', archived: true, deleted: false });
	});

	it('C42: under Continue, the lead item says what happened and is paired with its input', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			{ ...CONTACTS, ...DELETE_BY_ID, intercomId: '={{ $json.id }}' },
			{ items: [{ id: LEAD }, { id: WASH }], nodeSettings: { onError: 'continueRegularOutput' } },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json).toEqual({
			error: `Intercom ID "${LEAD}" is a lead, not a user`,
			value: LEAD,
			selector: 'id',
			operation: 'permanentlyDelete',
			outcome: 'failed',
			description: LEAD_REFUSED,
		});
		expect(items[1].json).toMatchObject({ id: WASH, deleted: true });
		expect(env.sim.deletedIds()).toEqual([WASH]);
		expect(env.sim.getUser(LEAD)).toMatchObject({ archived: true, deleted: false });
	});

	it('C42: when archiving the lead again fails, the item says plainly that it is now unarchived', async () => {
		env.sim.injectFault({
			status: 500,
			match: { method: 'POST', path: `/contacts/${LEAD}/archive` },
			times: Infinity,
		});
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			...DELETE_BY_ID,
			intercomId: LEAD,
		});
		expect(error?.message).toBe(
			`Intercom ID "${LEAD}" is a lead, not a user, and is now unarchived`,
		);
		expect(details(error).description).toContain('the lead is now unarchived');
		expect(env.sim.deletedIds()).toEqual([]);
		expect(env.sim.getUser(LEAD)).toMatchObject({ archived: false, deleted: false });
	});

	it('C42: when the deletion of a restored user fails, the user is archived again and the error says so', async () => {
		env.sim.injectFault({
			status: 403,
			body: JSON.stringify({
				type: 'error.list',
				request_id: 'req-403',
				errors: [{ code: 'action_forbidden', message: 'Action forbidden' }],
			}),
			match: { method: 'DELETE', path: `/contacts/${WASH}` },
		});
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			...DELETE_BY_ID,
			intercomId: WASH,
		});
		expect(error?.message).toBe('Intercom: Action forbidden (action_forbidden)');
		expect(details(error).description).toContain(
			'the node had restored it for a moment; it archived it again after this, so it is archived.',
		);
		expect(env.sim.requests.map(wire).slice(-2)).toEqual([
			`DELETE /contacts/${WASH}`,
			`POST /contacts/${WASH}/archive`,
		]);
		expect(env.sim.getUser(WASH)).toMatchObject({ archived: true, deleted: false });
	});

	it('C42: when the read-back of a restored contact fails, it is archived again: nothing deleted, not unknown', async () => {
		// Requests 3 and 4: the read-back after the unarchive, and its one retry.
		for (const requestNumber of [3, 4])
			env.sim.injectFault({ status: 503, match: { requestNumber } });
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			...DELETE_BY_ID,
			intercomId: WASH,
		});
		expect(error?.message).toBe('Intercom answered HTTP 503');
		expect(details(error).description).toContain(
			'the node had restored it for a moment; it archived it again after this, so it is archived. Nothing was deleted.',
		);
		expect(details(error).context.intercom?.outcome).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([
			`GET /contacts/${WASH}`,
			`POST /contacts/${WASH}/unarchive`,
			`GET /contacts/${WASH}`,
			`GET /contacts/${WASH}`,
			`POST /contacts/${WASH}/archive`,
		]);
		expect(env.sim.getUser(WASH)).toMatchObject({ archived: true, deleted: false });
	});

	it('C42: an unknown ID: GET 404, the restore 404: Contact Not Found, nothing sent to delete', async () => {
		const { error } = await runNode(env.baseUrl, {
			...CONTACTS,
			...DELETE_BY_ID,
			intercomId: 'nope123',
		});
		expect(error?.message).toBe('Intercom: Contact Not Found (not_found)');
		expect(details(error).context.intercom?.outcome).toBe('notFound');
		expect(env.sim.requests.map(wire)).toEqual([
			'GET /contacts/nope123',
			'POST /contacts/nope123/unarchive',
		]);
	});

	it.each([
		['the archived user', WASH],
		['the archived lead', LEAD],
	])(
		"C42: Dry Run of %s: the real run's read, wouldChangeIfArchived saying what the real run does to a user and to a lead",
		async (_who, id) => {
			const before = records(env.sim);
			const { items, error } = await runNode(env.baseUrl, {
				...CONTACTS,
				...DELETE_BY_ID,
				intercomId: id,
				...DRY,
			});
			expect(error).toBeUndefined();
			expect(env.sim.requests.map(wire)).toEqual([`GET /contacts/${id}`]);
			expect(items[0].json).toMatchObject({
				dryRun: true,
				outcome: 'wouldChangeIfArchived',
				operation: 'permanentlyDelete',
				value: id,
				confirmationNeeded: false,
			});
			const description = items[0].json.description as string;
			expect(description).toContain(
				'If it is an archived user, the real run restores it for a moment (POST /contacts/{id}/unarchive), reads it and deletes it.',
			);
			expect(description).toContain(
				'If it is an archived lead, the real run sees that, archives it again at once and fails: leads are never deleted.',
			);
			expect(items[0].json).not.toHaveProperty('user');
			expect(records(env.sim)).toEqual(before);
		},
	);
});

describe('C42: Users API, Permanently Delete by the Intercom ID of a contact archived earlier', () => {
	const env = useSimulator({ users: ARCHIVED });

	it('C42: an archived user is deleted: restored and read with the Contacts API, then the delete request', async () => {
		const { items, error } = await runNode(env.baseUrl, {
			...USERS,
			...DELETE_BY_ID,
			intercomId: WASH,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([
			`GET /users/${WASH}`,
			`GET /contacts/${WASH}`,
			`POST /contacts/${WASH}/unarchive`,
			`GET /contacts/${WASH}`,
			`POST /user_delete_requests {"intercom_user_id":"${WASH}"}`,
		]);
		expect(items[0].json).toMatchObject({
			type: 'user_delete_request',
			intercom_user_id: WASH,
			user: { id: WASH, role: 'user' },
		});
		expect(typeof items[0].json.id).toBe('number');
		expect(env.sim.deletedIds()).toEqual([WASH]);
	});

	it('C42: an archived lead, which both reads answer 404 for, is never deleted (it was before)', async () => {
		const { items, error } = await runNode(env.baseUrl, {
			...USERS,
			...DELETE_BY_ID,
			intercomId: LEAD,
		});
		expect(items).toEqual([]);
		expect(error?.message).toBe(`Intercom ID "${LEAD}" is a lead, not a user`);
		expect(details(error).description).toBe(LEAD_REFUSED);
		expect(env.sim.requests.map(wire)).toEqual([
			`GET /users/${LEAD}`,
			`GET /contacts/${LEAD}`,
			`POST /contacts/${LEAD}/unarchive`,
			`GET /contacts/${LEAD}`,
			`POST /contacts/${LEAD}/archive`,
		]);
		expect(env.sim.requests.some((r) => r.path === '/user_delete_requests')).toBe(false);
		expect(env.sim.getUser(LEAD)).toMatchObject({ role: 'lead', archived: true, deleted: false });
	});

	it.each([
		['the archived user', WASH],
		['the archived lead', LEAD],
	])('C42: Dry Run of %s: both reads, wouldChangeIfArchived, nothing changed', async (_who, id) => {
		const before = records(env.sim);
		const { items, error } = await runNode(env.baseUrl, {
			...USERS,
			...DELETE_BY_ID,
			intercomId: id,
			...DRY,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests.map(wire)).toEqual([`GET /users/${id}`, `GET /contacts/${id}`]);
		const json = items[0].json as IDataObject;
		expect(json.outcome).toBe('wouldChangeIfArchived');
		expect(json.description).toContain(
			'If it is an archived lead, the real run sees that, archives it again at once and fails: leads are never deleted.',
		);
		expect(records(env.sim)).toEqual(before);
	});
});
