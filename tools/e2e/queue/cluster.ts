/**
 * n8n in queue mode on this machine: Redis and PostgreSQL (tools/real-n8n/services.ts), one
 * user folder with the packed package installed once as a community package, the
 * credential and workflow imported and published with the CLI, one main (`n8n start`,
 * which takes the production webhook calls and puts executions on the queue) and any
 * number of workers (`n8n worker`), each a process with its own task-broker port and
 * the network guard preloaded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { NodeRuntime } from '../../real-n8n/cache';
import type { RunningN8n } from '../../real-n8n/instance';
import { N8nInstance } from '../../real-n8n/instance';
import type { Log } from '../../real-n8n/log';
import { freePort } from '../../real-n8n/process';
import type { PostgresService, RedisService } from '../../real-n8n/services';
import { startPostgres, startRedis } from '../../real-n8n/services';

/** The workflow: Webhook → Split Out → Intercom Users (Archive). */
export const WORKFLOW_FILE = path.join(__dirname, 'archive-webhook.workflow.json');
/** Its production webhook path (POST). */
export const WEBHOOK_PATH = 'webhook/queue-archive';
const CREDENTIAL_ID = 'queueIntercomCred';
const CREDENTIAL_NAME = 'Intercom (simulator)';

/** How many executions one worker runs at once (n8n's default for `n8n worker`). */
export const WORKER_CONCURRENCY = 10;

/**
 * Queue settings shared by main and workers. A worker that dies holds its jobs' locks
 * until they expire (n8n's default lock: 60 s); n8n sets Bull's maxStalledCount to 0,
 * so the next stall check (every 30 s by default) fails such a job instead of running
 * it again, and the main's sweep for executions left "running" without a job (every
 * 3 hours by default) marks them crashed. The test checks stalls every 10 s and sweeps
 * every 12 s. It keeps the default lock: a 20-second lock was lost by a live worker
 * starved of CPU here, and n8n then failed its execution as stalled.
 */
export const QUEUE_TIMINGS: Record<string, string> = {
	QUEUE_WORKER_STALLED_INTERVAL: '10000',
	// In minutes: every 12 s.
	N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '0.2',
};

/**
 * Further settings of every n8n process:
 * - a database pool of 10 connections: with n8n's default of 2, a worker running 10
 *   executions at once timed out waiting for a connection ("Database connection timed
 *   out") and lost execution updates;
 * - the `mcp-registry` module off: the main otherwise fetches
 *   https://api.n8n.io/api/mcp-servers at start-up, which the network guard refuses.
 *   With it off, any attempt to leave loopback fails the test.
 */
export const QUIET: Record<string, string> = {
	DB_POSTGRESDB_POOL_SIZE: '10',
	DB_POSTGRESDB_CONNECTION_TIMEOUT: '0',
	DB_PING_MAX_FAILURES_BEFORE_RECOVERY: '1000',
	N8N_DISABLED_MODULES: 'mcp-registry',
};

/**
 * The expression engine of every n8n process: `$QUEUE_EXPRESSION_ENGINE`, else
 * `legacy`. n8n 2.41.1's default, `vm` (isolated-vm), spent about 35 ms of CPU per
 * item of this workflow here (profile: 33 % of the worker's time in its bridge's
 * `execute`, 48 % in expression evaluation): 10,000 items would need some 350 CPU
 * seconds, more than two cores have in the 100-second rate-limit bound. `legacy`,
 * n8n's other engine, took 13 s for 1,000 items where `vm` took 56 s.
 */
export function expressionEngine(): string {
	return process.env.QUEUE_EXPRESSION_ENGINE || 'legacy';
}

/**
 * Lines in an n8n log that mean the package did not load (or its credential was not
 * known) in that process.
 */
export const LOAD_PROBLEMS = [
	/Unrecognized node type/i,
	/Unknown credential/i,
	/Credential type .* is not known/i,
	/Node type .* is not known/i,
	/Error loading package/i,
	/Problem loading/i,
	/Cannot find module/i,
	/Unrecognized credential type/i,
];

/** A running n8n worker. */
export interface Worker extends RunningN8n {
	/** 1, 2, … in the order started. */
	index: number;
}

/** Where and with what to set up the cluster. */
export interface ClusterOptions {
	runtime: NodeRuntime;
	n8nBin: string;
	/** A folder for everything (created): user folder, logs, Redis and PostgreSQL data. */
	dir: string;
	/** The packed package. */
	tarball: string;
	/** The simulator's base URL the credential points at. */
	simulatorUrl: string;
	/** The simulator's token. */
	token: string;
	log: Log;
}

/** Redis, PostgreSQL and the n8n processes of one queue-mode setup. */
export class QueueCluster {
	main: RunningN8n | undefined;

	workers: Worker[] = [];

	private started = 0;

	private constructor(
		readonly n8n: N8nInstance,
		readonly redis: RedisService,
		readonly pg: PostgresService,
		private readonly log: Log,
	) {}

