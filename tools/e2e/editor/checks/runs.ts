/**
 * Runs of the node in the editor, as a builder sees their outcome: Execute step by email
 * (check 5); a stopped run of three emails, the second unknown, whose error says what the
 * others already archived (10); a failed item under On Error → Continue in the Table view
 * (11); the Batching hint after a large run (9).
 */
import { expect, parameter, shown, type, waitFor } from '../page';
import type { Check } from './shared';
import {
	archiveEmailsWorkflow,
	executeStep,
	intercomNodeOnCanvas,
	openIntercomNode,
	openNewWorkflow,
	picture,
	takeRequests,
} from './shared';

const executeByEmail: Check = {
	name: '5. Execute step with Email wash@serenity.io shows the User object after exactly one DELETE /users?email=wash%40serenity.io; a second run says not found, or gives notFound: true with Ignore Not Found',
	async run(ctx) {
		const { page, sim } = ctx;
		takeRequests(sim);
		await type(page, 'email', 'wash@serenity.io');
		const output = await executeStep(page);
		expect(
			output.includes('Hoban Washburne'),
			`the output shows no User object: ${output.slice(0, 300)}`,
		);
		const requests = takeRequests(sim);
		expect(
			JSON.stringify(requests) === JSON.stringify(['DELETE /users?email=wash%40serenity.io']),
			`the simulator recorded ${JSON.stringify(requests)}`,
		);
		await picture(ctx, 'output', '[data-test-id=ndv]');
		const again = await executeStep(page);
		expect(
			again.includes('User Not Found') ||
				(await page.locator('body').innerText()).includes('User Not Found'),
			`a second run does not say "User Not Found": ${again.slice(0, 300)}`,
		);
		// Options → Add option: with one option, n8n adds it at once; otherwise it lists them.
		await page.locator('[data-test-id=collection-parameter-add]').first().click();
		await page.waitForTimeout(500);
		if (!(await shown(page, 'ignoreNotFound'))) {
			await page
				.locator('.el-select-dropdown__item:visible, [data-test-id=collection-parameter-option]')
				.filter({ hasText: 'Ignore Not Found' })
				.first()
				.click();
			await page.waitForTimeout(300);
		}
		await parameter(page, 'ignoreNotFound').locator('.el-switch, [role=switch]').first().click();
		await page.waitForTimeout(800);
		const marker = await executeStep(page);
		expect(
			/notFound/.test(marker) && /true/.test(marker),
			`with Ignore Not Found the output is ${marker.slice(0, 300)}`,
		);
	},
};

/** How many pinned input items the large-run check feeds the node (the hint shows from 500). */
const LARGE_RUN_INPUT = 600;

const largeRunHint: Check = {
	name: `9. After a run of ${LARGE_RUN_INPUT} items without Batching, the output pane suggests Batching 10 items per 1 ms`,
	async run(ctx) {
		const { page } = ctx;
		await openNewWorkflow(
			ctx,
			archiveEmailsWorkflow(
				'Large run hint',
				Array.from({ length: LARGE_RUN_INPUT }, (_, index) => `nobody${index}@example.com`),
				{},
				{ ignoreNotFound: true },
			),
		);
		await openIntercomNode(page);
		const output = await executeStep(page);
		const hint = 'Many items: n8n prepares all of them before the first request leaves';
		await waitFor(
			async () => (await page.locator('[data-test-id=ndv]').innerText()).includes(hint),
			`the output pane shows no Batching hint: ${output.slice(0, 300)}`,
			15_000,
		);
		expect(
			(await page.locator('[data-test-id=ndv]').innerText()).includes(
				'Settings → Request Options → Batching',
			),
			'the hint does not say where Batching is set',
		);
		await page.locator('[data-test-id=ndv-close-button]').click();
	},
};

/** Seeded users the stopped run archives: first+tag@example.com and solo@example.com. */
const PLUS_TAG = '5714dd359a3fd47136000002';
const SOLO = '5714dd359a3fd47136000007';

