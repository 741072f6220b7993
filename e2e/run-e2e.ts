/**
 * `npm run test:e2e`: the package, packed as npm would publish it, installed into
 * real n8n releases as a community package and run by n8n's own CLI against the
 * local Intercom simulator.
 *
 * 1. `npm run build`, then `npm pack` into a temporary folder.
 * 2. For each n8n line (2.x on Node 24, 1.x on the Node running this script):
 *    install that n8n (and Node 24) into a cache outside the project, once; a
 *    marker file makes later runs reuse it.
 * 3. A fresh N8N_USER_FOLDER per line; the tarball is installed into its
 *    `.n8n/nodes` folder, where n8n loads community packages from, so the node type
 *    is `n8n-nodes-intercom-users.intercomUsers`.
 * 4. The Intercom simulator starts in this process; `n8n import:credentials` and
 *    `n8n import:workflow` load e2e/archive-three-ways.workflow.json and a credential
 *    pointing at it; `n8n execute --id … --rawOutput` runs it.
 * 5. The execution's output (three User objects, paired items) and the requests the
 *    simulator received (method, raw path and query, headers) are checked.
 *
 * Environment: E2E_CACHE_DIR (cache root), E2E_LINES (e.g. "2.x" or "1.x,2.x"),
 * E2E_N8N1_VERSION, E2E_N8N2_VERSION, E2E_NODE24_VERSION (override the pins),
 * E2E_N8N1_EXPRESSION_ENGINE, E2E_KEEP_TMP=1 (keep the temporary folder).
 * See e2e/README.md.
 */
