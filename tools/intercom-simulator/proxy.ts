/**
 * A thin forwarding proxy on 127.0.0.1, for tests that need something between the
 * node and the simulator (a load balancer or API gateway in front of Intercom): the
 * simulator's `requests` then show only what reached Intercom. It forwards every
 * request unchanged and relays the answer; injected faults (the same {@link Fault}s
 * and engine as the simulator's, faults.ts) change what the node gets, and with
 * `forward: true` the request still reaches the simulator first.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { Fault } from './faults';
import {
	applyFaultHeaders,
	FaultQueue,
	faultOverride,
	forwardsFirst,
	resetConnection,
	writeAnswer,
} from './faults';
import type { SimResponse } from './handler';

/**
 * One request the proxy handled: method, raw path and query, the simulator's status
 * (undefined when not forwarded) and what the node got (a status, or 'reset').
 */
export interface ProxyExchange {
	method: string;
	path: string;
	rawQuery: string;
	upstreamStatus?: number;
	sent: number | 'reset';
}

interface Upstream {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

/** The HTML page a gateway typically answers a 504 with. */
export const GATEWAY_TIMEOUT_PAGE =
	'<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1></body></html>';

/** The proxy: {@link start} it in front of an upstream base URL, inject faults, read `log`. */
export class FaultProxy {
	/** Every request handled, in the order the node was answered. */
	readonly log: ProxyExchange[] = [];

	private readonly faults = new FaultQueue();
	private receivedCount = 0;
	private server: http.Server | undefined;
	private readonly sockets = new Set<Socket>();

	constructor(private readonly upstream: string) {}

	/** Adds a fault after those already injected (validated: TypeError on bad input). */
	injectFault(fault: Fault): void {
		this.faults.inject(fault);
	}

	/** Listens on an ephemeral port of 127.0.0.1; resolves with the proxy's base URL. */
	async start(): Promise<string> {
		const server = http.createServer((req, res) => this.receive(req, res));
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

	private receive(req: http.IncomingMessage, res: http.ServerResponse): void {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => void this.relay(req, res, Buffer.concat(chunks)));
	}

	private async relay(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		body: Buffer,
	): Promise<void> {
		const method = req.method ?? 'GET';
		const [path, rawQuery = ''] = (req.url ?? '/').split('?');
		this.receivedCount += 1;
		const fault = this.faults.take({ method, path }, this.receivedCount);
		const exchange: ProxyExchange = { method, path, rawQuery, sent: 'reset' };
		let upstream: Upstream | undefined;
		if (forwardsFirst(fault)) {
			upstream = await this.forward(req, body);
			exchange.upstreamStatus = upstream.status;
		}
		if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
		if (fault?.reset === true) {
			this.log.push(exchange);
			resetConnection(req.socket);
			return;
		}
		const answer =
			fault?.status !== undefined
				? faultOverride({ ...fault, status: fault.status }, undefined)
				: applyFaultHeaders(relayed(upstream as Upstream), fault);
		exchange.sent = answer.status;
		this.log.push(exchange);
		const length = String(Buffer.byteLength(answer.body));
		await writeAnswer(
			res,
			answer.status,
			{ ...answer.headers, 'Content-Length': length },
			answer.body,
			fault,
		);
	}

	private forward(req: http.IncomingMessage, body: Buffer): Promise<Upstream> {
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

/** The simulator's answer as relayed: its headers, hop-by-hop ones and Content-Length dropped. */
function relayed(upstream: Upstream): SimResponse {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(upstream.headers)) {
		if (value === undefined || ['transfer-encoding', 'connection', 'content-length'].includes(name))
			continue;
		headers[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return { status: upstream.status, headers, body: upstream.body.toString() };
}
