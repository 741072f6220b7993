/**
 * The install at start-up: a fresh user folder, the credential and the workflow imported
 * and published with the CLI, then `n8n start` with
 * `N8N_COMMUNITY_PACKAGES=[{"name":…,"version":X}]` and
 * `N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV=true`. n8n installs the package from the
 * registry before it serves, and the published workflow runs it. Then a restart with
 * `N8N_COMMUNITY_PACKAGES=[]`: n8n's reconcile removes the package it no longer lists.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { IntercomSimulator } from '../../intercom-simulator/simulator';
import type { NodeRuntime } from '../../real-n8n/cache';
import { EDITOR_ENV } from '../../real-n8n/editor';
import { N8nInstance } from '../../real-n8n/instance';
import { PACKAGE_NAME } from '../../real-n8n/project';
import { RestSession } from '../../real-n8n/rest';
import type { Checks, ListedPackage } from './checks';
import { describePackage, expect, installedVersion } from './checks';
import { archiveThroughWebhook, credential, WORKFLOW_FILE, workflowJson } from './workflow';

/** What the start-up install needs. */
export interface EnvInstallOptions {
	runtime: NodeRuntime;
	n8nBin: string;
	/** The instance's folder (created). */
	dir: string;
	sim: IntercomSimulator;
	simUrl: string;
	/** The version to pin (X). */
	version: string;
	/** The redirect to the registry's front: its preloads and environment. */
	redirect: { preloads: string[]; env: Record<string, string> };
	checks: Checks;
}

/** The environment that makes n8n manage its community packages from `packages`. */
export function managedEnv(
	packages: Array<{ name: string; version: string }>,
): Record<string, string> {
	return {
		...EDITOR_ENV,
		N8N_COMMUNITY_PACKAGES: JSON.stringify(packages),
		N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
	};
}

/** Imports the credential and the workflow with the CLI and publishes the workflow. */
export async function importAndPublish(n8n: N8nInstance, simUrl: string): Promise<void> {
	await n8n.importCredentials([credential(simUrl)]);
	await n8n.importWorkflow(WORKFLOW_FILE);
	await n8n.cli(['publish:workflow', `--id=${workflowJson().id}`]);
}

/** Step 6 of the test; returns the instance (for the network checks). */
export async function runEnvInstall(options: EnvInstallOptions): Promise<N8nInstance> {
	const { checks, version } = options;
	const n8n = await N8nInstance.create({
		runtime: options.runtime,
		n8nBin: options.n8nBin,
		dir: options.dir,
		env: options.redirect.env,
		preloads: options.redirect.preloads,
	});
	await importAndPublish(n8n, options.simUrl);
	const pinned = [{ name: PACKAGE_NAME, version }];
	checks.note(`n8n start with N8N_COMMUNITY_PACKAGES=${JSON.stringify(pinned)} ...`);
	const main = await n8n.start({ env: managedEnv(pinned) });
	try {
		await checks.run('N8N_COMMUNITY_PACKAGES installs the package at start', async () => {
			expect(installedVersion(n8n) === version, `.n8n/nodes holds ${installedVersion(n8n)}`);
			expect(
				main.output().includes(`Installed community package '${PACKAGE_NAME}@${version}' from env`),
				"n8n's log has no 'Installed community package … from env'",
			);
			const rest = await RestSession.setUpOwner(main.url);
			const list = await rest.data<ListedPackage[]>('GET', '/community-packages');
			expect(list.length === 1 && list[0].installedVersion === version, JSON.stringify(list));
			const refused = await rest.call('POST', '/community-packages', { name: PACKAGE_NAME });
			expect(
				refused.status === 400 && JSON.stringify(refused.body).includes('environment variables'),
				`an install through REST answered ${refused.status} ${JSON.stringify(refused.body)}`,
			);
			return `${describePackage(list[0])}; REST install refused (400: managed via environment variables)`;
		});
		await checks.run('the package installed at start runs the published workflow', () =>
			archiveThroughWebhook(main.url, options.sim, 'first@example.com', 90_000),
		);
	} finally {
		await main.stop();
	}
	checks.note('n8n start again with N8N_COMMUNITY_PACKAGES=[] ...');
	const again = await n8n.start({ env: managedEnv([]) });
	try {
		await checks.run('reconcile: a package no longer listed is removed at start', async () => {
			const dir = path.join(n8n.nodesDir, 'node_modules', PACKAGE_NAME);
			expect(!existsSync(dir), `${dir} is still there`);
			expect(
				again.output().includes(`Removed community package '${PACKAGE_NAME}'`),
				"n8n's log has no 'Removed community package'",
			);
			return `removed from .n8n/nodes; log: "Removed community package '${PACKAGE_NAME}' … not declared in N8N_COMMUNITY_PACKAGES"`;
		});
	} finally {
		await again.stop();
	}
	return n8n;
}
