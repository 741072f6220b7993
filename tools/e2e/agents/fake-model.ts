/**
 * A scripted "model" behind an OpenAI-compatible Chat Completions endpoint on
 * 127.0.0.1, for n8n's OpenAI Chat Model whose credential's Base URL points here.
 *
 * It answers `POST /v1/chat/completions` only (the workflow turns the chat model's
 * "Use Responses API" off, so n8n's LangChain client sends Chat Completions). The
 * script is carried by the user prompt, so each workflow run is one scenario:
 *
 *     [e2e scenario agent-success] Call the tool Archive_user with {"email":"a@b.c"}
 *
 * 1. A request whose messages hold no tool result: the model records the tools it was
 *    offered (name, description, JSON schema) and answers with one call of the named
 *    tool with those arguments. A tool that was not offered is answered in words and
 *    recorded as a problem.
 * 2. A request that carries the tool result (a `role: "tool"` message): the model
 *    records that content, exactly as received (what the model "reads"), and answers
 *    `Done.` in words, which ends the agent's run.
 *
 * Both plain JSON answers and `stream: true` (server-sent events) are served.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tool as offered to the model in a Chat Completions request. */
export interface OfferedTool {
	name: string;
	description: string;
	/** The JSON schema of its arguments. */
	parameters: unknown;
}

/** What the model saw and did in one scenario. */
export interface ModelConversation {
	scenario: string;
	/** The tools of the first request. */
	offered: OfferedTool[];
	/** The tool call it made: name and arguments. */
	call?: { name: string; arguments: Record<string, unknown> };
	/** The content of the tool result it received, exactly as sent; undefined: none came. */
	toolResult?: string;
	/** How many requests this scenario sent. */
	requests: number;
}

type Message = { role?: string; content?: unknown; tool_call_id?: string };
type ChatRequest = {
	model?: string;
	messages?: Message[];
	tools?: Array<{
		type?: string;
		function?: { name?: string; description?: string; parameters?: unknown };
	}>;
	stream?: boolean;
	stream_options?: { include_usage?: boolean };
};

const SCENARIO = /\[e2e scenario ([\w.-]+)\]/;
const INSTRUCTION = /Call the tool (\S+) with (\{.*\})/s;

/** The text of a message's content: a string, or the text parts of a content array. */
function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content
			.map((part: unknown) =>
				part && typeof part === 'object' && 'text' in part ? String(part.text) : '',
			)
			.join('');
	}
	return content === undefined || content === null ? '' : JSON.stringify(content);
}

/** The scripted model server; see the file comment. */
export class FakeChatModel {
	/** Every scenario seen, by its name. */
	readonly conversations = new Map<string, ModelConversation>();
	/** Problems: requests it could not follow (unknown path, no scenario tag, tool not offered). */
	readonly problems: string[] = [];
	private server: http.Server | undefined;
	private calls = 0;

	/** Starts listening on 127.0.0.1 (a free port); resolves to the Base URL, `http://127.0.0.1:<port>/v1`. */
	async start(): Promise<string> {
		const server = http.createServer((request, response) => {
			let body = '';
			request.setEncoding('utf8');
			request.on('data', (chunk: string) => (body += chunk));
			request.on('end', () => this.handle(request, response, body));
		});
		this.server = server;
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
	}

	/** Stops listening and closes open connections. */
	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private handle(request: http.IncomingMessage, response: http.ServerResponse, body: string): void {
		const route = `${request.method} ${(request.url ?? '').split('?')[0]}`;
		if (route !== 'POST /v1/chat/completions') {
			this.problems.push(`the model server got ${route}, which it does not serve`);
			sendJson(response, 404, { error: { message: `not served: ${route}`, type: 'e2e' } });
			return;
		}
		let chat: ChatRequest;
		try {
			chat = JSON.parse(body) as ChatRequest;
		} catch {
			this.problems.push('the model server got a body that is not JSON');
			sendJson(response, 400, { error: { message: 'body is not JSON', type: 'e2e' } });
			return;
		}
		const reply = this.reply(chat);
		if (chat.stream) sendStream(response, chat, reply);
		else sendJson(response, 200, completion(chat, reply));
	}

