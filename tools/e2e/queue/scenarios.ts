/**
 * The two kinds of run of the queue test, each against a fresh simulator and fresh
 * workers (the main, Redis and PostgreSQL stay):
 *
 * - {@link runThroughput}: every batch posted to the webhook at once, W workers
 *   archiving; checks that each user was archived exactly once, that every execution
 *   succeeded with one output item per posted user, the share of 429s and the wall
 *   time against the rate-limit bound.
 * - {@link runWorkerKill}: the same with two workers, one killed with SIGKILL while it
 *   archives; checks what n8n recorded, then posts the lost batches again with Ignore
 *   Not Found on and checks the end state.
 */
import type { SimUser } from '../../intercom-simulator/simulator';
import type { IntercomSimulator } from '../../intercom-simulator/simulator';
import type { Log } from '../../real-n8n/log';
import { seconds } from '../../real-n8n/log';
import type { QueueCluster, Worker } from './cluster';
import type { ExecutionRow, ExecutionSummary } from './executions';
import { executionsAfter, executionSummary, FINAL_STATUSES, lastExecutionId } from './executions';
import type { Batch } from './workload';
import type { TimedSimulator } from './timed-simulator';
import { answersPerWindow, freshSimulator, perWindow, rateLimitedByTenth } from './timed-simulator';
import { archiveProblems, countAnswers, makeBatches, postBatch } from './workload';

/** The node whose output items are counted. */
const NODE = 'Intercom Users';

/** What every run shares. */
export interface RunContext {
	cluster: QueueCluster;
	/** The simulator's port: each run starts a fresh one there (the credential points at it). */
	simPort: number;
	users: SimUser[];
	/** How many webhook calls the users are cut into. */
	calls: number;
	/** The simulator's limit: `limit` requests per `windowMs`, enforced with 429. */
	limit: number;
	windowMs: number;
	/** Wall time may be at most this times the bound. */
	maxWallRatio: number;
	/** 429 answers may be at most this share of all answers. */
	max429Share: number;
	/** `flatted.parse` of the n8n install. */
	parse: (text: string) => unknown;
	log: Log;
}

/** How one run went. */
export interface RunResult {
	label: string;
	workers: number;
	users: number;
	/** From the first webhook call to the last execution's stop (ms). */
	wallMs: number;
	/** users / limit × windowMs (ms). */
	boundMs: number;
	/** Whether the wall time is held to the bound (not in the worker-kill run). */
	paced: boolean;
	answers: number;
	rateLimited: number;
	/** One sentence per failed check; empty: passed. */
	failures: string[];
	/**
	 * Targets that were missed: the 429 share and the wall time against the bound. They are
	 * reported (MISS), not failed: they depend on how busy the machine is, and speed is judged
	 * by printed figures, never by a timed assertion.
	 */
	misses: string[];
	/** Further lines to print (the worker-kill account). */
	notes: string[];
	/** The machine's 1-minute load average when the run ended (it is shared). */
	load?: number;
}

/** The rate-limit bound for `users` archives: users / limit windows (ms). */
export function boundMs(context: RunContext, users = context.users.length): number {
	return (users / context.limit) * context.windowMs;
}

/**
 * Polls PostgreSQL every 500 ms until `count` executions after `afterId` exist and
 * all have a final status, or `timeoutMs` passes. Returns the rows as last read.
 */
