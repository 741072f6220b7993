/**
 * The workflow the install test runs in a running `n8n start`: Webhook (answers with
 * the last node's output) → Intercom Users (Archive by email from the posted body),
 * its credential pointing at the in-process simulator. Made through the REST API
 * (after an install from the editor) or imported with the CLI (before a start that
 * installs from the environment), then archived by a POST to its production webhook.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IntercomSimulator } from '../../intercom-simulator/simulator';
import { DEFAULT_TOKEN } from '../../intercom-simulator/simulator';
import type { CredentialImport } from '../../real-n8n/instance';
import { PACKAGE_NAME } from '../../real-n8n/project';
import type { RestSession } from '../../real-n8n/rest';
import { describeRequest } from '../checks';

/** Webhook → Intercom Users (Archive by email). */
export const WORKFLOW_FILE = path.join(__dirname, 'archive-webhook.workflow.json');
/** The node type an installed package's node gets. */
export const NODE_TYPE = `${PACKAGE_NAME}.intercomUsers`;
const WEBHOOK_PATH = 'webhook/install-archive';

/** The workflow as stored in its file. */
export function workflowJson(): { id: string; nodes: Array<Record<string, unknown>> } {
	return JSON.parse(readFileSync(WORKFLOW_FILE, 'utf8')) as {
		id: string;
		nodes: Array<Record<string, unknown>>;
	};
}

/** The credential the workflow names, pointing at the simulator at `simUrl`. */
export function credential(simUrl: string): CredentialImport {
	const node = workflowJson().nodes.find((n) => n.type === NODE_TYPE) as {
		credentials: { intercomAccessTokenApi: { id: string; name: string } };
	};
	const { id, name } = node.credentials.intercomAccessTokenApi;
	return {
		id,
		name,
		type: 'intercomAccessTokenApi',
		data: { accessToken: DEFAULT_TOKEN, region: 'custom', baseUrl: simUrl },
	};
}

/**
 * Creates the credential and the workflow through the REST API, as the editor saves
 * them, and publishes (activates) the workflow. Throws when n8n refuses any step.
 */
export async function createAndPublish(rest: RestSession, simUrl: string): Promise<string> {
	const { name, type, data } = credential(simUrl);
	const saved = await rest.data<{ id: string; name: string }>('POST', '/credentials', {
		name,
		type,
		data,
	});
	const { id: _fileId, ...body } = workflowJson();
	for (const node of body.nodes) {
		if (node.type === NODE_TYPE)
			node.credentials = { intercomAccessTokenApi: { id: saved.id, name: saved.name } };
	}
	const created = await rest.data<{ id: string; versionId: string }>('POST', '/workflows', body);
	await rest.data('POST', `/workflows/${created.id}/activate`, { versionId: created.versionId });
	return created.id;
}

/**
 * What n8n answers for {@link NODE_TYPE} version 1 now to `POST /rest/node-types`, what
 * the editor asks for a node's description: `known` when that is its description,
 * with the answer for a report.
 */
export async function nodeTypeKnown(
	rest: RestSession,
): Promise<{ known: boolean; answer: string }> {
	const answer = await rest.call('POST', '/node-types', {
		nodeInfos: [{ name: NODE_TYPE, version: 1 }],
	});
	const list = (answer.body as { data?: Array<{ name?: string; displayName?: string }> }).data;
	const known =
		answer.status === 200 &&
		Array.isArray(list) &&
		list.some((d) => d?.displayName === 'Intercom Users');
	const shown = Array.isArray(list)
		? JSON.stringify(list.map((d) => d && { name: d.name, displayName: d.displayName }))
		: JSON.stringify(answer.body).slice(0, 200);
	return { known, answer: `${answer.status} ${shown}` };
}

/**
 * Posts `email` to the workflow's production webhook on `n8nUrl` (retrying a 404 for up
 * to `waitMs`: n8n may register it a moment after it reports ready) and checks that the
 * Intercom Users node archived that user: the answer is the archived User, and the
 * simulator recorded exactly `DELETE /users?email=…`, answered 200. Returns a line for
 * the report; throws with what differed.
 */
export async function archiveThroughWebhook(
	n8nUrl: string,
	sim: IntercomSimulator,
	email: string,
	waitMs = 60_000,
): Promise<string> {
	const before = sim.responses.length;
	const deadline = Date.now() + waitMs;
	let status = 0;
	let text = '';
	for (;;) {
		const response = await fetch(`${n8nUrl}/${WEBHOOK_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email }),
			signal: AbortSignal.timeout(2 * 60_000),
		});
		status = response.status;
		text = await response.text();
		if (status !== 404 || Date.now() > deadline) break;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	if (status !== 200) throw new Error(`the webhook answered ${status}: ${text.slice(0, 300)}`);
	const parsed = JSON.parse(text) as unknown;
	const items = (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, unknown>>;
	if (items.length !== 1 || items[0].email !== email) {
		throw new Error(`the workflow answered ${text.slice(0, 300)}, expected the User ${email}`);
	}
	const seen = sim.responses
		.slice(before)
		.map((r) => `${describeRequest(r.request)} → ${r.status}`);
	const expected = `DELETE /users?email=${encodeURIComponent(email)} → 200`;
	if (seen.length !== 1 || seen[0] !== expected) {
		throw new Error(`the simulator saw ${JSON.stringify(seen)}, expected [${expected}]`);
	}
	return `${email} archived (simulator: ${expected})`;
}
