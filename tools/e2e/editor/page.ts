/**
 * Small helpers to drive n8n 2.41's editor with playwright-core: the selectors that
 * worked there, waiting for a condition, reading a dropdown's options.
 */
import type { Locator, Page } from 'playwright-core';

/** Waits until `condition` returns true (polled every 200 ms); throws `message` after `ms`. */
export async function waitFor(
	condition: () => Promise<boolean> | boolean,
	message: string,
	ms = 15_000,
): Promise<void> {
	const deadline = Date.now() + ms;
	for (;;) {
		try {
			if (await condition()) return;
		} catch {
			// not there yet
		}
		if (Date.now() > deadline) throw new Error(message);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** Throws `message` unless `ok`. */
export function expect(ok: boolean, message: string): asserts ok {
	if (!ok) throw new Error(message);
}

/** The input of parameter `name` in the open node panel or credential dialog. */
export function parameter(page: Page, name: string): Locator {
	return page.locator(`[data-test-id=parameter-input-${name}]`).first();
}

/** Whether parameter `name` is shown. */
export async function shown(page: Page, name: string): Promise<boolean> {
	return await page.locator(`[data-test-id=parameter-input-${name}]`).first().isVisible();
}

/** The value an options parameter shows (its select's input value). */
export async function selected(page: Page, name: string): Promise<string> {
	return await parameter(page, name).locator('input').first().inputValue();
}

const DROPDOWN_ITEMS = '.el-select-dropdown__item:visible';

/** The names (first lines) of the options a visible dropdown lists now. */
async function visibleOptions(page: Page): Promise<string[]> {
	const texts = await page.locator(DROPDOWN_ITEMS).allInnerTexts();
	return texts.map((text) => text.split('\n')[0].trim());
}

/**
 * Closes an open dropdown and waits until none of its options is visible any more.
 * Presses Escape only while one is open: with none, Escape would close a dialog.
 */
async function closeDropdown(page: Page): Promise<void> {
	if ((await page.locator(DROPDOWN_ITEMS).count()) === 0) return;
	await page.keyboard.press('Escape');
	await waitFor(
		async () => (await page.locator(DROPDOWN_ITEMS).count()) === 0,
		'a dropdown did not close',
		5_000,
	).catch(() => undefined);
}

/**
 * Opens parameter `name`'s dropdown and waits until it lists its options (the editor
 * animates a closing dropdown, so a count alone can see the last one fading out); up
 * to three tries. Returns the option names, the dropdown still open.
 */
async function openDropdown(page: Page, name: string): Promise<string[]> {
	let names: string[] = [];
	for (let attempt = 0; attempt < 3; attempt++) {
		await closeDropdown(page);
		await parameter(page, name).click();
		try {
			await waitFor(
				async () => (names = await visibleOptions(page)).some((text) => text !== ''),
				`the ${name} dropdown did not open`,
				5_000,
			);
			// Let the list settle: the same names twice, 300 ms apart.
			await page.waitForTimeout(300);
			const again = await visibleOptions(page);
			if (JSON.stringify(again) === JSON.stringify(names)) return names;
		} catch {
			// not open: try again
		}
	}
	throw new Error(`the ${name} dropdown did not open (last seen ${JSON.stringify(names)})`);
}

/** Opens parameter `name`'s dropdown, returns the names of its options, and closes it. */
export async function optionsOf(page: Page, name: string): Promise<string[]> {
	const names = await openDropdown(page, name);
	await closeDropdown(page);
	return names;
}

/** Picks the option whose name (first line) is `option` in parameter `name`'s dropdown. */
export async function choose(page: Page, name: string, option: string): Promise<void> {
	const names = await openDropdown(page, name);
	const index = names.indexOf(option);
	if (index === -1)
		throw new Error(`${name} has no option "${option}" (it has ${JSON.stringify(names)})`);
	await page.locator(DROPDOWN_ITEMS).nth(index).click();
	await closeDropdown(page);
	await page.waitForTimeout(300);
}

/** Types `value` into text parameter `name` and waits for n8n to commit it. */
export async function type(page: Page, name: string, value: string): Promise<void> {
	const input = parameter(page, name).locator('input, textarea, [contenteditable=true]').first();
	await input.click();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.type(value);
	await page.waitForTimeout(1_000);
}

/** The text of an exact regular expression for `text`. */
export function exactly(text: string): RegExp {
	return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
