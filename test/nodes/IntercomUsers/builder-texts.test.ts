/**
 * What a builder reads in the editor (issue 21 items 3, 4 and 6): the Permanently Delete
 * warning, the how-to in an unconfirmed item, descriptions that let one choose without
 * the README, and what the node panel shows and finds. Read from the node description
 * and codex the package ships; the editor itself is checked by `npm run test:ui`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { IntercomAccessTokenApi } from '../../../credentials/IntercomAccessTokenApi.credentials';
import { IntercomUsers } from '../../../nodes/IntercomUsers/IntercomUsers.node';

const { description } = new IntercomUsers();
const properties = description.properties;
const named = (name: string): INodeProperties[] => properties.filter((p) => p.name === name);

describe('what the builder reads', () => {
	it('Permanently Delete shows a warning notice next to its confirmation, for every builder', () => {
		const [notice] = named('permanentDeletionNotice');
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toContain('It cannot be undone');
		expect(notice.displayOptions).toEqual({
			show: { resource: ['user'], operation: ['permanentlyDelete'] },
		});
		const order = properties.map((p) => p.name);
		expect(order.indexOf('permanentDeletionNotice')).toBe(
			order.indexOf('confirmPermanentDelete') - 1,
		);
	});

	it('Delete By says that archived users are found by Intercom ID only', () => {
		const deleteBy = named('archiveBy').find((p) =>
			(p.displayOptions?.show?.operation as string[]).includes('permanentlyDelete'),
		);
		expect(deleteBy?.displayName).toBe('Delete By');
		expect(deleteBy?.hint).toContain('A user archived earlier is found by Intercom ID only');
	});

	it('the API options say when each is the right one and what it returns', () => {
		const [api] = named('api');
		const options = api.options as Array<{ value: string; description: string }>;
		const users = options.find((o) => o.value === 'users');
		const contacts = options.find((o) => o.value === 'contacts');
		expect(users?.description).toContain('works even when your app is set to 2.x');
		expect(users?.description).toContain('returns the full User object');
		expect(contacts?.description).toContain('pick it if');
		expect(contacts?.description).toContain('returns the contact');
	});

	it('Ignore Not Found explains what probablyDone means', () => {
		const [options] = named('options');
		const ignore = (options.options as INodeProperties[]).find((o) => o.name === 'ignoreNotFound');
		expect(ignore?.hint).toContain(
			'probablyDone: true: the first attempt most likely made the change',
		);
	});

	it('the Base URL tooltip speaks of a proxy, the scheme it needs, and no simulator', () => {
		const baseUrl = new IntercomAccessTokenApi().properties.find((p) => p.name === 'baseUrl');
		expect(baseUrl?.description).toContain('must start with http:// or https://');
		expect(baseUrl?.description).not.toMatch(/simulator/i);
	});

	it('the node panel: a description and search aliases that tell it from the built-in Intercom node', () => {
		expect(description.displayName).toBe('Intercom Users');
		expect(description.description).toContain('(offboarding, GDPR)');
		expect(description.subtitle).toContain('Contacts API');
		const codex = JSON.parse(
			readFileSync(
				path.join(__dirname, '../../../nodes/IntercomUsers/IntercomUsers.node.json'),
				'utf8',
			),
		) as { alias: string[] };
		expect(codex.alias).toEqual(
			expect.arrayContaining(['archive', 'unarchive', 'offboarding', 'GDPR']),
		);
	});
});
