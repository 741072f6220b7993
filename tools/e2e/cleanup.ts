/**
 * The CLI end-to-end test of the README's "Clean up inactive users" recipe
 * (cleanup-recipe.workflow.json: Schedule Trigger → Intercom Users, Get Many of the users
 * last seen more than two years ago → Intercom Users, Archive by Intercom ID with Dry Run
 * on). `n8n execute` cannot fire a Schedule Trigger, so the test runs copies of the recipe
 * whose trigger is a Manual Trigger: the dry run first (lookups only, nobody archived),
 * then the same with Dry Run off. The simulator holds users seen at various times, a
 * lead and an archived user as old as the inactive users, and users never seen; exactly
 * the inactive users must be listed and archived, once each.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import type { RecordedRequest, SimUser } from '../intercom-simulator/simulator';
import { IntercomSimulator } from '../intercom-simulator/simulator';
import type { N8nInstance } from '../real-n8n/instance';
import type { Log } from '../real-n8n/log';
import { seconds } from '../real-n8n/log';
import { describeExit } from '../real-n8n/process';
import type { Json } from './checks';
import { asObject, describeRequest, extractExecutionJson, header, nodeOutput } from './checks';

/** The recipe as the README gives it (Schedule Trigger, Dry Run on): the editor test opens it. */
export const CLEANUP_WORKFLOW_FILE = path.join(__dirname, 'cleanup-recipe.workflow.json');
/** The recipe's Get Many node and Archive node. */
export const GET_MANY_NODE = 'Users not seen for 2 years';
export const ARCHIVE_NODE = 'Archive them';
/** The ids of the CLI copies: Dry Run on, and off. */
export const CLEANUP_DRY_RUN_ID = 'e2eCleanupDryRun';
export const CLEANUP_ID = 'e2eCleanup';
/** How many inactive users the simulator holds: more than one search page of 150. */
export const INACTIVE_USERS = 152;

const DAY = 86_400;
const YEAR = 365 * DAY;
/** The Manual Trigger that stands in for the Schedule Trigger in the CLI copies. */
const MANUAL_TRIGGER = 'Start (stands in for the Schedule Trigger)';

/** The users the clean-up test starts with, and the ids it must list and archive. */
export interface CleanupSeed {
	users: SimUser[];
	/** The users last seen before the cut-off (two years before `now`), in seed order. */
	inactive: string[];
	/** `now` in Unix seconds, when the seed was made. */
	now: number;
}

const userRecord = (id: string, n: number, lastSeen: number | null, extra: Json = {}): SimUser => ({
	type: 'user',
	id,
	user_id: `cleanup-${n}`,
	email: `cleanup${n}@example.com`,
	name: `Cleanup User ${n}`,
	created_at: 1_500_000_000 + n,
	...(lastSeen === null ? {} : { last_request_at: lastSeen }),
	...extra,
});

const cleanupId = (n: number) => `7c1ea0${n.toString(16).padStart(18, '0')}`;

/**
 * {@link INACTIVE_USERS} users last seen between two years and a month and six years ago,
 * and, none of which may be listed: users seen a year and eleven months, a year, and a
 * day ago; users never seen; a lead and an archived user last seen three years ago.
 * No date lies within a month of the cut-off, so the day-wise comparison of API 2.14
 * and the exact one agree.
 */
export function cleanupSeed(now = Math.floor(Date.now() / 1000)): CleanupSeed {
	const users: SimUser[] = [];
	const inactive: string[] = [];
	for (let n = 1; n <= INACTIVE_USERS; n++) {
		const id = cleanupId(n);
		users.push(
			userRecord(id, n, now - 2 * YEAR - 30 * DAY - Math.floor((n * 4 * YEAR) / INACTIVE_USERS)),
		);
		inactive.push(id);
	}
	let n = INACTIVE_USERS;
	for (const ago of [2 * YEAR - 30 * DAY, YEAR, DAY, null, null]) {
		n++;
		users.push(userRecord(cleanupId(n), n, ago === null ? null : now - ago));
	}
	n++;
	users.push(
		userRecord(cleanupId(n), n, now - 3 * YEAR, {
			role: 'lead',
			user_id: null,
			email: 'old-lead@example.com',
		}),
	);
	n++;
	users.push(userRecord(cleanupId(n), n, now - 3 * YEAR, { archived: true }));
	return { users, inactive, now };
}

