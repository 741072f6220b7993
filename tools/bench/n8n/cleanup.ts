/**
 * `npm run bench:n8n -- --cleanup`: the README's "Clean up inactive users" recipe at
 * scale in real n8n 2.x (`n8n execute`): Get Many of the users last seen over two years
 * ago (Return All) → Archive by Intercom ID of each (Users API, Batching 10 / 1 ms, On
 * Error: continue), the workflow of tools/e2e/cleanup-recipe.workflow.json with a Manual
 * Trigger and Dry Run off. The simulator holds N such users, plus 500 users seen lately
 * and 100 leads as old, which must stay untouched.
 *
 * Runs: N (default 10,000) under an Intercom-shaped limit (1,000 per 10-second window,
 * enforced: 429 past it), then N/10 without a limit, whose peak RSS is subtracted to give
 * the memory per 1,000 users. Reports wall time against the bound of the requests made
 * (2xx answers / limit × 10 s), failed items, 429s, and memory; writes
 * docs/BENCHMARKS-n8n-cleanup.md (or --out).
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
import { fmt, gitCommit, table } from './format';
import { WINDOW_MS } from './peers';
import type { BenchInstance } from './setup';
import { OUR_CREDENTIAL } from './workflows';

const DAY = 86_400;
const YEAR = 365 * DAY;
/** Users seen lately and old leads the simulator holds besides the N inactive users. */
const RECENT_USERS = 500;
const OLD_LEADS = 100;

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

/** The API the Archive node uses. */
export type CleanupApi = 'users' | 'contacts';

/** What the Archive node sends per user, by API. */
const ARCHIVE_REQUESTS: Record<CleanupApi, string> = {
	users: 'Users API: one `DELETE /users/{id}` per user',
	contacts: 'Contacts API 2.14: `GET /contacts/{id}`, then `POST /contacts/{id}/archive` per user',
};

const workflowId = (api: CleanupApi) => `benchCleanup${api}`;

/**
 * The recipe as the benchmark runs it: Manual Trigger, Dry Run off, Batching 10 / 1 ms,
 * On Error: continue, the Archive node on `api`.
 */
