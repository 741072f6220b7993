/**
 * What the editor shows around the node: the output schema preview before any run
 * (check 6), the node as an AI Agent's tool (7), and the icons in both themes without
 * console errors (8).
 */
import { PACKAGE_NAME } from '../../../real-n8n/project';
import { choose, exactly, expect, waitFor } from '../page';
import type { Check } from './shared';
import { picture, searchNodes } from './shared';

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
			.filter({ hasText: exactly('Archive user') })
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
		// A new node is version 1.1, Simplify on: the simplified item as the Users API (1.4)
		// gives it, and the Dry Run item.
		for (const field of ['user_id', 'email', 'archived', 'message', 'dryRun', 'outcome']) {
			expect(text.includes(field), `the preview lacks ${field}`);
		}
		// Neither what only the Contacts API returns (n8n picks a schema by version and operation
		// only) nor what Simplify leaves out.
		for (const field of ['external_id', 'workspace_id', 'created_at', 'custom_attributes']) {
			expect(!text.includes(field), `the preview lists ${field}, which the simplified item lacks`);
		}
		await picture(ctx, 'schema-preview', '[data-test-id=ndv-input-panel]');
		expect(
			served.some(
				(entry) =>
					entry.startsWith('200 ') &&
					entry.includes(`/schemas/${PACKAGE_NAME}.intercomUsers/1.1.0/user/archive.json`),
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

export { consoleAndIcons, schemaPreview, toolVariant };
