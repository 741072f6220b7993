/**
 * One n8n "instance": a fresh N8N_USER_FOLDER with the packed package installed as a
 * community package, and the n8n processes run against it, whether short CLI commands
 * (`import:credentials`, `import:workflow`, `execute`) or long-running ones
 * (`n8n start`, `n8n worker`, `n8n webhook`).
 *
 * Every n8n process runs with {@link NETWORK_GUARD} preloaded, which refuses any
 * connection or DNS lookup outside loopback and records it in {@link N8nInstance.netLog};
 * with usage data, version notifications, templates and banners turned off; with `HOME`
 * set to the user folder; with a fixed encryption key (so several processes can share
 * one database); and with a task-broker port of its own.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { NodeRuntime } from './cache';
import { cacheRoot, pathWith } from './cache';
import type { LineSpec } from './lines';
import { prepareLine } from './lines';
import type { Log, Timing } from './log';
import type { BackgroundProcess, RunResult } from './process';
import { baseEnv, freePort, mustRun, npmCommand, run, startBackground, tail } from './process';
import { PACKAGE_NAME } from './project';

/** The no-network guard every n8n process preloads (`NODE_OPTIONS=--require …`). */
export const NETWORK_GUARD = path.join(__dirname, 'no-network.cjs');

/** The N8N_ENCRYPTION_KEY of every instance. */
export const ENCRYPTION_KEY = 'n8n-nodes-intercom-users-e2e-fixed-key';

const MINUTE = 60_000;

/** A credential as `n8n import:credentials` reads it (the data unencrypted). */
export interface CredentialImport {
	id: string;
	name: string;
	/** The credential type's name, e.g. `intercomAccessTokenApi`. */
	type: string;
	data: Record<string, unknown>;
}

/** Where and how to make an instance. */
export interface InstanceOptions {
	/** The Node to run n8n with. */
	runtime: NodeRuntime;
	/** Absolute path of n8n's `bin/n8n` script (see `ensureN8n` in cache.ts). */
	n8nBin: string;
	/**
	 * A folder for this instance (created when missing): the user folder goes into
	 * `<dir>/user`, the logs and imported files into `<dir>`.
	 */
	dir: string;
	/** Extra environment for every n8n process of this instance (wins over the defaults). */
	env?: Record<string, string>;
	/** Further preloads (absolute paths) of every n8n process, after the network guard. */
	preloads?: string[];
}

/** A long-running n8n process started by {@link N8nInstance.start}, ready when returned. */
export interface RunningN8n extends BackgroundProcess {
	/** The HTTP port it listens on (n8n's server, or the worker's health server). */
	port: number;
	/** `http://127.0.0.1:<port>`. */
	url: string;
	/** The file its output is appended to. */
	logFile: string;
}

/** How to start a long-running n8n process. */
export interface StartOptions {
	/** The n8n command: `start` (default), `worker` or `webhook`. */
	command?: 'start' | 'worker' | 'webhook';
	/** Further CLI arguments, e.g. `['--concurrency=5']` for a worker. */
	args?: string[];
	/** Extra environment for this process only (e.g. EXECUTIONS_MODE, QUEUE_BULL_REDIS_PORT, DB_*). */
	env?: Record<string, string>;
	/** The HTTP port; a free one when unset. */
	port?: number;
	/**
	 * The path polled on 127.0.0.1:<port> until it answers 200; `/healthz/readiness`
	 * by default (database connected and migrated).
	 */
	readyPath?: string;
	/** Give up after this long (ms), stopping the process; 3 minutes by default. */
	readyTimeoutMs?: number;
}

/** Environment names of the caller that an n8n process must not inherit. */
const NOT_INHERITED =
	/^(N8N_|DB_|NODE_OPTIONS$|NODE_PATH$|NODE_FUNCTION_ALLOW|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|npm_)/i;

/** A fresh n8n user folder and the n8n processes run against it. */
export class N8nInstance {
	/** The folder for this instance's logs and files (absolute path). */
	readonly dir: string;
	/** N8N_USER_FOLDER and HOME of its n8n processes; n8n keeps its data in `<userFolder>/.n8n`. */
	readonly userFolder: string;
	/** Where community packages are installed: `<userFolder>/.n8n/nodes`. */
	readonly nodesDir: string;
	/**
	 * The network guard's log: one JSON line per refused attempt. The guard also appends
	 * each process id to `<netLog>.loaded` when it loads.
	 */
	readonly netLog: string;
	/** The Node its n8n processes run on. */
	readonly runtime: NodeRuntime;
	/** Absolute path of n8n's `bin/n8n` script. */
	readonly n8nBin: string;
	/** `InstanceOptions.env`. */
	private readonly extraEnv: Record<string, string>;
	/** The network guard, then `InstanceOptions.preloads`. */
	private readonly preloads: string[];
	/** The task-broker port of the short CLI commands (they run one at a time). */
	private readonly cliBrokerPort: number;

