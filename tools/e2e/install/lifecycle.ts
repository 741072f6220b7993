/**
 * Install, update and uninstall by name in a running `n8n start`, through the REST calls
 * n8n's editor makes (Settings → Community Nodes): the Install dialog's
 * `POST /rest/community-packages {name}`, the list's `GET`, the Update button's `PATCH
 * {name}` (with unverified packages allowed, the editor sends no version: npm takes the
 * registry's latest) and Uninstall's `DELETE ?name=`. Between them the workflow runs
 * through its webhook against the simulator, and the settings page is read in Chromium.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { IntercomSimulator } from '../../intercom-simulator/simulator';
import type { N8nInstance } from '../../real-n8n/instance';
import { PACKAGE_NAME } from '../../real-n8n/project';
import type { RestSession } from '../../real-n8n/rest';
import type { Checks, ListedPackage } from './checks';
import { describePackage, expect, installedVersion } from './checks';
import type { Registry } from './registry';
import { RISK_NOTICE, readSettingsPage } from './settings-page';
import { archiveThroughWebhook, createAndPublish, NODE_TYPE, nodeTypeKnown } from './workflow';

/** What the lifecycle needs. */
export interface LifecycleContext {
	n8n: N8nInstance;
	rest: RestSession;
	sim: IntercomSimulator;
	simUrl: string;
	registry: Registry;
	/** The version published first (X) and the one published for the update (X+1). */
	versions: { first: string; next: string };
	/** Publishes X+1 to the registry. */
	publishNext: () => Promise<void>;
	/** Where a failed page check leaves its screenshot. */
	shotDir: string;
	checks: Checks;
}

/** The package as the REST list shows it; throws when it is not listed. */
async function listed(rest: RestSession): Promise<ListedPackage> {
	const list = await rest.data<ListedPackage[]>('GET', '/community-packages');
	const found = list.find((p) => p.packageName === PACKAGE_NAME);
	expect(found !== undefined, `GET /rest/community-packages lists ${JSON.stringify(list)}`);
	return found;
}

/** How often Verdaccio served the tarball of `version` (the closing lines of its request log). */
export function tarballFetches(registry: Registry, version: string): number {
	const request = `'GET /${PACKAGE_NAME}/-/${PACKAGE_NAME}-${version}.tgz'`;
	const text = readFileSync(path.join(path.dirname(registry.netLog), 'verdaccio.log'), 'utf8');
	return text
		.split('\n')
		.filter((line) => line.includes(request) && /<-- 200,.*bytes: \d+\/[1-9]/.test(line)).length;
}

/** Steps 2 to 5 of the test; each is a check of `ctx.checks`. */
export async function runLifecycle(ctx: LifecycleContext): Promise<void> {
	const { rest, checks, versions } = ctx;
	const installed = await checks.run(
		'install by name (POST /rest/community-packages)',
		async () => {
			const answer = await rest.data<ListedPackage>('POST', '/community-packages', {
				name: PACKAGE_NAME,
			});
			expect(answer.installedVersion === versions.first, `installed ${answer.installedVersion}`);
			const shown = await listed(rest);
			expect(shown.installedVersion === versions.first, `listed ${describePackage(shown)}`);
			expect(!shown.failedLoading, 'listed as failed to load');
			expect(
				shown.installedNodes.some((n) => n.type === NODE_TYPE),
				`no ${NODE_TYPE} listed`,
			);
			const type = await nodeTypeKnown(rest);
			expect(type.known, `POST /rest/node-types answered ${type.answer}`);
			expect(installedVersion(ctx.n8n) === versions.first, 'not in .n8n/nodes');
			const served = tarballFetches(ctx.registry, versions.first);
			expect(served >= 1, 'the registry never served its tarball');
			return `${describePackage(shown)}; tarball served by the local registry ${served}×`;
		},
	);
	if (!installed) return;
	await checks.run('the installed node runs in a published workflow', async () => {
		await createAndPublish(rest, ctx.simUrl);
		return await archiveThroughWebhook(rest.url, ctx.sim, 'solo@example.com');
	});

	await ctx.publishNext();
	await checks.run(`X+1 published: the list offers ${versions.next}`, async () => {
		const shown = await listed(rest);
		expect(shown.updateAvailable === versions.next, `listed ${describePackage(shown)}`);
		return describePackage(shown);
	});
	await checks.run('Settings → Community Nodes in Chromium', async () => {
		const view = await readSettingsPage(rest, ctx.shotDir);
		expect(view.card.includes(PACKAGE_NAME), `card: ${view.card}`);
		expect(view.card.includes(versions.first), `card shows no ${versions.first}: ${view.card}`);
		expect(/\bUpdate\b/.test(view.card), `card offers no Update: ${view.card}`);
		expect(view.installDialog.includes(RISK_NOTICE), `dialog: ${view.installDialog}`);
		return `card "${view.card}"; Install dialog "${view.installDialog}"`;
	});

	const updated = await checks.run('update (PATCH /rest/community-packages {name})', async () => {
		const answer = await rest.data<ListedPackage>('PATCH', '/community-packages', {
			name: PACKAGE_NAME,
		});
		expect(answer.installedVersion === versions.next, `updated to ${answer.installedVersion}`);
		const shown = await listed(rest);
		expect(shown.installedVersion === versions.next, `listed ${describePackage(shown)}`);
		expect(installedVersion(ctx.n8n) === versions.next, 'not updated in .n8n/nodes');
		expect(tarballFetches(ctx.registry, versions.next) >= 1, 'the registry never served X+1');
		const type = await nodeTypeKnown(rest);
		expect(type.known, `POST /rest/node-types answered ${type.answer}`);
		return describePackage(shown);
	});
	if (updated) {
		await checks.run(`the updated node (${versions.next}) still runs`, () =>
			archiveThroughWebhook(rest.url, ctx.sim, 'mal@serenity.io'),
		);
	}

	await checks.run('uninstall (DELETE /rest/community-packages?name=…)', async () => {
		await rest.data('DELETE', `/community-packages?name=${encodeURIComponent(PACKAGE_NAME)}`);
		const list = await rest.data<ListedPackage[]>('GET', '/community-packages');
		expect(list.length === 0, `still listed: ${JSON.stringify(list)}`);
		const type = await nodeTypeKnown(rest);
		expect(!type.known, `POST /rest/node-types still answers ${type.answer}`);
		const dir = path.join(ctx.n8n.nodesDir, 'node_modules', PACKAGE_NAME);
		expect(!existsSync(dir), `${dir} is still there`);
		return `not listed, ${NODE_TYPE} unknown to n8n, removed from .n8n/nodes`;
	});
}