/**
 * The recipe as `n8n execute` can run it: the Schedule Trigger replaced by a Manual
 * Trigger, with id `id` and the Archive node's Dry Run `dryRun`.
 */
export function cliCopy(recipe: Json, id: string, dryRun: boolean): Json {
	const copy = structuredClone(recipe);
	const nodes = copy.nodes as Json[];
	const trigger = nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger');
	if (!trigger) throw new Error(`${CLEANUP_WORKFLOW_FILE} has no Schedule Trigger`);
	const scheduleName = String(trigger.name);
	Object.assign(trigger, {
		name: MANUAL_TRIGGER,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		parameters: {},
	});
	const connections = copy.connections as Record<string, unknown>;
	connections[MANUAL_TRIGGER] = connections[scheduleName];
	delete connections[scheduleName];
	const archive = nodes.find((node) => node.name === ARCHIVE_NODE);
	const parameters = asObject(archive?.parameters);
	if (!parameters) throw new Error(`${CLEANUP_WORKFLOW_FILE} has no node "${ARCHIVE_NODE}"`);
	parameters.options = { ...asObject(parameters.options), dryRun };
	copy.id = id;
	copy.name = `E2E: ${String(recipe.name)}${dryRun ? ' (Dry Run)' : ''}, Manual Trigger`;
	return copy;
}

/** Writes both CLI copies of `recipe` into `<dir>/cleanup-workflows.json` for one import. */
export function writeCliCopies(recipe: Json, dir: string): string {
	const file = path.join(dir, 'cleanup-workflows.json');
	const copies = [cliCopy(recipe, CLEANUP_DRY_RUN_ID, true), cliCopy(recipe, CLEANUP_ID, false)];
	writeFileSync(file, `${JSON.stringify(copies, null, 2)}\n`);
	return file;
}

/**
 * Checks a clean-up execution: success; Get Many output exactly the inactive users,
 * each once, role `user`, each paired with the trigger's item; the Archive node output
 * one item per listed user, item i paired with Get Many's item i and about the same
 * user: with Dry Run a `{ dryRun: true, outcome: 'wouldChange', user }` item, else the
 * archived User object.
 */
export function checkCleanupExecution(
	execution: Json,
	seed: CleanupSeed,
	dryRun: boolean,
	failures: string[],
): void {
	const what = dryRun ? 'clean-up dry run' : 'clean-up';
	const resultData = asObject(asObject(execution.data)?.resultData);
	const error = asObject(resultData?.error);
	if (error) failures.push(`${what}: the execution has an error: ${String(error.message)}`);
	if (execution.status !== undefined && execution.status !== 'success') {
		failures.push(`${what}: execution.status is ${String(execution.status)}`);
	}
	const listed = nodeOutput(execution, GET_MANY_NODE) ?? [];
	const listedIds = listed.map((item) => String(asObject(item.json)?.id));
	if (!isDeepStrictEqual([...listedIds].sort(), [...seed.inactive].sort())) {
		const extra = listedIds.filter((id) => !seed.inactive.includes(id));
		const missing = seed.inactive.filter((id) => !listedIds.includes(id));
		failures.push(
			`${what}: "${GET_MANY_NODE}" listed ${listed.length} users, expected the ${seed.inactive.length} inactive ones ` +
				`(extra ${JSON.stringify(extra)}, missing ${JSON.stringify(missing.slice(0, 5))})`,
		);
	}
	listed.forEach((item, index) => {
		// Simplify (on by default) leaves `role` out of a users-only listing; a raw item has it.
		const role = asObject(item.json)?.role;
		if (role !== undefined && role !== 'user') {
			failures.push(`${what}: listed item ${index} has role ${String(asObject(item.json)?.role)}`);
		}
		if (!isDeepStrictEqual(item.pairedItem, { item: 0 })) {
			failures.push(
				`${what}: listed item ${index} pairedItem is ${JSON.stringify(item.pairedItem)}`,
			);
		}
	});
	const archived = nodeOutput(execution, ARCHIVE_NODE) ?? [];
	if (archived.length !== listed.length) {
		failures.push(
			`${what}: "${ARCHIVE_NODE}" output ${archived.length} items for ${listed.length} listed`,
		);
	}
	archived.forEach((item, index) => {
		const json = asObject(item.json) ?? {};
		const user = dryRun ? asObject(json.user) : json;
		const problems: string[] = [];
		if (user?.id !== listedIds[index]) problems.push(`is about ${String(user?.id)}`);
		if (dryRun && (json.dryRun !== true || json.outcome !== 'wouldChange')) {
			problems.push(`has dryRun ${String(json.dryRun)}, outcome ${String(json.outcome)}`);
		}
		if (json.error !== undefined) problems.push(`carries an error: ${String(json.error)}`);
		if (!isDeepStrictEqual(item.pairedItem, { item: index })) {
			problems.push(`has pairedItem ${JSON.stringify(item.pairedItem)}`);
		}
		if (problems.length > 0) {
			failures.push(
				`${what}: "${ARCHIVE_NODE}" item ${index} (listed ${listedIds[index]}) ${problems.join(', ')}`,
			);
		}
	});
}

