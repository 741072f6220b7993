/**
 * `npm run simulator` seeded from the command line: --users FILE, --generate N,
 * --leads M, --no-seed, and its workspace timezone (--time-zone). Each test starts
 * the real CLI process on a free port (`--port 0`) and talks to it over HTTP on
 * 127.0.0.1; one runs the node through n8n-core's engine against it.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_ROOT } from '../../n8n-harness/nodeTypes';
import { runNode } from '../../../test/helpers';

const TSX = path.join(PACKAGE_ROOT, 'node_modules/.bin/tsx');
const CLI = 'tools/intercom-simulator/cli.ts';

/** A running CLI simulator: its base URL, its second line, and everything it printed so far. */
interface Running {
	child: ChildProcess;
	baseUrl: string;
	holding: string;
	output: () => string;
}

let running: Running | undefined;
let tmp: string | undefined;

afterEach(() => {
	running?.child.kill('SIGTERM');
	running = undefined;
	if (tmp) rmSync(tmp, { recursive: true, force: true });
	tmp = undefined;
});

/** Starts the CLI with `args` plus `--port 0`; resolves once it has printed its two start lines. */
function startCli(args: string[]): Promise<Running> {
	const child = spawn(TSX, [CLI, '--port', '0', ...args], { cwd: PACKAGE_ROOT });
	let stdout = '';
	let stderr = '';
	return new Promise<Running>((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += String(chunk);
			const lines = stdout.split('\n');
			if (lines.length < 3) return;
			const url = /listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(lines[0]);
			if (!url) return reject(new Error(`unexpected first line: ${lines[0]}`));
			running = { child, baseUrl: url[1], holding: lines[1], output: () => stdout };
			resolve(running);
		});
		child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
		child.once('exit', (code) => reject(new Error(`the simulator exited (${code}): ${stderr}`)));
	});
}