	/** The assistant's next message for `chat`, per the script; records what it saw. */
	private reply(chat: ChatRequest): AssistantReply {
		const messages = chat.messages ?? [];
		const prompt = messages
			.filter((m) => m.role === 'user')
			.map((m) => textOf(m.content))
			.join('\n');
		const scenario = SCENARIO.exec(prompt)?.[1];
		if (!scenario) {
			this.problems.push(`a model request without a scenario tag: ${prompt.slice(0, 200)}`);
			return { content: 'No scenario.' };
		}
		let conversation = this.conversations.get(scenario);
		if (!conversation) {
			conversation = { scenario, offered: [], requests: 0 };
			this.conversations.set(scenario, conversation);
		}
		conversation.requests += 1;
		const toolMessage = messages.find((m) => m.role === 'tool');
		if (toolMessage) {
			conversation.toolResult = textOf(toolMessage.content);
			return { content: 'Done.' };
		}
		conversation.offered = (chat.tools ?? []).map((tool) => ({
			name: tool.function?.name ?? '',
			description: tool.function?.description ?? '',
			parameters: tool.function?.parameters,
		}));
		const instruction = INSTRUCTION.exec(prompt);
		if (!instruction) {
			this.problems.push(`${scenario}: the prompt names no tool to call`);
			return { content: 'Nothing to do.' };
		}
		const [, name, args] = instruction;
		if (!conversation.offered.some((tool) => tool.name === name)) {
			this.problems.push(
				`${scenario}: the tool ${name} was not offered (offered: ` +
					`${conversation.offered.map((tool) => tool.name).join(', ') || 'none'})`,
			);
			return { content: `The tool ${name} is not available.` };
		}
		conversation.call = { name, arguments: JSON.parse(args) as Record<string, unknown> };
		this.calls += 1;
		return { toolCall: { id: `call_e2e_${this.calls}`, name, arguments: args } };
	}
}

/** Either words or one tool call. */
type AssistantReply = {
	content?: string;
	toolCall?: { id: string; name: string; arguments: string };
};

const USAGE = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };

/** A non-streamed `chat.completion` with `reply`. */
function completion(chat: ChatRequest, reply: AssistantReply) {
	return {
		id: 'chatcmpl-e2e',
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: chat.model ?? 'e2e-scripted-model',
		choices: [
			{
				index: 0,
				message: reply.toolCall
					? {
							role: 'assistant',
							content: null,
							tool_calls: [
								{
									id: reply.toolCall.id,
									type: 'function',
									function: { name: reply.toolCall.name, arguments: reply.toolCall.arguments },
								},
							],
						}
					: { role: 'assistant', content: reply.content ?? '' },
				finish_reason: reply.toolCall ? 'tool_calls' : 'stop',
			},
		],
		usage: USAGE,
	};
}

/** The same answer as server-sent `chat.completion.chunk` events, ending with `[DONE]`. */
function sendStream(response: http.ServerResponse, chat: ChatRequest, reply: AssistantReply): void {
	const base = {
		id: 'chatcmpl-e2e',
		object: 'chat.completion.chunk',
		created: Math.floor(Date.now() / 1000),
		model: chat.model ?? 'e2e-scripted-model',
	};
	const delta = reply.toolCall
		? {
				role: 'assistant',
				content: null,
				tool_calls: [
					{
						index: 0,
						id: reply.toolCall.id,
						type: 'function',
						function: { name: reply.toolCall.name, arguments: reply.toolCall.arguments },
					},
				],
			}
		: { role: 'assistant', content: reply.content ?? '' };
	const events: unknown[] = [
		{ ...base, choices: [{ index: 0, delta, finish_reason: null }] },
		{
			...base,
			choices: [{ index: 0, delta: {}, finish_reason: reply.toolCall ? 'tool_calls' : 'stop' }],
		},
	];
	if (chat.stream_options?.include_usage) events.push({ ...base, choices: [], usage: USAGE });
	response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	for (const event of events) response.write(`data: ${JSON.stringify(event)}\n\n`);
	response.end('data: [DONE]\n\n');
}

function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
	const text = JSON.stringify(value);
	response.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
	});
	response.end(text);
}
