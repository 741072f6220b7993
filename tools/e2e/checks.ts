/**
 * What the CLI end-to-end test expects of one run of archive-three-ways.workflow.json:
 * the execution data `n8n execute --rawOutput` printed, and the requests the Intercom
 * simulator recorded. Each check appends a readable sentence per problem to `failures`.
 */
import { isDeepStrictEqual } from 'node:util';

import { DEFAULT_TOKEN } from '../intercom-simulator/simulator';
import type { IntercomSimulator, RecordedRequest, SimUser } from '../intercom-simulator/simulator';

/** One archive the workflow asks for: how it selects, which user, and the request it makes. */
export interface ExpectedArchive {
	/** The selector the item uses: `id`, `email` or `user_id`. */
	selector: string;
	/** Intercom id of the seeded user it archives. */
	userId: string;
	/** Request path, e.g. `/users/<id>` or `/users`. */
	path: string;
	/** Raw query string without `?`, percent-encoded as sent; `''` for none. */
	rawQuery: string;
}

/** The three archives the workflow asks for, in item order. */
export const EXPECTED: ExpectedArchive[] = [
	{
		selector: 'id',
		userId: '5714dd359a3fd47136000001',
		path: '/users/5714dd359a3fd47136000001',
		rawQuery: '',
	},
	{
		selector: 'email',
		userId: '5714dd359a3fd47136000002',
		path: '/users',
		rawQuery: 'email=first%2Btag%40example.com',
	},
	{
		selector: 'user_id',
		userId: '5714dd359a3fd47136000008',
		path: '/users',
		rawQuery: 'user_id=32',
	},
];

/** A JSON object. */
export type Json = Record<string, unknown>;

/**
 * The JSON document `n8n execute --rawOutput` printed, or undefined when there is none.
 * n8n prints it with JSON.stringify(…, null, 2), so its first and last lines are a lone
 * `{` and `}` at column 0; log lines may come before or after it on the same stream.
 * Only an object with a `data` member counts.
 */
export function extractExecutionJson(output: string): Json | undefined {
	const lines = output.split(/\r?\n/);
	const starts: number[] = [];
	const ends: number[] = [];
	lines.forEach((line, index) => {
		if (line === '{') starts.push(index);
		if (line === '}') ends.push(index);
	});
	for (const start of starts) {
		for (const end of [...ends].reverse()) {
			if (end <= start) break;
			try {
				const parsed: unknown = JSON.parse(lines.slice(start, end + 1).join('\n'));
				if (parsed !== null && typeof parsed === 'object' && 'data' in parsed) {
					return parsed as Json;
				}
			} catch {
				// not this pair
			}
		}
	}
	return undefined;
}

/** `value` when it is a plain JSON object (not null, not an array), else undefined. */
export function asObject(value: unknown): Json | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Json)
		: undefined;
}

/** Items a node output on its first main output in its first run; undefined when none. */
export function nodeOutput(execution: Json, nodeName: string): Json[] | undefined {
	const runData = asObject(asObject(asObject(execution.data)?.resultData)?.runData);
	const runs = runData?.[nodeName];
	if (!Array.isArray(runs) || runs.length === 0) return undefined;
	const main = asObject(asObject(runs[0])?.data)?.main;
	if (!Array.isArray(main) || !Array.isArray(main[0])) return undefined;
	return main[0] as Json[];
}

