/**
 * The README's "Names for workflow JSON" section is what people type into a workflow's JSON
 * by hand (`n8n import:workflow`), where a wrong name is silently ignored: every name it gives
 * must be the node's or the credential's, and every parameter and filter must be listed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { loadPackage, PACKAGE_ROOT, toolVariant } from '../../tools/n8n-harness/nodeTypes';

const README = readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
const SECTION = (() => {
	const start = README.indexOf('\n## Names for workflow JSON\n');
	if (start < 0) throw new Error('README has no "Names for workflow JSON" section');
	const end = README.indexOf('\n## ', start + 1);
	return README.slice(start, end < 0 ? undefined : end);
})();
const TICKED = /`([^`]+)`/g;
const ticked = (text: string) => [...text.matchAll(TICKED)].map((match) => match[1]);
/** The table row whose first cell starts with `what`. */
const row = (what: string) => {
	const line = SECTION.split('\n').find((candidate) => candidate.startsWith(`| ${what}`));
	if (!line) throw new Error(`no row "${what}"`);
	return line;
};

const DEMO = JSON.parse(
	readFileSync(path.join(PACKAGE_ROOT, 'tools/demo/archive-by-email.workflow.json'), 'utf8'),
) as { nodes: Array<Record<string, unknown>> };

type Property = INodeProperties | INodePropertyCollection;

/** Every parameter name (a collection's fields as `collection.field`) and every option value. */
function namesOf(properties: Property[], prefix = ''): { names: string[]; values: string[] } {
	const names: string[] = [];
	const values: string[] = [];
	for (const property of properties) {
		if ('type' in property && property.type === 'notice') continue;
		names.push(`${prefix}${property.name}`);
		const options = (property as INodeProperties).options ?? [];
		for (const option of options as Array<Property | INodePropertyOptions>) {
			if ('value' in option) values.push(String(option.value));
		}
		const nested = [
			...(options.filter((option) => !('value' in option)) as Property[]),
			...((property as INodePropertyCollection).values ?? []),
		];
		if (nested.length > 0) {
			const inner = namesOf(nested, `${prefix}${property.name}.`);
			names.push(...inner.names);
			values.push(...inner.values);
		}
	}
	return { names, values };
}

describe('README: Names for workflow JSON', () => {
	let known: Set<string>;
	let parameters: string[];
	let filters: string[];
	let operations: string[];
	let credentialFields: string[];

	beforeAll(async () => {
		const { packageName, nodes, credentials } = await loadPackage('dist');
		const node = nodes[`${packageName}.intercomUsers`];
		const tool = toolVariant(node);
		const credential = credentials.intercomAccessTokenApi;
		const oauth = credentials.intercomOAuth2Api;
		const ofOAuth = namesOf(oauth.properties);
		const ofNode = namesOf([...node.description.properties, ...tool.description.properties]);
		const ofCredential = namesOf(credential.properties);
		parameters = [...new Set(ofNode.names.filter((name) => !name.includes('.')))];
		filters = [...new Set(ofNode.names.filter((name) => name.startsWith('filters.')))];
		operations = node.description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => (property.options as INodePropertyOptions[]).map((o) => o.value))
			.map(String);
		credentialFields = ofCredential.names;
		const versions = [node.description.version].flat().map(String);
		known = new Set([
			`${packageName}.${node.description.name}`,
			`${packageName}.${tool.description.name}`,
			credential.name,
			...versions,
			...ofNode.names,
			...ofNode.values,
			...ofCredential.names,
			...ofCredential.values,
			oauth.name,
			...ofOAuth.names,
			// The fields the OAuth2 credential takes from n8n's oAuth2Api.
			'clientId',
			'clientSecret',
			// The keys of a node in an exported workflow (the demo workflow is one).
			...Object.keys(DEMO.nodes[1]),
		]);
	});

	it('every name in its tables is a node type, version, parameter, value or credential field', () => {
		const tables = SECTION.split('\n').filter((line) => /^\| (?!What|---)/.test(line));
		expect(tables.length).toBeGreaterThan(10);
		const unknown = tables.flatMap(ticked).filter((name) => !known.has(name));
		expect(unknown).toEqual([]);
	});

	it('names the node type, the tool type, version 1.1 (and 1 for saved workflows) and the credential', () => {
		expect(ticked(row('Node type'))).toEqual([
			'n8n-nodes-intercom-users.intercomUsers',
			'n8n-nodes-intercom-users.intercomUsersTool',
		]);
		expect(ticked(row('Node version'))).toEqual(['typeVersion', '1.1', '1']);
		expect(ticked(row('Credential type'))).toEqual(
			expect.arrayContaining(['intercomAccessTokenApi', ...credentialFields]),
		);
		expect(ticked(row('OAuth2 credential type'))).toEqual([
			'intercomOAuth2Api',
			'clientId',
			'clientSecret',
			'region',
			'custom',
			'baseUrl',
		]);
		expect(ticked(row('Authentication'))).toEqual(['authentication', 'accessToken', 'oAuth2']);
	});

	it('lists every parameter of the node and its tool variant, every operation and every filter', () => {
		const listed = new Set(ticked(SECTION).flatMap((name) => [name, name.split('.')[0]]));
		expect(parameters.filter((name) => !listed.has(name))).toEqual([]);
		expect(ticked(row('Operation')).slice(1).sort()).toEqual([...operations].sort());
		expect(ticked(row('Filters')).sort()).toEqual([...filters].sort());
		expect(filters).toEqual(
			expect.arrayContaining(['filters.lastSeenBefore', 'filters.externalId']),
		);
	});

	it('tells the User ID filter (externalId) from the By field value (userId)', () => {
		expect(ticked(row('By '))).toEqual(['archiveBy', 'email', 'id', 'userId']);
		expect(ticked(row('The value for that By'))).toEqual(['email', 'intercomId', 'userId']);
		expect(SECTION).toContain('User ID **filter** of Get Many is `filters.externalId`');
		expect(known.has('filters.userId')).toBe(false);
	});

	it('the other ticked words are the import command, workflow keys and this test', () => {
		const prose = SECTION.split('\n').filter((line) => !line.startsWith('|'));
		const other = prose.flatMap((line) => ticked(line)).filter((name) => !known.has(name));
		expect(other).toEqual(['n8n import:workflow', 'test/package/workflow-names.test.ts']);
		expect(existsSync(path.join(PACKAGE_ROOT, 'test/package/workflow-names.test.ts'))).toBe(true);
	});
});
