/**
 * A private npm registry on loopback for the install test: Verdaccio, installed once
 * into the e2e cache outside the project (like n8n; tools/real-n8n/cache.ts), run on
 * the Node running this script with no uplinks (it knows only what the test
 * publishes), the network guard preloaded, and its public URL set to
 * `https://registry.npmjs.org`, so the tarball URLs it hands out name n8n's default
 * registry, which the TLS front (tools/real-n8n/tls-front.ts) serves from it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { InstallResult } from '../../real-n8n/cache';
import { installOnce } from '../../real-n8n/cache';
import { NETWORK_GUARD } from '../../real-n8n/instance';
import type { Log } from '../../real-n8n/log';
import type { BackgroundProcess } from '../../real-n8n/process';
import {
	baseEnv,
	freePort,
	mustRun,
	npmCommand,
	startBackground,
	tail,
} from '../../real-n8n/process';

/** The Verdaccio release the test runs (6.10 wants Node 22; CI runs Node 20). */
export const VERDACCIO_VERSION = process.env.E2E_VERDACCIO_VERSION || '6.8.0';

/** n8n's default registry, the only one 2.41 uses without a licence. */
export const NPM_REGISTRY_HOST = 'registry.npmjs.org';

const MINUTE = 60_000;

/**
 * Installs verdaccio@{@link VERDACCIO_VERSION} into `<root>/verdaccio-<version>` once
 * and returns the path of its `bin/verdaccio` script. Throws when npm fails.
 */
export async function ensureVerdaccio(
	root: string,
	log: Log,
): Promise<{ bin: string; install: InstallResult }> {
	const dir = path.join(root, `verdaccio-${VERDACCIO_VERSION}`);
	const install = await installOnce(
		dir,
		`verdaccio@${VERDACCIO_VERSION}`,
		log,
		async (workDir, logFile) => {
			const manifest = { name: 'e2e-verdaccio', private: true };
			writeFileSync(path.join(workDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
			await mustRun(
				`npm install verdaccio@${VERDACCIO_VERSION}`,
				npmCommand(),
				['install', '--no-audit', '--no-fund', '--save-exact', `verdaccio@${VERDACCIO_VERSION}`],
				{ cwd: workDir, timeoutMs: 10 * MINUTE, logFile },
			);
		},
	);
	return { bin: path.join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio'), install };
}

/** A running Verdaccio. */
export interface Registry {
	/** Its own address, `http://127.0.0.1:<port>/`, for publishing. */
	url: string;
	port: number;
	/** The network guard's log of the Verdaccio process. */
	netLog: string;
	process: BackgroundProcess;
}

/** The configuration: every package public to all, nothing proxied, no web UI. */
function config(dir: string): string {
	return [
		`storage: ${path.join(dir, 'storage')}`,
		'auth:',
		'  htpasswd:',
		`    file: ${path.join(dir, 'htpasswd')}`,
		'    max_users: -1',
		'uplinks: {}',
		'packages:',
		"  '**':",
		'    access: $all',
		'    publish: $all',
		'    unpublish: $all',
		'web:',
		'  enable: false',
		'log: { type: stdout, format: pretty, level: http }',
		'',
	].join('\n');
}

/**
 * Starts Verdaccio (`bin`, run by this process's Node) on 127.0.0.1 and a free port with
 * its storage and log in `dir`, and resolves once `/-/ping` answers 200 (1 minute at most).
 */
export async function startRegistry(bin: string, dir: string): Promise<Registry> {
	mkdirSync(dir, { recursive: true });
	const configFile = path.join(dir, 'verdaccio.yaml');
	writeFileSync(configFile, config(dir));
	const port = await freePort();
	const netLog = path.join(dir, 'network-attempts.jsonl');
	const child = await startBackground(
		process.execPath,
		[bin, '--config', configFile, '--listen', `127.0.0.1:${port}`],
		{
			cwd: dir,
			env: {
				...baseEnv(),
				VERDACCIO_PUBLIC_URL: `https://${NPM_REGISTRY_HOST}/`,
				NODE_OPTIONS: `--require "${NETWORK_GUARD}"`,
				E2E_NET_LOG: netLog,
			},
			logFile: path.join(dir, 'verdaccio.log'),
		},
	);
	const url = `http://127.0.0.1:${port}/`;
	const deadline = Date.now() + MINUTE;
	for (;;) {
		if (child.hasExited()) throw new Error(`verdaccio ended early:\n${tail(child.output())}`);
		try {
			const response = await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(2000) });
			await response.arrayBuffer();
			if (response.status === 200) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await child.stop();
			throw new Error(`verdaccio did not answer in time:\n${tail(child.output())}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return { url, port, netLog, process: child };
}

/**
 * `npm publish <target>` to the registry (a tarball or a package folder), with a dummy
 * token (npm refuses to publish without one; Verdaccio lets anyone publish here) and
 * npm's settings in `<workDir>/npmrc` only. Throws when npm fails.
 */
export async function publish(registry: Registry, target: string, workDir: string): Promise<void> {
	const host = registry.url.replace(/^http:/, '');
	const userconfig = path.join(workDir, 'npmrc');
	writeFileSync(userconfig, '');
	await mustRun(
		`npm publish ${path.basename(target)}`,
		npmCommand(),
		[
			'publish',
			target,
			`--registry=${registry.url}`,
			`--${host}:_authToken=e2e-dummy-token`,
			`--userconfig=${userconfig}`,
			'--ignore-scripts',
			'--access=public',
			'--provenance=false',
		],
		{ cwd: workDir, timeoutMs: 2 * MINUTE, logFile: path.join(workDir, 'npm-publish.log') },
	);
}
