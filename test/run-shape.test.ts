/**
 * The run as n8n hands it to the node: Settings → Execute Once (only the first item is
 * handed over), Loop Over Items (several runs of the node in one execution) and a
 * cancelled execution (the node run as n8n's CLI runs it, with the execution's cancel
 * signal).
 */
import type { IDataObject, INode } from 'n8n-workflow';

import type { SimUser } from '../tools/intercom-simulator/simulator';
import {
	DEFAULT_TOKEN,
	IntercomSimulator,
	loadSeedUsers,
} from '../tools/intercom-simulator/simulator';
import type { WorkflowJson } from '../tools/n8n-harness/engine';
import { runWorkflow } from '../tools/n8n-harness/engine';
import { nodeWorkflow, details, NODE_NAME, runNode, TRIGGER_NAME } from './helpers';
import { bulkUsers, MAL, SOLO, WASH } from './seed';

const env: { sim: IntercomSimulator; baseUrl: string } = {} as never;
afterEach(async () => {
	await env.sim?.stop();
});

async function startSimulator(options: ConstructorParameters<typeof IntercomSimulator>[0] = {}) {
	env.sim = new IntercomSimulator(options);
	env.baseUrl = await env.sim.start();
}

const credentials = () => ({
	intercomAccessTokenApi: { accessToken: DEFAULT_TOKEN, region: 'custom', baseUrl: env.baseUrl },
});

/** A user cloned from the first seed user, with this id and email. */
function user(id: string, email: string): SimUser {
	return { ...loadSeedUsers()[0], id, user_id: `uid-${id}`, email };
}

