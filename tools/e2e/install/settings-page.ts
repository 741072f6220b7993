/**
 * What n8n's editor shows for the installed, unverified package: Settings → Community
 * Nodes in headless Chromium (tools/real-n8n/editor.ts), signed in with the test's REST
 * session cookie. Reads the package's card and the Install dialog's text.
 */
import path from 'node:path';

import { chromium } from 'playwright-core';

import { chromiumLaunchOptions, findChromium } from '../../real-n8n/editor';
import { PACKAGE_NAME } from '../../real-n8n/project';
import type { RestSession } from '../../real-n8n/rest';
import { waitFor } from '../editor/page';

/** What the page showed. */
export interface SettingsPageView {
	/** The package card's text, lines joined with " | ". */
	card: string;
	/** The Install dialog's text, lines joined with " | ". */
	installDialog: string;
}

/** The risk notice n8n's Install dialog asks the user to tick for an unverified package. */
export const RISK_NOTICE =
	'I understand the risks of installing unverified code from a public source.';

const flat = (text: string) =>
	text
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean)
		.join(' | ');

/**
 * Opens Settings → Community Nodes and returns the card of {@link PACKAGE_NAME} and the
 * Install dialog's text. A screenshot of a failure goes to `shotDir`. Throws when
 * Chromium is missing or the page does not show the card.
 */
export async function readSettingsPage(
	rest: RestSession,
	shotDir: string,
): Promise<SettingsPageView> {
	const executablePath = findChromium();
	if (!executablePath) {
		throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH');
	}
	const browser = await chromium.launch(chromiumLaunchOptions(executablePath));
	try {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const host = new URL(rest.url).hostname;
		await context.addCookies([
			{ name: 'n8n-auth', value: rest.authCookie, domain: host, path: '/' },
		]);
		const page = await context.newPage();
		try {
			await page.goto(`${rest.url}/settings/community-nodes`);
			const card = page.locator('[data-test-id=community-package-card]').filter({
				hasText: PACKAGE_NAME,
			});
			await card.first().waitFor({ timeout: 60_000 });
			// The card fills in its version and node count after the list arrives.
			await waitFor(
				async () => /\d+\.\d+\.\d+/.test(await card.first().innerText()),
				'no version shown',
				30_000,
			);
			const cardText = flat(await card.first().innerText());
			await page.getByRole('button', { name: 'Install', exact: true }).first().click();
			const dialog = page.locator('[role=dialog]').filter({ hasText: 'Install community nodes' });
			await dialog.first().waitFor({ timeout: 15_000 });
			return { card: cardText, installDialog: flat(await dialog.first().innerText()) };
		} catch (error) {
			await page.screenshot({ path: path.join(shotDir, 'settings-community-nodes.png') });
			throw error;
		}
	} finally {
		await browser.close();
	}
}
