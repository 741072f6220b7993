/**
 * `npm run bench:n8n -- --cleanup`: the README's "Clean up inactive users" recipe at
 * scale in real n8n 2.x (`n8n execute`): Get Many of the users last seen over two years
 * ago (Return All) → Archive by Intercom ID of each (Users API, Batching 10 / 1 ms, On
 * Error: continue), the workflow of tools/e2e/cleanup-recipe.workflow.json with a Manual
 * Trigger and Dry Run off. The simulator holds N such users, plus 500 users seen lately
 * and 100 leads as old, which must stay untouched.
 *
 * Runs, per API and per Simplify setting of both nodes (on: the 1.1 default; off): N
 * (default 10,000) under an Intercom-shaped limit (1,000 per 10-second window, enforced:
 * 429 past it), then N/10 without a limit, whose peak RSS is subtracted to give the memory
 * per 1,000 users. Reports (cleanup-report.ts) wall time against the bound of the requests
 * made (2xx answers / limit × 10 s), failed items, 429s, and memory; writes
 * docs/BENCHMARKS-n8n-cleanup.md (or --out) after each API.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Json } from '../../e2e/checks';
import { asObject, extractExecutionJson, nodeOutput } from '../../e2e/checks';
import { ARCHIVE_NODE, CLEANUP_WORKFLOW_FILE, cliCopy, GET_MANY_NODE } from '../../e2e/cleanup';
import type {
	RateLimitOptions,
	RecordedRequest,
	SimUser,
} from '../../intercom-simulator/simulator';
import { IntercomSimulator } from '../../intercom-simulator/simulator';
import { NETWORK_GUARD } from '../../real-n8n/instance';
import type { Log } from '../../real-n8n/log';
import { describeExit, freePort, run, tail } from '../../real-n8n/process';
import { generateUsers } from '../users';
import { PRELOAD_DIR, readUsage, UNLIMITED } from './execute';
import type { CleanupApi, CleanupPair, CleanupRun } from './cleanup-report';
import { cleanupReport, describeRun, OLD_LEADS, RECENT_USERS } from './cleanup-report';
import { fmt, gitCommit } from './format';
import { WINDOW_MS } from './peers';
import type { BenchInstance } from './setup';
import { OUR_CREDENTIAL } from './workflows';

const DAY = 86_400;
const YEAR = 365 * DAY;
/** The simulator's records: N inactive users (tools/bench/users.ts), recent users, old leads. */
function cleanupRecords(n: number): { records: SimUser[]; inactive: Set<string> } {
	const now = Math.floor(Date.now() / 1000);
	const inactive = generateUsers(n).map((user, index) => ({
		...user,
		last_request_at: now - 2 * YEAR - 30 * DAY - (index % 1000) * DAY,
	}));
	const other = (index: number, lead: boolean): SimUser => ({
		type: 'user',
		id: `5f00c1ea${index.toString(16).padStart(12, '0')}${lead ? 'ee' : 'aa'}00`,
		user_id: lead ? null : `recent-${index}`,
		email: `${lead ? 'old-lead' : 'recent'}${index}@example.com`,
		name: `${lead ? 'Old lead' : 'Recent user'} ${index}`,
		created_at: 1_600_000_000 + index,
		last_request_at: lead ? now - 3 * YEAR : now - (index % 300) * DAY,
		...(lead ? { role: 'lead' } : {}),
	});
	const records = [
		...inactive,
		...Array.from({ length: RECENT_USERS }, (_, i) => other(i, false)),
		...Array.from({ length: OLD_LEADS }, (_, i) => other(i, true)),
	];
	return { records, inactive: new Set(inactive.map((user) => user.id)) };
}

export type { CleanupApi } from './cleanup-report';

const workflowId = (api: CleanupApi, simplify: boolean) =>
	`benchCleanup${api}${simplify ? '' : 'SimplifyOff'}`;

/**
 * The recipe as the benchmark runs it: Manual Trigger, Dry Run off, Batching 10 / 1 ms,
 * On Error: continue, the Archive node on `api`; with `simplify` false, `simplify: false`
 * on both Intercom Users nodes (left out otherwise: the 1.1 default, on).
 */