	/**
	 * Starts Redis and PostgreSQL, makes the n8n user folder with the package, imports
	 * the credential and the workflow and publishes the workflow. Does not start the
	 * main (see {@link startMain}). On failure, stops what it started and throws.
	 */
	static async create(options: ClusterOptions): Promise<QueueCluster> {
		const { log } = options;
		const redis = await startRedis(path.join(options.dir, 'redis'));
		log(`Redis on 127.0.0.1:${redis.port}`);
		let pg: PostgresService;
		try {
			pg = await startPostgres({ dir: path.join(options.dir, 'postgres') });
		} catch (error) {
			await redis.stop();
			throw error;
		}
		log(`PostgreSQL 17 on 127.0.0.1:${pg.port}`);
		const cluster = new QueueCluster(
			await N8nInstance.create({
				runtime: options.runtime,
				n8nBin: options.n8nBin,
				dir: path.join(options.dir, 'n8n'),
				env: {
					EXECUTIONS_MODE: 'queue',
					...redis.n8nEnv,
					...pg.n8nEnv,
					...QUEUE_TIMINGS,
					...QUIET,
					N8N_EXPRESSION_ENGINE: expressionEngine(),
				},
			}),
			redis,
			pg,
			log,
		);
		try {
			const installed = await cluster.n8n.installPackage(options.tarball);
			log(`package ${installed.version} installed once, in ${cluster.n8n.nodesDir}`);
			await cluster.n8n.importCredentials([
				{
					id: CREDENTIAL_ID,
					name: CREDENTIAL_NAME,
					type: 'intercomAccessTokenApi',
					data: { accessToken: options.token, region: 'custom', baseUrl: options.simulatorUrl },
				},
			]);
			await cluster.n8n.importWorkflow(WORKFLOW_FILE);
			const { id } = JSON.parse(readFileSync(WORKFLOW_FILE, 'utf8')) as { id: string };
			await cluster.n8n.cli(['publish:workflow', `--id=${id}`]);
			log('credential and workflow imported, workflow published (CLI, on PostgreSQL)');
		} catch (error) {
			await cluster.stop();
			throw error;
		}
		return cluster;
	}

	/** Starts the main (`n8n start`) with WEBHOOK_URL set; resolves when it is ready. */
	async startMain(): Promise<RunningN8n> {
		const port = await freePort();
		this.main = await this.n8n.start({
			port,
			env: { WEBHOOK_URL: `http://127.0.0.1:${port}/` },
		});
		this.log(`n8n main on ${this.main.url}`);
		return this.main;
	}

	/** The production webhook URL. Throws when the main is not running. */
	webhookUrl(): string {
		if (!this.main) throw new Error('the n8n main is not running');
		return `${this.main.url}/${WEBHOOK_PATH}`;
	}

	/** Starts `count` workers (`n8n worker --concurrency=…`) side by side; resolves when all are ready. */
	async startWorkers(count: number): Promise<Worker[]> {
		const started = await Promise.all(
			Array.from({ length: count }, async () => {
				const worker = await this.n8n.start({
					command: 'worker',
					args: [`--concurrency=${WORKER_CONCURRENCY}`],
					// QUEUE_CPU_PROF=<folder>: each worker writes a V8 CPU profile there when it stops.
					env: process.env.QUEUE_CPU_PROF
						? {
								NODE_OPTIONS:
									`${this.n8n.env(0).NODE_OPTIONS} --cpu-prof ` +
									`--cpu-prof-dir=${process.env.QUEUE_CPU_PROF}`,
							}
						: {},
				});
				return Object.assign(worker, { index: ++this.started });
			}),
		);
		this.workers.push(...started);
		this.log(`${count} worker(s) ready: ${started.map((w) => `pid ${w.pid}`).join(', ')}`);
		return started;
	}

	/** Stops every worker (SIGTERM: n8n drains, then exits) and forgets them. */
	async stopWorkers(): Promise<void> {
		await Promise.all(this.workers.map((worker) => worker.stop('SIGTERM', 30_000)));
		this.workers = [];
	}

	/**
	 * The lines of every n8n process's output so far (main and workers, stopped ones
	 * included) that match {@link LOAD_PROBLEMS}, each prefixed with its log file's name.
	 */
	loadProblems(processes: RunningN8n[]): string[] {
		const found: string[] = [];
		for (const proc of processes) {
			for (const line of proc.output().split('\n')) {
				if (LOAD_PROBLEMS.some((pattern) => pattern.test(line))) {
					found.push(`${path.basename(proc.logFile)}: ${line.trim()}`);
				}
			}
		}
		return found;
	}

	/** Stops the workers, the main, PostgreSQL and Redis; never throws. */
	async stop(): Promise<void> {
		await this.stopWorkers().catch(() => undefined);
		await this.main?.stop('SIGTERM', 30_000).catch(() => undefined);
		await this.pg.stop().catch(() => undefined);
		await this.redis.stop().catch(() => undefined);
	}
}
