/**
 * What the editor checks share: their context, the owner setup, and the steps several
 * checks take (searching the node panel, running a step, creating a workflow through
 * n8n's REST API, saving a picture for the README).
 */
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import type { IntercomSimulator } from '../../../intercom-simulator/simulator';
import { OWNER } from '../../../real-n8n/editor';
import { PACKAGE_NAME } from '../../../real-n8n/project';
import { expect, waitFor } from '../page';

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

/** The seeded user Hoban Washburne (wash@serenity.io). */
export const WASH = '5714dd359a3fd47136000001';

/** The Manual Trigger's name in the workflows the checks create. */
export const TRIGGER = "When clicking 'Execute workflow'";

/** Whether the page's text includes `text`. */
export async function bodyHas(page: Page, text: string): Promise<boolean> {
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
export function takeRequests(sim: IntercomSimulator): string[] {
	const requests = sim.requests.map(
		(r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`,
	);
	sim.clearRequests();
	return requests;
}

/** The node creator's search field. */
const SEARCH = '[data-test-id=node-creator] input[placeholder^="Search"]';

/** Opens a new workflow and the node creator's search with `query`. */
export async function searchNodes(page: Page, url: string, query: string): Promise<void> {
	await page.goto(`${url}/workflow/new`);
	await page.locator('[data-test-id=node-creator-plus-button]').click({ timeout: 30_000 });
	await page.fill(SEARCH, query);
	await page.waitForTimeout(500);
}

/** Replaces the open node creator's search with `query`. */
export async function searchAgain(page: Page, query: string): Promise<void> {
	await page.fill(SEARCH, query);
	await page.waitForTimeout(500);
}

/** Clicks the node panel's Execute step and waits for the run to end (output or error). */
export async function executeStep(page: Page): Promise<string> {
	const output = page.locator('[data-test-id=output-panel]');
	const before = await output.innerText();
	await page.locator('[data-test-id=node-execute-button]').first().click();
	// On a busy machine the run may start after a second: until the panel changes, it still
	// shows the previous run's output, which would pass for this one's.
	await waitFor(
		async () => (await output.innerText()) !== before,
		'the output did not change',
		20_000,
	).catch(() => undefined);
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

/** Hides n8n's toasts (element-plus notifications) in a picture. */
const NO_TOASTS = '.el-notification { display: none !important; }';

/**
 * Saves `ctx.page`'s element `selector` as docs/images/<name>.png (only under
 * E2E_UI_IMAGES=1), without n8n's toasts; with `maxHeight`, only the element's top
 * `maxHeight` pixels.
 */
export async function picture(
	ctx: CheckContext,
	name: string,
	selector: string,
	maxHeight?: number,
): Promise<void> {
	if (!ctx.images) return;
	const file = path.join(ctx.images, `${name}.png`);
	const element = ctx.page.locator(selector).first();
	const box = maxHeight === undefined ? null : await element.boundingBox();
	if (box && maxHeight !== undefined && box.height > maxHeight) {
		await ctx.page.screenshot({
			path: file,
			animations: 'disabled',
			style: NO_TOASTS,
			clip: { x: box.x, y: box.y, width: box.width, height: maxHeight },
		});
		return;
	}
	await element.screenshot({ path: file, animations: 'disabled', style: NO_TOASTS });
}

/**
 * A workflow Manual Trigger → Intercom Users with `node` merged into the Intercom Users
 * node (its `parameters`, `typeVersion`, settings such as `onError`); `pinned` items, if
 * given, are pinned as the trigger's output.
 */
export function intercomWorkflow(
	name: string,
	node: Record<string, unknown>,
	pinned?: Array<Record<string, unknown>>,
): Record<string, unknown> {
	return {
		name,
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER,
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
				...node,
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: 'Intercom Users', type: 'main', index: 0 }]] } },
		...(pinned ? { pinData: { [TRIGGER]: pinned.map((json) => ({ json })) } } : {}),
		settings: {},
	};
}

/**
 * A workflow Manual Trigger → Intercom Users (Archive by the item's email) whose trigger
 * has `emails` pinned as its output, one item each; `settings` are the Intercom Users
 * node's own (e.g. `onError`), `options` its Options collection.
 */
export function archiveEmailsWorkflow(
	name: string,
	emails: string[],
	settings: Record<string, unknown> = {},
	options: Record<string, unknown> = {},
): Record<string, unknown> {
	const parameters = {
		resource: 'user',
		operation: 'archive',
		archiveBy: 'email',
		email: '={{ $json.email }}',
		options,
	};
	return intercomWorkflow(
		name,
		{ parameters, ...settings },
		emails.map((email) => ({ email })),
	);
}

/** Opens the credential dialog from the open node's credential slot (new or existing). */
export async function openCredentialDialog(page: Page): Promise<Locator> {
	await page
		.locator(
			'[data-test-id=node-credentials-empty-state], [data-test-id=node-credentials-slot] button',
		)
		.first()
		.click();
	const dialog = page.locator('[data-test-id=credential-edit-dialog]');
	await dialog.waitFor({ timeout: 15_000 });
	return dialog;
}

/**
 * Creates `workflow` through n8n's REST API from the page, as the editor's own requests
 * are (its session cookie and browser id), with the Intercom credential the credential
 * check saved set on each of its Intercom Users nodes (unless `withCredential` is false:
 * then they keep what they have), opens it, and waits until the canvas shows the node
 * whose text includes `nodeText`.
 */
export async function openNewWorkflow(
	ctx: CheckContext,
	workflow: Record<string, unknown>,
	nodeText = 'Intercom Users',
	withCredential = true,
): Promise<void> {
	const { page, url } = ctx;
	const created = await page.evaluate(
		async ({ body, nodeType, withCredential }) => {
			const headers = {
				'content-type': 'application/json',
				'browser-id':
					(
						globalThis as unknown as { localStorage: { getItem(key: string): string | null } }
					).localStorage.getItem('n8n-browserId') ?? '',
			};
			const list = withCredential
				? ((await (await fetch('/rest/credentials', { headers })).json()) as {
						data: Array<{ id: string; name: string; type: string }>;
					})
				: { data: [] };
			const credential = list.data.find((c) => c.type === 'intercomAccessTokenApi');
			if (withCredential && !credential) return { error: 'no Intercom credential saved' };
			for (const node of body.nodes as Array<Record<string, unknown>>) {
				if (node.type !== nodeType || !credential) continue;
				node.credentials = {
					intercomAccessTokenApi: { id: credential.id, name: credential.name },
				};
			}
			const response = await fetch('/rest/workflows', {
				method: 'POST',
				headers,
				body: JSON.stringify(body),
			});
			const json = (await response.json()) as { data?: { id?: string } };
			return json.data?.id ? { id: json.data.id } : { error: `HTTP ${response.status}` };
		},
		{ body: workflow, nodeType: `${PACKAGE_NAME}.intercomUsers`, withCredential },
	);
	expect('id' in created, `the workflow was not created: ${JSON.stringify(created)}`);
	await page.goto(`${url}/workflow/${(created as { id: string }).id}`);
	await canvasNode(page, nodeText).waitFor({ timeout: 30_000 });
}

/** The first node on the canvas whose text includes `text`. */
export function canvasNode(page: Page, text: string) {
	return page.locator('[data-test-id=canvas-node]').filter({ hasText: text }).first();
}

/** The Intercom Users node on the canvas. */
export function intercomNodeOnCanvas(page: Page) {
	return canvasNode(page, 'Intercom Users');
}

/** Opens the Intercom Users node's panel from the canvas. */
export async function openIntercomNode(page: Page): Promise<void> {
	await intercomNodeOnCanvas(page).dblclick();
	await page.locator('[data-test-id=ndv]').waitFor();
}
