/**
 * The pieces of the AI Agent and MCP checks that run without n8n: the scripted model's
 * protocol (what n8n's OpenAI client sends it, and what it records), and the checks of
 * what a model received, against the texts measured before the lean answers.
 */
import { DEFAULT_TOKEN, IntercomSimulator } from '../../../intercom-simulator/simulator';
import { FakeChatModel } from '../fake-model';
import { checkReceived } from '../received';
import type { Received } from '../received';
import { AGENT_SCENARIOS, checkSimulator, MCP_SCENARIOS, simState } from '../scenarios';

const TOOLS = [
	{
		type: 'function',
		function: {
			name: 'Archive_user',
			description: 'Archive a user in Intercom Users',
			parameters: { type: 'object', properties: { email: { type: 'string' } } },
		},
	},
];
const PROMPT = '[e2e scenario s1] Call the tool Archive_user with {"email":"a@example.com"}';

async function chat(url: string, body: unknown): Promise<{ status: number; text: string }> {
	const response = await fetch(`${url}/chat/completions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, text: await response.text() };
}

describe('the scripted model', () => {
	let model: FakeChatModel;
	let url: string;
	beforeEach(async () => {
		model = new FakeChatModel();
		url = await model.start();
	});
	afterEach(() => model.stop());

	it('calls the named tool with the arguments, then records the tool result exactly', async () => {
		const first = await chat(url, {
			model: 'm',
			messages: [{ role: 'user', content: PROMPT }],
			tools: TOOLS,
		});
		const call = JSON.parse(first.text).choices[0];
		expect(call.finish_reason).toBe('tool_calls');
		expect(call.message.tool_calls[0].function).toEqual({
			name: 'Archive_user',
			arguments: '{"email":"a@example.com"}',
		});

		const toolResult = '[{"error":"Intercom: User Not Found (not_found)"}]';
		const second = await chat(url, {
			model: 'm',
			messages: [
				{ role: 'user', content: PROMPT },
				{ role: 'assistant', content: null, tool_calls: call.message.tool_calls },
				{ role: 'tool', tool_call_id: call.message.tool_calls[0].id, content: toolResult },
			],
			tools: TOOLS,
		});
		expect(JSON.parse(second.text).choices[0].message.content).toBe('Done.');
		const conversation = model.conversations.get('s1');
		expect(conversation?.toolResult).toBe(toolResult);
		expect(conversation?.offered.map((tool) => tool.description)).toEqual([
			'Archive a user in Intercom Users',
		]);
		expect(conversation?.requests).toBe(2);
		expect(model.problems).toEqual([]);
	});

	it('streams the same call as server-sent events when asked to', async () => {
		const { text } = await chat(url, {
			model: 'm',
			stream: true,
			messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }],
			tools: TOOLS,
		});
		const events = text
			.split('\n\n')
			.filter(Boolean)
			.map((event) => event.replace(/^data: /, ''));
		expect(events.at(-1)).toBe('[DONE]');
		expect(JSON.parse(events[0]).choices[0].delta.tool_calls[0].function.name).toBe('Archive_user');
	});

	it('records a tool that was not offered, and any other endpoint, as problems', async () => {
		await chat(url, { messages: [{ role: 'user', content: PROMPT }], tools: [] });
		const other = await fetch(`${url}/responses`, { method: 'POST', body: '{}' });
		expect(other.status).toBe(404);
		expect(model.problems).toEqual([
			's1: the tool Archive_user was not offered (offered: none)',
			'the model server got POST /v1/responses, which it does not serve',
		]);
	});
});

/** The texts the model received before the lean answers (measured in real n8n 2.41.1). */
const BEFORE: Record<string, string> = {
	'agent-success': `[{"type":"user","id":"5714dd359a3fd47136000007","user_id":"31","email":"solo@example.com","name":"Solo User"${',"x":null'.repeat(60)}}]`,
	'agent-notFound': '[{"error":"Intercom: User Not Found (not_found)"}]',
	'agent-conflict':
		'[{"error":"Intercom: Multiple existing users match this email address - must be more specific using user_id (conflict)"}]',
	'agent-refusal': '[{"error":"Permanent deletion must be confirmed in the node"}]',
	'agent-dryRun':
		'[{"dryRun":true,"outcome":"wouldChange","message":"Dry run: Archive would archive this user","value":"mal@serenity.io"}]',
};

/** Lean answers of the kind the aim describes. */
const LEAN: Record<string, string> = {
	'agent-success': 'Archived solo@example.com (Intercom ID 5714dd359a3fd47136000007).',
	'agent-notFound':
		'Intercom: User Not Found (not_found). No user matches Email "solo@example.com", or that user is already archived.',
	'agent-conflict':
		'Intercom: several users match (conflict). Several users match Email "dup@example.com", so nobody was archived.',
	'agent-refusal':
		'Permanent deletion must be confirmed in the node. The builder must switch it on. No request was sent.',
	'agent-dryRun': 'Dry run: would archive mal@serenity.io. Nothing was changed.',
};

const received = (texts: Record<string, string>): Received[] =>
	AGENT_SCENARIOS.map((scenario) => ({ scenario, text: texts[scenario.key] }));

describe('the checks of what the model received', () => {
	const saved = process.env.E2E_AGENT_LEAN;
	afterEach(() => {
		if (saved === undefined) delete process.env.E2E_AGENT_LEAN;
		else process.env.E2E_AGENT_LEAN = saved;
	});

	it("today's texts pass the baseline, and the lean level names each miss", () => {
		process.env.E2E_AGENT_LEAN = 'report';
		const report = checkReceived(received(BEFORE));
		expect(report.failures).toEqual([]);
		expect(report.wouldFail).toEqual([
			'agent-success: what the model received does not state what was done',
			expect.stringMatching(/^agent-success: what the model received is \d+ characters, over 200$/),
			'agent-notFound: what the model received does not state that the user may already be archived',
			'agent-conflict: what the model received does not state that nobody was changed',
			'agent-refusal: what the model received does not state that no request was sent',
		]);

		process.env.E2E_AGENT_LEAN = 'enforce';
		expect(checkReceived(received(BEFORE)).failures).toHaveLength(5);
	});

	it('lean, explained answers pass the enforced level', () => {
		process.env.E2E_AGENT_LEAN = 'enforce';
		expect(checkReceived(received(LEAN))).toEqual({ failures: [], wouldFail: [] });
	});

	it('a call whose result never reached the model, or lost its outcome, fails the baseline', () => {
		process.env.E2E_AGENT_LEAN = 'report';
		const [success, notFound] = MCP_SCENARIOS;
		expect(
			checkReceived([
				{ scenario: success, text: undefined },
				{ scenario: notFound, text: 'Something went wrong' },
			]).failures,
		).toEqual([
			'mcp-success: what the model received: nothing (no tool result reached the model)',
			'mcp-notFound: what the model received does not state the outcome "not found": Something went wrong',
		]);
	});
});

describe('the checks of what a call did to Intercom', () => {
	const sim = new IntercomSimulator();
	let base: string;
	beforeAll(async () => {
		base = await sim.start();
	});
	afterAll(() => sim.stop());

	/** Sends `method path` to the simulator as the node would; returns the problems found for `key`. */
	async function problemsAfter(key: string, requests: Array<[string, string]>): Promise<string[]> {
		const scenario = [...AGENT_SCENARIOS, ...MCP_SCENARIOS].find((s) => s.key === key);
		if (!scenario) throw new Error(key);
		sim.clearRequests();
		const before = simState(sim);
		for (const [method, target] of requests) {
			await fetch(`${base}${target}`, {
				method,
				headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, accept: 'application/json' },
			}).then((response) => response.arrayBuffer());
		}
		return checkSimulator(scenario, [...sim.requests], before, sim);
	}

	it('a refusal that sent anything, or changed anyone, fails', async () => {
		expect(
			await problemsAfter('agent-refusal', [['DELETE', '/users?email=wash%40serenity.io']]),
		).toEqual([
			'archived [5714dd359a3fd47136000001], expected []',
			'sent 1 requests for a refused call: DELETE /users?email=wash%40serenity.io',
		]);
	});

	it('a success that archived someone else, or twice, fails', async () => {
		expect(
			await problemsAfter('mcp-success', [['DELETE', '/users?email=solo%40example.com']]),
		).toEqual([
			'archived [5714dd359a3fd47136000007], expected [5714dd359a3fd47136000003]',
			'its change did not name first@example.com: DELETE /users?email=solo%40example.com',
		]);
		expect(
			await problemsAfter('mcp-success', [
				['DELETE', '/users?email=first%40example.com'],
				['DELETE', '/users?email=first%40example.com'],
			]),
		).toEqual([
			'sent 2 changing requests, expected 1: DELETE /users?email=first%40example.com; DELETE /users?email=first%40example.com',
		]);
	});

	it('a dry run that changed something, or looked nothing up, fails', async () => {
		expect(await problemsAfter('agent-dryRun', [])).toEqual(['a dry run sent no lookup']);
		expect(
			await problemsAfter('agent-dryRun', [['DELETE', '/users?email=mal%40serenity.io']]),
		).toEqual([
			'archived [5714dd359a3fd47136000008], expected []',
			'a dry run sent changing requests: DELETE /users?email=mal%40serenity.io',
		]);
	});
});
