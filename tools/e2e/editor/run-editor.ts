/**
 * `npm run test:ui`: the node in n8n's editor, in a real browser.
 *
 * Real n8n 2.41.1 (`n8n start`, Node 24, from the e2e cache via real-n8n/) on
 * 127.0.0.1 with a fresh user folder and the packed package installed as a community
 * package; the Intercom simulator in this process on a fixed loopback port; Debian's
 * Chromium driven by playwright-core. The test sets up the owner account, then runs
 * the checks of checks/ one after the other, each a PASS or FAIL line (a failed
 * check keeps a screenshot in the temporary folder), and ends with `N passed, N failed`.
 *
 * `npm run docs:images` runs the same test with E2E_UI_IMAGES=1: it also writes the
 * pictures of docs/images/. E2E_UI_CHECKS=1,4,13 runs only the checks so numbered (the
 * later checks need 1 and 4: the node added and the credential saved).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { IntercomSimulator } from '../../intercom-simulator/simulator';
import { chromiumLaunchOptions, EDITOR_ENV, findChromium } from '../../real-n8n/editor';
import { instanceWithPackage } from '../../real-n8n/instance';
import { LINES } from '../../real-n8n/lines';
import type { Timing } from '../../real-n8n/log';
import { seconds, taggedLog } from '../../real-n8n/log';
import { buildProject, packProject } from '../../real-n8n/pack';
import { runEntry } from '../../real-n8n/process';
import { PACKAGE_NAME, PROJECT_ROOT } from '../../real-n8n/project';
import type { CheckContext } from './checks';
import { CHECKS, setUpOwner } from './checks';

/** The simulator's fixed loopback port (E2E_UI_SIM_PORT overrides it). */
const SIM_PORT = Number(process.env.E2E_UI_SIM_PORT || 45731);

const log = taggedLog('ui');

async function main(): Promise<number> {
	const started = Date.now();
	const executablePath = findChromium();
	if (!executablePath) {
		log(
			"Chromium not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH",
		);
		console.log('0 passed, 1 failed');
		return 1;
	}
	const tmpRoot = mkdtempSync(path.join(os.tmpdir(), `${PACKAGE_NAME}-ui-`));
	const shots = path.join(tmpRoot, 'screenshots');
	mkdirSync(shots, { recursive: true });
	log(`temporary folder ${tmpRoot}`);

	const timings: Timing[] = [];
	await buildProject(path.join(tmpRoot, 'build.log'));
	const { tarball } = await packProject(path.join(tmpRoot, 'pack'));
	log(`built and packed ${path.basename(tarball)} in ${seconds(Date.now() - started)}`);
	const [line] = LINES.filter((candidate) => candidate.label === '2.x');
	const n8n = await instanceWithPackage(line, path.join(tmpRoot, 'n8n'), tarball, log, timings);

	const sim = new IntercomSimulator({ port: SIM_PORT });
	const simUrl = await sim.start();
	const main = await n8n.start({ env: EDITOR_ENV });
	log(
		`n8n ${line.n8nVersion} ready at ${main.url} after ${seconds(Date.now() - started)}; simulator at ${simUrl}`,
	);

	const browser = await chromium.launch(chromiumLaunchOptions(executablePath));
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const page = await context.newPage();
	const ctx: CheckContext = {
		page,
		url: main.url,
		sim,
		simUrl,
		console: [],
		failedResponses: [],
		images:
			process.env.E2E_UI_IMAGES === '1' ? path.join(PROJECT_ROOT, 'docs', 'images') : undefined,
		state: {},
	};
	if (ctx.images) mkdirSync(ctx.images, { recursive: true });
	page.on('console', (message) => {
		if (message.type() === 'error')
			ctx.console.push(`${message.text()} (${message.location().url})`);
	});
	page.on('pageerror', (error) => ctx.console.push(`page error: ${error.message}`));
	page.on('response', (response) => {
		if (response.status() >= 400)
			ctx.failedResponses.push(`${response.status()} ${response.url()}`);
	});

	let passed = 0;
	let failed = 0;
	try {
		await setUpOwner(ctx);
	} catch (error) {
		await page.screenshot({ path: path.join(shots, '0-owner-setup.png') }).catch(() => undefined);
		log(`FAIL owner setup: ${(error as Error).message}`);
		failed = CHECKS.length;
	}
	if (failed === 0) {
		// E2E_UI_CHECKS=1,4,13 runs only the checks with those numbers (while writing a check).
		const only = process.env.E2E_UI_CHECKS?.split(',').map((n) => `${n.trim()}.`);
		for (const [index, check] of CHECKS.entries()) {
			if (only && !only.some((prefix) => check.name.startsWith(prefix))) continue;
			const checkStarted = Date.now();
			try {
				await check.run(ctx);
				passed++;
				console.log(`PASS ${check.name} (${seconds(Date.now() - checkStarted)})`);
			} catch (error) {
				failed++;
				const shot = path.join(shots, `${index + 1}.png`);
				await page.screenshot({ path: shot }).catch(() => undefined);
				console.log(`FAIL ${check.name}: ${(error as Error).message} (screenshot ${shot})`);
			}
		}
	}
	await browser.close();
	await main.stop();
	await sim.stop();
	const attempts = n8n.networkAttempts();
	if (attempts.length > 0) {
		failed++;
		console.log(`FAIL n8n tried to reach the network: ${attempts.slice(0, 3).join('; ')}`);
	}
	log(`finished in ${seconds(Date.now() - started)}`);
	if (failed === 0 && process.env.E2E_KEEP_TMP !== '1') {
		rmSync(tmpRoot, { recursive: true, force: true });
	} else {
		console.log(`temporary files kept in ${tmpRoot}`);
	}
	console.log(`${passed} passed, ${failed} failed`);
	return failed === 0 ? 0 : 1;
}

runEntry(main);
