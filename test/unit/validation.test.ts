/**
 * Validation on its own: the pure checks the runner applies before any
 * request. The engine-level test (test/validation.test.ts) proves the same
 * rules hold through n8n and that nothing is sent.
 */
import type { INode } from 'n8n-workflow';

import { baseUrlProblem, checkApi, checkTarget } from '../../nodes/IntercomUsers/shared/validation';

const node = { name: 'Intercom Users' } as INode;
const ref = { node, itemIndex: 3 };
const values = (value: unknown) => () => value;

describe('checkTarget', () => {
	it.each([
		['email', '  wash@serenity.io\t', { by: 'email', value: 'wash@serenity.io', label: 'Email' }],
		['id', 'abc/../me', { by: 'id', value: 'abc/../me', label: 'Intercom ID' }],
		['userId', 25, { by: 'userId', value: '25', label: 'User ID' }],
	])('%s %j is accepted as %j', (by, raw, target) => {
		expect(checkTarget(ref, 'archive', by, values(raw))).toEqual(target);
	});

	it.each([
		['email', '\uFEFF wash@serenity.io\u00A0\u2028', 'wash@serenity.io'],
		['userId', '\u300025\u2029', '25'],
	])(
		'%s %j: a byte order mark, no-break space or separator at the ends is trimmed',
		(by, raw, value) => {
			expect(checkTarget(ref, 'archive', by, values(raw)).value).toBe(value);
		},
	);

	it.each([
		['id', 'caf\u00E9'],
		['userId', '\u4E2D\u6587'],
		['userId', 'a\u00A0b'],
		['userId', 'e\u0301'],
		['userId', '\u{1F4A9}'],
		['userId', '1\uFE0F\u20E3'],
	])('%s %j: visible characters, spaces and combining marks inside a value are kept', (by, raw) => {
		const target = checkTarget(ref, 'archive', by, values(raw));
		// Sent in Unicode NFC; the form as given is kept when it differs (case C28).
		expect(target.value).toBe(raw.normalize('NFC'));
		expect(target.given ?? target.value).toBe(raw);
	});

	it('keeps no second form for a value already in NFC', () => {
		expect(checkTarget(ref, 'archive', 'userId', values('jos\u00e9-42'))).toEqual({
			by: 'userId',
			value: 'jos\u00e9-42',
			label: 'User ID',
		});
		expect(checkTarget(ref, 'archive', 'userId', values('jose\u0301-42'))).toEqual({
			by: 'userId',
			value: 'jos\u00e9-42',
			label: 'User ID',
			given: 'jose\u0301-42',
		});
	});

	it('reads the value field of the chosen selector', () => {
		const read = jest.fn(() => 'x@y.io');
		checkTarget(ref, 'archive', 'email', read);
		expect(read.mock.calls).toEqual([['email']]);
	});

	it.each([
		['email', '', 'Email', 'Email is empty'],
		['email', ' ', 'Email', 'Email is only whitespace'],
		['email', 'a@b', 'Email', 'Email "a@b" is not an email address (expected name@example.com)'],
		[
			'id',
			'.',
			'Intercom ID',
			'Intercom ID "." is not a valid ID (a path step, not an Intercom ID)',
		],
		['userId', null, 'User ID', 'User ID must be text, but the value is null'],
		[
			'userId',
			2 ** 53,
			'User ID',
			`User ID must be text or a whole number, but the value is ${2 ** 53}`,
		],
		['userId', 'a\u007fb', 'User ID', 'User ID contains a control character U+007F'],
		['userId', 'a\nb', 'User ID', 'User ID contains a control character U+000A'],
		['userId', '42\u0085', 'User ID', 'User ID contains a control character U+0085'],
		['userId', '\u009F42', 'User ID', 'User ID contains a control character U+009F'],
		['email', '\u200Bkaylee@serenity.io', 'Email', 'Email contains an invisible character U+200B'],
		['email', 'kaylee\u200C@serenity.io', 'Email', 'Email contains an invisible character U+200C'],
		['email', 'kaylee@serenity\u200D.io', 'Email', 'Email contains an invisible character U+200D'],
		['email', 'kay\u2060lee@serenity.io', 'Email', 'Email contains an invisible character U+2060'],
		['email', 'kay\uFEFFlee@serenity.io', 'Email', 'Email contains an invisible character U+FEFF'],
		['email', 'kay\u00ADlee@serenity.io', 'Email', 'Email contains an invisible character U+00AD'],
		['email', 'kaylee@serenity.io\u180E', 'Email', 'Email contains an invisible character U+180E'],
		['id', 'abc\u202E', 'Intercom ID', 'Intercom ID contains an invisible character U+202E'],
		['id', 'abc\u{E0041}', 'Intercom ID', 'Intercom ID contains an invisible character U+E0041'],
		['userId', '\u3164', 'User ID', 'User ID contains an invisible character U+3164'],
		['userId', '4\u20282', 'User ID', 'User ID contains a line break U+2028'],
		['userId', '4\u20292', 'User ID', 'User ID contains a line break U+2029'],
		// the first offending character is named
		['userId', 'a\u200B\u0085', 'User ID', 'User ID contains an invisible character U+200B'],
		['userId', 'a\uD800', 'User ID', 'User ID contains a broken Unicode character'],
	])('%s %j is refused, naming the %s field', (by, raw, label, message) => {
		let thrown: { message?: string; description?: string } | undefined;
		try {
			checkTarget(ref, 'archive', by, values(raw));
		} catch (error) {
			thrown = error as typeof thrown;
		}
		expect(thrown?.message).toBe(message);
		expect(thrown?.description).toBe(
			`Check the "${label}" field of item 3. No request was sent for this item.`,
		);
	});

	it.each([
		['archive', 'Archive By "name" is not supported. Use email, id or userId.'],
		['permanentlyDelete', 'Delete By "name" is not supported. Use email, id or userId.'],
		['unarchive', 'Unarchive By "name" is not supported. Use email, id or userId.'],
	] as const)('an unknown selector for %s names the field', (operation, message) => {
		expect(() => checkTarget(ref, operation, 'name', values('x'))).toThrow(message);
	});
});

