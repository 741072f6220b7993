/**
 * The credential form (check 4): its Region options, the Base URL that Custom shows,
 * the notice under a Base URL without http(s)://, and what its Test says: for that Base
 * URL (nothing reaches the simulator), for a wrong token, and for the simulator's token.
 */
import type { Page } from 'playwright-core';

import { BASE_URL_SCHEME_NOTICE } from '../../../../credentials/IntercomAccessTokenApi.credentials';
import { DEFAULT_TOKEN } from '../../../intercom-simulator/simulator';
import { choose, expect, optionsOf, shown, type, waitFor } from '../page';
import type { Check } from './shared';
import { bodyHas, openCredentialDialog, picture, takeRequests } from './shared';

/** The credential's own message for a 401 (credentials/IntercomAccessTokenApi.credentials.ts). */
const OUR_401 = 'Intercom rejected the access token (401 unauthorized)';

/** The first sentence of the notice under a Base URL without http(s)://. */
const NO_SCHEME = BASE_URL_SCHEME_NOTICE.split('. ')[0];

/** Saves the open credential (the editor then tests it); resolves with the test's answer as JSON text. */
async function saveAndAnswer(page: Page): Promise<string> {
	const tested = page.waitForResponse(
		(response) => response.url().includes('/rest/credentials/test'),
		{ timeout: 30_000 },
	);
	await page.locator('[data-test-id=credential-save-button]').click();
	return JSON.stringify(await (await tested).json().catch(() => ({})));
}

/**
 * Saves the open credential (the editor then tests it), waits for the test's answer and,
 * when it failed, opens "More details" until the page shows `expected` (at most three
 * tries). Resolves with the test's answer as JSON text.
 */
async function saveAndTest(page: Page, expected: string): Promise<string> {
	const answer = await saveAndAnswer(page);
	if (answer.includes('"status":"OK"')) return answer;
	// A new credential's dialog shows the failure behind "More details"; a saved one's shows it
	// in its banner at once.
	const details = page.getByText('More details', { exact: true });
	await waitFor(
		async () => (await bodyHas(page, expected)) || (await details.first().isVisible()),
		`the dialog shows neither "${expected}" nor "More details"`,
		30_000,
	);
	for (let attempt = 0; attempt < 3 && !(await bodyHas(page, expected)); attempt++) {
		await details
			.last()
			.click({ force: true })
			.catch(() => undefined);
		await page.waitForTimeout(700);
	}
	return answer;
}

const credential: Check = {
	name: "4. The credential form: Region options, Custom shows Base URL, a Base URL without http(s):// shows a notice at once and its Test reaches nothing, a wrong token shows our 401 message, the simulator's token tests successfully",
	async run(ctx) {
		const { page } = ctx;
		const dialog = await openCredentialDialog(page);
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
		// A Base URL without its scheme, as people paste a host: the form says so at once,
		// and its Test reaches nothing.
		takeRequests(ctx.sim);
		await type(page, 'baseUrl', ctx.simUrl.replace(/^https?:\/\//, ''));
		await waitFor(
			async () => (await dialog.innerText()).includes(NO_SCHEME),
			`a Base URL without http:// shows no notice "${NO_SCHEME}"`,
			10_000,
		);
		await picture(ctx, 'credential-no-scheme', '.el-dialog:visible', 560);
		await type(page, 'accessToken', DEFAULT_TOKEN);
		const noScheme = await saveAndAnswer(page);
		expect(
			noScheme.includes('"status":"Error"'),
			`the Test of a Base URL without http:// answered ${noScheme.slice(0, 200)}`,
		);
		const sent = takeRequests(ctx.sim);
		expect(sent.length === 0, `the Test sent ${JSON.stringify(sent)}`);
		await type(page, 'baseUrl', ctx.simUrl);
		await type(page, 'accessToken', 'not-the-token');
		const answer = await saveAndTest(page, OUR_401);
		expect(
			await bodyHas(page, OUR_401),
			`a wrong token does not show "${OUR_401}" (the test answered ${answer.slice(0, 200)})`,
		);
		await type(page, 'accessToken', DEFAULT_TOKEN);
		const success = await saveAndAnswer(page);
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

export { credential };
