/**
 * Validation: the pure checks the runner applies before any request, then the same rules
 * through n8n's engine against the simulator, where bad input fails naming the field,
 * nothing is sent for it and no other item is lost; and the access token never appears
 * in output or errors.
 */
import type { INode } from 'n8n-workflow';

import {
	baseUrlProblem,
	checkApi,
	checkTarget,
} from '../../../../nodes/IntercomUsers/shared/validation';
import { runNode, useSimulator } from '../../../helpers';
import { MAL, WASH } from '../../../seed';

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
			`Check the '${label}' field of item 3. No request was sent for this item.`,
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
		// Intercom's new name for Unstable.
		expect(checkApi(ref, 'contacts', values('Preview'))).toEqual({
			generation: 'contacts',
			version: 'Preview',
		});
	});

	it.each([
		[
			'contacts',
			'1.4',
			'Contacts API Version "1.4" is not a 2.x version (expected e.g. 2.14, 2.16 or Preview)',
		],
		[
			'contacts',
			'2.x',
			'Contacts API Version "2.x" is not a 2.x version (expected e.g. 2.14, 2.16 or Preview)',
		],
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

describe('bad input fails before any request, naming the field', () => {
	const env = useSimulator();

	it.each([
		[{ archiveBy: 'email', email: '={{ $json.none ?? "" }}' }, 'Email is empty'],
		[{ archiveBy: 'email', email: '   ' }, 'Email is only whitespace'],
		[
			{ archiveBy: 'email', email: 'not-an-email' },
			'Email "not-an-email" is not an email address (expected name@example.com)',
		],
		[
			{ archiveBy: 'email', email: 'a@b@c.com' },
			'Email "a@b@c.com" is not an email address (expected name@example.com)',
		],
		[{ archiveBy: 'id', intercomId: '={{ "" }}' }, 'Intercom ID is empty'],
		[
			{ archiveBy: 'id', intercomId: '..' },
			'Intercom ID ".." is not a valid ID (a path step, not an Intercom ID)',
		],
		[{ archiveBy: 'userId', userId: '\t' }, 'User ID is only whitespace'],
		[{ archiveBy: 'userId', userId: 'a\nb' }, 'User ID contains a control character U+000A'],
		[
			{ archiveBy: 'email', email: '\u200Bkaylee@serenity.io' },
			'Email contains an invisible character U+200B',
		],
		[{ archiveBy: 'userId', userId: '42\u0085' }, 'User ID contains a control character U+0085'],
		[
			{ archiveBy: 'email', email: '={{ "kaylee@serenity.io\\u2060" }}' },
			'Email contains an invisible character U+2060',
		],
		[
			{ archiveBy: 'userId', userId: '={{ $json.missing }}' },
			'User ID must be text, but the value is undefined',
		],
		[
			{ archiveBy: 'userId', userId: '={{ 0 / 0 }}' },
			'User ID must be text or a whole number, but the value is NaN',
		],
		[
			{ archiveBy: 'userId', userId: '={{ 1.5 }}' },
			'User ID must be text or a whole number, but the value is 1.5',
		],
		[
			{ archiveBy: '={{ "constructor" }}', intercomId: 'x', email: 'x', userId: 'x' },
			'Archive By "constructor" is not supported. Use email, id or userId.',
		],
	])('%j → "%s", nothing sent', async (params, message) => {
		const { error } = await runNode(env.baseUrl, params);
		expect(error?.message).toBe(message);
		if (!message.startsWith('Archive By')) {
			expect((error as unknown as { description: string }).description).toContain(
				'No request was sent for this item.',
			);
		}
		expect(env.sim.requests).toEqual([]);
	});

	it.each([
		['', "The credential's Base URL is empty. Enter the URL of your proxy, or pick a region."],
		['not a url', "The credential's Base URL must start with http:// or https://."],
		['api.intercom.io', "The credential's Base URL must start with http:// or https://."],
		['localhost:8080', "The credential's Base URL must start with http:// or https://."],
		[
			'http://exa mple.com',
			"The credential's Base URL is not a valid URL. Enter it as https://host[:port][/path].",
		],
		['ftp://127.0.0.1:1', "The credential's Base URL must start with http:// or https://."],
		[
			'http://user:pw-SECRET@127.0.0.1:1',
			"The credential's Base URL must not contain a user name or password.",
		],
		['{sim}/?x=1', "The credential's Base URL must not contain a query (?…) or fragment (#…)."],
		['{sim}#frag', "The credential's Base URL must not contain a query (?…) or fragment (#…)."],
	])('a Custom Base URL of %j is refused before any request', async (baseUrl, message) => {
		const { error } = await runNode(baseUrl.replace('{sim}', env.baseUrl), {
			archiveBy: 'id',
			intercomId: WASH,
		});
		expect(error?.message).toBe(message);
		expect(JSON.stringify({ ...error, message: error?.message })).not.toContain('SECRET');
		expect(env.sim.requests).toEqual([]);
	});

	it('a 404 for a wrong proxy path is not reported as a missing user', async () => {
		const { error } = await runNode(`${env.baseUrl}/v1`, { archiveBy: 'id', intercomId: WASH });
		expect(error?.message).toBe('Intercom: Resource Not Found (not_found)');
		expect((error as unknown as { description: string }).description).toMatch(
			/^Intercom knows no such endpoint\. Check the credential's Base URL/,
		);
		expect(env.sim.requests.map((r) => r.path)).toEqual([`/v1/users/${WASH}`]);
	});

	it.each([
		['permanentlyDelete', { confirmPermanentDelete: true }],
		['unarchive', { api: 'contacts', contactsApiVersion: '2.14' }],
	])(
		'C16: an invisible character is refused before any request for %s too',
		async (operation, extra) => {
			const { items } = await runNode(
				env.baseUrl,
				{
					operation,
					...extra,
					archiveBy: '={{ $json.by }}',
					email: '={{ $json.v }}',
					userId: '={{ $json.v }}',
					intercomId: '={{ $json.v }}',
				},
				{
					items: [
						{ by: 'email', v: '\u200Bkaylee@serenity.io' },
						{ by: 'userId', v: '42\u0085' },
						{ by: 'id', v: `${WASH}\u2060` },
					],
					nodeSettings: { onError: 'continueRegularOutput' },
				},
			);
			expect(items.map((item) => item.json.error)).toEqual([
				'Email contains an invisible character U+200B',
				'User ID contains a control character U+0085',
				'Intercom ID contains an invisible character U+2060',
			]);
			expect(env.sim.requests).toEqual([]);
		},
	);

	it('an empty required field typed in (not an expression) is refused by n8n before the run starts', async () => {
		await expect(runNode(env.baseUrl, { archiveBy: 'email', email: '' })).rejects.toThrow(
			'Parameter "Email" is required.',
		);
		expect(env.sim.requests).toEqual([]);
	});

	it('surrounding whitespace from a spreadsheet is trimmed before sending', async () => {
		const { items } = await runNode(env.baseUrl, {
			archiveBy: 'email',
			email: '  wash@serenity.io \t',
		});
		expect(items[0].json.id).toBe(WASH);
		expect(env.sim.requests.map((r) => r.rawQuery)).toEqual(['email=wash%40serenity.io']);
	});

	it('with continue-on-fail a bad item sends nothing and loses no other item', async () => {
		const { items } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{
				items: [{ email: 'wash@serenity.io' }, { email: 'oops' }, { email: 'mal@serenity.io' }],
				nodeSettings: { onError: 'continueRegularOutput' },
			},
		);
		expect(items.map((item) => item.json.id ?? item.json.error)).toEqual([
			WASH,
			'Email "oops" is not an email address (expected name@example.com)',
			MAL,
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(env.sim.requests).toHaveLength(2);
	});

	it('C2: path characters in an id stay inside one encoded segment', async () => {
		const ids = ['abc/../me', 'x?user_id=1', 'a#b', '%2F', 'a b+c'];
		const { items } = await runNode(
			env.baseUrl,
			{ archiveBy: 'id', intercomId: '={{ $json.id }}' },
			{ items: ids.map((id) => ({ id })), nodeSettings: { onError: 'continueRegularOutput' } },
		);
		expect(items.map((item) => item.json.error)).toEqual(
			ids.map(() => 'Intercom: User Not Found (not_found)'),
		);
		expect(env.sim.requests.map((r) => [r.path, r.rawQuery]).sort()).toEqual(
			// Each 404 is followed by a Contacts API read of the same segment, which tells a lead from nobody.
			['abc%2F..%2Fme', 'x%3Fuser_id%3D1', 'a%23b', '%252F', 'a%20b%2Bc']
				.flatMap((segment) => [
					[`/users/${segment}`, ''],
					[`/contacts/${segment}`, ''],
				])
				.sort(),
		);
	});
});

describe('the access token never appears in output or errors', () => {
	const env = useSimulator({ tokens: ['tok-SECRET-1234567890'] });

	it('across success, Intercom errors, bad input and a rejected token', async () => {
		const logged: string[] = [];
		const spies = (['log', 'error', 'warn', 'info', 'debug'] as const).map((level) =>
			jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
				logged.push(
					args
						.map((arg) =>
							arg instanceof Error ? `${arg.stack} ${JSON.stringify(arg)}` : JSON.stringify(arg),
						)
						.join(' '),
				);
			}),
		);
		try {
			const runs = [
				await runNode(
					env.baseUrl,
					{ archiveBy: 'email', email: '={{ $json.e }}' },
					{
						token: 'tok-SECRET-1234567890',
						items: [
							{ e: 'wash@serenity.io' },
							{ e: 'nobody@example.com' },
							{ e: 'dup@example.com' },
							{ e: 'bad' },
						],
						nodeSettings: { onError: 'continueRegularOutput' },
					},
				),
				await runNode(
					env.baseUrl,
					{ archiveBy: 'id', intercomId: MAL },
					{ token: 'tok-SECRET-WRONG' },
				),
				await runNode(
					'http://127.0.0.1:1',
					{ archiveBy: 'id', intercomId: MAL },
					{
						token: 'tok-SECRET-1234567890',
						nodeSettings: { onError: 'continueRegularOutput' },
					},
				),
			];
			expect(runs[0].items).toHaveLength(4);
			expect(runs[1].error?.message).toBe('Intercom: Access Token Invalid (unauthorized)');
			expect(String((runs[1].error as unknown as { description: string }).description)).toContain(
				'The access token was rejected',
			);
			expect(runs[2].items[0].json.error).toBe(
				'The service refused the connection - perhaps it is offline',
			);
			// A connection that could not be made says so, and what to check.
			expect(runs[2].items[0].json.description).toBe(
				"The connection could not be made (ECONNREFUSED), so the request was not sent and nothing was changed in Intercom. Check the credential's Region or Base URL, the proxy and that n8n can reach that host, then run the item again.",
			);
			const serialised = JSON.stringify(
				runs.map(({ run, items }) => ({
					run,
					items,
					errors: items.map(
						(item) =>
							item.error && {
								...item.error,
								message: item.error.message,
								description: item.error.description,
								cause: (item.error as Error).cause,
								stack: item.error.stack,
							},
					),
				})),
			);
			for (const text of [serialised, ...logged]) {
				expect(text).not.toContain('SECRET');
			}
		} finally {
			spies.forEach((spy) => spy.mockRestore());
		}
	});
});
