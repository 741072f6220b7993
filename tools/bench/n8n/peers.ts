/**
 * The rows of `npm run bench:n8n`: this node by email and by ID (and by email with the
 * Batching the README advises for large runs), the HTTP Request node as a user would set
 * it up (with and without the Batching n8n's docs advise for rate limits), n8n's
 * built-in Intercom node, and the NoOp baseline every row is measured net of.
 */
import type { Batching, Peer, PeerKind } from './workflows';

/** Intercom's default app limit: 10,000 calls a minute, enforced in 10-second windows. */
export const INTERCOM_LIMIT_PER_WINDOW = 1666;
/** Intercom's window (ms). */
export const WINDOW_MS = 10_000;

/**
 * The Batching the README advises for large runs of this node: 10 items per batch, a
 * 1 ms pause, so requests leave while n8n's declarative engine still prepares later
 * items. The pause is the only point where the engine yields, and it yields to the
 * network only when one batch's preparation takes less time than the shortest interval
 * timer running in the process (else Node.js finds that timer due again after each batch
 * and stays in its timers phase without reading a socket): hence 10 items, not 100.
 */
export const OUR_BATCHING: Batching = { batchSize: 10, batchInterval: 1 };

/**
 * The Batching n8n's docs advise for an API's rate limit, for `limitPerWindow` calls per
 * 10-second window: one second's share of the limit per batch, one batch a second.
 */
export function docsBatching(limitPerWindow: number): Batching {
	return {
		batchSize: Math.max(1, Math.floor(limitPerWindow / (WINDOW_MS / 1000))),
		batchInterval: 1000,
	};
}

/** The row of `kind`; `limitPerWindow` sets the HTTP Request node's Batching. */
export function peer(kind: PeerKind, limitPerWindow = INTERCOM_LIMIT_PER_WINDOW): Peer {
	switch (kind) {
		case 'baseline':
			return { kind, label: 'NoOp (baseline)', setup: 'n8n NoOp node: the same workflow shape' };
		case 'oursEmail':
			return {
				kind,
				label: 'Intercom Users, by email',
				setup: 'Archive, Archive By Email, Email `={{ $json.email }}`, default settings',
			};
		case 'oursId':
			return {
				kind,
				label: 'Intercom Users, by ID',
				setup: 'Archive, Archive By Intercom ID `={{ $json.id }}`, default settings',
			};
		case 'oursEmailBatched':
			return {
				kind,
				label: `Intercom Users, by email, Batching ${OUR_BATCHING.batchSize}/${OUR_BATCHING.batchInterval} ms`,
				setup: `as by email, plus Settings → Request Options → Batching ${OUR_BATCHING.batchSize} items per ${OUR_BATCHING.batchInterval} ms`,
				batching: OUR_BATCHING,
			};
		case 'oursEmailNoFastPath':
			return {
				kind,
				label: 'Intercom Users, by email, without the fast path',
				setup:
					'as by email, but Email `={{ String($json.email) }}`: the same value, not a plain field reference, so n8n evaluates it once more for the runner',
			};
		case 'oursEmailSimplified':
			return {
				kind,
				label: 'Intercom Users 1.1, by email, Simplify on',
				setup:
					'a new node (version 1.1), as by email, Simplify left at its default (on): each item is the simplified user and what was done',
			};
		case 'oursEmailSimplifyOff':
			return {
				kind,
				label: 'Intercom Users 1.1, by email, Simplify off',
				setup:
					"a new node (version 1.1), as by email, Simplify switched off: each item is Intercom's whole answer, as on version 1",
			};
		case 'oursEmailSimplifiedFull':
			return {
				...peer('oursEmailSimplified'),
				kind,
				label: 'Intercom Users 1.1, by email, Simplify on, whole users',
				setup:
					'as Simplify on, the simulator holding whole Intercom 1.4 users (every field of the User object, lists empty; tools/bench/users.ts)',
				fullUsers: true,
			};
		case 'oursEmailSimplifyOffFull':
			return {
				...peer('oursEmailSimplifyOff'),
				kind,
				label: 'Intercom Users 1.1, by email, Simplify off, whole users',
				setup: 'as Simplify off, the simulator holding whole Intercom 1.4 users',
				fullUsers: true,
			};
		case 'httpRequest':
			return {
				kind,
				label: 'HTTP Request 4.5',
				setup:
					'`DELETE <simulator>/users?email={{ $json.email }}`, predefined credential intercomAccessTokenApi, Accept and Intercom-Version 1.4 headers',
			};
		case 'httpRequestBatched': {
			const batching = docsBatching(limitPerWindow);
			return {
				kind,
				label: `HTTP Request 4.5, Batching ${batching.batchSize}/${batching.batchInterval} ms`,
				setup: `as HTTP Request, plus Options → Batching ${batching.batchSize} items per ${batching.batchInterval} ms (the limit's share per second)`,
				batching,
			};
		}
		case 'builtin':
			return {
				kind,
				label: 'built-in Intercom node',
				setup:
					'n8n-nodes-base.intercom v1, User → Delete, ID `={{ $json.id }}` (`DELETE https://api.intercom.io/users/{id}`, sent to the simulator through a TLS front)',
			};
	}
}

/** Every row kind, in table order. */
export const ALL_KINDS: PeerKind[] = [
	'baseline',
	'oursEmail',
	'oursId',
	'oursEmailBatched',
	'httpRequest',
	'httpRequestBatched',
	'builtin',
];