	private constructor(options: InstanceOptions, cliBrokerPort: number) {
		this.dir = path.resolve(options.dir);
		this.userFolder = path.join(this.dir, 'user');
		this.nodesDir = path.join(this.userFolder, '.n8n', 'nodes');
		this.netLog = path.join(this.dir, 'network-attempts.jsonl');
		this.runtime = options.runtime;
		this.n8nBin = options.n8nBin;
		this.extraEnv = options.env ?? {};
		this.preloads = [NETWORK_GUARD, ...(options.preloads ?? [])];
		this.cliBrokerPort = cliBrokerPort;
	}

	/** Makes the folders of a new instance (see {@link InstanceOptions.dir}). */
	static async create(options: InstanceOptions): Promise<N8nInstance> {
		const instance = new N8nInstance(options, await freePort());
		mkdirSync(instance.nodesDir, { recursive: true });
		return instance;
	}

	/**
	 * The environment of one n8n process: the caller's basics (none of its n8n,
	 * database or npm settings), then this instance's settings, then `InstanceOptions.env`,
	 * then `extra`. `brokerPort` is that process's N8N_RUNNERS_BROKER_PORT.
	 */
	env(brokerPort: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {};
		for (const [name, value] of Object.entries(baseEnv())) {
			if (!NOT_INHERITED.test(name)) env[name] = value;
		}
		return {
			...env,
			PATH: pathWith(this.runtime),
			HOME: this.userFolder,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			EXTERNAL_FRONTEND_HOOKS_URLS: '',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_RUNNERS_ENABLED: 'true',
			N8N_RUNNERS_MODE: 'internal',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '2',
			GENERIC_TIMEZONE: 'UTC',
			N8N_LOG_LEVEL: 'info',
			NODE_OPTIONS: this.preloads.map((file) => `--require "${file}"`).join(' '),
			E2E_NET_LOG: this.netLog,
			...this.extraEnv,
			...extra,
		};
	}

	/**
	 * Installs the packed package into `.n8n/nodes` with `npm install <tarball>
	 * --omit=dev --omit=peer --ignore-scripts`, the way n8n finds community packages,
	 * so its node types are named `<PACKAGE_NAME>.<node>`. n8n-workflow, a peer
	 * dependency, is left out: n8n resolves it to its own copy. Returns the installed
	 * version; throws when npm fails (log: `<dir>/npm-install-package.log`).
	 */
	async installPackage(tarball: string): Promise<{ version: string }> {
		writeFileSync(
			path.join(this.nodesDir, 'package.json'),
			`${JSON.stringify({ name: 'installed-nodes', private: true }, null, 2)}\n`,
		);
		await mustRun(
			'npm install <tarball> into .n8n/nodes',
			npmCommand(),
			[
				'install',
				tarball,
				'--ignore-scripts',
				'--omit=dev',
				'--omit=peer',
				'--no-audit',
				'--no-fund',
				'--no-package-lock',
				'--prefer-offline',
			],
			{
				cwd: this.nodesDir,
				timeoutMs: 5 * MINUTE,
				logFile: path.join(this.dir, 'npm-install-package.log'),
			},
		);
		const manifest = path.join(this.nodesDir, 'node_modules', PACKAGE_NAME, 'package.json');
		return JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
	}

	/**
	 * Runs `n8n <args>` to completion (4 minutes at most), its output appended to
	 * `<dir>/n8n-<first argument>.log`. Throws when it fails (see `mustRun`).
	 */
	cli(args: string[]): Promise<RunResult> {
		const name = args[0].replace(/^-+/, '').replace(/[^a-z]/gi, '-');
		return mustRun(`n8n ${args.join(' ')}`, this.runtime.bin, [this.n8nBin, ...args], {
			cwd: this.dir,
			env: this.env(this.cliBrokerPort),
			timeoutMs: 4 * MINUTE,
			logFile: path.join(this.dir, `n8n-${name}.log`),
		});
	}

	/** `n8n --version`: the version it printed on its last line of output. Throws on failure. */
	async version(): Promise<string | undefined> {
		const result = await this.cli(['--version']);
		return result.stdout.trim().split('\n').pop()?.trim();
	}

