/**
 * Check 13: the README's "Clean up inactive users" recipe in the editor. The workflow of
 * tools/e2e/cleanup-recipe.workflow.json (Schedule Trigger → Get Many of the users last
 * seen more than two years ago → Archive by Intercom ID with Dry Run on) opens with its
 * filters; the Get Many panel says that API 2.14 compares dates by the day (and 2.17 by
 * the second); Execute workflow lists exactly the simulator's users seen over two years
 * ago and previews their archive with lookups only. Writes docs/images/cleanup-recipe.png.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Page } from 'playwright-core';

import { loadSeedUsers } from '../../../intercom-simulator/simulator';
import type { IntercomSimulator } from '../../../intercom-simulator/simulator';
import { ARCHIVE_NODE, CLEANUP_WORKFLOW_FILE, GET_MANY_NODE } from '../../cleanup';
import { expect, type, waitFor } from '../page';
import type { Check, CheckContext } from './shared';
import { canvasNode, openNewWorkflow, takeRequests } from './shared';

const DAY_NOTICE = 'Contacts API up to 2.16: Intercom compares dates by the calendar day';
const SECOND_NOTICE =
	'Contacts API 2.17 and later, and Preview (formerly Unstable): Intercom compares dates to the exact second';

/** The simulator's users (role user, neither archived nor deleted) last seen over two years ago. */
function inactiveUsers(sim: IntercomSimulator): string[] {
	const cutoff = Date.now() / 1000 - 2 * 365 * 86_400 - 2 * 86_400;
	return loadSeedUsers()
		.map((user) => sim.getUser(user.id))
		.filter(
			(user) =>
				user !== undefined &&
				user.role === 'user' &&
				!user.archived &&
				!user.deleted &&
				typeof user.last_request_at === 'number' &&
				user.last_request_at < cutoff,
		)
		.map((user) => user?.id ?? '')
		.sort();
}

/** Opens the canvas node whose text includes `text` and returns its panel's text. */
async function openNode(page: Page, text: string): Promise<string> {
	await canvasNode(page, text).dblclick();
	const ndv = page.locator('[data-test-id=ndv]');
	await ndv.waitFor();
	await page.waitForTimeout(800);
	return await ndv.innerText();
}

async function closeNode(page: Page): Promise<void> {
	await page.locator('[data-test-id=ndv-close-button]').click();
	await page.locator('[data-test-id=ndv]').waitFor({ state: 'hidden' });
}

/** The Get Many panel: the filter, Return All, and the date notice following the version. */
async function checkGetManyPanel(page: Page): Promise<void> {
	const text = await openNode(page, GET_MANY_NODE);
	for (const wanted of ['Last Seen Before', '$now.minus({ years: 2 })', 'Return All', DAY_NOTICE]) {
		expect(text.includes(wanted), `the Get Many panel does not show "${wanted}"`);
	}
	expect(
		!text.includes(SECOND_NOTICE),
		'on 2.14 the Get Many panel shows the by-the-second notice',
	);
	const ndv = page.locator('[data-test-id=ndv]');
	await type(page, 'contactsApiVersion', '2.17');
	await waitFor(
		async () => (await ndv.innerText()).includes(SECOND_NOTICE),
		'on 2.17 the Get Many panel does not show the by-the-second notice',
		10_000,
	);
	expect(!(await ndv.innerText()).includes(DAY_NOTICE), 'on 2.17 the by-the-day notice stays');
	await type(page, 'contactsApiVersion', '2.14');
	await waitFor(
		async () => (await ndv.innerText()).includes(DAY_NOTICE),
		'back on 2.14 the by-the-day notice does not return',
		10_000,
	);
	await closeNode(page);
}

/**
 * Saves the canvas around its nodes (their item counts included) as
 * docs/images/cleanup-recipe.png, under E2E_UI_IMAGES=1 only.
 */
async function recipePicture(ctx: CheckContext): Promise<void> {
	if (!ctx.images) return;
	const { page } = ctx;
	const zoom = page.locator('[data-test-id=zoom-to-fit]');
	if (await zoom.isVisible()) await zoom.click();
	await page.waitForTimeout(600);
	const nodes = await page.locator('[data-test-id=canvas-node]').all();
	const boxes = (await Promise.all(nodes.map((node) => node.boundingBox()))).flatMap((box) =>
		box ? [box] : [],
	);
	const left = Math.min(...boxes.map((b) => b.x)) - 70;
	const top = Math.min(...boxes.map((b) => b.y)) - 50;
	const right = Math.max(...boxes.map((b) => b.x + b.width)) + 130;
	const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + 90;
	await page.screenshot({
		path: path.join(ctx.images, 'cleanup-recipe.png'),
		animations: 'disabled',
		style: '.el-notification { display: none !important; }',
		clip: { x: Math.max(0, left), y: Math.max(0, top), width: right - left, height: bottom - top },
	});
}

export const cleanupRecipe: Check = {
	name: "13. The README's clean-up recipe (Schedule Trigger → Get Many, Last Seen Before 2 years ago → Archive by Intercom ID, Dry Run) shows its filter and the date notice of its API version; Execute workflow lists exactly the users seen over 2 years ago and previews their archive with lookups only",
	async run(ctx) {
		const { page, sim } = ctx;
		const recipe = JSON.parse(readFileSync(CLEANUP_WORKFLOW_FILE, 'utf8')) as Record<
			string,
			unknown
		>;
		delete recipe.id;
		await openNewWorkflow(ctx, recipe, GET_MANY_NODE);
		await checkGetManyPanel(page);

		const inactive = inactiveUsers(sim);
		expect(inactive.length > 0, 'the simulator holds no user seen over two years ago');
		takeRequests(sim);
		const archivedBefore = [...sim.archivedIds()];
		await page.locator('[data-test-id=execute-workflow-button]').first().click();
		const items = `${inactive.length} item${inactive.length === 1 ? '' : 's'}`;
		await waitFor(
			async () =>
				(await canvasNode(page, ARCHIVE_NODE).innerText()).length > 0 &&
				sim.requests.filter((r) => r.method === 'GET').length >= inactive.length &&
				(await page.locator('body').innerText()).includes(items),
			`the run did not end with ${items} on the canvas`,
			45_000,
		);
		await page.waitForTimeout(1_000);
		const requests = takeRequests(sim);
		const searches = requests.filter((r) => r === 'POST /contacts/search');
		const lookups = requests.filter((r) => r.startsWith('GET ')).sort();
		const wanted = inactive.map((id) => `GET /users/${id}`);
		expect(
			searches.length === 1 &&
				JSON.stringify(lookups) === JSON.stringify(wanted) &&
				requests.length === 1 + wanted.length,
			`the run sent ${JSON.stringify(requests)}, expected one search and ${JSON.stringify(wanted)}`,
		);
		expect(
			JSON.stringify(sim.archivedIds()) === JSON.stringify(archivedBefore),
			`the dry run archived ${JSON.stringify(sim.archivedIds().filter((id) => !archivedBefore.includes(id)))}`,
		);
		await recipePicture(ctx);

		const output = await openNode(page, ARCHIVE_NODE);
		for (const text of ['dryRun', 'wouldChange', items]) {
			expect(
				output.includes(text),
				`the Archive node's output lacks "${text}": ${output.slice(0, 300)}`,
			);
		}
		await closeNode(page);
	},
};
