/**
 * The errors n8n 1.x's request helper throws, read by the node. In n8n-workflow 1.x the
 * `NodeApiError` wrapping axios's error keeps no `cause` (a class field resets it), so the
 * network code survives only in `httpCode` and the original message in `messages`; n8n 2.x
 * keeps the axios error as `cause`. When the e2e cache holds the n8n 1.x install, the errors
 * are built by that install's own NodeApiError and axios (a closed port is really called);
 * otherwise, and always besides, by a copy of the shape those build, checked against them.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';

import type { INode } from 'n8n-workflow';
import { NodeApiError as CurrentNodeApiError } from 'n8n-workflow';

import { toSafeError } from '../../../../nodes/IntercomUsers/intercom/networkErrors';
import {
	brokenAnswer,
	droppedConnectionCode,
	lowLevelError,
	tlsFailure,
} from '../../../../nodes/IntercomUsers/transport/failures';
import {
	cacheRoot,
	currentNode,
	installComplete,
	nodeMajor,
} from '../../../../tools/real-n8n/cache';
import { N8N1_VERSION } from '../../../../tools/real-n8n/lines';

const node: INode = {
	id: '1',
	name: 'Intercom Users',
	type: 'n8n-nodes-intercom-users.intercomUsers',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const N8N1_DIR = path.join(cacheRoot(), `n8n-${N8N1_VERSION}-node${nodeMajor(currentNode())}`);
const N8N1_MODULES = path.join(N8N1_DIR, 'node_modules');
const haveN8n1 = installComplete(N8N1_DIR) && existsSync(path.join(N8N1_MODULES, 'n8n-workflow'));
/** `require` as n8n 1.x's own install resolves it. */
const requireN8n1 = createRequire(path.join(N8N1_DIR, 'package.json'));

/** n8n's text for each code, as its NodeError maps them. */
const N8N_TEXT: Record<string, string> = {
	ECONNREFUSED: 'The service refused the connection - perhaps it is offline',
	ENOTFOUND:
		'The connection cannot be established, this usually occurs due to an incorrect host (domain) value',
	EAI_AGAIN: 'The DNS server returned an error, perhaps the server is offline',
};

/** The shape n8n-workflow 1.x's `new NodeApiError(node, axiosError)` has (see the module comment). */
function n8n1Shape(code: string, original: string): Error {
	const error = new Error(N8N_TEXT[code] ?? original);
	return Object.assign(error, {
		name: 'NodeApiError',
		cause: undefined,
		context: {},
		description: undefined,
		httpCode: code,
		messages: [original],
		level: 'warning',
	});
}

type Maker = (code: string, original: string) => Error;

/** 1.x's own NodeApiError around 1.x's own AxiosError, as its httpRequestWithAuthentication throws. */
function realN8n1(): Maker {
	const { NodeApiError } = requireN8n1('n8n-workflow') as {
		NodeApiError: new (node: INode, error: unknown) => Error;
	};
	const { AxiosError } = requireN8n1('axios') as {
		AxiosError: { from: (error: Error, code: string, config: object) => Error };
	};
	return (code, original) => {
		const low = Object.assign(new Error(original), { code });
		return new NodeApiError(node, AxiosError.from(low, code, { url: 'http://127.0.0.1:1/x' }));
	};
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

const makers: Array<[string, () => Maker]> = [['a copy of the n8n 1.x shape', () => n8n1Shape]];
if (haveN8n1) makers.push([`n8n ${N8N1_VERSION}'s own classes`, realN8n1]);

describe.each(makers)('an n8n 1.x request error, built by %s', (_label, maker) => {
	const make = (code: string, original: string) => maker()(code, original);

	it.each([
		['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:18099'],
		['ENOTFOUND', 'getaddrinfo ENOTFOUND no-such-host.invalid'],
		['EAI_AGAIN', 'getaddrinfo EAI_AGAIN intercom.example'],
	])('%s gets a description saying nothing was sent and what to check', (code, original) => {
		const error = make(code, original);
		expect((error as { cause?: unknown }).cause).toBeUndefined();
		const safe = toSafeError(node, error, 3, 5_000);
		expect(safe.description).toBe(
			`The connection could not be made (${code}), so the request was not sent and nothing was changed in Intercom. Check the credential's Region or Base URL, the proxy and that n8n can reach that host, then run the item again.`,
		);
		expect(safe.context.itemIndex).toBe(3);
		expect(safe.message).toBe(N8N_TEXT[code] ?? original);
	});

	it('reads the code and the original message from httpCode and messages', () => {
		const low = lowLevelError(make('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:18099'));
		expect(low).toEqual({ message: 'connect ECONNREFUSED 127.0.0.1:18099', code: 'ECONNREFUSED' });
	});

	it('a dropped connection, a timeout and a TLS refusal are told apart as with n8n 2.x', () => {
		expect(droppedConnectionCode(make('ECONNRESET', 'socket hang up'))).toBe('ECONNRESET');
		expect(brokenAnswer(make('ECONNABORTED', 'timeout of 500ms exceeded'))).toBe('timeout');
		const tls = make('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate');
		expect(tlsFailure(tls)).toEqual({ kind: 'untrusted', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
		expect(toSafeError(node, tls, 0, 1_000).description).toContain(
			'(DEPTH_ZERO_SELF_SIGNED_CERT), so the request was not sent.',
		);
	});
});

describe('n8n 2.x (this project’s n8n-workflow) for comparison', () => {
	it('keeps the axios error as cause, and the node reads the same description', () => {
		const low = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:18099'), {
			code: 'ECONNREFUSED',
		});
		const error = new CurrentNodeApiError(node, low as never);
		expect(lowLevelError(error).code).toBe('ECONNREFUSED');
		expect(toSafeError(node, error, 0, 1_000).description).toMatch(
			/^The connection could not be made \(ECONNREFUSED\), so the request was not sent/,
		);
	});

	it('a status in httpCode is no network code', () => {
		const error = new CurrentNodeApiError(node, { message: 'nope' } as never, { httpCode: '503' });
		expect(droppedConnectionCode(error)).toBeUndefined();
		expect(toSafeError(node, error, 0, 1_000).description).not.toMatch(/could not be made/);
	});
});

(haveN8n1 ? describe : describe.skip)(`n8n ${N8N1_VERSION}'s own error for a closed port`, () => {
	it('a real request to a closed port, wrapped as n8n 1.x wraps it, has the copied shape', async () => {
		const axios = requireN8n1('axios') as (config: object) => Promise<unknown>;
		const { NodeApiError } = requireN8n1('n8n-workflow') as {
			NodeApiError: new (node: INode, error: unknown) => Error;
		};
		const port = await closedPort();
		const thrown = await axios({ url: `http://127.0.0.1:${port}/contacts`, method: 'POST' }).then(
			() => undefined,
			(error: unknown) => new NodeApiError(node, error),
		);
		const original = `connect ECONNREFUSED 127.0.0.1:${port}`;
		const copy = n8n1Shape('ECONNREFUSED', original);
		const fields = (error: unknown) => {
			const { name, message, cause, context, httpCode, messages } = error as Record<
				string,
				unknown
			>;
			return { name, message, cause, context, httpCode, first: (messages as string[])[0] };
		};
		expect(fields(thrown)).toEqual(fields(copy));
		expect(toSafeError(node, thrown, 0, 1_000).description).toMatch(
			/^The connection could not be made \(ECONNREFUSED\), so the request was not sent and nothing was changed in Intercom\./,
		);
	});
});