import { spawn } from 'node:child_process';
import type { SpawnOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { DEFAULT_TOKEN, IntercomSimulator, loadSeedUsers } from '../intercom-simulator/simulator';
import type { RecordedRequest, SimUser } from '../intercom-simulator/simulator';

// ---------------------------------------------------------------------------
// Pins
// ---------------------------------------------------------------------------

/** n8n 2.x line (needs Node >= 24). 2.41.3, the registry's `latest`, does not resolve here. */
const N8N2_VERSION = process.env.E2E_N8N2_VERSION || '2.41.1';
/** Node 24 from the npm registry's `node-<os>-<arch>` package, for the 2.x line. */
const NODE24_VERSION = process.env.E2E_NODE24_VERSION || '24.22.3';
/**
 * n8n 1.x line, run on the Node that runs this script (Node 20 in CI). 1.123.81 is
 * the newest 1.x release; its engines field accepts Node >= 20.19.
 */
const N8N1_VERSION = process.env.E2E_N8N1_VERSION || '1.123.81';

const PACKAGE_NAME = 'n8n-nodes-intercom-users';
const NODE_TYPE = `${PACKAGE_NAME}.intercomUsers`;
const WORKFLOW_FILE = path.join(__dirname, 'archive-three-ways.workflow.json');
const NETWORK_GUARD = path.join(__dirname, 'no-network.cjs');
const PROJECT_ROOT = path.resolve(__dirname, '..');
const CREDENTIAL_ID = 'e2eIntercomCred';
const CREDENTIAL_NAME = 'Intercom (simulator)';
const ENCRYPTION_KEY = 'n8n-nodes-intercom-users-e2e-fixed-key';
const INSTALL_MARKER = '.e2e-install-complete.json';

const MINUTE = 60_000;

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

const runStart = Date.now();

function log(message: string): void {
	const elapsed = ((Date.now() - runStart) / 1000).toFixed(1).padStart(6);
	console.log(`[e2e ${elapsed}s] ${message}`);
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)}s`;
}

/** Child processes still running, by process-group id, killed on exit or signal. */
const liveGroups = new Set<number>();

function killGroup(pid: number): void {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
	timedOut: boolean;
}

interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs: number;
	/** Also append everything the command prints to this file. */
	logFile?: string;
}

/**
 * Runs a command in its own process group without a shell and collects its output.
 * Asynchronous on purpose: the simulator answers from this process's event loop.
 * After the command ends (or times out) the whole group is killed, so no helper it
 * started (such as n8n's task runner) outlives it.
 */
function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const spawnOptions: SpawnOptions = {
			cwd: options.cwd ?? PROJECT_ROOT,
			env: options.env ?? baseEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		};
		const child = spawn(command, args, spawnOptions);
		const pid = child.pid;
		if (pid !== undefined) liveGroups.add(pid);
		let stdout = '';
		let stderr = '';
		const append = (text: string): void => {
			if (options.logFile) writeFileSync(options.logFile, text, { flag: 'a' });
		};
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
			append(chunk);
		});
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
			append(chunk);
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

function tail(text: string, lines = 40): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function describeExit(result: RunResult): string {
	if (result.timedOut) return `timed out after ${seconds(result.ms)}`;
	if (result.signal) return `killed by ${result.signal}`;
	return `exit code ${result.code}`;
}

/** Runs a command that must succeed; throws with the end of its output otherwise. */
async function mustRun(label: string, command: string, args: string[], options: RunOptions): Promise<RunResult> {
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

/** A TCP port that was free a moment ago on 127.0.0.1 (for n8n's task broker). */
function freePort(): Promise<number> {
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

function readJson(file: string): unknown {
	return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * This process's environment without what `npm run` adds about the calling project
 * (npm_package_*, npm_lifecycle_*, npm_config_local_prefix, …), so that the npm and
 * n8n processes started here only see their own folders. The caller's npm settings
 * (registry, cache, userconfig) stay.
 */
function baseEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (/^npm_(package_|lifecycle_|command$|execpath$|node_execpath$|config_local_prefix$)/i.test(name)) continue;
		env[name] = value;
	}
	return env;
}

function npmCommand(): string {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

// ---------------------------------------------------------------------------
// Cache: Node 24 and n8n installs, reused between runs
// ---------------------------------------------------------------------------

function cacheRoot(): string {
	if (process.env.E2E_CACHE_DIR) return path.resolve(process.env.E2E_CACHE_DIR);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, `${PACKAGE_NAME}-e2e`);
}

/** True when `dir` holds a completed install (its marker file exists). */
function installComplete(dir: string): boolean {
	return existsSync(path.join(dir, INSTALL_MARKER));
}

/** Removes `<finalDir>.partial-<pid>` folders whose process is gone (interrupted installs). */
function removeAbandonedWorkDirs(finalDir: string): void {
	const prefix = `${path.basename(finalDir)}.partial-`;
	for (const name of readdirSync(path.dirname(finalDir))) {
		if (!name.startsWith(prefix)) continue;
		const pid = Number(name.slice(prefix.length));
		let alive = false;
		try {
			process.kill(pid, 0);
			alive = Number.isInteger(pid) && pid > 0;
		} catch {
			alive = false;
		}
		if (!alive) {
			log(`removing ${path.join(path.dirname(finalDir), name)}, left by an interrupted install`);
			rmSync(path.join(path.dirname(finalDir), name), { recursive: true, force: true });
		}
	}
}

/**
 * Builds `finalDir` through `build(workDir)` in a sibling work folder and renames it
 * into place only when complete, so an interrupted install is never taken for a
 * finished one and two runs never share a half-built folder.
 */
async function installOnce(
	finalDir: string,
	what: string,
	build: (workDir: string, logFile: string) => Promise<void>,
): Promise<{ cached: boolean; ms: number }> {
	if (installComplete(finalDir)) return { cached: true, ms: 0 };
	const started = Date.now();
	mkdirSync(path.dirname(finalDir), { recursive: true });
	if (existsSync(finalDir)) {
		log(`${finalDir} has no ${INSTALL_MARKER} (an unfinished install?): removing it`);
		rmSync(finalDir, { recursive: true, force: true });
	}
	removeAbandonedWorkDirs(finalDir);
	const workDir = `${finalDir}.partial-${process.pid}`;
	rmSync(workDir, { recursive: true, force: true });
	mkdirSync(workDir, { recursive: true });
	const logFile = path.join(workDir, 'e2e-install.log');
	log(`installing ${what} into ${finalDir} (log: ${path.join(finalDir, 'e2e-install.log')})`);
	try {
		await build(workDir, logFile);
		writeFileSync(
			path.join(workDir, INSTALL_MARKER),
			`${JSON.stringify({ what, installedAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000 }, null, 2)}\n`,
		);
		try {
			renameSync(workDir, finalDir);
		} catch (error) {
			if (!installComplete(finalDir)) throw error;
			// another run finished the same install first: use theirs
			rmSync(workDir, { recursive: true, force: true });
		}
	} catch (error) {
		log(`install of ${what} failed; its work folder is kept for inspection: ${workDir}`);
		throw error;
	}
	return { cached: false, ms: Date.now() - started };
}

interface NodeRuntime {
	/** The `node` binary. */
	bin: string;
	/** The folder with include/node, for native rebuilds (npm_config_nodedir). */
	nodedir: string;
	version: string;
}

/** Node 24 from the npm registry package `node-<platform>-<arch>`. */
async function ensureNode24(root: string, timings: Timing[]): Promise<NodeRuntime> {
	const packageName = `node-${process.platform}-${process.arch}`;
	const dir = path.join(root, `node-${NODE24_VERSION}`);
	const result = await installOnce(dir, `${packageName}@${NODE24_VERSION}`, async (workDir, logFile) => {
		writeFileSync(path.join(workDir, 'package.json'), `${JSON.stringify({ name: 'e2e-node24', private: true }, null, 2)}\n`);
		await mustRun(
			`npm install ${packageName}@${NODE24_VERSION}`,
			npmCommand(),
			['install', '--no-audit', '--no-fund', '--save-exact', `${packageName}@${NODE24_VERSION}`],
			{ cwd: workDir, timeoutMs: 10 * MINUTE, logFile },
		);
	});
	timings.push({ step: `Node ${NODE24_VERSION} install`, ms: result.ms, cached: result.cached });
	const nodedir = path.join(dir, 'node_modules', packageName);
	const bin = path.join(nodedir, 'bin', 'node');
	const version = (await mustRun('node --version', bin, ['--version'], { timeoutMs: MINUTE })).stdout.trim();
	if (version !== `v${NODE24_VERSION}`) {
		throw new Error(`${bin} reports ${version}, expected v${NODE24_VERSION}`);
	}
	return { bin, nodedir, version };
}

/** The Node running this script (the system Node in CI), for the 1.x line. */
function currentNode(): NodeRuntime {
	const prefix = path.dirname(path.dirname(process.execPath));
	return { bin: process.execPath, nodedir: prefix, version: process.version };
}

/** PATH with the given Node's folder first, so npm and node-gyp run on that Node. */
function pathWith(runtime: NodeRuntime): string {
	return [path.dirname(runtime.bin), process.env.PATH ?? ''].join(path.delimiter);
}

/**
 * Installs n8n@version with npm, skipping install scripts (several of n8n's
 * dependencies try to download prebuilt binaries from outside the npm registry),
 * then builds the one native module the CLI needs, sqlite3, from source against
 * `runtime`'s headers.
 */
async function ensureN8n(
	root: string,
	version: string,
	runtime: NodeRuntime,
	overrides: Record<string, string> | undefined,
	timings: Timing[],
): Promise<string> {
	// sqlite3 is built for one Node ABI, so the folder is per Node major version.
	const nodeMajor = runtime.version.replace(/^v/, '').split('.')[0];
	const dir = path.join(root, `n8n-${version}-node${nodeMajor}`);
	const result = await installOnce(dir, `n8n@${version} (for Node ${runtime.version})`, async (workDir, logFile) => {
		const manifest: Record<string, unknown> = {
			name: 'n8n-e2e-install',
			private: true,
			description: `n8n ${version} for the ${PACKAGE_NAME} end-to-end test`,
			dependencies: { n8n: version },
		};
		if (overrides) manifest.overrides = overrides;
		writeFileSync(path.join(workDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		const env: NodeJS.ProcessEnv = { ...baseEnv(), PATH: pathWith(runtime) };
		log(`  npm install n8n@${version} --ignore-scripts (several minutes) ...`);
		const install = await mustRun(
			`npm install n8n@${version}`,
			npmCommand(),
			['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
			{ cwd: workDir, env, timeoutMs: 20 * MINUTE, logFile },
		);
		log(`  npm install done in ${seconds(install.ms)}`);
		log(`  npm rebuild sqlite3 from source against Node ${runtime.version} headers ...`);
		const rebuild = await mustRun(
			'npm rebuild sqlite3',
			npmCommand(),
			['rebuild', 'sqlite3', '--build-from-source', '--loglevel=error'],
			{
				cwd: workDir,
				env: { ...env, npm_config_nodedir: runtime.nodedir, npm_config_build_from_source: 'true' },
				timeoutMs: 15 * MINUTE,
				logFile,
			},
		);
		log(`  sqlite3 rebuilt in ${seconds(rebuild.ms)}`);
		await mustRun(
			'loading sqlite3',
			runtime.bin,
			['-e', 'require("sqlite3"); console.log("sqlite3 loads")'],
			{ cwd: workDir, timeoutMs: MINUTE, logFile },
		);
	});
	timings.push({ step: `n8n ${version} install`, ms: result.ms, cached: result.cached });
	const installed = readJson(path.join(dir, 'node_modules', 'n8n', 'package.json')) as { version?: string };
	if (installed.version !== version) {
		throw new Error(`${dir} holds n8n ${String(installed.version)}, expected ${version}; delete that folder`);
	}
	return path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
}

// ---------------------------------------------------------------------------
// The test of one n8n line
// ---------------------------------------------------------------------------

interface Timing {
	step: string;
	ms: number;
	cached?: boolean;
}

interface LineSpec {
	label: string;
	n8nVersion: string;
	runtime: (root: string, timings: Timing[]) => Promise<NodeRuntime>;
	overrides?: Record<string, string>;
	/** Extra environment for this line's n8n processes. */
	env?: Record<string, string>;
	/** Why `env` is needed, printed with the result. */
	note?: string;
}

interface LineResult {
	label: string;
	n8nVersion: string;
	nodeVersion: string;
	passed: boolean;
	failures: string[];
	timings: Timing[];
	note?: string;
}

/** The three archives the workflow asks for, in item order. */
const EXPECTED = [
	{ selector: 'id', userId: '5714dd359a3fd47136000001', path: '/users/5714dd359a3fd47136000001', rawQuery: '' },
	{ selector: 'email', userId: '5714dd359a3fd47136000002', path: '/users', rawQuery: 'email=first%2Btag%40example.com' },
	{ selector: 'user_id', userId: '5714dd359a3fd47136000008', path: '/users', rawQuery: 'user_id=32' },
];

/**
 * The JSON document `n8n execute --rawOutput` printed. n8n prints it with
 * JSON.stringify(…, null, 2), so its first and last lines are a lone `{` and `}` at
 * column 0; log lines may come before or after it on the same stream.
 */
function extractExecutionJson(output: string): Record<string, unknown> | undefined {
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
					return parsed as Record<string, unknown>;
				}
			} catch {
				// not this pair
			}
		}
	}
	return undefined;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** Items a node output on its first main output in its first run. */
function nodeOutput(execution: Json, nodeName: string): Json[] | undefined {
	const runData = asObject(asObject(asObject(execution.data)?.resultData)?.runData);
	const runs = runData?.[nodeName];
	if (!Array.isArray(runs) || runs.length === 0) return undefined;
	const main = asObject(asObject(runs[0])?.data)?.main;
	if (!Array.isArray(main) || !Array.isArray(main[0])) return undefined;
	return main[0] as Json[];
}

function header(request: RecordedRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

function checkExecution(execution: Json, seed: Map<string, SimUser>, failures: string[]): void {
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
		failures.push(`the last node executed is ${String(resultData?.lastNodeExecuted)}, not "Intercom Users"`);
	}
	const inputs = nodeOutput(execution, 'Users to archive');
	if (inputs?.length !== 3) failures.push(`"Users to archive" output ${inputs?.length ?? 'no'} items, expected 3`);
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
			failures.push(`item ${index} pairedItem is ${JSON.stringify(item.pairedItem)}, expected {"item":${index}}`);
		}
		const error = (json as Json).error;
		if (error !== undefined) failures.push(`item ${index} carries an error: ${String(error)}`);
	});
}

function checkRequests(sim: IntercomSimulator, failures: string[]): void {
	const requests = sim.requests;
	if (requests.length !== EXPECTED.length) {
		failures.push(
			`the simulator received ${requests.length} requests, expected ${EXPECTED.length}: ` +
				requests.map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`).join(', '),
		);
	}
	// n8n may send the items' requests concurrently: match them regardless of order.
	for (const expected of EXPECTED) {
		const matching = requests.filter((r) => r.path === expected.path && r.rawQuery === expected.rawQuery);
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
				failures.push(`archive by ${expected.selector}: ${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
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
		failures.push(`archived in the simulator: ${JSON.stringify(archived)}, expected ${JSON.stringify(wanted)}`);
	}
}

/** The environment every n8n process of this line gets. */
function n8nEnv(runtime: NodeRuntime, userFolder: string, brokerPort: number, netLog: string, extra: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	// Keep the basics from the caller, but none of its n8n or database settings.
	for (const [name, value] of Object.entries(baseEnv())) {
		if (/^(N8N_|DB_|NODE_OPTIONS$|NODE_PATH$|NODE_FUNCTION_ALLOW|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|npm_)/i.test(name)) continue;
		env[name] = value;
	}
	return {
		...env,
		PATH: pathWith(runtime),
		HOME: userFolder,
		N8N_USER_FOLDER: userFolder,
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
		NODE_OPTIONS: `--require "${NETWORK_GUARD}"`,
		E2E_NET_LOG: netLog,
		...extra,
	};
}

async function runLine(spec: LineSpec, root: string, tarball: string, tmpRoot: string): Promise<LineResult> {
	const timings: Timing[] = [];
	const failures: string[] = [];
	let nodeVersion = '?';
	const result = (): LineResult => ({
		label: spec.label,
		n8nVersion: spec.n8nVersion,
		nodeVersion,
		passed: failures.length === 0,
		failures,
		timings,
		note: spec.note,
	});
	const time = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
		const started = Date.now();
		try {
			return await fn();
		} finally {
			timings.push({ step, ms: Date.now() - started });
		}
	};

	log(`=== n8n ${spec.label}: n8n ${spec.n8nVersion} ===`);
	let sim: IntercomSimulator | undefined;
	try {
		const runtime = await spec.runtime(root, timings);
		nodeVersion = runtime.version;
		const n8nBin = await ensureN8n(root, spec.n8nVersion, runtime, spec.overrides, timings);
		const installedVersion = (readJson(path.join(path.dirname(n8nBin), '..', 'package.json')) as { version: string }).version;
		log(`n8n ${installedVersion} from ${path.dirname(path.dirname(n8nBin))}, run with Node ${runtime.version} (${runtime.bin})`);

		// A fresh n8n user folder with the package installed as a community package.
		const lineDir = mkdtempSync(path.join(tmpRoot, `n8n-${spec.n8nVersion}-`));
		const userFolder = path.join(lineDir, 'user');
		const nodesDir = path.join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(path.join(nodesDir, 'package.json'), `${JSON.stringify({ name: 'installed-nodes', private: true }, null, 2)}\n`);
		await time('install the package tarball', () =>
			mustRun(
				'npm install <tarball> into .n8n/nodes',
				npmCommand(),
				// n8n-workflow (a peer dependency) is left out: n8n resolves it to its own copy.
				['install', tarball, '--ignore-scripts', '--omit=dev', '--omit=peer', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline'],
				{ cwd: nodesDir, timeoutMs: 5 * MINUTE, logFile: path.join(lineDir, 'npm-install-package.log') },
			),
		);
		const installedPackage = readJson(path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json')) as { version: string };
		log(`${PACKAGE_NAME}@${installedPackage.version} installed in ${nodesDir}`);

		sim = new IntercomSimulator();
		const baseUrl = await sim.start();
		log(`Intercom simulator on ${baseUrl}`);

		const credentialsFile = path.join(lineDir, 'credentials.json');
		writeFileSync(
			credentialsFile,
			`${JSON.stringify(
				[
					{
						id: CREDENTIAL_ID,
						name: CREDENTIAL_NAME,
						type: 'intercomAccessTokenApi',
						data: { accessToken: DEFAULT_TOKEN, region: 'custom', baseUrl },
					},
				],
				null,
				2,
			)}\n`,
		);
		const workflow = readJson(WORKFLOW_FILE) as { id: string; nodes: Array<{ type: string }> };
		if (!workflow.nodes.some((node) => node.type === NODE_TYPE)) {
			throw new Error(`${WORKFLOW_FILE} has no node of type ${NODE_TYPE}`);
		}

		const netLog = path.join(lineDir, 'network-attempts.jsonl');
		const env = n8nEnv(runtime, userFolder, await freePort(), netLog, spec.env ?? {});
		const n8n = (label: string, args: string[]): Promise<RunResult> =>
			time(label, () =>
				mustRun(`n8n ${args.join(' ')}`, runtime.bin, [n8nBin, ...args], {
					cwd: lineDir,
					env,
					timeoutMs: 4 * MINUTE,
					logFile: path.join(lineDir, `n8n-${args[0].replace(/^-+/, '').replace(/[^a-z]/gi, '-')}.log`),
				}),
			);

		const versionOutput = await n8n('n8n --version', ['--version']);
		const reported = versionOutput.stdout.trim().split('\n').pop()?.trim();
		log(`n8n --version: ${reported}`);
		if (reported !== spec.n8nVersion) failures.push(`n8n --version printed ${reported}, expected ${spec.n8nVersion}`);

		await n8n('n8n import:credentials', ['import:credentials', `--input=${credentialsFile}`]);
		log('credential imported');
		await n8n('n8n import:workflow', ['import:workflow', `--input=${WORKFLOW_FILE}`]);
		log('workflow imported');
		if (sim.requests.length > 0) failures.push(`the imports sent ${sim.requests.length} requests to the simulator`);
		sim.clearRequests();

		const executeResult = await time('n8n execute', () =>
			run(runtime.bin, [n8nBin, 'execute', `--id=${workflow.id}`, '--rawOutput'], {
				cwd: lineDir,
				env,
				timeoutMs: 4 * MINUTE,
				logFile: path.join(lineDir, 'execute.log'),
			}),
		);
		log(`n8n execute: ${describeExit(executeResult)} in ${seconds(executeResult.ms)}`);
		const execution =
			extractExecutionJson(executeResult.stdout) ?? extractExecutionJson(`${executeResult.stdout}\n${executeResult.stderr}`);
		if (executeResult.code !== 0) {
			failures.push(`n8n execute ended with ${describeExit(executeResult)}`);
		}
		if (!execution) {
			failures.push('no execution JSON found in the output of n8n execute --rawOutput');
		} else {
			checkExecution(execution, new Map(loadSeedUsers().map((user) => [user.id, user])), failures);
			const items = nodeOutput(execution, 'Intercom Users') ?? [];
			for (const item of items) {
				const json = asObject(item.json);
				log(`  output item: id ${String(json?.id)}, user_id ${String(json?.user_id)}, email ${String(json?.email)}, pairedItem ${JSON.stringify(item.pairedItem)}`);
			}
		}
		for (const request of sim.requests) {
			log(
				`  simulator got: ${request.method} ${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''} ` +
					`[authorization: ${header(request, 'authorization') === `Bearer ${DEFAULT_TOKEN}` ? 'Bearer sim-token' : 'WRONG'}, ` +
					`intercom-version: ${header(request, 'intercom-version')}, accept: ${header(request, 'accept')}]`,
			);
		}
		checkRequests(sim, failures);

		if (!existsSync(`${netLog}.loaded`)) {
			failures.push(`the network guard ${NETWORK_GUARD} was not loaded into the n8n processes`);
		}
		if (existsSync(netLog)) {
			const attempts = readFileSync(netLog, 'utf8').trim();
			if (attempts) failures.push(`n8n tried to reach the network (refused): ${attempts.split('\n').join('; ')}`);
		}
		if (failures.length > 0) {
			log(`--- end of n8n execute output ---\n${tail(`${executeResult.stdout}\n${executeResult.stderr}`, 60)}`);
			log(`logs and the user folder are in ${lineDir}`);
		}
	} catch (error) {
		failures.push(error instanceof Error ? error.message : String(error));
	} finally {
		await sim?.stop();
	}
	return result();
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

/**
 * The expression engine for the 1.x line. n8n 1.123.76 and later default to the "vm"
 * engine, which needs isolated-vm 6 (Node >= 22: no build for Node 20's ABI, and its
 * sources do not compile against Node 20's V8), so their CLI exits at start-up on
 * Node 20. There the line uses n8n's other engine, "legacy". E2E_N8N1_EXPRESSION_ENGINE
 * overrides the choice; "default" leaves n8n's own default in place.
 */
function n8n1ExpressionEngine(): { env?: Record<string, string>; note?: string } {
	const chosen = process.env.E2E_N8N1_EXPRESSION_ENGINE;
	if (chosen === 'default') return {};
	if (chosen) return { env: { N8N_EXPRESSION_ENGINE: chosen }, note: `N8N_EXPRESSION_ENGINE=${chosen}` };
	if (Number(process.versions.node.split('.')[0]) >= 22) return {};
	return {
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
		note: 'N8N_EXPRESSION_ENGINE=legacy: the default "vm" engine needs isolated-vm 6, Node >= 22',
	};
}

const LINES: LineSpec[] = [
	{
		label: '2.x',
		n8nVersion: N8N2_VERSION,
		runtime: (root, timings) => ensureNode24(root, timings),
	},
	{
		label: '1.x',
		n8nVersion: N8N1_VERSION,
		runtime: async () => currentNode(),
		// n8n-nodes-base 1.x depends on xlsx from a tarball URL outside the npm registry.
		overrides: { xlsx: '0.18.5' },
		...n8n1ExpressionEngine(),
	},
];

async function main(): Promise<number> {
	const wanted = (process.env.E2E_LINES || '2.x,1.x').split(',').map((s) => s.trim()).filter(Boolean);
	const lines = LINES.filter((line) => wanted.includes(line.label));
	if (lines.length === 0) {
		console.error(`E2E_LINES=${process.env.E2E_LINES} selects none of: ${LINES.map((l) => l.label).join(', ')}`);
		return 2;
	}
	const root = cacheRoot();
	mkdirSync(root, { recursive: true });
	const tmpRoot = mkdtempSync(path.join(os.tmpdir(), `${PACKAGE_NAME}-e2e-`));
	log(`project ${PROJECT_ROOT}; cache ${root}; temporary folder ${tmpRoot}`);
	log(`runner: Node ${process.version} (${process.execPath}), lines: ${lines.map((l) => `${l.label} = n8n ${l.n8nVersion}`).join(', ')}`);

	const topTimings: Timing[] = [];
	let started = Date.now();
	await mustRun('npm run build', npmCommand(), ['run', 'build'], { timeoutMs: 10 * MINUTE, logFile: path.join(tmpRoot, 'build.log') });
	topTimings.push({ step: 'npm run build', ms: Date.now() - started });
	log(`npm run build done in ${seconds(Date.now() - started)}`);

	started = Date.now();
	const packDir = path.join(tmpRoot, 'pack');
	mkdirSync(packDir);
	const pack = await mustRun('npm pack', npmCommand(), ['pack', '--json', '--pack-destination', packDir], { timeoutMs: 5 * MINUTE });
	const packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
	const tarball = path.join(packDir, packed[0].filename);
	topTimings.push({ step: 'npm pack', ms: Date.now() - started });
	log(`packed ${path.basename(tarball)} (${packed[0].files.length} files)`);

	const results: LineResult[] = [];
	for (const line of lines) {
		results.push(await runLine(line, root, tarball, tmpRoot));
		const last = results[results.length - 1];
		for (const failure of last.failures) log(`FAIL reason: ${failure}`);
		log(`${last.passed ? 'PASS' : 'FAIL'}: n8n ${last.n8nVersion} on Node ${last.nodeVersion}`);
	}

	console.log('');
	console.log('Timings:');
	for (const timing of topTimings) console.log(`  ${timing.step.padEnd(36)} ${seconds(timing.ms)}`);
	for (const result of results) {
		for (const timing of result.timings) {
			const value = timing.cached ? 'cached' : seconds(timing.ms);
			console.log(`  [${result.label}] ${timing.step.padEnd(31)} ${value}`);
		}
	}
	console.log(`  total${' '.repeat(31)} ${seconds(Date.now() - runStart)}`);
	console.log('');
	console.log('Results:');
	for (const result of results) {
		const note = result.note ? ` [${result.note}]` : '';
		console.log(`${result.passed ? 'PASS' : 'FAIL'} n8n ${result.n8nVersion} (${result.label}) on Node ${result.nodeVersion}${note}`);
	}
	const passed = results.filter((r) => r.passed).length;
	console.log(`e2e: ${passed} passed, ${results.length - passed} failed`);

	if (passed === results.length && process.env.E2E_KEEP_TMP !== '1') {
		rmSync(tmpRoot, { recursive: true, force: true });
	} else {
		console.log(`temporary files kept in ${tmpRoot}`);
	}
	return passed === results.length ? 0 : 1;
}

function cleanupAndExit(code: number): never {
	for (const pid of liveGroups) killGroup(pid);
	process.exit(code);
}

process.once('SIGINT', () => cleanupAndExit(130));
process.once('SIGTERM', () => cleanupAndExit(143));

main().then(
	(code) => cleanupAndExit(code),
	(error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		console.log('e2e: 0 passed, 1 failed');
		cleanupAndExit(1);
	},
);
