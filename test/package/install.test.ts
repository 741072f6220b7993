import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_ROOT } from '../../tools/n8n-harness/nodeTypes';

/**
 * The README's install commands (manual, Docker, from a checkout), run as written with `sh`,
 * in a folder below another folder that has a package.json (a checkout, a home folder with
 * one): npm must install into n8n's nodes folder, never into that parent. The package comes
 * from a local `npm pack` instead of the registry. npm still reads the peer dependency's
 * metadata to plan the install, so a registry on 127.0.0.1 answers for n8n-workflow; it
 * records any download, which `--omit=peer` must not make.
 */

const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
const NAME: string = pkg.name;
const PARENT_PACKAGE_JSON = '{ "name": "a-parent-project", "version": "1.0.0" }\n';

/** The README's Install section, bullet by bullet (`- **Manually**: …` → text). */
function installBullets(): Record<string, string> {
	const readme = readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
	const section = readme.split(/^## Install$/m)[1].split(/^## /m)[0];
	const bullets: Record<string, string> = {};
	for (const bullet of section.split(/^- /m).slice(1)) {
		const title = /^\*\*(.+?)\*\*/.exec(bullet)?.[1];
		if (title) bullets[title] = bullet.replace(/\s*\n\s*/g, ' ');
	}
	return bullets;
}

/** The code span of a bullet that runs `npm install`. */
function npmCommand(bullet: string): string {
	const span = [...bullet.matchAll(/`([^`]+)`/g)].find((m) => /\bnpm install\b/.test(m[1]));
	if (!span) throw new Error(`no npm install command in: ${bullet}`);
	return span[1];
}

let work = '';
let tarball = '';
let registry: Server;
let registryUrl = '';
const registryRequests: string[] = [];

/** A registry that knows n8n-workflow's metadata only; its tarball is never served. */
function startRegistry(): Promise<void> {
	const version = pkg.devDependencies['n8n-workflow'];
	registry = createServer((request, response) => {
		registryRequests.push(request.url ?? '');
		if (request.url !== '/n8n-workflow') {
			response.writeHead(404, { 'Content-Type': 'application/json' }).end('{}');
			return;
		}
		const tarballUrl = `${registryUrl}/n8n-workflow/-/n8n-workflow-${version}.tgz`;
		response.writeHead(200, { 'Content-Type': 'application/json' }).end(
			JSON.stringify({
				name: 'n8n-workflow',
				'dist-tags': { latest: version },
				versions: { [version]: { name: 'n8n-workflow', version, dist: { tarball: tarballUrl } } },
			}),
		);
	});
	return new Promise((resolve) =>
		registry.listen(0, '127.0.0.1', () => {
			registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
			resolve();
		}),
	);
}

beforeAll(async () => {
	await startRegistry();
	work = mkdtempSync(path.join(os.tmpdir(), 'readme-install-'));
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
			cwd: PACKAGE_ROOT,
			encoding: 'utf8',
		}),
	);
	tarball = path.join(work, packed.filename);
});
afterAll(async () => {
	rmSync(work, { recursive: true, force: true });
	await new Promise((resolve) => registry.close(resolve));
});

/** A parent folder with a package.json, a home folder and a working folder below it. */
function nestedFolders(name: string) {
	const parent = path.join(work, name);
	const home = path.join(parent, 'home', 'someone');
	const cwd = path.join(parent, 'projects', 'elsewhere');
	mkdirSync(home, { recursive: true });
	mkdirSync(cwd, { recursive: true });
	writeFileSync(path.join(parent, 'package.json'), PARENT_PACKAGE_JSON);
	return { parent, home, cwd };
}

/** Runs `command` with sh in `cwd`, HOME at `home`, npm on the local registry. */
async function run(command: string, cwd: string, home: string): Promise<void> {
	const child = spawn('sh', ['-c', command], {
		cwd,
		env: {
			...process.env,
			HOME: home,
			npm_config_registry: registryUrl,
			npm_config_audit: 'false',
			npm_config_fund: 'false',
			npm_config_update_notifier: 'false',
			npm_config_cache: path.join(home, '.npm'),
		},
	});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
	const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
	if (status !== 0) throw new Error(`${command}\nexited ${status}: ${stderr}`);
	expect(registryRequests.filter((url) => url.endsWith('.tgz'))).toEqual([]);
}

/** The package is in `nodesFolder`/node_modules with no n8n-workflow beside it; the parent is as it was. */
function expectInstalled(nodesFolder: string, parent: string) {
	expect(readFileSync(path.join(parent, 'package.json'), 'utf8')).toBe(PARENT_PACKAGE_JSON);
	expect(existsSync(path.join(parent, 'node_modules'))).toBe(false);
	expect(existsSync(path.join(parent, 'package-lock.json'))).toBe(false);
	const installed = path.join(nodesFolder, 'node_modules', NAME, 'package.json');
	expect(JSON.parse(readFileSync(installed, 'utf8')).version).toBe(pkg.version);
	expect(existsSync(path.join(nodesFolder, 'node_modules', 'n8n-workflow'))).toBe(false);
	// npm keeps a package.json in the nodes folder, as n8n does for the packages it installs.
	const ledger = JSON.parse(readFileSync(path.join(nodesFolder, 'package.json'), 'utf8'));
	expect(Object.keys(ledger.dependencies)).toEqual([NAME]);
}

describe("the README's install commands, run below a folder with a package.json", () => {
	const bullets = installBullets();

	it('Manually: the command installs into ~/.n8n/nodes, from any folder', async () => {
		const command = npmCommand(bullets.Manually);
		expect(command).toContain(`npm install`);
		const { parent, home, cwd } = nestedFolders('manual');
		await run(command.replace(new RegExp(`(?<=\\s)${NAME}(?=\\s|$)`), tarball), cwd, home);
		expectInstalled(path.join(home, '.n8n', 'nodes'), parent);
	});

	it("Docker: the command installs into the image's user folder, /home/node/.n8n/nodes", async () => {
		const command = npmCommand(bullets.Docker);
		const prefix = /^docker exec -it <container> /;
		expect(command).toMatch(prefix);
		expect(command).toContain('/home/node/.n8n/nodes');
		const { parent, home, cwd } = nestedFolders('docker');
		const inContainer = command
			.replace(prefix, '')
			.replace(/\/home\/node(?=\/)/g, home)
			.replace(new RegExp(`(?<=\\s)${NAME}(?=\\s|$)`), tarball);
		await run(inContainer, cwd, home);
		expectInstalled(path.join(home, '.n8n', 'nodes'), parent);
	});

	it('From a checkout: the tarball npm pack wrote, installed from the checkout, leaves the checkout alone', async () => {
		const command = npmCommand(bullets['From a checkout']);
		expect(command).toContain(`./${NAME}-<version>.tgz`);
		const { parent, home } = nestedFolders('checkout');
		// The checkout is the folder with the package.json; npm pack wrote the tarball there.
		execFileSync('cp', [tarball, parent]);
		await run(command.replace('<version>', pkg.version), parent, home);
		expectInstalled(path.join(home, '.n8n', 'nodes'), parent);
	});
});