describe('checkApi', () => {
	it('the Users API sends 1.4; the Contacts API the chosen 2.x version, trimmed', () => {
		expect(checkApi(ref, 'users', values('9'))).toEqual({ generation: 'users', version: '1.4' });
		expect(checkApi(ref, 'contacts', values(' 2.11 '))).toEqual({
			generation: 'contacts',
			version: '2.11',
		});
		expect(checkApi(ref, 'contacts', values('Unstable'))).toEqual({
			generation: 'contacts',
			version: 'Unstable',
		});
	});

	it.each([
		['contacts', '1.4', 'Contacts API Version "1.4" is not a 2.x version (expected e.g. 2.14)'],
		['contacts', '2.x', 'Contacts API Version "2.x" is not a 2.x version (expected e.g. 2.14)'],
		['graphql', '2.14', 'API "graphql" is not supported. Use users or contacts.'],
		[
			'contacts',
			2.1,
			'Contacts API Version must be text such as "2.10", but the value is the number 2.1',
		],
		[
			'contacts',
			undefined,
			'Contacts API Version must be text such as "2.10", but the value is undefined',
		],
	])('%s %j is refused', (api, version, message) => {
		expect(() => checkApi(ref, api, values(version))).toThrow(message);
	});
});

describe('baseUrlProblem', () => {
	it.each([
		['https://api.intercom.io', undefined],
		['http://127.0.0.1:8080/proxy', undefined],
		['', "The credential's Base URL is empty. Enter the URL of your proxy, or pick a region."],
		[
			undefined,
			"The credential's Base URL is empty. Enter the URL of your proxy, or pick a region.",
		],
		['api.intercom.io', "The credential's Base URL must start with http:// or https://."],
		['localhost:8080', "The credential's Base URL must start with http:// or https://."],
		[
			'https://exa mple.com',
			"The credential's Base URL is not a valid URL. Enter it as https://host[:port][/path].",
		],
		['ws://h', "The credential's Base URL must start with http:// or https://."],
		['https://u:p@h', "The credential's Base URL must not contain a user name or password."],
		['https://h/?', "The credential's Base URL must not contain a query (?…) or fragment (#…)."],
	])('%j → %j', (url, problem) => {
		expect(baseUrlProblem(url)).toBe(problem);
	});
});