function benchWorkflow(api: CleanupApi): Json {
	const recipe = JSON.parse(readFileSync(CLEANUP_WORKFLOW_FILE, 'utf8')) as Json;
	const copy = cliCopy(recipe, workflowId(api), false);
	copy.name = `bench:n8n clean-up recipe, Archive on the ${api} API`;
	for (const node of copy.nodes as Json[]) {
		if (node.credentials) node.credentials = { intercomAccessTokenApi: OUR_CREDENTIAL };
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

/** What one run of the recipe measured. */
interface CleanupRun {
	api: CleanupApi;
	n: number;
	limited: boolean;
	ok: boolean;
	problem?: string;
	/** Wall time of `n8n execute` (ms). */
	wallMs: number;
	/** From Get Many's start to the Archive node's end, from the execution's runData (ms). */
	nodesMs?: number;
	getManyMs?: number;
	archiveMs?: number;
	/** Answers by kind. */
	searches: number;
	/** `DELETE /users/{id}` or `POST /contacts/{id}/archive`. */
	archives: number;
	/** `GET /contacts/{id}` (the Contacts API's read before an archive). */
	lookups: number;
	other: number;
	statuses: Map<number, number>;
	listed?: number;
	/** Archive items with an error, plus inactive users left unarchived. */
	failed?: number;
	/** Records archived that are not inactive users (recent users, leads). */
	wrong: number;
	peakRssMiB?: number;
	cpuS?: number;
}

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
			[instance.n8n.n8nBin, 'execute', `--id=${workflowId(api)}`, '--rawOutput'],
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

/** Answers with a 2xx status. */
const okAnswers = (run: CleanupRun) =>
	[...run.statuses].reduce((sum, [s, c]) => (s >= 200 && s < 300 ? sum + c : sum), 0);
const answers = (run: CleanupRun) => [...run.statuses.values()].reduce((a, b) => a + b, 0);

/** One line of figures for the log. */
function describe(run: CleanupRun, limit: number): string {
	const boundS = ((okAnswers(run) / limit) * WINDOW_MS) / 1000;
	const bound = run.limited ? `, bound ${fmt(boundS, 1)} s` : '';
	const statuses = [...run.statuses].map(([s, c]) => `${s}×${c}`).join(' ');
	return (
		`${run.api} API, ${run.limited ? 'limited' : 'unlimited'} N=${fmt(run.n)}: ${run.ok ? '' : `FAILED (${run.problem}) `}` +
		`wall ${fmt(run.wallMs / 1000, 1)} s, nodes ${fmt((run.nodesMs ?? NaN) / 1000, 1)} s ` +
		`(Get Many ${fmt((run.getManyMs ?? NaN) / 1000, 1)} s)${bound}, ` +
		`listed ${fmt(run.listed)}, searches ${run.searches}, archives ${run.archives}, lookups ${run.lookups}, other ${run.other}, ` +
		`answers ${statuses}, failed ${fmt(run.failed)}, wrongly archived ${run.wrong}, ` +
		`peak RSS ${fmt(run.peakRssMiB)} MiB, CPU ${fmt(run.cpuS, 1)} s`
	);
}

/** The limited run and the small unlimited run of one API. */
interface ApiRuns {
	limited: CleanupRun;
	small: CleanupRun;
}

/** The results table of one API (Markdown). */
function resultsTable({ limited: run, small }: ApiRuns, limit: number): string {
	const requests = okAnswers(run);
	const boundMs = (requests / limit) * WINDOW_MS;
	const tooMany = run.statuses.get(429) ?? 0;
	const perThousand =
		run.peakRssMiB !== undefined && small.peakRssMiB !== undefined
			? (run.peakRssMiB - small.peakRssMiB) / ((run.n - small.n) / 1000)
			: undefined;
	const ratio = (ms: number | undefined) => fmt((ms ?? NaN) / boundMs, 2);
	const seconds = (ms: number | undefined) => `${fmt((ms ?? NaN) / 1000, 1)} s`;
	const lookups = run.lookups > 0 ? `, ${fmt(run.lookups)} lookups` : '';
	return table(
		['figure', 'value', 'goal'],
		[
			[
				'requests made (2xx answers)',
				`${fmt(requests)}: ${fmt(run.searches)} searches${lookups}, ${fmt(run.archives)} archives`,
				'',
			],
			['bound (requests / limit × 10 s)', seconds(boundMs), ''],
			[
				'Get Many start → Archive end / bound',
				`${ratio(run.nodesMs)} (${seconds(run.nodesMs)})`,
				'≤ 1.05',
			],
			[
				'wall of `n8n execute` / bound',
				`${ratio(run.wallMs)} (${seconds(run.wallMs)}, n8n start-up and printing included)`,
				'',
			],
			['of which Get Many (all pages)', seconds(run.getManyMs), ''],
			['users listed', fmt(run.listed), fmt(run.n)],
			['failed items', fmt(run.failed), '0'],
			['recent users or leads archived', fmt(run.wrong), '0'],
			[
				'429 answers',
				`${fmt(tooMany)} of ${fmt(answers(run))} (${fmt((100 * tooMany) / answers(run), 2)} %)`,
				'≤ 1 %',
			],
			[
				'peak RSS of `n8n execute`',
				`${fmt(run.peakRssMiB)} MiB at N = ${fmt(run.n)}; ${fmt(small.peakRssMiB)} MiB at N = ${fmt(small.n)}`,
				'',
			],
			['memory per 1,000 users (Simplify: not on this branch)', `${fmt(perThousand, 1)} MiB`, ''],
			['CPU of `n8n execute`', `${fmt(run.cpuS, 1)} s`, ''],
		],
		[false, false, false],
	).md;
}

/** The report's text (Markdown). */
function report(instance: BenchInstance, runs: ApiRuns[], limit: number, minutes: number): string {
	const { limited: first, small } = runs[0];
	const sections = runs.flatMap((pair) => [
		`## Get Many of ${fmt(pair.limited.n)} users, then Archive by Intercom ID of each (${ARCHIVE_REQUESTS[pair.limited.api]}), under ${fmt(limit)} per 10 s`,
		'',
		resultsTable(pair, limit),
		'',
	]);
	return [
		'# Benchmark in real n8n: the clean-up recipe',
		'',
		'Written by `npm run bench:n8n -- --cleanup` (tools/bench/n8n/cleanup.ts). Do not edit by hand: re-run the command.',
		'',
		'```bash',
		'npm run test:e2e                                         # once: fills the n8n 2.x / Node 24 install cache',
		'npm run bench:n8n -- --cleanup --cleanup-api users,contacts   # this file (about 10 minutes)',
		'```',
		'',
		`n8n ${instance.n8nVersion} (\`n8n execute\`, default settings and expression engine) on Node ${instance.nodeVersion}; commit ${gitCommit()}; one run of each; the run took ${fmt(minutes, 1)} minutes. The machine is shared and noisy: ratios from this run, not absolute times, are what to compare.`,
		'',
		...sections,
		'## Method',
		'',
		`- The workflow is the README's recipe (tools/e2e/cleanup-recipe.workflow.json) with a Manual Trigger instead of the Schedule Trigger (\`n8n execute\` cannot fire one) and Dry Run off: Get Many, Contacts API 2.14, Return All, Last Seen Before \`{{ $now.minus({ years: 2 }) }}\` → Archive by Intercom ID \`{{ $json.id }}\` on the API each section names, with Batching 10 items per 1 ms as the README advises for bulk runs and On Error: continue (a failed item is counted, not fatal).`,
		`- The simulator holds ${fmt(first.n)} users last seen over two years ago (tools/bench/users.ts), ${RECENT_USERS} users seen in the last 300 days and ${OLD_LEADS} leads last seen three years ago; it enforces ${fmt(limit)} requests per 10-second window (429 past it, \`X-RateLimit-*\` headers on every answer). Get Many's search pages (150 users each) and the archives share the node's pacing.`,
		"- **bound**: the 2xx answers / the limit × 10 s: the least time Intercom lets those requests take. A run that starts at a window's beginning can end early in its last window, so a ratio can be just under 1.00. The ratio that counts is from Get Many's start to the Archive node's end (the execution's runData); the wall time of `n8n execute` adds n8n's start-up and the printing of the execution.",
		'- **failed items**: Archive items with an error, plus inactive users the simulator does not show archived. **429s**: answers 429 out of all answers (a waited-out and retried 429 counts).',
		`- **memory per 1,000 users**: (peak RSS at N = ${fmt(first.n)} − peak RSS of an unlimited run at N = ${fmt(small.n)}, same API) / ${fmt((first.n - small.n) / 1000, 1)}; peak RSS of the \`n8n execute\` process from \`process.resourceUsage()\` at exit (tools/bench/n8n/preload/usage.cjs), which includes holding both nodes' items and printing the execution (\`--rawOutput\`). The node has no Simplify option on this branch, so only the raw items are measured.`,
		'',
		'Runs:',
		'',
		...runs.flatMap((pair) => [
			`- ${describe(pair.limited, limit)}`,
			`- ${describe(pair.small, limit)}`,
		]),
		'',
	].join('\n');
}

/**
 * Imports the recipe's benchmark copies, runs each API's at `n` under `limit` per 10 s
 * and at n/10 without a limit, logs each run, and writes the report to `out` (when
 * given). Returns the report's text.
 */
export async function runCleanupBench(
	instance: BenchInstance,
	options: { n: number; limit: number; apis: CleanupApi[]; out?: string; scratchDir: string },
	log: Log,
): Promise<string> {
	const started = Date.now();
	const file = path.join(instance.n8n.dir, 'bench-cleanup.json');
	writeFileSync(file, `${JSON.stringify(options.apis.map(benchWorkflow), null, 2)}\n`);
	await instance.n8n.importWorkflow(file);
	mkdirSync(options.scratchDir, { recursive: true });
	const runs: ApiRuns[] = [];
	for (const api of options.apis) {
		log(`clean-up, Archive on the ${api} API, N=${fmt(options.n)} under ${options.limit} per 10 s`);
		const limited = await runOnce(
			instance,
			api,
			options.n,
			{ limit: options.limit, windowMs: WINDOW_MS, enforce: true },
			options.scratchDir,
		);
		log(`  ${describe(limited, options.limit)}`);
		const smallN = Math.max(1, Math.round(options.n / 10));
		const small = await runOnce(instance, api, smallN, UNLIMITED, options.scratchDir);
		log(`  ${describe(small, options.limit)}`);
		runs.push({ limited, small });
	}
	const text = report(instance, runs, options.limit, (Date.now() - started) / 60_000);
	if (options.out) {
		writeFileSync(options.out, text);
		log(`wrote ${options.out}`);
	}
	return text;
}
