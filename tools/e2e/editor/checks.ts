/**
 * The checks of `npm run test:ui`, in the order they run (each named after the
 * numbered point it proves). They share one browser page and one workflow: the first
 * check adds the Intercom Users node, the credential check connects it to the
 * simulator, the later checks run it.
 */
import path from 'node:path';

import type { Page } from 'playwright-core';

import type { IntercomSimulator } from '../../intercom-simulator/simulator';
import { DEFAULT_TOKEN } from '../../intercom-simulator/simulator';
import { OWNER } from '../../real-n8n/editor';
import { PACKAGE_NAME } from '../../real-n8n/project';
import {
	choose,
	exactly,
	expect,
	optionsOf,
	parameter,
	selected,
	shown,
	type,
	waitFor,
} from './page';

/** What the checks share. */
export interface CheckContext {
	page: Page;
	/** n8n's base URL, e.g. `http://127.0.0.1:5679`. */
	url: string;
	sim: IntercomSimulator;
	simUrl: string;
	/** Browser console errors and page errors, as they came. */
	console: string[];
	/** Every response with a status >= 400: `<status> <url>`. */
	failedResponses: string[];
	/** Where to write the pictures of docs/images (E2E_UI_IMAGES=1), else undefined. */
	images?: string;
	state: Record<string, unknown>;
}

/** One check: its name (with the number of the point it proves) and what it does. */
export interface Check {
	name: string;
	run: (ctx: CheckContext) => Promise<void>;
}

const WASH = '5714dd359a3fd47136000001';
const SOLO = '5714dd359a3fd47136000007';
/** The credential's own message for a 401 (credentials/IntercomAccessTokenApi.credentials.ts). */
const OUR_401 = 'Intercom rejected the access token (401 unauthorized)';

/** Whether the page's text includes `text`. */
async function bodyHas(page: Page, text: string): Promise<boolean> {
	return (await page.locator('body').innerText()).includes(text);
}

/** Signs up the owner on the first visit (`/setup`) and waits until the editor is reachable. */
export async function setUpOwner(ctx: CheckContext): Promise<void> {
	const { page } = ctx;
	await page.goto(ctx.url);
	await page.waitForURL(/\/(setup|signin|home|workflow|assistant)/, { timeout: 60_000 });
	if (page.url().includes('/setup')) {
		await page.fill('input[name=email]', OWNER.email);
		await page.fill('input[name=firstName]', OWNER.firstName);
		await page.fill('input[name=lastName]', OWNER.lastName);
		await page.fill('input[name=password]', OWNER.password);
		await page.getByRole('button', { name: 'Next' }).click();
		await page.waitForURL((url) => !url.pathname.includes('/setup'), { timeout: 30_000 });
	}
}