/** A recorded request's header (lower-case `name`), repeated values joined by `, `. */
export function header(request: RecordedRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

/** `METHOD /path?query` of a recorded request, for messages. */
export function describeRequest(request: RecordedRequest): string {
	return `${request.method} ${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}`;
}

/**
 * Checks the execution: finished with status success and no error, the last node is
 * "Intercom Users", "Users to archive" output three items, and the Intercom Users node
 * output, in order, the full seeded User object of each {@link EXPECTED} archive
 * (`seed`: seeded users by id), each with `pairedItem` `{item: i}` and no error.
 */
export function checkExecution(
	execution: Json,
	seed: Map<string, SimUser>,
	failures: string[],
): void {
	const resultData = asObject(asObject(execution.data)?.resultData);
	const error = asObject(resultData?.error);
	if (error) failures.push(`the execution has an error: ${String(error.message)}`);
	if (execution.finished !== undefined && execution.finished !== true) {
		failures.push(`execution.finished is ${String(execution.finished)}`);
	}
	if (execution.status !== undefined && execution.status !== 'success') {
		failures.push(`execution.status is ${String(execution.status)}`);
	}
	if (resultData?.lastNodeExecuted !== 'Intercom Users') {
		failures.push(
			`the last node executed is ${String(resultData?.lastNodeExecuted)}, not "Intercom Users"`,
		);
	}
	const inputs = nodeOutput(execution, 'Users to archive');
	if (inputs?.length !== 3) {
		failures.push(`"Users to archive" output ${inputs?.length ?? 'no'} items, expected 3`);
	}
	const items = nodeOutput(execution, 'Intercom Users');
	if (!items) {
		failures.push('"Intercom Users" has no output in the execution data');
		return;
	}
	if (items.length !== EXPECTED.length) {
		failures.push(`"Intercom Users" output ${items.length} items, expected ${EXPECTED.length}`);
	}
	EXPECTED.forEach((expected, index) => {
		const item = items[index];
		const json = asObject(item?.json);
		const user = seed.get(expected.userId);
		if (!json) {
			failures.push(`item ${index} (by ${expected.selector}) is missing`);
			return;
		}
		if (!isDeepStrictEqual(json, user)) {
			failures.push(
				`item ${index} (by ${expected.selector}) is not the full User object of ${expected.userId}: ` +
					`got id ${String(json.id)}, ${JSON.stringify(json).slice(0, 200)}`,
			);
		}
		if (item.pairedItem !== undefined && !isDeepStrictEqual(item.pairedItem, { item: index })) {
			failures.push(
				`item ${index} pairedItem is ${JSON.stringify(item.pairedItem)}, expected {"item":${index}}`,
			);
		}
		const itemError = (json as Json).error;
		if (itemError !== undefined)
			failures.push(`item ${index} carries an error: ${String(itemError)}`);
	});
}

/**
 * Checks what the simulator saw: exactly the {@link EXPECTED} requests, in any order
 * (n8n may send the items' requests concurrently), each a DELETE with
 * `authorization: Bearer <DEFAULT_TOKEN>`, `intercom-version: 1.4`,
 * `accept: application/json` and no body; only 200 answers; and exactly the expected
 * users archived.
 */
export function checkRequests(sim: IntercomSimulator, failures: string[]): void {
	const requests = sim.requests;
	if (requests.length !== EXPECTED.length) {
		failures.push(
			`the simulator received ${requests.length} requests, expected ${EXPECTED.length}: ` +
				requests.map(describeRequest).join(', '),
		);
	}
	for (const expected of EXPECTED) {
		const matching = requests.filter(
			(r) => r.path === expected.path && r.rawQuery === expected.rawQuery,
		);
		if (matching.length !== 1) {
			failures.push(
				`expected exactly one request ${expected.path}${expected.rawQuery ? `?${expected.rawQuery}` : ''} ` +
					`(archive by ${expected.selector}), got ${matching.length}`,
			);
			continue;
		}
		const [request] = matching;
		const checks: Array<[string, unknown, unknown]> = [
			['method', request.method, 'DELETE'],
			['authorization header', header(request, 'authorization'), `Bearer ${DEFAULT_TOKEN}`],
			['intercom-version header', header(request, 'intercom-version'), '1.4'],
			['accept header', header(request, 'accept'), 'application/json'],
			['body', request.body, ''],
		];
		for (const [what, actual, wanted] of checks) {
			if (actual !== wanted) {
				failures.push(
					`archive by ${expected.selector}: ${what} is ${JSON.stringify(actual)}, ` +
						`expected ${JSON.stringify(wanted)}`,
				);
			}
		}
	}
	const answered = sim.responses.map((r) => r.status);
	if (answered.some((status) => status !== 200)) {
		failures.push(`the simulator answered ${JSON.stringify(answered)}, expected only 200s`);
	}
	const archived = [...sim.archivedIds()].sort();
	const wanted = EXPECTED.map((e) => e.userId).sort();
	if (!isDeepStrictEqual(archived, wanted)) {
		failures.push(
			`archived in the simulator: ${JSON.stringify(archived)}, expected ${JSON.stringify(wanted)}`,
		);
	}
}

/**
 * Checks the execution of dry-run-three-ways.workflow.json (the same three items with
 * Options → Dry Run on): finished with status success, and the Intercom Users node
 * output, in order, one `{ dryRun: true, outcome: 'wouldChange', operation: 'archive',
 * selector, value, message, description, user }` item per {@link EXPECTED} archive whose
 * `user` is the full seeded User object, each with `pairedItem` `{item: i}`.
 */
export function checkDryRunExecution(
	execution: Json,
	seed: Map<string, SimUser>,
	failures: string[],
): void {
	const resultData = asObject(asObject(execution.data)?.resultData);
	const error = asObject(resultData?.error);
	if (error) failures.push(`dry run: the execution has an error: ${String(error.message)}`);
	if (execution.status !== undefined && execution.status !== 'success') {
		failures.push(`dry run: execution.status is ${String(execution.status)}`);
	}
	const items = nodeOutput(execution, 'Intercom Users');
	if (!items || items.length !== EXPECTED.length) {
		failures.push(`dry run: "Intercom Users" output ${items?.length ?? 'no'} items, expected 3`);
		return;
	}
	EXPECTED.forEach((expected, index) => {
		const json = asObject(items[index]?.json) ?? {};
		const wanted = {
			dryRun: true,
			outcome: 'wouldChange',
			operation: 'archive',
			selector: expected.selector === 'user_id' ? 'userId' : expected.selector,
			message: 'Dry run: Archive would archive this user',
		};
		for (const [key, value] of Object.entries(wanted)) {
			if (json[key] !== value) {
				failures.push(
					`dry run: item ${index} (by ${expected.selector}) has ${key} ${JSON.stringify(json[key])}, expected ${JSON.stringify(value)}`,
				);
			}
		}
		if (!isDeepStrictEqual(json.user, seed.get(expected.userId))) {
			failures.push(
				`dry run: item ${index} (by ${expected.selector}) does not carry the User object of ${expected.userId}: ${JSON.stringify(json.user).slice(0, 200)}`,
			);
		}
		const paired = items[index].pairedItem;
		if (paired !== undefined && !isDeepStrictEqual(paired, { item: index })) {
			failures.push(`dry run: item ${index} pairedItem is ${JSON.stringify(paired)}`);
		}
	});
}

/**
 * Checks what the simulator saw during the dry run: exactly one GET per {@link EXPECTED}
 * archive, on the same path and query the archive's DELETE uses (`GET /users/{id}`,
 * `GET /users?email=…`, `GET /users?user_id=…`), with `intercom-version: 1.4`; no other
 * request (no DELETE, no POST); and nobody archived or deleted.
 */
export function checkDryRunRequests(sim: IntercomSimulator, failures: string[]): void {
	const seen = sim.requests.map(describeRequest).sort();
	const wanted = EXPECTED.map((e) => `GET ${e.path}${e.rawQuery ? `?${e.rawQuery}` : ''}`).sort();
	if (!isDeepStrictEqual(seen, wanted)) {
		failures.push(
			`dry run: the simulator received ${JSON.stringify(seen)}, expected only ${JSON.stringify(wanted)}`,
		);
	}
	for (const request of sim.requests) {
		if (header(request, 'intercom-version') !== '1.4') {
			failures.push(`dry run: ${describeRequest(request)} was sent without Intercom-Version 1.4`);
		}
	}
	if (sim.archivedIds().length > 0 || sim.deletedIds().length > 0) {
		failures.push(
			`dry run: the simulator has archived ${JSON.stringify(sim.archivedIds())} and deleted ${JSON.stringify(sim.deletedIds())}`,
		);
	}
}