	/**
	 * Writes the credentials to `<dir>/credentials.json` and runs `n8n import:credentials`
	 * on it. Throws when the import fails.
	 */
	async importCredentials(credentials: CredentialImport[]): Promise<RunResult> {
		const file = path.join(this.dir, 'credentials.json');
		writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`);
		return this.cli(['import:credentials', `--input=${file}`]);
	}

	/** Runs `n8n import:workflow --input=<file>`. Throws when the import fails. */
	importWorkflow(file: string): Promise<RunResult> {
		return this.cli(['import:workflow', `--input=${file}`]);
	}

	/**
	 * Runs `n8n execute --id=<workflowId> --rawOutput` (4 minutes at most), its output
	 * appended to `<dir>/execute.log`. Does not throw when n8n fails: the caller checks
	 * the result (see `extractExecutionJson` in tools/e2e/checks.ts for the printed JSON).
	 */
	execute(workflowId: string): Promise<RunResult> {
		return run(this.runtime.bin, [this.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
			cwd: this.dir,
			env: this.env(this.cliBrokerPort),
			timeoutMs: 4 * MINUTE,
			logFile: path.join(this.dir, 'execute.log'),
		});
	}

	/**
	 * Starts a long-running `n8n start` (default), `n8n worker` or `n8n webhook` with a
	 * task-broker port of its own, listening on 127.0.0.1:<port> (N8N_PORT for start
	 * and webhook; the worker's health server, QUEUE_HEALTH_CHECK_*, for worker), and
	 * resolves once `GET <readyPath>` answers 200. Its output goes to
	 * `<dir>/n8n-<command>-<port>.log`. Throws, with the end of its output, when it
	 * exits first or is not ready within `readyTimeoutMs` (it is then stopped). Stop it
	 * with `stop()`; it is also killed when this process exits.
	 */
	async start(options: StartOptions = {}): Promise<RunningN8n> {
		const command = options.command ?? 'start';
		const port = options.port ?? (await freePort());
		const listen: Record<string, string> =
			command === 'worker'
				? {
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(port),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					}
				: { N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_HOST: '127.0.0.1' };
		const logFile = path.join(this.dir, `n8n-${command}-${port}.log`);
		const env = this.env(await freePort(), { ...listen, ...options.env });
		const child = await startBackground(
			this.runtime.bin,
			[this.n8nBin, command, ...(options.args ?? [])],
			{ cwd: this.dir, env, logFile },
		);
		const url = `http://127.0.0.1:${port}`;
		const readyUrl = `${url}${options.readyPath ?? '/healthz/readiness'}`;
		const deadline = Date.now() + (options.readyTimeoutMs ?? 3 * MINUTE);
		for (;;) {
			if (child.hasExited()) {
				const ended = await child.exited;
				throw new Error(
					`n8n ${command} ended before it was ready (exit code ${ended.code}, signal ` +
						`${ended.signal}; log: ${logFile})\n--- last output ---\n${tail(child.output())}`,
				);
			}
			if (await answers200(readyUrl)) break;
			if (Date.now() > deadline) {
				await child.stop();
				throw new Error(
					`n8n ${command} was not ready at ${readyUrl} in time (log: ${logFile})\n` +
						`--- last output ---\n${tail(child.output())}`,
				);
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		return Object.assign(child, { port, url, logFile });
	}

	/** True when the network guard was loaded into at least one n8n process. */
	guardLoaded(): boolean {
		return existsSync(`${this.netLog}.loaded`);
	}

	/** The attempts the network guard refused, one JSON text each (empty: none). */
	networkAttempts(): string[] {
		if (!existsSync(this.netLog)) return [];
		const text = readFileSync(this.netLog, 'utf8').trim();
		return text ? text.split('\n') : [];
	}
}

/** True when a GET of `url` answers 200 within 2 s; false on any other answer or error. */
async function answers200(url: string): Promise<boolean> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
		await response.arrayBuffer();
		return response.status === 200;
	} catch {
		return false;
	}
}

/**
 * The usual set-up of one instance: the line's Node and n8n from the cache (installed
 * when missing, with `timings` steps as in {@link prepareLine}), a fresh instance in
 * `dir` with the line's environment, and the packed package `tarball` installed in it.
 * Throws when an install fails.
 */
export async function instanceWithPackage(
	line: LineSpec,
	dir: string,
	tarball: string,
	log: Log,
	timings: Timing[],
): Promise<N8nInstance> {
	const { runtime, n8nBin } = await prepareLine(line, cacheRoot(), log, timings);
	const n8n = await N8nInstance.create({ runtime, n8nBin, dir, env: line.env });
	await n8n.installPackage(tarball);
	return n8n;
}
