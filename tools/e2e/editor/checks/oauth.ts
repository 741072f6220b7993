/**
 * The OAuth2 credential (check 14): created from a node whose Authentication is OAuth2,
 * with Region Custom at the simulator, connected through the simulator's authorize page in
 * n8n's popup, then used by Execute workflow to archive a user with the issued token.
 */
import type { Locator, Page } from 'playwright-core';

import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../../intercom-simulator/simulator';
import { choose, expect, type, waitFor } from '../page';
import type { Check, CheckContext } from './shared';
import {
	bodyHas,
	intercomWorkflow,
	openCredentialDialog,
	openIntercomNode,
	openNewWorkflow,
} from './shared';

/** dup@example.com (user_id 29): the seeded user no other check changes. */
const DUP_A = '5714dd359a3fd47136000005';

/** n8n's OAuth callback path, which the credential shows as its OAuth Redirect URL. */
const CALLBACK_PATH = '/rest/oauth2-credential/callback';

/** Manual Trigger → Intercom Users (Authentication OAuth2, Archive by Intercom ID, no credential yet). */
function oauthArchiveWorkflow(): Record<string, unknown> {
	const parameters = {
		authentication: 'oAuth2',
		resource: 'user',
		operation: 'archive',
		archiveBy: 'id',
		intercomId: DUP_A,
	};
	return intercomWorkflow('Archive with OAuth2', { typeVersion: 1.1, parameters });
}

/** The page's text and the values of its inputs (n8n shows some fixed values in inputs). */
async function textAndValues(page: Page): Promise<string> {
	const values = await page
		.locator('input')
		.evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
	return `${await page.locator('body').innerText()}\n${values.join('\n')}`;
}

/**
 * Opens a new credential's dialog from the node: its empty credential slot, or, when n8n
 * has already given the node an existing credential (the access token the credential
 * check saved), the dropdown's "Create new credential" and the dialog's OAuth2 mode.
 */
async function openNewCredentialDialog(page: Page): Promise<Locator> {
	const empty = page.locator('[data-test-id=node-credentials-empty-state]');
	const select = page.locator('[data-test-id=node-credentials-select]');
	await waitFor(
		async () => (await empty.isVisible()) || (await select.isVisible()),
		'the node shows no credential slot',
		15_000,
	);
	if (await empty.isVisible()) return await openCredentialDialog(page);
	await select.click();
	await page.locator('[data-test-id=node-credentials-select-item-new]').click();
	const dialog = page.locator('[data-test-id=credential-edit-dialog]');
	await dialog.waitFor({ timeout: 15_000 });
	// The dialog opens on the node's current way to connect; its header menu switches it.
	await page.locator('[data-test-id=credential-mode-dropdown-trigger]').click();
	await page.getByText('OAuth2', { exact: true }).last().click();
	return dialog;
}

/** What a page shows, for a failure's message. */
async function shows(page: Page): Promise<string> {
	const text = await page
		.locator('body')
		.innerText()
		.catch(() => '');
	return `${page.url()}: ${text.replace(/\s+/g, ' ').slice(0, 300)}`;
}

/** Clicks the not-connected banner's Connect and clicks Authorize on the simulator's page in n8n's popup. */
async function connectInPopup(ctx: CheckContext): Promise<void> {
	const { page } = ctx;
	const connect = page.locator('[data-test-id=oauth-not-connected-banner] button').first();
	await connect.waitFor({ timeout: 20_000 }).catch(async () => {
		throw new Error(`the dialog offers no Connect button: ${await shows(page)}`);
	});
	const [popup] = await Promise.all([
		page.context().waitForEvent('page', { timeout: 30_000 }),
		connect.click(),
	]);
	const atAuthorize = (url: URL) => url.href.startsWith(`${ctx.simUrl}/oauth?`);
	await popup.waitForURL(atAuthorize, { timeout: 30_000 }).catch(() => undefined);
	expect(
		atAuthorize(new URL(popup.url())),
		`the popup is not the simulator's authorize page: ${await shows(popup)}`,
	);
	const closed = popup.waitForEvent('close', { timeout: 30_000 });
	await popup.locator('#authorize').click();
	await closed.catch(async () => {
		throw new Error(`the popup did not close after Authorize: ${await shows(popup)}`);
	});
}

/**
 * Waits for "Account connected": in the dialog, or (n8n may close it once connected) in
 * the dialog opened again with the node's credential edit button.
 */
async function seeAccountConnected(page: Page, dialog: Locator): Promise<void> {
	const connected = async () => await bodyHas(page, 'Account connected');
	const seen = await waitFor(connected, '', 5_000).then(
		() => true,
		() => false,
	);
	if (seen && (await dialog.isVisible())) return;
	if (!(await dialog.isVisible())) {
		await page.locator('[data-test-id=credential-edit-button]').first().click();
		await dialog.waitFor({ timeout: 15_000 });
	}
	await waitFor(
		connected,
		`the credential dialog does not say "Account connected": ${await shows(page)}`,
		15_000,
	);
}

export const oauthCredential: Check = {
	name: '14. An Intercom OAuth2 API credential with Region Custom at the simulator shows the OAuth Redirect URL, connects (Connect) through the authorize page in the popup ("Account connected"), and Execute workflow archives a user with it, sending the issued token',
	async run(ctx) {
		const { page, sim } = ctx;
		await openNewWorkflow(ctx, oauthArchiveWorkflow(), 'Intercom Users', false);
		await openIntercomNode(page);
		const dialog = await openNewCredentialDialog(page);
		await waitFor(
			async () => await bodyHas(page, 'Intercom OAuth2 API'),
			'the dialog is not for an Intercom OAuth2 API credential',
			15_000,
		);
		await waitFor(
			async () => (await textAndValues(page)).includes(CALLBACK_PATH),
			`the dialog shows no OAuth Redirect URL ending in ${CALLBACK_PATH}`,
			10_000,
		);
		await type(page, 'clientId', DEFAULT_CLIENT_ID);
		await type(page, 'clientSecret', DEFAULT_CLIENT_SECRET);
		await choose(page, 'region', 'Custom');
		await type(page, 'baseUrl', ctx.simUrl);
		await connectInPopup(ctx);
		await waitFor(
			() => sim.oauthTokens().length === 1,
			'n8n did not exchange the code at the simulator',
			30_000,
		);
		const [issued] = sim.oauthTokens();
		await seeAccountConnected(page, dialog);
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
		// Escape may have closed the node panel along with the dialog.
		const closeNode = page.locator('[data-test-id=ndv-close-button]');
		if (await closeNode.isVisible()) await closeNode.click();

		sim.clearRequests();
		await page.locator('[data-test-id=execute-workflow-button]').first().click();
		await waitFor(
			async () => sim.getUser(DUP_A)?.archived === true,
			'Execute workflow did not archive dup@example.com in the simulator',
			45_000,
		);
		const sent = sim.requests.filter((r) => r.path.startsWith('/users'));
		expect(
			sent.length > 0 && sent.every((r) => r.headers.authorization === `Bearer ${issued}`),
			`the run sent ${JSON.stringify(sent.map((r) => [r.method, r.path, r.headers.authorization === `Bearer ${issued}`]))}`,
		);
	},
};
