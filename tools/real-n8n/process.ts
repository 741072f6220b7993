/**
 * Child processes for the real-n8n tools. Every command runs without a shell in a
 * process group of its own; when it ends, times out or this process exits, the whole
 * group is killed, so no helper it started (such as n8n's task runner) outlives it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

import { seconds } from './log';
import { PROJECT_ROOT } from './project';

/** Process-group ids of the children still running; killed on exit or signal. */
const liveGroups = new Set<number>();

/** Sends SIGKILL to the process group `pid` leads; a group already gone is fine. */
export function killGroup(pid: number): void {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

/** Kills every process group started here that is still running. */
export function killAllGroups(): void {
	for (const pid of liveGroups) killGroup(pid);
}

// A plain `process.exit()` still runs 'exit' listeners: no group survives it.
process.on('exit', killAllGroups);

/** Kills the children's process groups, then exits with `code`. */
export function exitAfterCleanup(code: number): never {
	killAllGroups();
	process.exit(code);
}

/**
 * Makes SIGINT and SIGTERM kill the children's process groups first and then exit
 * with 130 and 143. Needed because children run in process groups of their own, so
 * Ctrl-C in a terminal does not reach them. Call once, at start-up.
 */
export function killChildrenOnSignals(): void {
	process.once('SIGINT', () => exitAfterCleanup(130));
	process.once('SIGTERM', () => exitAfterCleanup(143));
}

/** What a finished command did. */
export interface RunResult {
	/** Exit code, or null when it was ended by a signal. */
	code: number | null;
	signal: NodeJS.Signals | null;
	/** Everything it printed on stdout and stderr, as UTF-8 text. */
	stdout: string;
	stderr: string;
	/** Wall time from spawn to close (ms). */
	ms: number;
	/** True when it was killed because it ran past `timeoutMs`. */
	timedOut: boolean;
}

/** How to run a command. */
export interface RunOptions {
	/** Working folder; the project root when unset. */
	cwd?: string;
	/** The complete environment; {@link baseEnv} when unset. */
	env?: NodeJS.ProcessEnv;
	/** Kill the process group after this long (ms); the result then has `timedOut`. */
	timeoutMs: number;
	/** Also append everything the command prints to this file. */
	logFile?: string;
}

/**
 * Runs a command in its own process group without a shell and collects its output.
 * Asynchronous on purpose: a simulator the command talks to may answer from this
 * process's event loop. Resolves when the command has ended (or was killed after
 * `timeoutMs`); rejects only when it cannot be started at all.
 */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawnInGroup(command, args, options);
		const pid = child.pid;
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: string) => {
			stdout += chunk;
		});
		child.stderr?.on('data', (chunk: string) => {
			stderr += chunk;
		});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			if (pid !== undefined) killGroup(pid);
		}, options.timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			if (pid !== undefined) liveGroups.delete(pid);
			reject(new Error(`cannot start ${command}: ${error.message}`));
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (pid !== undefined) {
				killGroup(pid);
				liveGroups.delete(pid);
			}
			resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut });
		});
	});
}

/**
 * Spawns `command` detached (its own process group), with stdout and stderr as UTF-8
 * pipes that are also appended to `options.logFile` when set, and registers the group
 * for the kill on exit. `timeoutMs` is not applied here.
 */
function spawnInGroup(
	command: string,
	args: string[],
	options: Omit<RunOptions, 'timeoutMs'>,
): ChildProcess {
	const spawnOptions: SpawnOptions = {
		cwd: options.cwd ?? PROJECT_ROOT,
		env: options.env ?? baseEnv(),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	};
	const child = spawn(command, args, spawnOptions);
	if (child.pid !== undefined) liveGroups.add(child.pid);
	const append = (text: string): void => {
		if (options.logFile) writeFileSync(options.logFile, text, { flag: 'a' });
	};
	child.stdout?.setEncoding('utf8').on('data', append);
	child.stderr?.setEncoding('utf8').on('data', append);
	return child;
}

/** The last `lines` lines of `text`, trailing whitespace removed. */
export function tail(text: string, lines = 40): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** How a command ended, e.g. `exit code 1`, `killed by SIGTERM`, `timed out after 240.0s`. */
export function describeExit(result: RunResult): string {
	if (result.timedOut) return `timed out after ${seconds(result.ms)}`;
	if (result.signal) return `killed by ${result.signal}`;
	return `exit code ${result.code}`;
}

/**
 * Runs a command that must succeed (exit code 0, in time). Otherwise throws an Error
 * whose message starts with `<label> failed: <how it ended>` and ends with the last
 * 40 lines of its output.
 */