/** GET on the simulator with the default token; resolves with the status and JSON body. */
async function get(baseUrl: string, target: string, version = '1.4') {
	const response = await fetch(`${baseUrl}${target}`, {
		headers: {
			Authorization: 'Bearer sim-token',
			Accept: 'application/json',
			'Intercom-Version': version,
		},
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Resolves once `check()` is true, or after 5 s (the assertion that follows then says what was missing). */
async function waitFor(check: () => boolean): Promise<void> {
	const deadline = Date.now() + 5_000;
	while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Writes `content` to a fresh temporary users file and returns its path. */
function usersFile(content: string): string {
	tmp = mkdtempSync(path.join(os.tmpdir(), 'sim-users-'));
	const file = path.join(tmp, 'users.json');
	writeFileSync(file, content);
	return file;
}

describe('npm run simulator -- --generate N --leads M', () => {
	it('adds user1..user30 and lead1..lead5 to the seed users, and a 30-customer list archives through the node', async () => {
		const sim = await startCli(['--generate', '30', '--leads', '5']);
		expect(sim.holding).toBe(
			'Holding 38 users, 6 leads: the seed users + 30 generated users + 5 generated leads',
		);
		// The seed stays: Intercom's example user is still there.
		expect((await get(sim.baseUrl, '/users/5714dd359a3fd47136000001')).status).toBe(200);
		const thirtieth = await get(sim.baseUrl, '/users?user_id=user30');
		expect(thirtieth).toMatchObject({
			status: 200,
			body: { type: 'user', user_id: 'user30', email: 'user30@example.com', name: 'User 30' },
		});
		// Leads are not 1.x Users, but are 2.x contacts with the role lead.
		const byEmail = await get(sim.baseUrl, '/users?email=lead5%40example.com');
		expect(byEmail.body).toMatchObject({ type: 'user.list', users: [] });
		const lead = await get(sim.baseUrl, '/contacts/6b0000000000000000000005', '2.11');
		expect(lead).toMatchObject({
			status: 200,
			body: { role: 'lead', email: 'lead5@example.com' },
		});

		const emails = Array.from({ length: 30 }, (_, index) => `user${index + 1}@example.com`);
		const { items, error } = await runNode(
			sim.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{ items: emails.map((email) => ({ email })) },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.email)).toEqual(emails);
		// The simulator logs each request on its stdout, which reaches this process a
		// little after the answer did: wait for the lines, then count them.
		const archivedLines = () =>
			sim
				.output()
				.split('\n')
				.filter((line) => /^DELETE \/users\?email=user\d+%40example\.com -> 200$/.test(line));
		await waitFor(() => archivedLines().length >= 30);
		expect(archivedLines()).toHaveLength(30);
		// Archived users are no longer 1.x Users.
		expect((await get(sim.baseUrl, '/users?user_id=user1')).status).toBe(404);
	}, 60_000);

	it('--no-seed --generate 3 holds only the generated users', async () => {
		const sim = await startCli(['--no-seed', '--generate', '3']);
		expect(sim.holding).toBe('Holding 3 users, 0 leads: 3 generated users');
		expect((await get(sim.baseUrl, '/users/5714dd359a3fd47136000001')).status).toBe(404);
		expect((await get(sim.baseUrl, '/users/6a0000000000000000000003')).body).toMatchObject({
			email: 'user3@example.com',
			user_id: 'user3',
		});
	});
});

describe('npm run simulator -- --time-zone TZ', () => {
	/** POST /contacts/search on the CLI simulator (Intercom-Version 2.14); the ids found. */
	async function searchIds(baseUrl: string, query: unknown): Promise<string[]> {
		const response = await fetch(`${baseUrl}/contacts/search`, {
			method: 'POST',
			headers: {
				Authorization: 'Bearer sim-token',
				Accept: 'application/json',
				'Content-Type': 'application/json',
				'Intercom-Version': '2.14',
			},
			body: JSON.stringify({ query, pagination: { per_page: 150 } }),
		});
		expect(response.status).toBe(200);
		return ((await response.json()) as { data: Array<{ id: string }> }).data.map((c) => c.id);
	}

	it('matches search days in the workspace timezone; generated users carry last_seen_at', async () => {
		const sim = await startCli([
			'--no-seed',
			'--generate',
			'100',
			'--time-zone',
			'Pacific/Auckland',
		]);
		const user1 = '6a0000000000000000000001';
		// user1 was last seen 2024-07-18 23:12:51 UTC, which is 2024-07-19 11:12:51 in Auckland.
		const onDay = (dayStartUtc: number) => ({
			operator: 'AND',
			value: [
				{ field: 'id', operator: '=', value: user1 },
				{ field: 'last_seen_at', operator: '=', value: dayStartUtc },
			],
		});
		// GET /me names the workspace timezone the searches use.
		expect((await get(sim.baseUrl, '/me')).body).toMatchObject({
			app: { timezone: 'Pacific/Auckland' },
		});
		expect(await searchIds(sim.baseUrl, onDay(1721347200))).toEqual([user1]);
		expect(await searchIds(sim.baseUrl, onDay(1721260800))).toEqual([]);
		const neverSeen = { field: 'last_seen_at', operator: '=', value: null };
		expect(await searchIds(sim.baseUrl, neverSeen)).toEqual([
			'6a0000000000000000000032',
			'6a0000000000000000000064',
		]);
	});

	it('an unknown timezone is refused with the flag named', () => {
		const run = spawnSync(TSX, [CLI, '--port', '0', '--time-zone', 'Mars/Olympus'], {
			cwd: PACKAGE_ROOT,
			encoding: 'utf8',
		});
		expect(run.status).toBe(2);
		expect(run.stderr).toContain(
			'--time-zone must be an IANA timezone such as Europe/Berlin, got "Mars/Olympus"',
		);
	});
});

describe('npm run simulator -- --users FILE', () => {
	it('replaces the seed users with the file, and --generate adds to the file', async () => {
		const file = usersFile(
			JSON.stringify([
				{ type: 'user', id: 'aa0000000000000000000001', user_id: 'c-1', email: 'ann@shop.test' },
				{ type: 'user', id: 'aa0000000000000000000002', email: 'old@shop.test', archived: true },
				{ type: 'user', id: 'aa0000000000000000000003', email: 'visitor@shop.test', role: 'lead' },
			]),
		);
		const sim = await startCli(['--users', file, '--generate', '2']);
		expect(sim.holding).toBe(`Holding 4 users, 1 lead: ${file} + 2 generated users`);
		expect((await get(sim.baseUrl, '/users/5714dd359a3fd47136000001')).status).toBe(404);
		expect(await get(sim.baseUrl, '/users?user_id=c-1')).toMatchObject({
			status: 200,
			body: { id: 'aa0000000000000000000001', email: 'ann@shop.test' },
		});
		// archived: true starts archived; a missing user_id is null.
		expect((await get(sim.baseUrl, '/users/aa0000000000000000000002')).status).toBe(404);
		const lead = await get(sim.baseUrl, '/contacts/aa0000000000000000000003', '2.11');
		expect(lead.body).toMatchObject({ role: 'lead', external_id: null });
		expect((await get(sim.baseUrl, '/users?user_id=user2')).status).toBe(200);
	});

	it.each([
		[
			'a field of the wrong type',
			'[\n  { "type": "user", "id": "a1", "email": "a@b.c" },\n  { "type": "user", "id": "a2",\n    "email": 42 }\n]\n',
			'line 4: entry 2: "email" must be a string or null, got 42',
		],
		[
			'a missing id',
			'[\n  { "type": "user", "email": "a@b.c" }\n]\n',
			'line 2: entry 1: "id" must be a non-empty string, got undefined',
		],
		[
			'a repeated id',
			'[\n  { "type": "user", "id": "a1" },\n  {\n    "type": "user",\n    "id": "a1"\n  }\n]\n',
			'line 5: entry 2: "id" "a1" is already the id of entry 1',
		],
		[
			'an unknown role',
			'[{ "type": "user", "id": "a1", "role": "admin" }]',
			'line 1: entry 1: "role" must be "user" or "lead", got "admin"',
		],
		['not an array', '{ "type": "user" }', 'must be a JSON array of User objects'],
		['broken JSON', '[\n  { "type": "user",\n    "id" "a1" }\n]\n', 'line 3: not valid JSON'],
	])('%s: names the file, line and field, exits 2 and never listens', (_name, content, message) => {
		const file = usersFile(content);
		const run = spawnSync(TSX, [CLI, '--port', '0', '--users', file], {
			cwd: PACKAGE_ROOT,
			encoding: 'utf8',
		});
		expect(run.status).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr).toContain(`--users ${file}`);
		expect(run.stderr).toContain(message);
	});

	it('a missing file and a bad count are refused with the flag named', () => {
		const missing = spawnSync(TSX, [CLI, '--port', '0', '--users', '/nonexistent/users.json'], {
			cwd: PACKAGE_ROOT,
			encoding: 'utf8',
		});
		expect([missing.status, missing.stderr.trim()]).toEqual([
			2,
			'--users /nonexistent/users.json: cannot read the file (ENOENT)',
		]);
		const count = spawnSync(TSX, [CLI, '--port', '0', '--generate', 'lots'], {
			cwd: PACKAGE_ROOT,
			encoding: 'utf8',
		});
		expect(count.status).toBe(2);
		expect(count.stderr).toContain('--generate must be an integer from 0 to 100000, got "lots"');
	});
});