/** A recorded request's JSON body, or undefined. */
function jsonBody(request: RecordedRequest): Json | undefined {
	try {
		return asObject(JSON.parse(request.body));
	} catch {
		return undefined;
	}
}

/**
 * Checks the searches: each `POST /contacts/search` with no query string, Intercom-Version
 * 2.14, the query `role = user` AND `last_seen_at < ` two years ago (to the day), 150 per
 * page; the first without a cursor, every later one with the previous answer's cursor
 * as `pagination.starting_after` in the body, never the same twice.
 */
function checkSearches(searches: RecordedRequest[], seed: CleanupSeed, failures: string[]): void {
	const cutoff = seed.now - 2 * YEAR;
	const pages = Math.ceil(seed.inactive.length / 150);
	if (searches.length !== pages) {
		failures.push(`clean-up: ${searches.length} searches, expected ${pages} (150 per page)`);
	}
	const cursors: unknown[] = [];
	searches.forEach((request, index) => {
		const body = jsonBody(request);
		const query = asObject(body?.query);
		const filters = Array.isArray(query?.value) ? (query.value as Json[]) : [];
		const date = filters.find((filter) => filter.field === 'last_seen_at');
		const pagination = asObject(body?.pagination);
		const problems: string[] = [];
		if (request.rawQuery !== '') problems.push(`has a query string ?${request.rawQuery}`);
		if (header(request, 'intercom-version') !== '2.14') problems.push('not Intercom-Version 2.14');
		if (
			query?.operator !== 'AND' ||
			filters.length !== 2 ||
			!filters.some((f) => isDeepStrictEqual(f, { field: 'role', operator: '=', value: 'user' })) ||
			date?.operator !== '<' ||
			typeof date.value !== 'number' ||
			Math.abs(date.value - cutoff) > 2 * DAY
		) {
			problems.push(`has the query ${JSON.stringify(query)}`);
		}
		if (pagination?.per_page !== 150) problems.push(`per_page ${String(pagination?.per_page)}`);
		const cursor = pagination?.starting_after;
		if (index === 0 ? cursor !== undefined : typeof cursor !== 'string' || cursor === '') {
			problems.push(`starting_after ${JSON.stringify(cursor)}`);
		}
		cursors.push(cursor);
		if (problems.length > 0) failures.push(`clean-up: search ${index + 1} ${problems.join('; ')}`);
	});
	if (new Set(cursors).size !== cursors.length) {
		failures.push(`clean-up: a cursor was sent twice: ${JSON.stringify(cursors)}`);
	}
}

/**
 * Checks what the simulator saw in a clean-up run: first the searches (see
 * checkSearches), then, for each inactive user, exactly one `GET /users/{id}` (dry run)
 * or `DELETE /users/{id}` (Intercom-Version 1.4, no body), and nothing else; only 200
 * answers; archived afterwards: nobody (dry run), or the inactive users and the user
 * archived from the start.
 */
