import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';
import { parse } from 'yaml';

import { loadPackage, PACKAGE_ROOT } from '../../tools/n8n-harness/nodeTypes';

const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));

describe('the package n8n installs', () => {
	it('is a community node package with no runtime dependencies that ships dist, index.js and the changelog only', () => {
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
		expect(pkg.files).toEqual(['dist', 'index.js', 'CHANGELOG.md']);
		expect(readFileSync(path.join(PACKAGE_ROOT, 'CHANGELOG.md'), 'utf8')).toMatch(
			new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'),
		);
		expect(pkg.main).toBe('index.js');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			expect(file).toMatch(/^dist\//);
			expect(existsSync(path.join(PACKAGE_ROOT, file))).toBe(true);
		}
	});

	it('index.js, the entry for tools that require() the package, is one comment and exports nothing', () => {
		const source = readFileSync(path.join(PACKAGE_ROOT, 'index.js'), 'utf8');
		expect(source.trim().split('\n')).toHaveLength(1);
		expect(source).toMatch(
			/^\/\/ n8n loads the nodes and credentials from package\.json's "n8n" section/,
		);
		expect(jest.requireActual(path.join(PACKAGE_ROOT, 'index.js'))).toEqual({});
	});

	it('n8n-core uses the very n8n-workflow the package is built against (one copy)', () => {
		const corePkg = JSON.parse(readFileSync(require.resolve('n8n-core/package.json'), 'utf8'));
		const workflowPkg = JSON.parse(
			readFileSync(require.resolve('n8n-workflow/package.json'), 'utf8'),
		);
		expect(corePkg.dependencies['n8n-workflow']).toBe(workflowPkg.version);
		expect(pkg.devDependencies['n8n-workflow']).toBe(workflowPkg.version);
		expect(
			existsSync(path.join(PACKAGE_ROOT, 'node_modules/n8n-core/node_modules/n8n-workflow')),
		).toBe(false);
	});

	it('ships no source map: the TypeScript they would point at is not shipped; jest still maps stack traces to the source', () => {
		const [packed] = JSON.parse(
			spawnSync('npm', ['pack', '--dry-run', '--json'], { cwd: PACKAGE_ROOT, encoding: 'utf8' })
				.stdout,
		);
		const files: string[] = packed.files.map((file: { path: string }) => file.path);
		expect(files).toContain('dist/nodes/IntercomUsers/IntercomUsers.node.js');
		expect(files.filter((file) => /\.(map|ts)$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
		const options = (file: string) =>
			ts.getParsedCommandLineOfConfigFile(
				path.join(PACKAGE_ROOT, file),
				{},
				{
					...ts.sys,
					onUnRecoverableConfigFileDiagnostic: () => undefined,
				},
			)?.options;
		expect(options('tsconfig.json')).toMatchObject({ sourceMap: false });
		expect(options('tsconfig.json')?.inlineSourceMap).toBeUndefined();
		// ts-jest compiles with tsconfig.dev.json (jest.config.js) and keeps its source maps.
		expect(options('tsconfig.dev.json')).toMatchObject({ sourceMap: true, inlineSources: true });
	});

	it("n8n's loader finds the declarative node with its codex, and the icons are in dist", async () => {
		const { nodes, credentials } = await loadPackage('dist');
		const node = nodes['n8n-nodes-intercom-users.intercomUsers'];
		expect(node).toBeDefined();
		expect(node.execute).toBeUndefined();
		expect(node.description.codex?.categories).toEqual(['Communication', 'Sales']);
		expect(node.description.usableAsTool).toBe(true);
		expect(node.description.requestDefaults?.headers).toEqual({
			Accept: 'application/json',
			'Intercom-Version': '1.4',
		});
		expect(node.description.credentials).toEqual([
			{
				name: 'intercomAccessTokenApi',
				required: true,
				displayOptions: { show: { authentication: ['accessToken'] } },
			},
			{
				name: 'intercomOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		]);
		const oauth = credentials.intercomOAuth2Api;
		expect(oauth.displayName).toBe('Intercom OAuth2 API');
		expect(oauth.extends).toEqual(['oAuth2Api']);
		expect(oauth.documentationUrl).toMatch(/^https:\/\//);
		const credential = credentials.intercomAccessTokenApi;
		expect(credential.displayName).toBe('Intercom Access Token API');
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		expect(credential.properties.find((p) => p.name === 'accessToken')?.typeOptions?.password).toBe(
			true,
		);
		for (const icon of [
			'dist/nodes/IntercomUsers/intercom.svg',
			'dist/nodes/IntercomUsers/intercom.dark.svg',
			'dist/credentials/intercom.svg',
			'dist/credentials/intercom.dark.svg',
		]) {
			expect(readFileSync(path.join(PACKAGE_ROOT, icon), 'utf8')).toMatch(/^<svg /);
		}
	});
});

describe('the metadata npm and n8n read', () => {
	const REPO = 'n8n-nodes-intercom-users/n8n-nodes-intercom-users';

	it('names one GitHub repository in repository, bugs and homepage, and an author without a placeholder', () => {
		expect(pkg.repository).toEqual({ type: 'git', url: `git+https://github.com/${REPO}.git` });
		expect(pkg.bugs).toEqual({ url: `https://github.com/${REPO}/issues` });
		expect(pkg.homepage).toBe(`https://github.com/${REPO}#readme`);
		expect(pkg.author.url).toBe(`https://github.com/${REPO.split('/')[0]}`);
		// GitHub's no-reply address of the organisation that owns the repository.
		expect(pkg.author.email).toBe(`${REPO.split('/')[0]}@users.noreply.github.com`);
	});

	it('has no script that points at a file that is not there', () => {
		for (const [name, command] of Object.entries(pkg.scripts as Record<string, string>)) {
			for (const file of command.match(/[\w./-]+\.(?:ts|mjs|cjs|js)\b/g) ?? []) {
				expect([name, existsSync(path.join(PACKAGE_ROOT, file))]).toEqual([name, true]);
			}
		}
	});
});

// The shape n8n asks of verified community nodes; `npm run lint:workflows` (actionlint) checks the syntax.
describe('the publish workflow', () => {
	const file = '.github/workflows/publish.yml';
	const source = readFileSync(path.join(PACKAGE_ROOT, file), 'utf8');
	const workflow = parse(source);
	const job = workflow.jobs.publish;
	const runs: string[] = job.steps.map((step: { run?: string }) => step.run ?? '');
	const stepIndex = (pattern: RegExp) => runs.findIndex((run) => pattern.test(run));

	it('publishes on a pushed v*.*.* tag, with an OIDC token for provenance and read-only contents', () => {
		expect(Object.keys(workflow.on)).toEqual(['push']);
		expect(workflow.on.push).toEqual({ tags: ['v*.*.*'] });
		expect(workflow.permissions).toEqual({ contents: 'read' });
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
	});

	it('sets up Node with the npm registry, then installs from the lockfile, tests and publishes in that order', () => {
		const setupNode = job.steps.find((step: { uses?: string }) =>
			step.uses?.startsWith('actions/setup-node@'),
		);
		expect(setupNode.with).toMatchObject({
			'node-version': 22,
			'registry-url': 'https://registry.npmjs.org',
		});
		const install = stepIndex(/^npm ci\b/);
		const test = stepIndex(/^npm test$/);
		const publish = stepIndex(/^npm publish --provenance --access public$/);
		expect(install).toBeGreaterThan(-1);
		expect(test).toBeGreaterThan(install);
		expect(publish).toBeGreaterThan(test);
		expect(job.steps[publish].env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
	});

	it("stops before publishing, with the reason, when package.json's repository is not the repository it runs in", () => {
		const check = stepIndex(/GITHUB_REPOSITORY/);
		expect(check).toBeGreaterThan(-1);
		expect(check).toBeLessThan(stepIndex(/^npm publish/));
		const runIn = (repository: string) =>
			spawnSync('bash', ['-e', '-c', runs[check]], {
				cwd: PACKAGE_ROOT,
				env: { ...process.env, GITHUB_REPOSITORY: repository },
				encoding: 'utf8',
			});
		const own = runIn(pkg.repository.url.replace(/^git\+https:\/\/github\.com\/|\.git$/g, ''));
		expect([own.status, own.stdout]).toEqual([0, '']);
		const fork = runIn('someone-else/n8n-nodes-intercom-users');
		expect(fork.status).toBe(1);
		expect(fork.stdout).toContain(
			'::error::package.json\'s repository.url is "git+https://github.com/n8n-nodes-intercom-users/n8n-nodes-intercom-users.git", but this workflow runs in someone-else/n8n-nodes-intercom-users',
		);
		expect(fork.stdout).toContain(
			'unless repository.url is "git+https://github.com/someone-else/n8n-nodes-intercom-users.git"',
		);
	});

	it('publishes only when the tag is the version in package.json', () => {
		const check = stepIndex(/GITHUB_REF_NAME/);
		expect(check).toBeGreaterThan(-1);
		expect(check).toBeLessThan(stepIndex(/^npm publish/));
		expect(runs[check]).toContain("require('./package.json').version");
	});
});