describe('Settings → Execute Once: the node counts only the item n8n hands it (C38)', () => {
	const UNKNOWN = '0000000000000000000000aa';

	it('C38: Unarchive by Intercom ID, 4 items, the first unknown, Execute Once, Stop Workflow: one request, the unknown ID’s error, no word of other items', async () => {
		await startSimulator();
		const { error } = await runNode(
			env.baseUrl,
			{ api: 'contacts', operation: 'unarchive', archiveBy: 'id', intercomId: '={{ $json.id }}' },
			{
				items: [{ id: UNKNOWN }, { id: WASH }, { id: MAL }, { id: SOLO }],
				nodeSettings: { executeOnce: true },
			},
		);
		expect(error?.message).toBe('Intercom: Contact Not Found (not_found)');
		// The one item n8n handed over, sent once: its read, then the unarchive (an archived
		// contact is invisible to the read). Nothing for the three items n8n kept back.
		expect(env.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /contacts/${UNKNOWN}`,
			`POST /contacts/${UNKNOWN}/unarchive`,
		]);
		const description = details(error).description ?? '';
		expect(description).not.toMatch(/other item/i);
		expect(description).not.toMatch(/Before this error/);
	});

	it('C38: with Retry On Fail as well, every try sends the one item once and speaks of no other', async () => {
		await startSimulator();
		const { error } = await runNode(
			env.baseUrl,
			{ api: 'contacts', operation: 'unarchive', archiveBy: 'id', intercomId: '={{ $json.id }}' },
			{
				items: [{ id: UNKNOWN }, { id: WASH }, { id: MAL }, { id: SOLO }],
				nodeSettings: { executeOnce: true, retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
			},
		);
		expect(error?.message).toBe('Intercom: Contact Not Found (not_found)');
		expect(env.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
			Array.from({ length: 3 }, () => [
				`GET /contacts/${UNKNOWN}`,
				`POST /contacts/${UNKNOWN}/unarchive`,
			]).flat(),
		);
		expect(details(error).description ?? '').not.toMatch(/other item/i);
	});
});

/** Manual Trigger → Loop Over Items (batch size `batchSize`) ⇄ Intercom Users (Users API, archive by email). */
function loopWorkflow(batchSize: number, nodeSettings: Partial<INode> = {}): WorkflowJson {
	const base = nodeWorkflow({ archiveBy: 'email', email: '={{ $json.email }}' }, nodeSettings);
	const LOOP = 'Loop Over Items';
	return {
		nodes: [
			...base.nodes,
			{
				id: 'loop',
				name: LOOP,
				type: 'n8n-nodes-base.splitInBatches',
				typeVersion: 3,
				position: [110, 0],
				parameters: { batchSize },
			},
		],
		connections: {
			[TRIGGER_NAME]: { main: [[{ node: LOOP, type: 'main', index: 0 }]] },
			[LOOP]: { main: [[], [{ node: NODE_NAME, type: 'main', index: 0 }]] },
			[NODE_NAME]: { main: [[{ node: LOOP, type: 'main', index: 0 }]] },
		},
	};
}

describe('Loop Over Items: a stopped run says what the whole execution changed (C39)', () => {
	const EMAILS = ['ann', 'ben', 'cy', 'dee', 'eve'].map((name) => `${name}@example.com`);

	it('C39: batch size 3, [ann, ben, cy] then [dee, an unknown email, eve], Stop Workflow: the error names all five archived', async () => {
		await startSimulator({
			users: EMAILS.map((email, index) => user(`loop${String(index).padStart(20, '0')}`, email)),
		});
		const emails = [...EMAILS.slice(0, 4), 'nobody@example.com', EMAILS[4]];
		const result = await runWorkflow({
			workflow: loopWorkflow(3),
			items: emails.map((email) => ({ email }) as IDataObject),
			credentials: credentials(),
		});
		// The node ran twice in the one execution: once per batch.
		expect(result.tasks(NODE_NAME)).toHaveLength(2);
		expect(result.error?.message).toBe('Intercom: User Not Found (not_found)');
		const description = details(result.error).description ?? '';
		const summary =
			/this node had already changed Intercom in it: 5 archived \(([^)]*)\); 3 of these in its 1 earlier run in this execution \(e\.g\. earlier batches of Loop Over Items\), 2 in this run\./.exec(
				description,
			);
		expect(summary).not.toBeNull();
		expect(summary?.[1].split(', ').sort()).toEqual([...EMAILS].sort());
		expect(env.sim.archivedIds()).toHaveLength(5);
	});

	it('C39: a single run (no loop) keeps the run-only wording', async () => {
		await startSimulator({
			users: EMAILS.map((email, index) => user(`loop${String(index).padStart(20, '0')}`, email)),
		});
		const { error } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{ items: [{ email: 'nobody@example.com' }, { email: EMAILS[0] }] },
		);
		expect(details(error).description).toContain(
			`Before this error stopped the run, its other items had already changed Intercom: 1 archived (${EMAILS[0]}).`,
		);
		expect(details(error).description).not.toMatch(/earlier run/);
	});
});

describe('A cancelled execution sends nothing more (C45)', () => {
	/** 30 users archived by Intercom ID, paced at 3 a second by the simulator's enforced limit. */
	const USERS = bulkUsers(30, 'cxl');

	/**
	 * Runs the 30 archives as n8n's CLI runs the node and cancels the execution 2 s in,
	 * at the next half second: the simulator's windows open on whole seconds, so no
	 * request is on its way then. Resolves with how many requests the simulator had
	 * received when the cancel came, and the run.
	 */
	async function cancelledRun(nodeSettings: Partial<INode> = {}) {
		await startSimulator({
			users: USERS,
			rateLimit: { limit: 3, windowMs: 1000, enforce: true, phaseMs: 0 },
		});
		const cancel: { atRequests?: number } = {};
		const startedAt = Date.now();
		const result = await runWorkflow({
			workflow: nodeWorkflow({ archiveBy: 'id', intercomId: '={{ $json.id }}' }, nodeSettings),
			items: USERS.map(({ id }) => ({ id })),
			credentials: credentials(),
			onStarted: ({ cancel: stop }) => {
				const twoSeconds = startedAt + 2000;
				const delay = twoSeconds - Date.now() + ((1500 - (twoSeconds % 1000)) % 1000);
				setTimeout(() => {
					cancel.atRequests = env.sim.requests.length;
					stop();
				}, delay);
			},
		});
		// Past the next window: a request still paced would have gone by now.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		return { result, atRequests: cancel.atRequests };
	}

	it('C45: 30 archives at 3 a second, cancelled after 2 s: no request reaches the simulator after the cancel', async () => {
		const { result, atRequests } = await cancelledRun();
		expect(result.run.status).toBe('canceled');
		expect(atRequests).toBeGreaterThanOrEqual(3);
		expect(atRequests).toBeLessThan(USERS.length);
		expect(env.sim.requests).toHaveLength(atRequests as number);
		expect(env.sim.requests.every((r) => r.method === 'DELETE')).toBe(true);
		expect(env.sim.archivedIds()).toHaveLength(atRequests as number);
	});

	it('C45: under Continue, each item not sent says it was cancelled and changed nothing', async () => {
		const { result, atRequests } = await cancelledRun({ onError: 'continueRegularOutput' });
		const sent = atRequests as number;
		expect(env.sim.requests).toHaveLength(sent);
		// The node returns once every item has settled; n8n keeps its output in the run data.
		const items = result.output(NODE_NAME);
		expect(items).toHaveLength(USERS.length);
		const archived = items.filter((item) => item.json.type === 'user');
		const cancelled = items.filter((item) => item.json.outcome === 'cancelled');
		expect(archived).toHaveLength(sent);
		expect(cancelled).toHaveLength(USERS.length - sent);
		expect(cancelled[0].json).toMatchObject({
			error: 'The execution was cancelled: this request was not sent',
			operation: 'archive',
			selector: 'id',
		});
		expect(String(cancelled[0].json.description)).toContain('changed nothing in Intercom');
	});
});
