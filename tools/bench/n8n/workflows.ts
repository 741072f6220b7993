/**
 * The workflows `npm run bench:n8n` imports into real n8n: one per row, all of the same
 * shape, Manual Trigger → Code node emitting N items `{ email, id }` (the users of
 * tools/bench/users.ts) → the node under test, On Error "continue (regular output)" so a
 * failed item is counted instead of stopping the run.
 */
import { PACKAGE_NAME } from '../../real-n8n/project';

/** The credential of this package, pointed at the simulator (`region: custom`). */
export const OUR_CREDENTIAL = { id: 'benchIntercomCred', name: 'Intercom (simulator)' };
/** The credential of n8n's built-in Intercom node (`intercomApi`: an API key). */
export const BUILTIN_CREDENTIAL = { id: 'benchIntercomApiCred', name: 'Intercom API (simulator)' };
/** The name of the node under test in every workflow. */
export const NODE_UNDER_TEST = 'Node under test';

/**
 * The same email as `={{ $json.email }}`, written so that it is not a plain field reference:
 * the runner cannot read it from the item and asks n8n to evaluate it (the fast path's
 * control row).
 */
export const NO_FAST_PATH_EMAIL = '={{ String($json.email) }}';

/** What a row's node is. */
export type PeerKind =
	| 'baseline'
	| 'oursEmail'
	| 'oursId'
	| 'oursEmailBatched'
	| 'oursEmailNoFastPath'
	| 'oursEmailSimplified'
	| 'oursEmailSimplifyOff'
	| 'oursEmailSimplifiedFull'
	| 'oursEmailSimplifyOffFull'
	| 'httpRequest'
	| 'httpRequestBatched'
	| 'builtin';

/** n8n's Batching setting: `batchSize` items, then `batchInterval` ms of pause. */
export interface Batching {
	batchSize: number;
	batchInterval: number;
}

/** One row of the benchmark: which node, set up how. */
export interface Peer {
	kind: PeerKind;
	/** The row's name in the tables. */
	label: string;
	/** How it is set up, in words, for the report. */
	setup: string;
	/** The simulator holds whole Intercom 1.4 users (every field), not the lean bench users. */
	fullUsers?: boolean;
	/** Batching (Settings → Request Options, or the HTTP Request node's option), if any. */
	batching?: Batching;
}

/** The JavaScript of the Code node: N items with the email and Intercom ID of tools/bench/users.ts. */
function codeNodeJs(n: number): string {
	return [
		`const n = ${n};`,
		'const items = new Array(n);',
		'for (let i = 0; i < n; i++) {',
		'\tconst email = i % 3 === 0 ? `bench.user${i}+tag@example.com` : `bench.user${i}@example.com`;',
		"\tconst id = `5f00be4c${i.toString(16).padStart(12, '0')}0000`.slice(0, 24);",
		'\titems[i] = { json: { email, id } };',
		'}',
		'return items;',
	].join('\n');
}

/**
 * The node version and Simplify of this node's rows: the Simplify rows are new (1.1) nodes,
 * on by default (the parameter left out, as a new node saves it) or switched off; the
 * others stay at version 1, which has no Simplify and returns Intercom's whole answer.
 */
function ourVersion(kind: PeerKind): { typeVersion: number; simplify?: { simplify: false } } {
	if (kind === 'oursEmailSimplified' || kind === 'oursEmailSimplifiedFull') {
		return { typeVersion: 1.1 };
	}
	if (kind === 'oursEmailSimplifyOff' || kind === 'oursEmailSimplifyOffFull') {
		return { typeVersion: 1.1, simplify: { simplify: false } };
	}
	return { typeVersion: 1 };
}

/** The node under test for `peer`, without name, id and position. */
function nodeUnderTest(peer: Peer, simulatorUrl: string): Record<string, unknown> {
	const batching = peer.batching ? { batching: { batch: peer.batching } } : undefined;
	switch (peer.kind) {
		case 'baseline':
			return { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
		case 'oursEmail':
		case 'oursEmailBatched':
		case 'oursEmailNoFastPath':
		case 'oursEmailSimplified':
		case 'oursEmailSimplifyOff':
		case 'oursEmailSimplifiedFull':
		case 'oursEmailSimplifyOffFull':
		case 'oursId': {
			const { typeVersion, simplify } = ourVersion(peer.kind);
			return {
				type: `${PACKAGE_NAME}.intercomUsers`,
				typeVersion,
				parameters: {
					resource: 'user',
					operation: 'archive',
					...(peer.kind === 'oursId'
						? { archiveBy: 'id', intercomId: '={{ $json.id }}' }
						: {
								archiveBy: 'email',
								email:
									peer.kind === 'oursEmailNoFastPath' ? NO_FAST_PATH_EMAIL : '={{ $json.email }}',
							}),
					...simplify,
					...(batching ? { requestOptions: batching } : {}),
				},
				credentials: { intercomAccessTokenApi: OUR_CREDENTIAL },
			};
		}
		case 'httpRequest':
		case 'httpRequestBatched':
			return {
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.5,
				parameters: {
					method: 'DELETE',
					url: `${simulatorUrl}/users`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'intercomAccessTokenApi',
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'email', value: '={{ $json.email }}' }] },
					sendHeaders: true,
					headerParameters: {
						parameters: [
							{ name: 'Accept', value: 'application/json' },
							{ name: 'Intercom-Version', value: '1.4' },
						],
					},
					options: batching ?? {},
				},
				credentials: { intercomAccessTokenApi: OUR_CREDENTIAL },
			};
		case 'builtin':
			return {
				type: 'n8n-nodes-base.intercom',
				typeVersion: 1,
				parameters: { resource: 'user', operation: 'delete', id: '={{ $json.id }}' },
				credentials: { intercomApi: BUILTIN_CREDENTIAL },
			};
	}
}

/** A workflow as `n8n import:workflow` reads it. */
export interface WorkflowFile {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	active: false;
	settings: Record<string, unknown>;
}

/**
 * The workflow of `peer` for `n` items, with id `id`. `simulatorUrl` is where the HTTP
 * Request node sends its requests (the others take it from their credential or, for the
 * built-in node, from the name api.intercom.io).
 */
export function buildWorkflow(
	id: string,
	peer: Peer,
	n: number,
	simulatorUrl: string,
): WorkflowFile {
	return {
		id,
		name: `bench:n8n ${peer.label} ×${n}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-1`,
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: `${id}-2`,
				name: 'Users',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: codeNodeJs(n) },
			},
			{
				id: `${id}-3`,
				name: NODE_UNDER_TEST,
				position: [440, 0],
				onError: 'continueRegularOutput',
				...nodeUnderTest(peer, simulatorUrl),
			},
		],
		connections: {
			Start: { main: [[{ node: 'Users', type: 'main', index: 0 }]] },
			Users: { main: [[{ node: NODE_UNDER_TEST, type: 'main', index: 0 }]] },
		},
	};
}