/** The simulator's requests as `METHOD /path?query`, then forgets them. */
function takeRequests(sim: IntercomSimulator): string[] {
	const requests = sim.requests.map(
		(r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`,
	);
	sim.clearRequests();
	return requests;
}

/** Opens a new workflow and the node creator's search with `query`. */
async function searchNodes(page: Page, url: string, query: string): Promise<void> {
	await page.goto(`${url}/workflow/new`);
	await page.locator('[data-test-id=node-creator-plus-button]').click({ timeout: 30_000 });
	await page.fill('[data-test-id=node-creator] input[placeholder^="Search"]', query);
	await page.waitForTimeout(500);
}

/** Clicks the node panel's Execute step and waits for the run to end (output or error). */
async function executeStep(page: Page): Promise<string> {
	await page.locator('[data-test-id=node-execute-button]').first().click();
	const output = page.locator('[data-test-id=output-panel]');
	await page.waitForTimeout(1_000);
	await waitFor(
		async () => !/Executing|Execution in progress/i.test(await output.innerText()),
		'the run did not end',
		30_000,
	);
	// The panel shows "1 item" before it renders the item itself: wait (bounded) until the item's
	// content is there (an email, an error or the not-found marker), then read it.
	await waitFor(
		async () => /@|error|not found|notFound/i.test(await output.innerText()),
		'the output did not render an item',
		15_000,
	).catch(() => undefined);
	return await output.innerText();
}

/** Saves `ctx.page`'s element `selector` (or the viewport's `clip`) as docs/images/<name>.png. */
async function picture(ctx: CheckContext, name: string, selector: string): Promise<void> {
	if (!ctx.images) return;
	await ctx.page
		.locator(selector)
		.first()
		.screenshot({ path: path.join(ctx.images, `${name}.png`), animations: 'disabled' });
}

const nodeCreator: Check = {
	name: '1. Searching "Intercom" lists Intercom Users with its icon and description; its actions are Archive, Unarchive and Permanently Delete',
	async run(ctx) {
		const { page, url } = ctx;
		await searchNodes(page, url, 'Intercom');
		const name = page
			.locator('[data-test-id=node-creator-item-name]')
			.filter({ hasText: exactly('Intercom Users') });
		await name.waitFor({ timeout: 15_000 });
		const row = page.locator('[data-test-id=item-iterator-item]').filter({ has: name });
		const description = await row
			.locator('[data-test-id=node-creator-item-description]')
			.innerText();
		expect(
			description.includes('Archive, unarchive or permanently delete Intercom users'),
			`the description reads "${description}"`,
		);
		const icon = row.locator('img').first();
		await waitFor(
			async () =>
				(await icon.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)) >
				0,
			'the icon did not load',
		);
		const src = (await icon.getAttribute('src')) ?? '';
		expect(src.includes(`/icons/${PACKAGE_NAME}/`), `the icon comes from ${src}`);
		await name.click();
		await page.waitForTimeout(500);
		const items = (await page.locator('[data-test-id=node-creator-item-name]').allInnerTexts()).map(
			(t) => t.trim(),
		);
		const actions = items.filter((item) => !/^On /.test(item));
		expect(
			JSON.stringify(actions) ===
				JSON.stringify(['Archive a user', 'Permanently delete a user', 'Unarchive a user']),
			`the actions are ${JSON.stringify(actions)}`,
		);
		await page
			.locator('[data-test-id=node-creator-item-name]')
			.filter({ hasText: exactly('Archive a user') })
			.click();
		await page.locator('[data-test-id=ndv]').waitFor({ timeout: 15_000 });
		await parameter(page, 'operation').waitFor();
		await picture(ctx, 'node-panel', '[data-test-id=ndv]');
	},
};

const credential: Check = {
	name: '4. The credential form: Region options, Custom shows Base URL, Test succeeds against the simulator and shows our 401 message for a wrong token',
	async run(ctx) {
		const { page } = ctx;
		await page
			.locator(
				'[data-test-id=node-credentials-empty-state], [data-test-id=node-credentials-slot] button',
			)
			.first()
			.click();
		const dialog = page.locator('[data-test-id=credential-edit-dialog]');
		await dialog.waitFor({ timeout: 15_000 });
		const regions = await optionsOf(page, 'region');
		expect(
			JSON.stringify(regions) ===
				JSON.stringify([
					'Australia (api.au.intercom.io)',
					'Custom',
					'Europe (api.eu.intercom.io)',
					'United States (api.intercom.io)',
				]),
			`the Region options are ${JSON.stringify(regions)}`,
		);
		expect(!(await shown(page, 'baseUrl')), 'Base URL is shown before Custom is picked');
		await choose(page, 'region', 'Custom');
		expect(await shown(page, 'baseUrl'), 'Custom does not show Base URL');
		await type(page, 'baseUrl', ctx.simUrl);
		await picture(ctx, 'credential-region', '.el-dialog:visible');
		await type(page, 'accessToken', 'not-the-token');
		// The editor tests the credential on save; it shows "More details" with the credential's message.
		const tested = page.waitForResponse(
			(response) => response.url().includes('/rest/credentials/test'),
			{
				timeout: 30_000,
			},
		);
		await page.locator('[data-test-id=credential-save-button]').click();
		const answer = JSON.stringify(await (await tested).json().catch(() => ({})));
		const details = page.getByText('More details', { exact: true });
		await details.first().waitFor({ timeout: 30_000 });
		for (let attempt = 0; attempt < 3 && !(await bodyHas(page, OUR_401)); attempt++) {
			await details
				.last()
				.click({ force: true })
				.catch(() => undefined);
			await page.waitForTimeout(700);
		}
		expect(
			await bodyHas(page, OUR_401),
			`a wrong token does not show "${OUR_401}" (the test answered ${answer.slice(0, 200)})`,
		);
		await type(page, 'accessToken', DEFAULT_TOKEN);
		const retested = page.waitForResponse(
			(response) => response.url().includes('/rest/credentials/test'),
			{ timeout: 30_000 },
		);
		await page.locator('[data-test-id=credential-save-button]').click();
		const success = JSON.stringify(await (await retested).json().catch(() => ({})));
		expect(
			success.includes('"status":"OK"'),
			`the test with the right token answered ${success.slice(0, 200)}`,
		);
		// A credential that tests fine is saved and its dialog closes (or says so and stays).
		await waitFor(
			async () =>
				!(await dialog.isVisible()) ||
				/Connection tested successfully/i.test(await dialog.innerText()),
			'the credential dialog neither closed nor said the test succeeded',
			30_000,
		);
		if (await dialog.isVisible()) await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
		takeRequests(ctx.sim);
	},
};

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

const defaults: Check = {
	name: '2. The defaults of each operation, and that they work when run against the simulator',
	async run(ctx) {
		const { page, sim } = ctx;
		await choose(page, 'operation', 'Unarchive');
		expect(
			(await selected(page, 'api')) === 'Contacts API (2.x)',
			`Unarchive's API is ${await selected(page, 'api')}`,
		);
		expect(
			(await selected(page, 'archiveBy')) === 'Intercom ID',
			`Unarchive By is ${await selected(page, 'archiveBy')}`,
		);
		const apis = await optionsOf(page, 'api');
		expect(
			JSON.stringify(apis) === '["Contacts API (2.x)"]',
			`Unarchive offers the APIs ${JSON.stringify(apis)}`,
		);
		const selectors = await optionsOf(page, 'archiveBy');
		expect(
			JSON.stringify(selectors) === '["Intercom ID"]',
			`Unarchive offers the selectors ${JSON.stringify(selectors)}`,
		);
		takeRequests(sim);
		await type(page, 'intercomId', WASH);
		const restored = await executeStep(page);
		expect(
			restored.includes('wash@serenity.io'),
			`Unarchive with its defaults gives ${restored.slice(0, 300)}`,
		);
		const unarchive = takeRequests(sim);
		expect(
			unarchive[0] === `POST /contacts/${WASH}/unarchive`,
			`Unarchive sent ${JSON.stringify(unarchive)}`,
		);

		await choose(page, 'operation', 'Permanently Delete');
		expect(
			(await selected(page, 'api')) === 'Users API (1.4)',
			`Permanently Delete's API is ${await selected(page, 'api')}`,
		);
		expect(
			(await selected(page, 'archiveBy')) === 'Email',
			`Delete By is ${await selected(page, 'archiveBy')}`,
		);
		expect(await shown(page, 'confirmPermanentDelete'), 'the confirmation is not shown');
		await type(page, 'email', 'mal@serenity.io');
		const refused = await executeStep(page);
		expect(
			(refused + (await page.locator('body').innerText())).includes(
				'Permanent deletion is not confirmed',
			),
			'Permanently Delete without the confirmation does not say so',
		);
		expect(takeRequests(sim).length === 0, 'an unconfirmed deletion sent a request');
		await parameter(page, 'confirmPermanentDelete')
			.locator('.el-switch, [role=switch]')
			.first()
			.click();
		await page.waitForTimeout(800);
		const deleted = await executeStep(page);
		expect(
			deleted.includes('user_delete_request'),
			`the confirmed deletion gives ${deleted.slice(0, 300)}`,
		);
		const deletion = takeRequests(sim);
		expect(
			deletion.includes('POST /user_delete_requests'),
			`the deletion sent ${JSON.stringify(deletion)}`,
		);
		await choose(page, 'operation', 'Archive');
		expect(
			(await selected(page, 'api')) === 'Users API (1.4)',
			`Archive's API is ${await selected(page, 'api')}`,
		);
		expect(
			(await selected(page, 'archiveBy')) === 'Email',
			`Archive By is ${await selected(page, 'archiveBy')}`,
		);
	},
};