export function benchWorkflow(api: CleanupApi, simplify: boolean): Json {
	const recipe = JSON.parse(readFileSync(CLEANUP_WORKFLOW_FILE, 'utf8')) as Json;
	const copy = cliCopy(recipe, workflowId(api, simplify), false);
	copy.name = `bench:n8n clean-up recipe, Archive on the ${api} API, Simplify ${simplify ? 'on' : 'off'}`;
	for (const node of copy.nodes as Json[]) {
		if (node.credentials) node.credentials = { intercomAccessTokenApi: OUR_CREDENTIAL };
		if (!simplify && node.type === INTERCOM_USERS_TYPE) {
			node.parameters = { ...asObject(node.parameters), simplify: false };
		}
		if (node.name === ARCHIVE_NODE) {
			node.onError = 'continueRegularOutput';
			const parameters = asObject(node.parameters) ?? {};
			parameters.requestOptions = { batching: { batch: { batchSize: 10, batchInterval: 1 } } };
			parameters.api = api;
			if (api === 'contacts') parameters.contactsApiVersion = '2.14';
		}
	}
	return copy;
}

/** The node type of both Intercom Users nodes of the recipe. */
const INTERCOM_USERS_TYPE = 'n8n-nodes-intercom-users.intercomUsers';

/** A node's run in the execution: start (epoch ms) and duration (ms). */
function runTimes(execution: Json, node: string): { start: number; ms: number } | undefined {
	const runs = asObject(asObject(asObject(execution.data)?.resultData)?.runData)?.[node];
	const first = Array.isArray(runs) ? asObject(runs[0]) : undefined;
	if (typeof first?.startTime !== 'number' || typeof first.executionTime !== 'number') return;
	return { start: first.startTime, ms: first.executionTime };
}

/** Runs the recipe once against a fresh simulator holding `n` inactive users. */
async function runOnce(
	instance: BenchInstance,
	api: CleanupApi,
	simplify: boolean,
	n: number,
	rateLimit: RateLimitOptions,
	scratchDir: string,
): Promise<CleanupRun> {
	const { records, inactive } = cleanupRecords(n);
	const statuses = new Map<number, number>();
	const sim = new IntercomSimulator({
		port: instance.simulatorPort,
		users: records,
		rateLimit,
		onResponse: ({ status }) => statuses.set(status, (statuses.get(status) ?? 0) + 1),
	});
	await sim.start();
	const usageFile = path.join(scratchDir, `usage-cleanup-${n}-${Date.now()}.jsonl`);
	const preloads = [NETWORK_GUARD, path.join(PRELOAD_DIR, 'usage.cjs')];
	let result;
	try {
		result = await run(
			instance.n8n.runtime.bin,
			[instance.n8n.n8nBin, 'execute', `--id=${workflowId(api, simplify)}`, '--rawOutput'],
			{
				cwd: instance.n8n.dir,
				env: instance.n8n.env(await freePort(), {
					NODE_OPTIONS: preloads.map((file) => `--require "${file}"`).join(' '),
					BENCH_USAGE_LOG: usageFile,
				}),
				timeoutMs: 30 * 60_000,
			},
		);
	} finally {
		await new Promise((resolve) => setImmediate(resolve));
		await sim.stop();
	}
	const usage = readUsage(usageFile);
	rmSync(usageFile, { force: true });
	const archivedIds = sim.archivedIds();
	const isArchive = (r: RecordedRequest) =>
		r.method === 'DELETE' || (r.method === 'POST' && r.path.endsWith('/archive'));
	const isSearch = (r: RecordedRequest) => r.path === '/contacts/search';
	const measured: CleanupRun = {
		api,
		simplify,
		n,
		limited: rateLimit.enforce === true,
		ok: false,
		wallMs: result.ms,
		searches: sim.requests.filter(isSearch).length,
		archives: sim.requests.filter(isArchive).length,
		lookups: sim.requests.filter((r) => r.method === 'GET').length,
		other: sim.requests.filter((r) => !isSearch(r) && !isArchive(r) && r.method !== 'GET').length,
		statuses,
		wrong: archivedIds.filter((id) => !inactive.has(id)).length,
		peakRssMiB: usage ? usage.maxRssKb / 1024 : undefined,
		cpuS: usage ? usage.userS + usage.systemS : undefined,
	};
	const execution = result.code === 0 ? extractExecutionJson(result.stdout) : undefined;
	if (!execution) {
		measured.problem = `n8n execute ended with ${describeExit(result)}: ${tail(result.stderr, 10)}`;
		return measured;
	}
	const getMany = runTimes(execution, GET_MANY_NODE);
	const archive = runTimes(execution, ARCHIVE_NODE);
	const items = nodeOutput(execution, ARCHIVE_NODE) ?? [];
	const errorItems = items.filter((item) => asObject(item.json)?.error !== undefined).length;
	const archivedInactive = archivedIds.filter((id) => inactive.has(id)).length;
	measured.ok = getMany !== undefined && archive !== undefined;
	measured.listed = nodeOutput(execution, GET_MANY_NODE)?.length;
	measured.getManyMs = getMany?.ms;
	measured.archiveMs = archive?.ms;
	if (getMany && archive) measured.nodesMs = archive.start + archive.ms - getMany.start;
	measured.failed = errorItems + (n - archivedInactive);
	return measured;
}

