/**
 * What a model receives from the Intercom Users Tool, through n8n-core's own tool code
 * (tools/n8n-harness/tool.ts): n8n's AI Agent gets only a failed call's message
 * (`[{"error":"…"}]`), an MCP Server Trigger gets `<error name>: <message>` with the
 * description appended unless the message holds it. So as a tool the message itself says
 * what happened, why, and what the model can do, in at most 400 characters, naming no item.
 * Also the tool description n8n derives from the node for the model, per operation, API and
 * selector.
 */
import type { IDataObject, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { IntercomUsers } from '../nodes/IntercomUsers/IntercomUsers.node';
import {
	TOOL_DESCRIPTION_LIMIT,
	toolDescriptionText,
	toolSetups,
} from '../nodes/IntercomUsers/descriptions/toolDescription';
import { DEFAULT_TOKEN } from '../tools/intercom-simulator/simulator';
import type { ToolCall, ToolPath } from '../tools/n8n-harness/tool';
import { callTool, toolVariant } from '../tools/n8n-harness/tool';
import { runNode, useSimulator } from './helpers';
import { DUP_A, DUP_B, LEAD, SOLO } from './seed';

const EMAIL_FROM_MODEL = "={{ $fromAI('email', 'Email of the Intercom user', 'string') }}";
const PATHS: ToolPath[] = ['agent', 'mcp'];

/** The error text each path hands the model for a failed call with `message`. */
function received(path: ToolPath, message: string): string {
	return path === 'agent' ? JSON.stringify([{ error: message }]) : `NodeOperationError: ${message}`;
}

describe('what a model receives from the tool, in the AI Agent and the MCP path', () => {
	const env = useSimulator();
	const call = async (path: ToolPath, parameters: IDataObject, args: IDataObject) =>
		await callTool({
			baseUrl: env.baseUrl,
			parameters,
			args,
			path,
			credentials: { accessToken: DEFAULT_TOKEN, region: 'custom', baseUrl: env.baseUrl },
		});
	const requests = () => env.sim.requests.map((request) => `${request.method} ${request.path}`);

	/** The checks every failed call's text must pass. */
	function expectError(result: ToolCall, path: ToolPath, message: string) {
		expect(result.text).toBe(received(path, message));
		expect(message.length).toBeLessThanOrEqual(400);
		expect(result.text.length).toBeLessThanOrEqual(400);
		expect(result.text).not.toMatch(/\bitems? \d/i);
		expect(result.text).not.toContain(DEFAULT_TOKEN);
	}

	it.each(PATHS)(
		'%s: a success is the archived user, once (its shape is the Output setting)',
		async (path) => {
			const result = await call(path, { email: EMAIL_FROM_MODEL }, { email: 'solo@example.com' });
			const items = JSON.parse(result.text) as IDataObject[];
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({ id: SOLO, email: 'solo@example.com' });
			expect(result.text).not.toMatch(/\bitems? \d/i);
			expect(requests()).toEqual(['DELETE /users']);
			expect(env.sim.archivedIds()).toEqual([SOLO]);
		},
	);

	it.each(PATHS)(
		'%s: a not-found says the user may already be archived and that nothing was changed',
		async (path) => {
			const result = await call(path, { email: EMAIL_FROM_MODEL }, { email: 'gone@example.com' });
			const message =
				'Intercom: User Not Found (not_found). No active user has Email "gone@example.com": the user may already be archived or deleted, or never existed. Archived users are found by Intercom ID only. Nothing was changed.';
			expectError(result, path, message);
			expect(message).toContain('may already be archived');
			expect(message).toContain('Nothing was changed.');
			expect(requests()).toEqual(['DELETE /users']);
			expect(env.sim.archivedIds()).toEqual([]);
		},
	);

	it.each(PATHS)(
		'%s: a conflict on an email-only tool says nobody was changed and what the model can do with an email',
		async (path) => {
			const result = await call(
				path,
				{ api: 'contacts', email: EMAIL_FROM_MODEL },
				{ email: 'dup@example.com' },
			);
			const message = `Several users have Email "dup@example.com" (conflict), so nobody was archived. Their Intercom IDs: ${DUP_A}, ${DUP_B}. This tool finds users by Email only: ask the person for the user's Intercom ID or user_id, and ask the workflow's builder for a tool that takes it.`;
			expectError(result, path, message);
			expect(message).not.toContain('Archive by User ID or by Intercom ID instead');
			expect(requests()).toEqual(['POST /contacts/search']);
			expect(env.sim.archivedIds()).toEqual([]);
		},
	);

	it.each(PATHS)("%s: the Users API's own 409 gets the same words, without IDs", async (path) => {
		const result = await call(path, { email: EMAIL_FROM_MODEL }, { email: 'dup@example.com' });
		expectError(
			result,
			path,
			`Several users have Email "dup@example.com" (conflict), so nobody was archived. This tool finds users by Email only: ask the person for the user's Intercom ID or user_id, and ask the workflow's builder for a tool that takes it.`,
		);
		expect(requests()).toEqual(['DELETE /users']);
	});

	it.each(PATHS)(
		'%s: where the model picks the selector too, a conflict tells it to call again by another',
		async (path) => {
			const result = await call(
				path,
				{
					archiveBy: "={{ $fromAI('by', 'email, id or userId', 'string') }}",
					email: EMAIL_FROM_MODEL,
				},
				{ by: 'email', email: 'dup@example.com' },
			);
			expectError(
				result,
				path,
				'Several users have Email "dup@example.com" (conflict), so nobody was archived. Call again by Intercom ID or user_id instead (ask the person for it).',
			);
		},
	);

	it.each(PATHS)(
		'%s: a deletion the model confirmed is refused, saying no request was sent',
		async (path) => {
			const result = await call(
				path,
				{
					operation: 'permanentlyDelete',
					email: EMAIL_FROM_MODEL,
					confirmPermanentDelete: "={{ $fromAI('confirm', 'Delete for good', 'boolean') }}",
				},
				{ email: 'solo@example.com', confirm: true },
			);
			const message =
				"Refused: permanent deletion needs 'Confirm Permanent Deletion' switched on in the node by the workflow's builder; a confirmation from the model does not count. No request was sent; nobody was deleted.";
			expectError(result, path, message);
			expect(requests()).toEqual([]);
			expect(env.sim.deletedIds()).toEqual([]);
		},
	);

	it.each(PATHS)(
		'%s: a bad value from the model is refused, no request sent, and the model may correct it',
		async (path) => {
			const result = await call(
				path,
				{ email: EMAIL_FROM_MODEL },
				{ email: 'Solo <solo@example.com>' },
			);
			const message =
				'Refused: Email "Solo <solo@example.com>" has a display name (Solo) around the address: use solo@example.com. No request was sent; nothing was changed. Call again with the corrected value.';
			expectError(result, path, message);
			expect(requests()).toEqual([]);
		},
	);

	it.each(PATHS)(
		'%s: a dropped change says it may or may not have been made, and that a repeat is safe',
		async (path) => {
			env.sim.injectFault({ match: { method: 'DELETE' }, reset: true, times: 2 });
			const result = await call(path, { email: EMAIL_FROM_MODEL }, { email: 'solo@example.com' });
			expectError(
				result,
				path,
				'Intercom could not be reached: the connection was dropped. The change may or may not have been made. Calling again is safe: a user already archived is then not found.',
			);
			expect(requests()).toEqual(['DELETE /users', 'DELETE /users']);
		},
	);

	it.each(PATHS)('%s: a dry run that finds nobody says only lookups were sent', async (path) => {
		const result = await call(
			path,
			{ email: EMAIL_FROM_MODEL, options: { dryRun: true } },
			{ email: 'gone@example.com' },
		);
		expectError(
			result,
			path,
			'Intercom: User Not Found (not_found). No active user has Email "gone@example.com": the user may already be archived or deleted, or never existed. Archived users are found by Intercom ID only. This was a dry run: only lookups were sent, nothing was changed.',
		);
		expect(requests()).toEqual(['GET /users']);
	});

	const ID_FROM_MODEL = "={{ $fromAI('id', 'Intercom ID of the user', 'string') }}";
	const UNKNOWN_ID = '5714dd359a3fd47136099999';
	it.each<[string, IDataObject, IDataObject, (() => void) | undefined, string, string[]]>([
		[
			'an earlier attempt most likely done',
			{ email: EMAIL_FROM_MODEL },
			{ email: 'solo@example.com' },
			() => env.sim.injectFault({ match: { method: 'DELETE' }, status: 502, forward: true }),
			'Intercom: the user was most likely archived by an earlier attempt. The first attempt got no clear answer; the repeat found no such user. Do not call again for this user.',
			['DELETE /users', 'DELETE /users', 'GET /users'],
		],
		[
			'a wait longer than the node waits',
			{ email: EMAIL_FROM_MODEL },
			{ email: 'solo@example.com' },
			() =>
				env.sim.injectFault({
					match: { method: 'DELETE' },
					status: 429,
					headers: { 'Retry-After': '600' },
				}),
			'Intercom asked to wait 600 s, longer than the node waits (60 s). Nothing was changed. Try again once that wait is over.',
			['DELETE /users'],
		],
		[
			'a lead',
			{ api: 'contacts', archiveBy: 'id', intercomId: ID_FROM_MODEL },
			{ id: LEAD },
			undefined,
			`Intercom ID "${LEAD}" is a lead, not a user. This tool never changes leads. Nothing was changed.`,
			[`GET /contacts/${LEAD}`],
		],
		[
			'an unarchive of an unknown ID',
			{ operation: 'unarchive', api: 'contacts', archiveBy: 'id', intercomId: ID_FROM_MODEL },
			{ id: UNKNOWN_ID },
			undefined,
			`Intercom: Contact Not Found (not_found). No user has Intercom ID "${UNKNOWN_ID}": it may have been permanently deleted, or the ID is wrong. Nothing was changed.`,
			[`GET /contacts/${UNKNOWN_ID}`, `POST /contacts/${UNKNOWN_ID}/unarchive`],
		],
		[
			'a deletion by an unknown ID',
			{
				operation: 'permanentlyDelete',
				confirmPermanentDelete: true,
				archiveBy: 'id',
				intercomId: ID_FROM_MODEL,
			},
			{ id: UNKNOWN_ID },
			undefined,
			`Intercom: User Not Found (not_found). No user or lead has Intercom ID "${UNKNOWN_ID}", active or archived: it may already be deleted. Nothing was changed.`,
			[
				`GET /users/${UNKNOWN_ID}`,
				`GET /contacts/${UNKNOWN_ID}`,
				`POST /contacts/${UNKNOWN_ID}/unarchive`,
			],
		],
		[
			'an unarchive set to the Users API (the setup, not the model)',
			{ operation: 'unarchive', api: 'users', archiveBy: 'id', intercomId: ID_FROM_MODEL },
			{ id: SOLO },
			undefined,
			"Refused: Unarchive needs the Contacts API (2.x). No request was sent; nothing was changed. Only the workflow's builder can change this tool's setup.",
			[],
		],
	])('agent: %s', async (_what, parameters, args, before, message, sent) => {
		before?.();
		const result = await call('agent', parameters, args);
		expectError(result, 'agent', message);
		expect(requests()).toEqual(sent);
	});

	it('agent: a token Intercom refuses is for the builder to fix, and changed nothing', async () => {
		const result = await callTool({
			baseUrl: env.baseUrl,
			parameters: { email: EMAIL_FROM_MODEL },
			args: { email: 'solo@example.com' },
			path: 'agent',
			credentials: { accessToken: 'not-the-token', region: 'custom', baseUrl: env.baseUrl },
		});
		expectError(
			result,
			'agent',
			"Intercom: Access Token Invalid (unauthorized). Nothing was changed. The workflow's builder must fix the Intercom credential or the app's permissions; calling again will not help.",
		);
		expect(result.text).not.toContain('not-the-token');
		expect(env.sim.archivedIds()).toEqual([]);
	});

	it('a value n8n would rewrite a message for is left out of it (n8n replaces a message holding "EPERM")', async () => {
		const result = await call(
			'agent',
			{ email: EMAIL_FROM_MODEL },
			{ email: 'deeperman@example.com' },
		);
		expectError(
			result,
			'agent',
			'Intercom: User Not Found (not_found). No active user has the Email given: the user may already be archived or deleted, or never existed. Archived users are found by Intercom ID only. Nothing was changed.',
		);
	});

	it('the node outside an agent keeps its message and description', async () => {
		const { error } = await runNode(env.baseUrl, { email: 'gone@example.com' });
		expect(error?.message).toBe('Intercom: User Not Found (not_found)');
		expect((error as { description?: string }).description).toMatch(
			/^No user matches Email "gone@example.com", or that user is already archived\./,
		);
	});

	it('the tool description the model is shown is the one for the operation, API and selector', async () => {
		const result = await call(
			'mcp',
			{
				operation: 'permanentlyDelete',
				api: 'contacts',
				archiveBy: 'id',
				intercomId: "={{ $fromAI('id', 'Intercom ID of the user', 'string') }}",
			},
			{ id: SOLO },
		);
		expect(result.description).toBe(
			toolDescriptionText({ operation: 'permanentlyDelete', api: 'contacts', by: 'id' }),
		);
		expect(result.description).toBe(
			'Permanently delete one Intercom user and their conversations by Intercom ID (Contacts API 2.x). Cannot be undone; refused unless the builder confirmed it in the node. Never changes leads. dryRun true (if offered) only looks the user up.',
		);
		expect(result.arguments).toEqual(['id']);
		expect(env.sim.deletedIds()).toEqual([]);
	});

	it("a builder's own description is what the model is shown", async () => {
		const mine = 'Archives the user who left, by their work email.';
		const result = await call(
			'agent',
			{ email: EMAIL_FROM_MODEL, toolDescription: mine },
			{ email: 'solo@example.com' },
		);
		expect(result.description).toBe(mine);
	});
});

describe('the tool descriptions', () => {
	const node = new IntercomUsers().description;
	const tool = toolVariant(new IntercomUsers()).description as INodeTypeDescription;
	/** The description n8n fills in for a node with `values`, as it does when a workflow is loaded. */
	const defaultFor = (type: INodeTypeDescription, values: IDataObject) =>
		NodeHelpers.getNodeParameters(
			type.properties,
			{ resource: 'user', ...values },
			true,
			false,
			{
				typeVersion: 1,
			} as never,
			type,
		)?.toolDescription;

	it.each(toolSetups().map((setup) => [JSON.stringify(setup), setup] as const))(
		'%s: says what it does, by which value, on which API, whether it can be undone, and Dry Run',
		(_name, setup) => {
			const text = toolDescriptionText(setup);
			expect(text.length).toBeLessThanOrEqual(TOOL_DESCRIPTION_LIMIT);
			expect(text).toContain(setup.api === 'users' ? 'Users API 1.4' : 'Contacts API 2.x');
			if (setup.operation !== 'getMany') {
				expect(text).toContain(
					{
						email: 'by email',
						id: 'by Intercom ID',
						userId: 'by user_id',
						any: 'by email, Intercom ID or user_id',
					}[setup.by ?? 'any'],
				);
			}
			expect(text).toContain(
				{
					archive: 'Can be undone: unarchive by Intercom ID.',
					unarchive: 'Undoes an archive',
					permanentlyDelete: 'Cannot be undone',
					get: 'Reads only',
					getMany: 'Reads only',
				}[setup.operation],
			);
			const reads = setup.operation === 'get' || setup.operation === 'getMany';
			if (!reads) {
				expect(text).toContain('dryRun true');
				expect(text).toContain('Never changes leads.');
			}
			// n8n picks the field whose conditions hold: the one of this setup.
			const values = {
				operation: setup.operation,
				api: setup.api,
				archiveBy: setup.by ?? "={{ $fromAI('by', 'how', 'string') }}",
			};
			expect(defaultFor(tool, values)).toBe(text);
			expect(defaultFor(node, values)).toBeUndefined();
		},
	);

	it('only a lookup by email or user_id warns that several matches change nobody', () => {
		expect(toolDescriptionText({ operation: 'archive', api: 'users', by: 'id' })).not.toContain(
			'several',
		);
		expect(toolDescriptionText({ operation: 'archive', api: 'users', by: 'email' })).toContain(
			'If several users match, nobody is changed.',
		);
	});
});