const switching: Check = {
	name: "3. Switching the selector shows exactly its value field; the Contacts API shows its version; Permanently Delete shows the confirmation and its warning; the selector's label follows the operation",
	async run(ctx) {
		const { page } = ctx;
		const fields = ['intercomId', 'email', 'userId'];
		for (const [option, field] of [
			['Intercom ID', 'intercomId'],
			['User ID', 'userId'],
			['Email', 'email'],
		]) {
			await choose(page, 'archiveBy', option);
			const visible = [];
			for (const candidate of fields) if (await shown(page, candidate)) visible.push(candidate);
			expect(
				JSON.stringify(visible) === JSON.stringify([field]),
				`${option} shows ${JSON.stringify(visible)}`,
			);
		}
		expect(!(await shown(page, 'contactsApiVersion')), 'the version field shows for the Users API');
		await choose(page, 'api', 'Contacts API (2.x)');
		expect(
			await shown(page, 'contactsApiVersion'),
			'the Contacts API does not show its version field',
		);
		await choose(page, 'api', 'Users API (1.4)');
		const label = async (text: string) =>
			await page.locator('[data-test-id=ndv]').getByText(text, { exact: true }).first().isVisible();
		expect(await label('Archive By'), 'Archive shows no "Archive By"');
		expect(!(await shown(page, 'confirmPermanentDelete')), 'Archive shows the confirmation');
		await choose(page, 'operation', 'Permanently Delete');
		expect(await label('Delete By'), 'Permanently Delete shows no "Delete By"');
		expect(await shown(page, 'confirmPermanentDelete'), 'Permanently Delete shows no confirmation');
		expect(
			await page
				.locator('[data-test-id=ndv]')
				.getByText('Permanent deletion erases the user and their conversations from Intercom.', {
					exact: false,
				})
				.first()
				.isVisible(),
			'Permanently Delete shows no warning next to its confirmation',
		);
		await choose(page, 'operation', 'Unarchive');
		expect(await label('Unarchive By'), 'Unarchive shows no "Unarchive By"');
		await choose(page, 'operation', 'Archive');
	},
};

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

