/**
 * The GitHub workflows a contributor relies on: the fast checks on every pull request
 * and push, the tests in real n8n weekly and on demand. `npm run lint:workflows`
 * (actionlint) checks their syntax; this checks what they run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

import { PACKAGE_ROOT } from '../../tools/n8n-harness/nodeTypes';

interface Step {
	uses?: string;
	run?: string;
	if?: string;
	with?: Record<string, unknown>;
}

/** A workflow file: its triggers and its one job's steps. */
function workflow(file: string) {
	const parsed = parse(readFileSync(path.join(PACKAGE_ROOT, '.github/workflows', file), 'utf8'));
	const jobs = Object.values(parsed.jobs) as Array<{ steps: Step[]; container?: string }>;
	expect(jobs).toHaveLength(1);
	return { on: parsed.on as Record<string, unknown>, job: jobs[0], steps: jobs[0].steps };
}

const scripts = (
	JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
		scripts: Record<string, string>;
	}
).scripts;

/** The commands of the run steps, one per line, in order. */
const commands = (steps: Step[]) =>
	steps.flatMap((step) => (step.run ?? '').split('\n').filter((line) => line.trim() !== ''));

describe('ci.yml', () => {
	const { on, steps } = workflow('ci.yml');

	it('runs on every pull request and push, on Node 20', () => {
		expect(Object.keys(on).sort()).toEqual(['pull_request', 'push']);
		const setupNode = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setupNode?.with?.['node-version']).toBe(20);
	});

	it('installs from the lockfile, then lints, checks the format and types, builds, and runs jest', () => {
		const order = [
			'npm ci --no-audit --no-fund',
			'npm run lint',
			'npm run lint:tools',
			'npm run format:check',
			'npm run typecheck',
			'npm run build',
			'npx jest',
		].map((command) => commands(steps).indexOf(command));
		expect(order.every((index) => index >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
	});
});

describe('real-n8n.yml', () => {
	const { on, job, steps } = workflow('real-n8n.yml');

	it('runs weekly and on demand, not on pushes', () => {
		expect(Object.keys(on).sort()).toEqual(['schedule', 'workflow_dispatch']);
		const [{ cron }] = on.schedule as Array<{ cron: string }>;
		// minute hour * * one weekday
		expect(cron).toMatch(/^\d+ \d+ \* \* [0-6]$/);
	});

	it("installs Debian's chromium and redis-server before the three suites, each of which runs even after another failed", () => {
		expect(job.container).toMatch(/bookworm/);
		const all = commands(steps);
		const apt = all.findIndex((line) => /apt-get install .*chromium.*redis-server/.test(line));
		const suites = ['npm run test:e2e', 'npm run test:ui', 'npm run test:queue'].map((command) =>
			all.indexOf(command),
		);
		expect(apt).toBeGreaterThanOrEqual(0);
		expect(suites.every((index) => index > apt)).toBe(true);
		const later = steps.filter((step) => /test:(ui|queue)/.test(step.run ?? ''));
		expect(later.map((step) => step.if)).toEqual(['${{ !cancelled() }}', '${{ !cancelled() }}']);
	});
});

it('every npm script the workflows run exists in package.json', () => {
	const used = ['ci.yml', 'real-n8n.yml', 'publish.yml'].flatMap((file) =>
		commands(workflow(file).steps).flatMap(
			(line) => /^npm (?:run )?([\w:-]+)/.exec(line.trim())?.[1] ?? [],
		),
	);
	const npmOwn = new Set(['ci', 'install', 'publish', 'test']);
	const missing = used.filter((name) => !npmOwn.has(name) && !(name in scripts));
	expect(missing).toEqual([]);
	expect(used).toEqual(expect.arrayContaining(['lint', 'test:e2e', 'test:ui', 'test:queue']));
});
