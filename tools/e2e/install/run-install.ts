/**
 * `npm run test:install`: the install paths users take, in real n8n 2.41.1 (`n8n start`
 * on Node 24, from the e2e cache) against a real npm registry on 127.0.0.1.
 *
 * 1. `npm run build`, `npm pack`, and the tarball published as version X to Verdaccio
 *    (registry.ts; installed once into the e2e cache). X+1 is the same package
 *    re-versioned, published later.
 * 2. n8n 2.41 uses only its default registry without a licence, so registry.npmjs.org is
 *    sent to a TLS front on loopback (tools/real-n8n/tls-front.ts) that forwards to
 *    Verdaccio, by a preload in every n8n process and in the npm it spawns
 *    (host-redirect.cjs through NODE_OPTIONS, the front's certificate through
 *    NODE_EXTRA_CA_CERTS). The network guard refuses and records anything else.
 * 3. In a fresh `n8n start` with the owner set up through REST (lifecycle.ts): install by
 *    name, the workflow run, the settings page in Chromium, update to X+1, uninstall.
 * 4. A fresh user folder whose `n8n start` installs X from N8N_COMMUNITY_PACKAGES, then
 *    the reconcile that removes it (env-install.ts).
 * 5. The guard logs: api.n8n.io (n8n's package-status check, refused) and no other host.
 *
 * Prints PASS/FAIL per check, the timings and `N passed, N failed`; exit code 1 on any
 * failure (the temporary folder is then kept). E2E_KEEP_TMP=1 keeps it always.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { IntercomSimulator } from '../../intercom-simulator/simulator';
import { cacheRoot } from '../../real-n8n/cache';
import { EDITOR_ENV } from '../../real-n8n/editor';
import { N8nInstance } from '../../real-n8n/instance';
import { LINES, prepareLine } from '../../real-n8n/lines';
import type { Timing } from '../../real-n8n/log';
import { seconds, stepTimer, taggedLog } from '../../real-n8n/log';
import { buildProject, packProject } from '../../real-n8n/pack';
import { mustRun, runEntry } from '../../real-n8n/process';
import { PACKAGE_NAME, PROJECT_ROOT } from '../../real-n8n/project';
import { RestSession } from '../../real-n8n/rest';
import { HOST_REDIRECT, redirectEnv, startTlsFront } from '../../real-n8n/tls-front';
import { Checks, expect, refusedHosts } from './checks';
import { runEnvInstall } from './env-install';
import { runLifecycle } from './lifecycle';
import { runQueueEnvInstall } from './queue-install';
import type { Registry } from './registry';
import { ensureVerdaccio, NPM_REGISTRY_HOST, publish, startRegistry } from './registry';

const log = taggedLog('install');

/** The host of n8n's package-status check, which every install asks (and may not reach). */
const STATUS_HOST = 'api.n8n.io';

/** `1.2.3` → `1.2.4`. */
function nextPatch(version: string): string {
	const [major, minor, patch] = version.split('-')[0].split('.').map(Number);
	return `${major}.${minor}.${patch + 1}`;
}