/**
 * Imports the recipe's benchmark copies, runs each API's, with each Simplify setting, at
 * `n` under `limit` per 10 s and at n/10 without a limit, logs each run, and writes the
 * report to `out` (when given) after each API, so a stopped run keeps the APIs done.
 * Returns the report's text.
 */
export async function runCleanupBench(
	instance: BenchInstance,
	options: {
		n: number;
		limit: number;
		apis: CleanupApi[];
		/** Simplify settings to run, in order (true: on). */
		simplify: boolean[];
		out?: string;
		scratchDir: string;
	},
	log: Log,
): Promise<string> {
	const started = Date.now();
	// Read before the first write: the report file itself is tracked.
	const commit = gitCommit();
	const file = path.join(instance.n8n.dir, 'bench-cleanup.json');
	const workflows = options.apis.flatMap((api) =>
		options.simplify.map((simplify) => benchWorkflow(api, simplify)),
	);
	writeFileSync(file, `${JSON.stringify(workflows, null, 2)}\n`);
	await instance.n8n.importWorkflow(file);
	mkdirSync(options.scratchDir, { recursive: true });
	const pairs: CleanupPair[] = [];
	let text = '';
	for (const api of options.apis) {
		for (const simplify of options.simplify) {
			pairs.push(await runPair(instance, api, simplify, options, log));
		}
		const minutes = (Date.now() - started) / 60_000;
		const { n8nVersion, nodeVersion } = instance;
		text = cleanupReport({ n8nVersion, nodeVersion, commit, minutes }, pairs, options.limit);
		if (options.out) {
			writeFileSync(options.out, text);
			log(`wrote ${options.out}`);
		}
	}
	return text;
}

/** The limited run and the small unlimited run of `api` with `simplify`, each logged. */
async function runPair(
	instance: BenchInstance,
	api: CleanupApi,
	simplify: boolean,
	options: { n: number; limit: number; scratchDir: string },
	log: Log,
): Promise<CleanupPair> {
	const { n, limit, scratchDir } = options;
	const setting = `Simplify ${simplify ? 'on' : 'off'}`;
	log(`clean-up, Archive on the ${api} API, ${setting}, N=${fmt(n)} under ${limit} per 10 s`);
	const limitedRate = { limit, windowMs: WINDOW_MS, enforce: true };
	const limited = await runOnce(instance, api, simplify, n, limitedRate, scratchDir);
	log(`  ${describeRun(limited, limit)}`);
	const smallN = Math.max(1, Math.round(n / 10));
	const small = await runOnce(instance, api, simplify, smallN, UNLIMITED, scratchDir);
	log(`  ${describeRun(small, limit)}`);
	return { limited, small };
}
