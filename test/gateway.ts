/**
 * A small HTTP gateway on 127.0.0.1 for tests: it stands between the node and the
 * Intercom simulator, like a load balancer or API gateway in front of Intercom.
 * By default it forwards every request unchanged and relays the answer. A rule can
 * change what the node gets for matching requests:
 * - `answer`: the node gets this status and body instead of the simulator's answer;
 * - `drop`: the node gets no answer at all: the gateway destroys the connection.
 * With `forward` (default true) the request still reaches the simulator first, so
 * the change is carried out there although the node never hears of it; with
 * `forward: false` the simulator never sees it.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Which requests a {@link GatewayRule} applies to; every field given must match. */
export interface GatewayMatch {
	/** HTTP method, e.g. `DELETE` (case-insensitive). */
	method?: string;
	/** The raw path (no query) starts with this, e.g. `/users`. */
	pathPrefix?: string;
}

/**
 * An answer the gateway sends instead of the simulator's. `headers` are added (e.g.
 * `Location`, `Content-Encoding`, `Retry-After`); `Content-Length` is always the whole
 * body's. How it is sent:
 * - `delayMs`: wait this long before the status line;
 * - `trickleMs`: send the headers, then the body one byte every `trickleMs` ms;
 * - `cutAfterBytes`: send the headers and this many body bytes, then destroy the
 *   connection (the body is cut off).
 */
export interface GatewayAnswer {
	status: number;
	body: string;
	contentType?: string;
	headers?: Record<string, string>;
	delayMs?: number;
	trickleMs?: number;
	cutAfterBytes?: number;
}

/**
 * What the gateway does with a matching request, for its first `times` (default 1)
 * matches; rules are checked in the order added, and a used-up rule is removed.
 */
export interface GatewayRule {
	match?: GatewayMatch;
	times?: number;
	/** Forward the request to the simulator before answering; default true. */
	forward?: boolean;
	/** Answer the node with this instead of the simulator's answer. */
	answer?: GatewayAnswer;
	/** Destroy the connection instead of answering (no HTTP answer at all). */
	drop?: boolean;
}

/**
 * One request the gateway handled: method, raw path and query, the simulator's
 * status (undefined when not forwarded) and what the node got (a status or
 * `'dropped'`).
 */
export interface GatewayExchange {
	method: string;
	path: string;
	rawQuery: string;
	upstreamStatus?: number;
	sent: number | 'dropped';
}

/** The HTML page a gateway typically answers a 504 with. */
export const GATEWAY_TIMEOUT_PAGE =
	'<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1></body></html>';

/** The gateway: {@link start} it in front of an upstream base URL, add rules, read `log`. */
export class Gateway {
	/** Every request handled, in the order the node was answered. */
	readonly log: GatewayExchange[] = [];

	private readonly rules: Array<GatewayRule & { left: number }> = [];

	private server: http.Server | undefined;

	private readonly sockets = new Set<Socket>();

	constructor(private readonly upstream: string) {}

	/** Adds a rule after those already added (see {@link GatewayRule}). */
	rule(rule: GatewayRule): void {
		this.rules.push({ ...rule, left: rule.times ?? 1 });
	}

	/** Listens on an ephemeral port of 127.0.0.1; resolves with the gateway's base URL. */
	async start(): Promise<string> {
		const server = http.createServer((req, res) => this.handle(req, res));
		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server = server;
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	/** Stops listening and destroys every open connection. */
	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private take(method: string, path: string): GatewayRule | undefined {
		const index = this.rules.findIndex(
			({ match = {} }) =>
				(match.method === undefined || match.method.toUpperCase() === method) &&
				(match.pathPrefix === undefined || path.startsWith(match.pathPrefix)),
		);
		if (index < 0) return undefined;
		const rule = this.rules[index];
		rule.left -= 1;
		if (rule.left <= 0) this.rules.splice(index, 1);
		return rule;
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void this.relay(req, res, Buffer.concat(chunks));
		});
	}

	private async relay(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		body: Buffer,
	): Promise<void> {
		const method = req.method ?? 'GET';
		const [path, rawQuery = ''] = (req.url ?? '/').split('?');
		const rule = this.take(method, path);
		const exchange: GatewayExchange = { method, path, rawQuery, sent: 'dropped' };
		let upstream: { status: number; headers: http.IncomingHttpHeaders; body: Buffer } | undefined;
		if (rule?.forward !== false) {
			upstream = await this.forward(req, body);
			exchange.upstreamStatus = upstream.status;
		}
		if (rule?.drop) {
			this.log.push(exchange);
			req.socket.destroy();
			return;
		}
		if (rule?.answer) {
			exchange.sent = rule.answer.status;
			this.log.push(exchange);
			await this.answer(res, rule.answer);
			return;
		}
		if (!upstream) throw new Error('gateway rule without answer or drop must forward');
		exchange.sent = upstream.status;
		this.log.push(exchange);
		const headers = { ...upstream.headers };
		delete headers['transfer-encoding'];
		delete headers.connection;
		res.writeHead(upstream.status, { ...headers, 'content-length': String(upstream.body.length) });
		res.end(upstream.body);
	}

	/** Sends a {@link GatewayAnswer} as its options say; resolves when it is sent or cut. */
	private async answer(res: http.ServerResponse, answer: GatewayAnswer): Promise<void> {
		const { status, body: text, contentType = 'text/html', headers = {} } = answer;
		// Unreferenced: a test that stopped waiting must not keep jest alive for a slow answer.
		const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
		if (answer.delayMs) await pause(answer.delayMs);
		const bytes = Buffer.from(text);
		res.writeHead(status, {
			'Content-Type': contentType,
			'Content-Length': bytes.length,
			...headers,
		});
		if (answer.cutAfterBytes !== undefined) {
			res.write(bytes.subarray(0, answer.cutAfterBytes));
			await pause(50);
			res.socket?.destroy();
			return;
		}
		if (answer.trickleMs) {
			res.flushHeaders();
			for (const byte of bytes) {
				if (res.destroyed || !this.server) return;
				res.write(Buffer.from([byte]));
				await pause(answer.trickleMs);
			}
		}
		res.end(answer.trickleMs ? undefined : bytes);
	}

	private forward(
		req: http.IncomingMessage,
		body: Buffer,
	): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
		const target = new URL(req.url ?? '/', this.upstream);
		const headers = { ...req.headers, host: target.host };
		delete headers.connection;
		return new Promise((resolve, reject) => {
			const upstream = http.request(target, { method: req.method, headers }, (answer) => {
				const chunks: Buffer[] = [];
				answer.on('data', (chunk: Buffer) => chunks.push(chunk));
				answer.on('end', () =>
					resolve({
						status: answer.statusCode ?? 502,
						headers: answer.headers,
						body: Buffer.concat(chunks),
					}),
				);
				answer.on('error', reject);
			});
			upstream.on('error', reject);
			upstream.end(body);
		});
	}
}