export async function mustRun(
	label: string,
	command: string,
	args: string[],
	options: RunOptions,
): Promise<RunResult> {
	const result = await run(command, args, options);
	if (result.code !== 0 || result.timedOut) {
		const where = options.logFile ? ` (full log: ${options.logFile})` : '';
		throw new Error(
			`${label} failed: ${describeExit(result)}${where}\n` +
				`--- last output ---\n${tail(`${result.stdout}\n${result.stderr}`)}`,
		);
	}
	return result;
}

/** A command started with {@link startBackground} that keeps running until stopped. */
export interface BackgroundProcess {
	/** Process id, which is also its process-group id. */
	readonly pid: number;
	/** Everything it printed so far on stdout and stderr, interleaved, as UTF-8 text. */
	output(): string;
	/** Resolves when it has ended, for whatever reason. */
	readonly exited: Promise<RunResult>;
	/** True once it has ended. */
	hasExited(): boolean;
	/**
	 * Sends `signal` (SIGTERM by default) to its process group, waits up to `graceMs`
	 * (default 20 s) for it to end, then kills the group. Resolves with how it ended;
	 * calling it again, or after it ended by itself, just returns that.
	 */
	stop(signal?: NodeJS.Signals, graceMs?: number): Promise<RunResult>;
}

/**
 * Starts a long-running command (a server, a worker) in its own process group and
 * returns at once. Its output is collected (and appended to `options.logFile` when
 * set); its group is killed on stop, on exit of this process, or when it ends.
 * Throws when the command cannot be started.
 */
export async function startBackground(
	command: string,
	args: string[],
	options: Omit<RunOptions, 'timeoutMs'>,
): Promise<BackgroundProcess> {
	const started = Date.now();
	const child = spawnInGroup(command, args, options);
	const pid = child.pid;
	let stdout = '';
	let stderr = '';
	let combined = '';
	child.stdout?.on('data', (chunk: string) => {
		stdout += chunk;
		combined += chunk;
	});
	child.stderr?.on('data', (chunk: string) => {
		stderr += chunk;
		combined += chunk;
	});
	let ended: RunResult | undefined;
	const exited = new Promise<RunResult>((resolve) => {
		child.on('close', (code, signal) => {
			if (pid !== undefined) {
				killGroup(pid);
				liveGroups.delete(pid);
			}
			ended = { code, signal, stdout, stderr, ms: Date.now() - started, timedOut: false };
			resolve(ended);
		});
	});
	await new Promise<void>((resolve, reject) => {
		child.once('spawn', () => resolve());
		child.once('error', (error) => {
			if (pid !== undefined) liveGroups.delete(pid);
			reject(new Error(`cannot start ${command}: ${error.message}`));
		});
	});
	return {
		pid: pid as number,
		output: () => combined,
		exited,
		hasExited: () => ended !== undefined,
		async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<RunResult> {
			if (ended) return ended;
			try {
				process.kill(-(pid as number), signal);
			} catch {
				// already gone
			}
			const timer = setTimeout(() => killGroup(pid as number), graceMs);
			const result = await exited;
			clearTimeout(timer);
			return result;
		},
	};
}

/** A TCP port that was free a moment ago on 127.0.0.1 (e.g. for n8n's task broker). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				if (address && typeof address === 'object') resolve(address.port);
				else reject(new Error('no port'));
			});
		});
	});
}

/**
 * This process's environment without what `npm run` adds about the calling project
 * (npm_package_*, npm_lifecycle_*, npm_config_local_prefix, …), so that the npm and
 * n8n processes started here only see their own folders. The caller's npm settings
 * (registry, cache, userconfig) stay.
 */
export function baseEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (
			/^npm_(package_|lifecycle_|command$|execpath$|node_execpath$|config_local_prefix$)/i.test(
				name,
			)
		) {
			continue;
		}
		env[name] = value;
	}
	return env;
}

/** The npm executable to spawn: `npm`, or `npm.cmd` on Windows. */
export function npmCommand(): string {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/**
 * Runs a test's `main` as the whole process: the children are killed on SIGINT or
 * SIGTERM, and the process exits with the code `main` resolves with; an error is
 * printed, counted as one failure (`0 passed, 1 failed`) and exits with 1.
 */
export function runEntry(main: () => Promise<number>): void {
	killChildrenOnSignals();
	main().then(
		(code) => exitAfterCleanup(code),
		(error: unknown) => {
			console.error(error instanceof Error ? (error.stack ?? error.message) : error);
			console.log('0 passed, 1 failed');
			exitAfterCleanup(1);
		},
	);
}
