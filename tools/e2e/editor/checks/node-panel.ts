/**
 * The node as the node panel shows it: how it is found and told apart from n8n's
 * built-in Intercom node (check 1), the defaults of each operation (2), and what switching
 * the selector, the API and the operation shows (3).
 */
import { PACKAGE_NAME } from '../../../real-n8n/project';
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
} from '../page';
import type { Check } from './shared';
import { executeStep, picture, searchAgain, searchNodes, takeRequests, WASH } from './shared';

const nodeCreator: Check = {
	name: '1. Searching "offboarding", "archive", "GDPR", "inactive users" or "Intercom" lists Intercom Users with its icon and a description that tells it from the built-in Intercom node; its actions are Archive, Get, Get Many, Permanently Delete and Unarchive',
	async run(ctx) {
		const { page, url } = ctx;
		const name = page
			.locator('[data-test-id=node-creator-item-name]')
			.filter({ hasText: exactly('Intercom Users') });
		const row = page.locator('[data-test-id=item-iterator-item]').filter({ has: name });
		// What people type when they mean to offboard a user (the codex's aliases).
		await searchNodes(page, url, 'offboarding');
		for (const query of ['offboarding', 'archive', 'GDPR', 'inactive users']) {
			await searchAgain(page, query);
			await name.waitFor({ state: 'attached', timeout: 15_000 }).catch(() => {
				throw new Error(`searching "${query}" does not list Intercom Users`);
			});
		}
		await searchAgain(page, 'Intercom');
		await name.waitFor({ timeout: 15_000 });
		const description = await row
			.locator('[data-test-id=node-creator-item-description]')
			.innerText();
		expect(
			description.includes('Archive, unarchive or permanently delete Intercom users') &&
				description.includes('offboarding, GDPR'),
			`the description reads "${description}"`,
		);
		// n8n's own Intercom node is listed too: its description must not read like ours.
		const builtIn = page
			.locator('[data-test-id=item-iterator-item]')
			.filter({
				has: page.locator('[data-test-id=node-creator-item-name]', {
					hasText: exactly('Intercom'),
				}),
			})
			.first();
		if ((await builtIn.count()) > 0) {
			const theirs = await builtIn
				.locator('[data-test-id=node-creator-item-description]')
				.innerText();
			expect(
				theirs !== description && !/archive/i.test(theirs),
				`the built-in Intercom node's description reads like ours: "${theirs}"`,
			);
		}
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
		// Sorted: which order the panel lists them in is n8n's choice, not the node's.
		expect(
			JSON.stringify([...actions].sort()) ===
				JSON.stringify([
					'Archive user',
					'Get many users',
					'Get user',
					'Permanently delete user',
					'Unarchive user',
				]),
			`the actions are ${JSON.stringify(actions)}`,
		);
		await page
			.locator('[data-test-id=node-creator-item-name]')
			.filter({ hasText: exactly('Archive user') })
			.click();
		await page.locator('[data-test-id=ndv]').waitFor({ timeout: 15_000 });
		await parameter(page, 'operation').waitFor();
		await picture(ctx, 'node-panel', '[data-test-id=ndv]');
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
		// Read first (an active lead is refused there), unarchive, read back (a lead it had to
		// restore is archived again).
		const unarchive = takeRequests(sim);
		expect(
			JSON.stringify(unarchive) ===
				JSON.stringify([
					`GET /contacts/${WASH}`,
					`POST /contacts/${WASH}/unarchive`,
					`GET /contacts/${WASH}`,
				]),
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
		// Simplify (on in a new node) gives the user, `deleted: true` and the delete request's ID.
		expect(
			deleted.includes('Deleted user mal@serenity.io') && deleted.includes('requestId'),
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

export { defaults, nodeCreator, switching };