const dryRun: Check = {
	name: '10. With Dry Run on, Execute step shows dryRun: true after only GET /users?email=solo%40example.com, and the user is still active in the simulator',
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

const schemaPreview: Check = {
	name: '6. The output schema is shown before the first run',
	async run(ctx) {
		const { page, url } = ctx;
		const served: string[] = [];
		page.on('response', (response) => {
			if (response.url().includes('/schemas/'))
				served.push(`${response.status()} ${response.url()}`);
		});
		await searchNodes(page, url, 'Intercom Users');
		await page
			.locator('[data-test-id=node-creator-item-name]')
			.filter({ hasText: exactly('Intercom Users') })
			.click();
		await page
			.locator('[data-test-id=node-creator-item-name]')
			.filter({ hasText: exactly('Archive a user') })
			.click();
		await page.locator('[data-test-id=ndv]').waitFor();
		await page.locator('[data-test-id=ndv-close-button]').click();
		// A node after it: its input panel previews the Intercom Users output.
		const handle = page
			.locator('[data-test-id=canvas-node-output-handle] [data-test-id=canvas-handle-plus]')
			.last();
		await handle.click();
		await page.fill('[data-test-id=node-creator] input[placeholder^="Search"]', 'No Operation');
		await page
			.locator('[data-test-id=node-creator-item-name]')
			.filter({ hasText: /^No Operation/ })
			.first()
			.click();
		await page.locator('[data-test-id=ndv]').waitFor();
		const input = page.locator('[data-test-id=ndv-input-panel]');
		await waitFor(
			async () => (await input.innerText()).includes('Usually outputs the following fields'),
			`the input panel shows no schema preview (schemas served: ${served.join(', ') || 'none'})`,
			20_000,
		);
		const text = await input.innerText();
		// What the builder maps first, as the Users API (1.4) returns it, and the Dry Run item.
		for (const field of ['user_id', 'email', 'created_at', 'dryRun', 'outcome']) {
			expect(text.includes(field), `the preview lacks ${field}`);
		}
		// Fields only the Contacts API returns are not listed (n8n picks a schema by operation only).
		for (const field of ['external_id', 'archived', 'workspace_id']) {
			expect(
				!text.includes(field),
				`the preview lists ${field}, which the Users API never returns`,
			);
		}
		await picture(ctx, 'schema-preview', '[data-test-id=ndv-input-panel]');
		expect(
			served.some(
				(entry) =>
					entry.startsWith('200 ') &&
					entry.includes(`/schemas/${PACKAGE_NAME}.intercomUsers/1.0.0/user/archive.json`),
			),
			`n8n served ${served.join(', ')}`,
		);
		await page.locator('[data-test-id=ndv-close-button]').click();
	},
};

const toolVariant: Check = {
	name: "7. Intercom Users Tool is among an AI Agent's tools, and its confirmation cannot be handed to the model",
	async run({ page, url }) {
		await searchNodes(page, url, 'AI Agent');
		await page
			.locator('[data-test-id=node-creator-item-name]')
			.filter({ hasText: exactly('AI Agent') })
			.first()
			.click();
		await page.waitForTimeout(1_000);
		await page.keyboard.press('Escape');
		await page.waitForTimeout(500);
		if (await page.locator('[data-test-id=ndv]').isVisible())
			await page.locator('[data-test-id=ndv-close-button]').click();
		await page
			.locator(
				'.vue-flow__handle[data-handleid="inputs/ai_tool/0"] [data-test-id=canvas-handle-plus]',
			)
			.first()
			.click();
		await page.fill('[data-test-id=node-creator] input[placeholder^="Search"]', 'Intercom');
		const tool = page
			.locator('[data-test-id=node-creator-item-name]')
			.filter({ hasText: exactly('Intercom Users Tool') });
		await tool.waitFor({ timeout: 15_000 });
		await tool.click();
		await page.locator('[data-test-id=ndv]').waitFor({ timeout: 15_000 });
		await choose(page, 'operation', 'Permanently Delete');
		const emailItem = page
			.locator('[data-test-id=parameter-item]')
			.filter({ has: page.locator('[data-test-id=parameter-input-email]') });
		await page.locator('[data-test-id=parameter-input-email]').hover();
		const emailButton = await emailItem.locator('[data-test-id=from-ai-override-button]').count();
		await page.locator('[data-test-id=parameter-input-confirmPermanentDelete]').hover();
		const confirmItem = page
			.locator('[data-test-id=parameter-item]')
			.filter({ has: page.locator('[data-test-id=parameter-input-confirmPermanentDelete]') });
		const confirmButton = await confirmItem
			.locator('[data-test-id=from-ai-override-button]')
			.count();
		expect(
			emailButton > 0,
			'Email offers no "defined by the model" button (the check would prove nothing)',
		);
		expect(
			confirmButton === 0,
			'Confirm Permanent Deletion offers the "defined by the model" button',
		);
		const body = await page.locator('[data-test-id=ndv]').innerText();
		expect(
			body.includes('Only you can turn the confirmation on'),
			'the tool shows no notice about the confirmation',
		);
		await page.locator('[data-test-id=ndv-close-button]').click();
	},
};

/** How many pinned input items the large-run check feeds the node (the hint shows from 500). */
const LARGE_RUN_INPUT = 600;

const largeRunHint: Check = {
	name: `9. After a run of ${LARGE_RUN_INPUT} items without Batching, the output pane suggests Batching 10 items per 1 ms`,
	async run(ctx) {
		const { page, url } = ctx;
		const trigger = "When clicking 'Execute workflow'";
		const workflow = {
			name: 'Large run hint',
			nodes: [
				{
					id: 'trigger',
					name: trigger,
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'intercom',
					name: 'Intercom Users',
					type: `${PACKAGE_NAME}.intercomUsers`,
					typeVersion: 1,
					position: [220, 0],
					parameters: {
						resource: 'user',
						operation: 'archive',
						archiveBy: 'email',
						email: '={{ $json.email }}',
						options: { ignoreNotFound: true },
					},
				},
			],
			connections: { [trigger]: { main: [[{ node: 'Intercom Users', type: 'main', index: 0 }]] } },
			pinData: {
				[trigger]: Array.from({ length: LARGE_RUN_INPUT }, (_, index) => ({
					json: { email: `nobody${index}@example.com` },
				})),
			},
			settings: {},
		};
		// Created through n8n's REST API from the page, as the editor's own requests are (its
		// session cookie and browser id), with the credential the credential check saved.
		const created = await page.evaluate(async (body) => {
			const headers = {
				'content-type': 'application/json',
				'browser-id':
					(
						globalThis as unknown as { localStorage: { getItem(key: string): string | null } }
					).localStorage.getItem('n8n-browserId') ?? '',
			};
			const list = (await (await fetch('/rest/credentials', { headers })).json()) as {
				data: Array<{ id: string; name: string; type: string }>;
			};
			const credential = list.data.find((c) => c.type === 'intercomAccessTokenApi');
			if (!credential) return { error: 'no Intercom credential saved' };
			(body.nodes[1] as Record<string, unknown>).credentials = {
				intercomAccessTokenApi: { id: credential.id, name: credential.name },
			};
			const response = await fetch('/rest/workflows', {
				method: 'POST',
				headers,
				body: JSON.stringify(body),
			});
			const json = (await response.json()) as { data?: { id?: string } };
			return json.data?.id ? { id: json.data.id } : { error: `HTTP ${response.status}` };
		}, workflow);
		expect('id' in created, `the workflow was not created: ${JSON.stringify(created)}`);
		await page.goto(`${url}/workflow/${(created as { id: string }).id}`);
		await page
			.locator('[data-test-id=canvas-node]')
			.filter({ hasText: 'Intercom Users' })
			.first()
			.dblclick();
		await page.locator('[data-test-id=ndv]').waitFor();
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

const consoleAndIcons: Check = {
	name: '8. No console error caused by the package; the icons load in light and dark themes',
	async run(ctx) {
		const { page, url } = ctx;
		const iconsLoad = async () => {
			await searchNodes(page, url, 'Intercom Users');
			const name = page
				.locator('[data-test-id=node-creator-item-name]')
				.filter({ hasText: exactly('Intercom Users') });
			const icon = page
				.locator('[data-test-id=item-iterator-item]')
				.filter({ has: name })
				.locator('img')
				.first();
			await waitFor(
				async () =>
					(await icon.evaluate(
						(img) => (img as unknown as { naturalWidth: number }).naturalWidth,
					)) > 0,
				'the icon did not load',
			);
			return (await icon.getAttribute('src')) ?? '';
		};
		const light = await iconsLoad();
		expect(light.endsWith('/intercom.svg'), `the light theme shows ${light}`);
		await page.evaluate("localStorage.setItem('N8N_THEME', 'dark')");
		await page.reload();
		const dark = await iconsLoad();
		expect(dark.endsWith('/intercom.dark.svg'), `the dark theme shows ${dark}`);
		await page.evaluate("localStorage.setItem('N8N_THEME', 'light')");
		// The editor asks the npm registry about every community package; the test blocks the network.
		const ours = (entry: string) =>
			/intercom|n8n-nodes-intercom-users/i.test(entry) && !entry.includes('registry.npmjs.org');
		const problems = [...ctx.console.filter(ours), ...ctx.failedResponses.filter(ours)];
		expect(
			problems.length === 0,
			`errors caused by the package: ${problems.slice(0, 5).join(' | ')}`,
		);
	},
};

/** Every check, in the order they run. */
export const CHECKS: Check[] = [
	nodeCreator,
	credential,
	executeByEmail,
	defaults,
	switching,
	dryRun,
	schemaPreview,
	toolVariant,
	largeRunHint,
	consoleAndIcons,
];