export async function waitForExecutions(
	context: RunContext,
	afterId: number,
	count: number,
	timeoutMs: number,
): Promise<{ rows: ExecutionRow[]; done: boolean }> {
	const deadline = Date.now() + timeoutMs;
	let rows: ExecutionRow[] = [];
	let lastReport = Date.now();
	for (;;) {
		rows = await executionsAfter(context.cluster.pg, afterId);
		const finished = rows.filter((row) => FINAL_STATUSES.has(row.status)).length;
		if (rows.length >= count && finished === rows.length) return { rows, done: true };
		if (Date.now() > deadline) return { rows, done: false };
		if (Date.now() - lastReport > 15_000) {
			lastReport = Date.now();
			context.log(`  … ${finished} of ${count} executions finished`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** Committed transactions of n8n's database so far (pg_stat_database). */
async function transactions(context: RunContext): Promise<number> {
	const { rows } = await context.cluster.pg.query<{ n: string }>(
		'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
	);
	return Number(rows[0]?.n ?? 0);
}

/** Counts of statuses, e.g. `success 19, crashed 1`. */
function statusCounts(rows: ExecutionRow[]): string {
	const counts = new Map<string, number>();
	for (const row of rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
	return [...counts].map(([status, n]) => `${status} ${n}`).join(', ');
}

/** The last stop time among `rows` (epoch ms), or NaN when none has stopped. */
function lastStop(rows: ExecutionRow[]): number {
	return Math.max(...rows.map((row) => row.stoppedAt?.getTime() ?? Number.NaN));
}

/** The output of the Intercom Users node of one execution, judged. */
interface NodeOutcome {
	archived: number;
	markers: number;
	/** Items that are neither a User nor a marker (failed items). */
	failed: number;
	error?: string;
}

function nodeOutcome(summary: ExecutionSummary | undefined): NodeOutcome {
	const run = summary?.nodes[NODE];
	const outcome: NodeOutcome = { archived: 0, markers: 0, failed: 0, error: run?.error };
	for (const item of run?.items ?? []) {
		if (item.json.notFound === true || item.json.probablyDone === true) outcome.markers++;
		else if (item.json.type === 'user' && typeof item.json.id === 'string') outcome.archived++;
		else outcome.failed++;
	}
	return outcome;
}

/**
 * Checks that every execution in `rows` succeeded and that its Intercom Users node
 * gave one item per posted user (`expectMarkers`: whether notFound markers are fine).
 * Returns the outcomes by batch index; problems go to `failures`.
 */
async function checkExecutions(
	context: RunContext,
	rows: ExecutionRow[],
	expectMarkers: boolean,
	failures: string[],
): Promise<Map<number, NodeOutcome>> {
	const byBatch = new Map<number, NodeOutcome>();
	for (const row of rows) {
		if (row.status !== 'success') failures.push(`execution ${row.id} ended ${row.status}`);
		const summary = await executionSummary(context.cluster.pg, context.parse, row.id);
		const outcome = nodeOutcome(summary);
		const batch = Number(summary?.query.batch);
		byBatch.set(batch, outcome);
		const items = outcome.archived + outcome.markers + outcome.failed;
		if (row.status === 'success' && items !== summary?.posted) {
			failures.push(
				`execution ${row.id}: ${items} output items for ${summary?.posted} posted users`,
			);
		}
		if (outcome.failed > 0) failures.push(`execution ${row.id}: ${outcome.failed} failed items`);
		if (outcome.error) failures.push(`execution ${row.id}: ${NODE} failed: ${outcome.error}`);
		if (!expectMarkers && outcome.markers > 0) {
			failures.push(`execution ${row.id}: ${outcome.markers} notFound markers on a first run`);
		}
	}
	return byBatch;
}

/** Posts every batch at once; resolves with when the first call was made (epoch ms). */
async function postAll(
	context: RunContext,
	batches: Batch[],
	ignoreNotFound = false,
): Promise<number> {
	const url = context.cluster.webhookUrl();
	const startedAt = Date.now();
	await Promise.all(batches.map((batch) => postBatch(url, batch, ignoreNotFound)));
	return startedAt;
}

/** Compares the 429 share and the wall time with their targets, into `misses` (reported, not failed). */
function checkPace(context: RunContext, result: RunResult): void {
	const share = result.answers === 0 ? 0 : result.rateLimited / result.answers;
	if (share > context.max429Share) {
		result.misses.push(
			`${result.rateLimited} of ${result.answers} answers were 429 (` +
				`${(share * 100).toFixed(2)} % > ${context.max429Share * 100} %)`,
		);
	}
	const ratio = result.wallMs / result.boundMs;
	if (!(ratio <= context.maxWallRatio)) {
		result.misses.push(
			`wall time ${seconds(result.wallMs)} is ${ratio.toFixed(2)} × the bound ` +
				`${seconds(result.boundMs)} (> ${context.maxWallRatio})`,
		);
	}
}

/** Problems in the worker and main logs that mean the package or its credential did not load. */
function loadFailures(context: RunContext, workers: Worker[]): string[] {
	const { cluster } = context;
	const processes = cluster.main ? [cluster.main, ...workers] : workers;
	return cluster.loadProblems(processes).map((line) => `package load problem: ${line}`);
}

/**
 * Every user posted at once in `context.calls` webhook calls, archived by `workers`
 * workers. Never throws: problems become failures of the result.
 */
export async function runThroughput(context: RunContext, workers: number): Promise<RunResult> {
	const { cluster, log, users } = context;
	const result: RunResult = {
		label: `${workers} worker${workers === 1 ? '' : 's'}`,
		workers,
		users: users.length,
		wallMs: Number.NaN,
		boundMs: boundMs(context),
		paced: true,
		answers: 0,
		rateLimited: 0,
		failures: [],
		misses: [],
		notes: [],
	};
	let sim: TimedSimulator | undefined;
	let started: Worker[] = [];
	try {
		sim = await freshSimulator(context);
		started = await cluster.startWorkers(workers);
		const batches = makeBatches(users, context.calls);
		const before = await lastExecutionId(cluster.pg);
		log(`${result.label}: posting ${batches.length} batches of ${batches[0].users.length} users`);
		const xactBefore = await transactions(context);
		const startedAt = await postAll(context, batches);
		const { rows, done } = await waitForExecutions(
			context,
			before,
			batches.length,
			result.boundMs * 3 + 120_000,
		);
		result.wallMs = lastStop(rows) - startedAt;
		if (!done) {
			result.failures.push(
				`not every execution finished in time: ${rows.length} of ${batches.length} ` +
					`recorded (${statusCounts(rows)})`,
			);
		}
		log(`${result.label}: executions ${statusCounts(rows)}; wall ${seconds(result.wallMs)}`);
		const firstAnswer = sim.firstAnswerAt;
		log(
			`  database transactions: ${(await transactions(context)) - xactBefore}; first answer ` +
				`${firstAnswer === undefined ? '-' : seconds(firstAnswer - startedAt)} after the first call`,
		);
		log(
			`  answers (not 429) per ${context.windowMs / 1000}-s window from the first: ` +
				answersPerWindow(sim, context.windowMs).join(', '),
		);
		log(
			`  429s per window: ${perWindow(sim, sim.rateLimitedAt, context.windowMs).join(', ') || '-'}` +
				`; by tenth of the window: ${rateLimitedByTenth(sim, context.windowMs).join(', ')}`,
		);
		await checkExecutions(context, rows, false, result.failures);
		if (rows.length !== batches.length) {
			result.failures.push(`${rows.length} executions for ${batches.length} webhook calls`);
		}
		const counts = countAnswers(sim);
		result.answers = counts.answers;
		result.rateLimited = counts.rateLimited;
		result.failures.push(...archiveProblems(sim, users, counts));
		for (const [key, n] of counts.other) result.failures.push(`${n} unexpected answers ${key}`);
		checkPace(context, result);
	} catch (error) {
		result.failures.push(error instanceof Error ? error.message : String(error));
	} finally {
		result.failures.push(...loadFailures(context, started));
		await cluster.stopWorkers().catch(() => undefined);
		await sim?.stop();
	}
	return result;
}

/** Execution ids a worker's log says it started and did not finish. */
function unfinishedExecutions(worker: Worker): number[] {
	const output = worker.output();
	const startedIds = [...output.matchAll(/Worker started execution (\d+)/g)].map((m) =>
		Number(m[1]),
	);
	const finished = new Set(
		[...output.matchAll(/Worker finished execution (\d+)/g)].map((m) => Number(m[1])),
	);
	return startedIds.filter((id) => !finished.has(id));
}

/**
 * Two workers; once a quarter of the users are archived, the worker with the most
 * executions under way is killed with SIGKILL. Expected: n8n marks those executions
 * crashed (or failed), every other execution succeeds; posting the lost batches again
 * with Ignore Not Found on archives the rest, with a notFound marker for each user the
 * dead worker had already archived, and no user is archived twice. Never throws.
 */
export async function runWorkerKill(context: RunContext): Promise<RunResult> {
	const { cluster, log, users } = context;
	const result: RunResult = {
		label: 'worker killed',
		workers: 2,
		users: users.length,
		wallMs: Number.NaN,
		boundMs: boundMs(context),
		paced: false,
		answers: 0,
		rateLimited: 0,
		failures: [],
		misses: [],
		notes: [],
	};
	const note = (line: string): void => {
		result.notes.push(line);
		log(`  ${line}`);
	};
	let sim: IntercomSimulator | undefined;
	let started: Worker[] = [];
	try {
		sim = await freshSimulator(context);
		started = await cluster.startWorkers(2);
		const batches = makeBatches(users, context.calls);
		const before = await lastExecutionId(cluster.pg);
		log(`${result.label}: posting ${batches.length} batches of ${batches[0].users.length} users`);
		const startedAt = await postAll(context, batches);

		// Wait until a quarter is archived and a worker has executions under way.
		const killDeadline = Date.now() + result.boundMs + 60_000;
		while (sim.archivedIds().length < users.length / 4) {
			if (Date.now() > killDeadline) throw new Error('a quarter of the users was never archived');
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		const victim = [...started].sort(
			(a, b) => unfinishedExecutions(b).length - unfinishedExecutions(a).length,
		)[0];
		const inFlight = unfinishedExecutions(victim);
		const archivedBeforeKill = new Set(sim.archivedIds());
		const answersBeforeKill = sim.responses.length;
		await victim.stop('SIGKILL');
		const killedAt = Date.now();
		note(
			`killed worker ${victim.index} (pid ${victim.pid}) with SIGKILL at ` +
				`${seconds(killedAt - startedAt)}, ${archivedBeforeKill.size} of ${users.length} ` +
				`users archived; its log shows executions ${inFlight.join(', ')} under way`,
		);
		if (inFlight.length === 0) result.failures.push('the killed worker had no execution under way');

		// n8n's view: the dead worker's executions crashed or failed, the others succeeded.
		const first = await waitForExecutions(
			context,
			before,
			batches.length,
			result.boundMs * 3 + 180_000,
		);
		note(
			`n8n recorded: ${statusCounts(first.rows)} ` +
				`(${seconds(Date.now() - killedAt)} after the kill)`,
		);
		if (!first.done) result.failures.push('not every execution reached a final status in time');
		if (first.rows.length !== batches.length) {
			result.failures.push(`${first.rows.length} executions for ${batches.length} webhook calls`);
		}
		const lost = first.rows.filter((row) => inFlight.includes(row.id));
		for (const row of lost) {
			if (row.status !== 'crashed' && row.status !== 'error') {
				result.failures.push(`execution ${row.id} of the killed worker ended ${row.status}`);
			}
		}
		const others = first.rows.filter((row) => !inFlight.includes(row.id));
		const outcomes = await checkExecutions(context, others, false, result.failures);
		if (outcomes.size !== others.length) {
			result.failures.push('some executions of the surviving worker could not be read');
		}

		// Which batches were lost: those no surviving execution ran (a crashed execution
		// keeps no run data to read its batch from).
		const lostBatches = batches.filter((batch) => !outcomes.has(batch.index));
		if (lostBatches.length !== lost.length) {
			result.failures.push(
				`${lostBatches.length} batches without a successful execution, ${lost.length} executions lost`,
			);
		}
		const lostUsers = lostBatches.flatMap((batch) => batch.users);
		const doneBefore = lostUsers.filter((user) => archivedBeforeKill.has(user.id)).length;
		const lateIds = new Set(
			countAnswersSince(sim, answersBeforeKill).filter((id) => lostUsers.some((u) => u.id === id)),
		);
		const notSent = lostUsers.length - doneBefore - lateIds.size;
		note(
			`items in flight on the killed worker: ${lostUsers.length} in ${lost.length} executions ` +
				`(batches ${lostBatches.map((b) => b.index).join(', ')}): ${doneBefore} already archived ` +
				`(their results lost with the execution), ${lateIds.size} answered after the kill ` +
				`signal, ${notSent} not yet sent`,
		);

		// Re-run the lost batches with Ignore Not Found on.
		const beforeRerun = await lastExecutionId(cluster.pg);
		const answersBeforeRerun = sim.responses.length;
		await postAll(context, lostBatches, true);
		const rerun = await waitForExecutions(
			context,
			beforeRerun,
			lostBatches.length,
			boundMs(context, lostUsers.length) * 3 + 120_000,
		);
		result.wallMs = lastStop(rerun.rows) - startedAt;
		if (!rerun.done) result.failures.push('the re-run did not finish in time');
		const rerunOutcomes = await checkExecutions(context, rerun.rows, true, result.failures);
		let markers = 0;
		let archived = 0;
		for (const outcome of rerunOutcomes.values()) {
			markers += outcome.markers;
			archived += outcome.archived;
		}
		note(
			`re-run of ${lostBatches.length} batches with Ignore Not Found: ` +
				`${statusCounts(rerun.rows)}; ${archived} users archived now, ${markers} notFound ` +
				`markers (expected ${doneBefore + lateIds.size} for users archived before)`,
		);
		if (markers !== doneBefore + lateIds.size) {
			result.failures.push(
				`${markers} markers in the re-run, expected ${doneBefore + lateIds.size}`,
			);
		}
		const rerunCounts = countAnswers(sim, answersBeforeRerun);
		const counts = countAnswers(sim);
		result.answers = counts.answers;
		result.rateLimited = counts.rateLimited;
		result.failures.push(...archiveProblems(sim, users, counts));
		// Archive by Intercom ID follows a 404 with a Contacts API read (`GET /contacts/{id}`,
		// a 404 too for an archived user), which tells a lead from nobody: at most one per 404.
		const deleted404 = rerunCounts.other.get('DELETE 404') ?? 0;
		const leadReads = rerunCounts.other.get('GET 404') ?? 0;
		if (leadReads > deleted404) {
			result.failures.push(`${leadReads} re-run GET 404s, more than the ${deleted404} DELETE 404s`);
		}
		const notFound = [...rerunCounts.other].filter(
			([key]) => key !== 'DELETE 404' && key !== 'GET 404',
		);
		for (const [key, n] of notFound) result.failures.push(`${n} unexpected re-run answers ${key}`);
		note(
			`end state: ${sim.archivedIds().length} of ${users.length} archived, ` +
				`${Math.max(0, ...counts.archivedBy.values())} archive answer(s) per user at most`,
		);
	} catch (error) {
		result.failures.push(error instanceof Error ? error.message : String(error));
	} finally {
		result.failures.push(...loadFailures(context, started));
		await cluster.stopWorkers().catch(() => undefined);
		await sim?.stop();
	}
	return result;
}

/** Ids of users archived by answers from index `from` of `sim.responses` on. */
function countAnswersSince(sim: IntercomSimulator, from: number): string[] {
	return [...countAnswers(sim, from).archivedBy.keys()];
}
