/**
 * Check 12: Dry Run in the editor. Execute step with Dry Run on sends only the lookup,
 * shows `dryRun: true`, and leaves the user active in the simulator.
 */
import type { Page } from 'playwright-core';

import { choose, expect, parameter, shown, type, waitFor } from '../page';
import type { Check } from './shared';
import { executeStep, picture, takeRequests } from './shared';

const SOLO = '5714dd359a3fd47136000007';

/** Adds option `name` (display name `label`) from the node's Options collection when it is not shown. */
async function addOption(page: Page, name: string, label: string): Promise<void> {
	if (await shown(page, name)) return;
	// Options → Add option: with one option left, n8n adds it at once; otherwise it lists them.
	await page.locator('[data-test-id=collection-parameter-add]').first().click();
	await page.waitForTimeout(500);
	if (!(await shown(page, name))) {
		await page
			.locator('.el-select-dropdown__item:visible, [data-test-id=collection-parameter-option]')
			.filter({ hasText: label })
			.first()
			.click();
		await page.waitForTimeout(300);
	}
}

export const dryRun: Check = {
	name: '12. With Dry Run on, Execute step shows dryRun: true after only GET /users?email=solo%40example.com, and the user is still active in the simulator',
	async run(ctx) {
		const { page, sim } = ctx;
		takeRequests(sim);
		await choose(page, 'operation', 'Archive');
		await choose(page, 'archiveBy', 'Email');
		await type(page, 'email', 'solo@example.com');
		await addOption(page, 'dryRun', 'Dry Run');
		const toggle = parameter(page, 'dryRun').locator('.el-switch, [role=switch]').first();
		await toggle.click();
		await page.waitForTimeout(800);
		const output = await executeStep(page);
		for (const text of ['dryRun', 'wouldChange', 'solo@example.com']) {
			expect(output.includes(text), `the dry run's output lacks ${text}: ${output.slice(0, 300)}`);
		}
		const requests = takeRequests(sim);
		expect(
			JSON.stringify(requests) === JSON.stringify(['GET /users?email=solo%40example.com']),
			`the dry run sent ${JSON.stringify(requests)}`,
		);
		const solo = sim.getUser(SOLO);
		expect(
			solo?.archived === false && solo.deleted === false,
			`after the dry run the user is ${JSON.stringify({ archived: solo?.archived, deleted: solo?.deleted })}`,
		);
		// The picture shows the item as JSON, so the user it carries is seen whole.
		const panel = page.locator('[data-test-id=output-panel]');
		await panel.getByText('JSON', { exact: true }).first().click();
		await waitFor(
			async () => /"dryRun":\s*true/.test(await panel.innerText()),
			'the JSON view of the dry run did not show "dryRun": true',
			10_000,
		);
		await picture(ctx, 'dry-run', '[data-test-id=ndv]');
		await panel.getByText('Table', { exact: true }).first().click();
		// Off again, so the checks after this one run for real.
		await toggle.click();
		await page.waitForTimeout(800);
	},
};
