/**
 * The CLI end-to-end check of settings that cannot work, in real n8n: a credential whose
 * Base URL is a 127.0.0.1 port where nothing listens, and an Operation value the node does
 * not have (as typed by hand into workflow JSON). n8n's own request helper throws the
 * network error here, with n8n's own copy of n8n-workflow (the package is installed with
 * --omit=peer), so this checks that the node reads that copy's error shape. Both nodes run
 * with On Error → Continue, so each failed item is output with its message and description.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { DEFAULT_TOKEN } from '../intercom-simulator/simulator';
import type { N8nInstance } from '../real-n8n/instance';
import type { Log } from '../real-n8n/log';
import { seconds } from '../real-n8n/log';
import { describeExit, freePort } from '../real-n8n/process';
import { PACKAGE_NAME } from '../real-n8n/project';
import type { Json } from './checks';
import { asObject, extractExecutionJson, nodeOutput } from './checks';

export const UNREACHABLE_ID = 'e2eUnreachable';
const CREDENTIAL = { id: 'e2eClosedPortCred', name: 'Intercom (closed port)' };
const CLOSED_PORT_NODE = 'Archive at a closed port';
const UNKNOWN_OPERATION_NODE = 'Unknown operation';

/** What each node's one output item must say: its `error` and the start of its `description`. */
export const EXPECTED_UNREACHABLE: Record<string, { error: string; description: RegExp }> = {
	[CLOSED_PORT_NODE]: {
		error: 'The service refused the connection - perhaps it is offline',
		description:
			/^The connection could not be made \(ECONNREFUSED\), so the request was not sent and nothing was changed in Intercom\. Check the credential's Region or Base URL/,
	},
	[UNKNOWN_OPERATION_NODE]: {
		error:
			'Operation "delete" is not supported. Use archive, unarchive, permanentlyDelete, get or getMany.',
		description:
			/^The node's Operation field \("operation" in the workflow JSON\) may only be .*No request was sent for this item\./,
	},
};

const intercomNode = (name: string, x: number, operation: string): Json => ({
	parameters: { resource: 'user', operation, archiveBy: 'email', email: 'kaylee@serenity.io' },
	id: `e2e-unreachable-${x}`,
	name,
	type: `${PACKAGE_NAME}.intercomUsers`,
	typeVersion: 1,
	position: [x, 0],
	onError: 'continueRegularOutput',
	credentials: { intercomAccessTokenApi: CREDENTIAL },
});

const link = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });

/** The workflow: Manual Trigger → archive at the closed port → an unknown operation. */
export function unreachableWorkflow(): Json {
	return {
		id: UNREACHABLE_ID,
		name: 'E2E: a closed-port Base URL and an unknown operation',
		active: false,
		nodes: [
			{
				parameters: {},
				id: 'e2e-unreachable-start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
			},
			intercomNode(CLOSED_PORT_NODE, 220, 'archive'),
			intercomNode(UNKNOWN_OPERATION_NODE, 440, 'delete'),
		],
		connections: {
			Start: link(CLOSED_PORT_NODE),
			[CLOSED_PORT_NODE]: link(UNKNOWN_OPERATION_NODE),
		},
	};
}

/** Checks each node's one item against {@link EXPECTED_UNREACHABLE}; one sentence per problem. */
export function checkUnreachable(execution: Json, failures: string[]): void {
	for (const [name, expected] of Object.entries(EXPECTED_UNREACHABLE)) {
		const items = nodeOutput(execution, name) ?? [];
		const json = asObject(items[0]?.json);
		if (items.length !== 1 || !json) {
			failures.push(`unreachable: "${name}" output ${items.length} items, expected 1`);
			continue;
		}
		if (json.error !== expected.error) {
			failures.push(`unreachable: "${name}" said ${JSON.stringify(json.error)}`);
		}
		if (typeof json.description !== 'string' || !expected.description.test(json.description)) {
			failures.push(
				`unreachable: "${name}" described it as ${JSON.stringify(json.description)}, expected ${String(expected.description)}`,
			);
		}
	}
}

type Timed = <T>(step: string, fn: () => Promise<T>) => Promise<T>;

/** Imports the closed-port credential and the workflow, runs it with `n8n execute`, checks it. */
export async function runUnreachable(
	n8n: N8nInstance,
	log: Log,
	time: Timed,
	failures: string[],
): Promise<void> {
	const baseUrl = `http://127.0.0.1:${await freePort()}`;
	await time('n8n import:credentials (closed port)', () =>
		n8n.importCredentials([
			{
				...CREDENTIAL,
				type: 'intercomAccessTokenApi',
				data: { accessToken: DEFAULT_TOKEN, region: 'custom', baseUrl },
			},
		]),
	);
	const file = path.join(n8n.dir, 'unreachable-workflow.json');
	writeFileSync(file, `${JSON.stringify(unreachableWorkflow(), null, 2)}\n`);
	await time('n8n import:workflow (closed port)', () => n8n.importWorkflow(file));
	const result = await time('n8n execute (closed port)', () => n8n.execute(UNREACHABLE_ID));
	log(`n8n execute (closed port): ${describeExit(result)} in ${seconds(result.ms)}`);
	const execution = extractExecutionJson(`${result.stdout}\n${result.stderr}`);
	if (!execution) {
		failures.push('unreachable: no execution JSON in the output of n8n execute --rawOutput');
		return;
	}
	checkUnreachable(execution, failures);
	for (const name of Object.keys(EXPECTED_UNREACHABLE)) {
		const json = asObject(nodeOutput(execution, name)?.[0]?.json);
		log(`  ${name}: ${String(json?.error)} | ${String(json?.description)}`);
	}
}
