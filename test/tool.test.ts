/**
 * The tool variant ("Intercom Users Tool", from `usableAsTool: true`): an AI agent's
 * model may fill in only the parameters the builder hands it with `$fromAI(...)`.
 * The Permanently Delete confirmation can never be one of them:
 * - n8n's editor offers the "let the model define this parameter" button only for
 *   parameters without `noDataExpression`, and the confirmation has it;
 * - a saved workflow whose confirmation is an expression anyway (a `$fromAI(...)`
 *   typed in, imported or generated) is refused before any request: n8n still
 *   resolves a lone `$fromAI(...)` there, so the node itself checks the saved value.
 *
 * Without resolved tool data, n8n resolves `$fromAI('key')` from the node's input
 * item (`$json.key`), which is where a tool call's arguments arrive; so these runs
 * hand the node the arguments a model would send.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeHelpers, traverseNodeParameters } from 'n8n-workflow';
import type { FromAIArgument } from 'n8n-workflow/dist/cjs/from-ai-parse-utils';

import { IntercomUsers } from '../nodes/IntercomUsers/IntercomUsers.node';
import { runNode, useSimulator } from './helpers';
import { SOLO } from './seed';

const description = new IntercomUsers().description;
const property = (name: string): INodeProperties[] =>
	description.properties.filter((candidate) => candidate.name === name);

/** The tool's parameters as a model would send them: it wants solo@example.com deleted. */
const MODEL_ARGUMENTS: IDataObject = { email: 'solo@example.com', confirm: true };
const EMAIL_FROM_MODEL = "={{ $fromAI('email', 'Email of the user to delete', 'string') }}";

describe('the tool variant cannot let the model confirm a permanent deletion', () => {
	const env = useSimulator();

	it('the confirmation takes no expression, so n8n offers no "defined by the model" button for it', () => {
		const [confirm] = property('confirmPermanentDelete');
		expect(confirm.type).toBe('boolean');
		expect(confirm.default).toBe(false);
		expect(confirm.noDataExpression).toBe(true);
	});

	it('the tool variant, and only it, shows a notice about what the confirmation allows', () => {
		const [notice] = property('toolDeletionNotice');
		const values = { resource: 'user', operation: 'permanentlyDelete' };
		const shown = (name: string) =>
			NodeHelpers.displayParameter(values, notice, { typeVersion: 1 }, { ...description, name });
		expect(notice.type).toBe('notice');
		expect(shown('intercomUsersTool')).toBe(true);
		expect(shown('intercomUsers')).toBe(false);
	});

	// n8n keeps a lone `$fromAI(...)` an expression even where `noDataExpression` is set (so a
	// tool call can resolve it), and turns any other expression there into plain text.
	it.each([
		[
			'$fromAI(...)',
			"={{ $fromAI('confirm', 'Whether to delete the user for good', 'boolean') }}",
			'Permanent deletion must be confirmed in the node',
		],
		[
			'an expression on the input data',
			'={{ $json.confirm }}',
			'Permanent deletion is not confirmed',
		],
		['a constant expression', '={{ true }}', 'Permanent deletion is not confirmed'],
	])(
		'a confirmation set by %s is refused and nothing is sent',
		async (_what, confirmation, message) => {
			const { error, items } = await runNode(
				env.baseUrl,
				{
					operation: 'permanentlyDelete',
					archiveBy: 'email',
					email: EMAIL_FROM_MODEL,
					confirmPermanentDelete: confirmation,
				},
				{ items: [MODEL_ARGUMENTS] },
			);
			expect(items).toEqual([]);
			expect(error?.message).toBe(message);
			expect((error as { description?: string }).description).toContain('No request was sent.');
			expect(env.sim.requests).toEqual([]);
			expect(env.sim.deletedIds()).toEqual([]);
		},
	);

	it("with the builder's confirmation the model picks only the user, and only that user is deleted", async () => {
		const parameters = {
			operation: 'permanentlyDelete',
			archiveBy: 'email',
			email: EMAIL_FROM_MODEL,
			confirmPermanentDelete: true,
		};
		const asked: FromAIArgument[] = [];
		traverseNodeParameters(parameters, asked);
		expect(asked.map((argument) => argument.key)).toEqual(['email']);

		const { error, items } = await runNode(env.baseUrl, parameters, {
			items: [MODEL_ARGUMENTS],
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ type: 'user_delete_request', intercom_user_id: SOLO });
		expect(env.sim.deletedIds()).toEqual([SOLO]);
	});
});