export function checkCleanupRequests(
	sim: IntercomSimulator,
	seed: CleanupSeed,
	dryRun: boolean,
	failures: string[],
): void {
	const what = dryRun ? 'clean-up dry run' : 'clean-up';
	const searches = sim.requests.filter((r) => r.method === 'POST' && r.path === '/contacts/search');
	checkSearches(searches, seed, failures);
	const lastSearch = sim.requests.lastIndexOf(searches[searches.length - 1]);
	const method = dryRun ? 'GET' : 'DELETE';
	const rest = sim.requests.slice(lastSearch + 1);
	const wanted = seed.inactive.map((id) => `${method} /users/${id}`).sort();
	const seen = rest.map(describeRequest).sort();
	if (sim.requests.length !== searches.length + rest.length || !isDeepStrictEqual(seen, wanted)) {
		const extra = seen.filter((r) => !wanted.includes(r));
		failures.push(
			`${what}: after the searches the simulator got ${rest.length} requests, expected ${wanted.length} ` +
				`${method}s, one per inactive user (unexpected: ${JSON.stringify(extra.slice(0, 5))}; ` +
				`requests before the last search: ${sim.requests.length - rest.length - searches.length})`,
		);
	}
	for (const request of rest) {
		if (header(request, 'intercom-version') !== '1.4' || request.body !== '') {
			failures.push(
				`${what}: ${describeRequest(request)} without Intercom-Version 1.4 or with a body`,
			);
			break;
		}
	}
	const statuses = [...new Set(sim.responses.map((r) => r.status))];
	if (!isDeepStrictEqual(statuses, [200])) {
		failures.push(`${what}: the simulator answered ${JSON.stringify(statuses)}, expected only 200`);
	}
	const archivedFromStart = seed.users.filter((u) => u.archived === true).map((u) => u.id);
	const expected = [...(dryRun ? [] : seed.inactive), ...archivedFromStart].sort();
	const archived = [...sim.archivedIds()].sort();
	if (!isDeepStrictEqual(archived, expected)) {
		const wrong = archived.filter((id) => !expected.includes(id));
		failures.push(
			`${what}: ${archived.length} archived in the simulator, expected ${expected.length} ` +
				`(wrongly archived: ${JSON.stringify(wrong)})`,
		);
	}
}

/** Runs `step` and records how long it took (the line's step timer). */
type Timed = <T>(step: string, fn: () => Promise<T>) => Promise<T>;

/**
 * The clean-up steps of one line: imports both CLI copies of the recipe, starts a
 * simulator seeded with {@link cleanupSeed} on `port` (where the imported credential
 * points; the caller's simulator must be stopped), runs the dry run, then the real
 * run, and checks each. Problems go to `failures`; throws only when n8n cannot import.
 */
export async function runCleanup(
	n8n: N8nInstance,
	port: number,
	log: Log,
	time: Timed,
	failures: string[],
): Promise<void> {
	const recipe = JSON.parse(readFileSync(CLEANUP_WORKFLOW_FILE, 'utf8')) as Json;
	const file = writeCliCopies(recipe, n8n.dir);
	await time('n8n import:workflow (clean-up)', () => n8n.importWorkflow(file));
	const seed = cleanupSeed();
	const sim = new IntercomSimulator({ port, users: seed.users });
	await sim.start();
	log(
		`clean-up: simulator holds ${seed.users.length} records, ${seed.inactive.length} users last seen over two years ago`,
	);
	try {
		for (const [id, dryRun] of [
			[CLEANUP_DRY_RUN_ID, true],
			[CLEANUP_ID, false],
		] as const) {
			const what = dryRun ? 'clean-up dry run' : 'clean-up';
			sim.clearRequests();
			const result = await time(`n8n execute (${what})`, () => n8n.execute(id));
			log(`n8n execute (${what}): ${describeExit(result)} in ${seconds(result.ms)}`);
			if (result.code !== 0)
				failures.push(`n8n execute (${what}) ended with ${describeExit(result)}`);
			const execution =
				extractExecutionJson(result.stdout) ??
				extractExecutionJson(`${result.stdout}\n${result.stderr}`);
			if (!execution) {
				failures.push(`${what}: no execution JSON in the output of n8n execute --rawOutput`);
			} else {
				checkCleanupExecution(execution, seed, dryRun, failures);
			}
			const methods = new Map<string, number>();
			for (const r of sim.requests) methods.set(r.method, (methods.get(r.method) ?? 0) + 1);
			log(`  ${what}, simulator got: ${JSON.stringify(Object.fromEntries(methods))}`);
			checkCleanupRequests(sim, seed, dryRun, failures);
		}
	} finally {
		await sim.stop();
	}
}