const stoppedRun: Check = {
	name: '10. A stopped run (three emails, the second unknown, default On Error) says in the output pane that the other two were archived and names On Error → Continue; the simulator has them archived',
	async run(ctx) {
		const { page, sim } = ctx;
		const emails = ['first+tag@example.com', 'nobody@nowhere.io', 'solo@example.com'];
		await openNewWorkflow(ctx, archiveEmailsWorkflow('Stopped run', emails));
		const subtitle = await intercomNodeOnCanvas(page).innerText();
		expect(
			subtitle.includes('Archive user · Users API'),
			`the canvas node's subtitle reads "${subtitle}"`,
		);
		await openIntercomNode(page);
		takeRequests(sim);
		await executeStep(page);
		const summary =
			'Before this error stopped the run, its other items had already changed Intercom: 2 archived (first+tag@example.com, solo@example.com).';
		const output = page.locator('[data-test-id=output-panel]');
		await waitFor(
			async () => (await output.innerText()).includes(summary),
			`the output pane does not say what was archived: ${(await output.innerText()).slice(0, 600)}`,
			15_000,
		);
		const text = await output.innerText();
		expect(text.includes('User Not Found'), 'the output pane does not show the error message');
		expect(
			text.includes('set Settings → On Error to "Continue"'),
			'the output pane does not name On Error → Continue',
		);
		const archived = sim.archivedIds();
		expect(
			archived.includes(PLUS_TAG) && archived.includes(SOLO),
			`the simulator has archived ${JSON.stringify(archived)}`,
		);
		const sent = takeRequests(sim);
		expect(
			sent.length === 3 && sent.every((request) => request.startsWith('DELETE /users?email=')),
			`the run sent ${JSON.stringify(sent)}`,
		);
		await picture(ctx, 'stopped-run', '[data-test-id=output-panel]', 450);
		await page.locator('[data-test-id=ndv-close-button]').click();
	},
};

const continueTable: Check = {
	name: '11. Under On Error → Continue, a failed item shows in the Table view what happened and whom it was about (error, value, selector, operation, outcome) in cells seen without scrolling',
	async run(ctx) {
		const { page, sim } = ctx;
		await openNewWorkflow(
			ctx,
			archiveEmailsWorkflow(
				'Continue in the Table view',
				['nobody@nowhere.io', 'first@example.com'],
				{
					onError: 'continueRegularOutput',
				},
			),
		);
		await openIntercomNode(page);
		takeRequests(sim);
		await executeStep(page);
		const output = page.locator('[data-test-id=output-panel]');
		await output.locator('[data-test-id=radio-button-table]').first().click();
		const table = output.locator('table').first();
		await table.waitFor({ timeout: 15_000 });
		const headers = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
		const wanted = ['error', 'value', 'selector', 'operation', 'outcome'];
		const columns = wanted.map((name) => headers.findIndex((header) => header.startsWith(name)));
		expect(
			columns.every((index) => index >= 0),
			`the Table view's columns are ${JSON.stringify(headers.slice(0, 12))}`,
		);
		const row = table.locator('tbody tr').first();
		const cells = row.locator('td');
		const seen: Record<string, string> = {};
		const pane = await output.boundingBox();
		for (const [position, name] of wanted.entries()) {
			const cell = cells.nth(columns[position]);
			seen[name] = (await cell.innerText()).trim();
			const box = await cell.boundingBox();
			// The first four whole; `outcome`, the fifth, at least begins inside the pane.
			const end = box === null ? 0 : name === 'outcome' ? box.x + 20 : box.x + box.width;
			expect(
				pane !== null && box !== null && box.x >= pane.x && end <= pane.x + pane.width + 1,
				`the ${name} cell is not within the output pane without scrolling (cell ${JSON.stringify(box)}, pane ${JSON.stringify(pane)})`,
			);
		}
		expect(
			seen.error.startsWith('Intercom: User Not Found (not_found)') &&
				seen.outcome === 'notFound' &&
				seen.operation === 'archive' &&
				seen.selector === 'email' &&
				seen.value === 'nobody@nowhere.io',
			`the failed row shows ${JSON.stringify(seen)}`,
		);
		expect(
			(await output.innerText()).includes('first@example.com'),
			'the archived user is not in the output',
		);
		await picture(ctx, 'continue-table', '[data-test-id=output-panel]', 380);
		await page.locator('[data-test-id=ndv-close-button]').click();
	},
};

export { continueTable, executeByEmail, largeRunHint, stoppedRun };