/** The packed package unpacked into `dir` with its version set to `version`; returns the folder. */
async function reversioned(tarball: string, version: string, dir: string): Promise<string> {
	mkdirSync(dir, { recursive: true });
	await mustRun('tar xzf (the packed package)', 'tar', ['xzf', tarball, '-C', dir], {
		timeoutMs: 60_000,
	});
	const folder = path.join(dir, 'package');
	const manifestFile = path.join(folder, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { version: string };
	manifest.version = version;
	writeFileSync(manifestFile, `${JSON.stringify(manifest, null, '\t')}\n`);
	return folder;
}

/** Step 7: the guard logs of n8n (and npm under it) and of Verdaccio. */
function networkCheck(instances: N8nInstance[], registry: Registry): string {
	expect(
		instances.every((n8n) => n8n.guardLoaded()),
		'the network guard was not loaded',
	);
	const refused = refusedHosts(instances);
	const others = refused.filter((attempt) => attempt.host !== STATUS_HOST);
	expect(others.length === 0, `n8n tried to reach ${JSON.stringify(others)}`);
	expect(
		instances.every((n8n) => refusedHosts([n8n]).length > 0),
		`an instance that installed never asked ${STATUS_HOST}`,
	);
	const registryAttempts = readFileSync(registry.netLog, { encoding: 'utf8', flag: 'a+' }).trim();
	expect(registryAttempts === '', `Verdaccio tried to reach ${registryAttempts}`);
	const perInstance = instances
		.map((n8n) => `${path.basename(n8n.dir)} ${refusedHosts([n8n]).length}`)
		.join(', ');
	const kinds = [...new Set(refused.map((a) => a.kind))].join(', ');
	return `${STATUS_HOST} asked (${kinds}) by ${perInstance}, all refused; no other host; Verdaccio none`;
}

async function main(): Promise<number> {
	const tmpRoot = mkdtempSync(path.join(os.tmpdir(), `${PACKAGE_NAME}-install-`));
	// PostgreSQL (queue mode) runs as the `postgres` user when this runs as root: it must reach its folder.
	chmodSync(tmpRoot, 0o755);
	log(`project ${PROJECT_ROOT}; temporary folder ${tmpRoot}`);
	const timings: Timing[] = [];
	const time = stepTimer(timings);
	const checks = new Checks(log);

	await time('npm run build', () => buildProject(path.join(tmpRoot, 'build.log')));
	const { tarball } = await time('npm pack', () => packProject(path.join(tmpRoot, 'pack')));
	const first = (
		JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
			version: string;
		}
	).version;
	const next = nextPatch(first);
	log(`packed ${path.basename(tarball)}: X = ${first}, X+1 = ${next}`);

	const [line] = LINES.filter((candidate) => candidate.label === '2.x');
	const { runtime, n8nBin } = await prepareLine(line, cacheRoot(), log, timings);
	const verdaccio = await ensureVerdaccio(cacheRoot(), log);
	timings.push({
		step: 'Verdaccio install',
		ms: verdaccio.install.ms,
		cached: verdaccio.install.cached,
	});
	const registry = await time('Verdaccio start', () =>
		startRegistry(verdaccio.bin, path.join(tmpRoot, 'registry')),
	);
	log(`Verdaccio on ${registry.url}`);
	await time(`npm publish ${first}`, () => publish(registry, tarball, path.join(tmpRoot, 'pack')));
	const nextFolder = await reversioned(tarball, next, path.join(tmpRoot, 'next'));
	const front = await startTlsFront(tmpRoot, registry.port, NPM_REGISTRY_HOST);
	log(`TLS front for ${NPM_REGISTRY_HOST} on 127.0.0.1:${front.port} → Verdaccio`);
	const redirect = {
		preloads: [HOST_REDIRECT],
		env: redirectEnv([front], path.join(tmpRoot, 'front-ca.pem')),
	};

	const sim = new IntercomSimulator();
	const simUrl = await sim.start();
	const instances: N8nInstance[] = [];
	const n8n = await N8nInstance.create({
		runtime,
		n8nBin,
		dir: path.join(tmpRoot, 'n8n-editor'),
		env: redirect.env,
		preloads: redirect.preloads,
	});
	instances.push(n8n);
	const main = await time('n8n start', () => n8n.start({ env: EDITOR_ENV }));
	log(`n8n ${line.n8nVersion} ready at ${main.url}; simulator at ${simUrl}`);
	try {
		const rest = await RestSession.setUpOwner(main.url);
		await time('install, update, uninstall', () =>
			runLifecycle({
				n8n,
				rest,
				sim,
				simUrl,
				registry,
				versions: { first, next },
				publishNext: () => publish(registry, nextFolder, path.join(tmpRoot, 'next')),
				shotDir: tmpRoot,
				checks,
			}),
		);
	} finally {
		await main.stop();
	}

	const envInstance = await time('install at start (N8N_COMMUNITY_PACKAGES)', () =>
		runEnvInstall({
			runtime,
			n8nBin,
			dir: path.join(tmpRoot, 'n8n-env'),
			sim,
			simUrl,
			version: first,
			redirect,
			checks,
		}),
	);
	instances.push(envInstance);
	if (process.env.E2E_INSTALL_QUEUE !== '0') {
		await time('install at start, queue mode', () =>
			runQueueEnvInstall({
				runtime,
				n8nBin,
				dir: path.join(tmpRoot, 'n8n-queue'),
				sim,
				simUrl,
				version: first,
				redirect,
				checks,
			}),
		).then(
			(queueInstances) => instances.push(...queueInstances),
			(error: unknown) => checks.fail('queue mode set-up', error),
		);
	}
	await checks.run('no outside host but the package-status check', () =>
		networkCheck(instances, registry),
	);

	await sim.stop();
	await front.stop();
	await registry.process.stop();
	console.log('\nTimings:');
	for (const timing of timings) {
		console.log(`  ${timing.step.padEnd(44)} ${timing.cached ? 'cached' : seconds(timing.ms)}`);
	}
	console.log(`  ${'total'.padEnd(44)} ${seconds(Date.now() - log.startedAt)}`);
	const ok = checks.failed.length === 0;
	if (ok && process.env.E2E_KEEP_TMP !== '1') rmSync(tmpRoot, { recursive: true, force: true });
	else console.log(`temporary files kept in ${tmpRoot}`);
	console.log(`${checks.passed} passed, ${checks.failed.length} failed`);
	return ok ? 0 : 1;
}

runEntry(main);
