/**
 * The deadline of one exchange and how a broken answer is classified (issue 17 §2).
 * No n8n engine, no sockets; the engine-level cases are in test/boundary.test.ts.
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { brokenAnswer, brokenStatus } from '../../../../nodes/IntercomUsers/transport/failures';
import {
	EXCHANGE_CEILING_MS,
	exchangeDeadlineMs,
	withDeadline,
} from '../../../../nodes/IntercomUsers/transport/send';

const node: INode = {
	id: '1',
	name: 'Intercom Users',
	type: 'intercomUsers',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** What n8n's request helper throws: a NodeApiError wrapping the low-level error. */
const wrapped = (low: object) => {
	const error = new NodeApiError(node, { message: 'x' }, {});
	Object.defineProperty(error, 'cause', { value: Object.assign(new Error(''), low) });
	return error;
};

describe('exchangeDeadlineMs', () => {
	it('is the node Timeout when set, else the 5-minute ceiling', () => {
		expect(exchangeDeadlineMs(1500)).toBe(1500);
		expect(exchangeDeadlineMs(undefined)).toBe(300_000);
		expect(exchangeDeadlineMs(0)).toBe(EXCHANGE_CEILING_MS);
		expect(exchangeDeadlineMs(Number.NaN)).toBe(EXCHANGE_CEILING_MS);
		expect(exchangeDeadlineMs(-5)).toBe(EXCHANGE_CEILING_MS);
	});
});

describe('withDeadline', () => {
	it('passes an answer that comes in time through', async () => {
		await expect(withDeadline(Promise.resolve('answer'), 1_000)).resolves.toBe('answer');
	});

	it('passes a failure that comes in time through', async () => {
		await expect(withDeadline(Promise.reject(new Error('refused')), 1_000)).rejects.toThrow(
			'refused',
		);
	});

	it('rejects with an ETIMEDOUT "timeout of …ms exceeded" when the answer is late', async () => {
		const never = new Promise<string>(() => undefined);
		const error = await withDeadline(never, 50).catch((caught: unknown) => caught);
		expect(error).toMatchObject({ code: 'ETIMEDOUT', message: 'timeout of 50ms exceeded' });
		expect(brokenAnswer(error)).toBe('timeout');
	});

	it('a late failure of the abandoned request is not an unhandled rejection', async () => {
		let fail: (error: Error) => void = () => undefined;
		const late = new Promise<string>((_resolve, reject) => (fail = reject));
		await expect(withDeadline(late, 20)).rejects.toMatchObject({ code: 'ETIMEDOUT' });
		fail(new Error('socket hang up'));
		await new Promise((resolve) => setImmediate(resolve));
	});
});

describe('brokenAnswer', () => {
	it.each([
		[{ code: 'ECONNABORTED', message: 'timeout of 1200ms exceeded' }, 'timeout'],
		[{ code: 'ETIMEDOUT', message: 'timeout of 300000ms exceeded' }, 'timeout'],
		[
			{ code: 'ERR_BAD_RESPONSE', message: 'stream has been aborted', response: { status: 200 } },
			'cutOff',
		],
		[{ code: 'Z_DATA_ERROR', message: 'incorrect header check' }, 'undecodable'],
		[{ code: 'ERR__ERROR_FORMAT_PADDING_2', message: 'Decompression failed' }, 'undecodable'],
	])('%j is %s, bare or wrapped by n8n', (low, kind) => {
		expect(brokenAnswer(Object.assign(new Error(''), low))).toBe(kind);
		expect(brokenAnswer(wrapped(low))).toBe(kind);
	});

	it.each([
		{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' },
		{ code: 'ECONNRESET', message: 'socket hang up' },
		{ code: 'ETIMEDOUT', message: 'connect ETIMEDOUT' },
		{ message: 'Intercom: User Not Found' },
	])('%j is none of them', (low) => {
		expect(brokenAnswer(wrapped(low))).toBeUndefined();
	});

	it('reads the status the broken answer began with', () => {
		expect(brokenStatus(wrapped({ code: 'ERR_BAD_RESPONSE', response: { status: 200 } }))).toBe(
			'200',
		);
		expect(brokenStatus(wrapped({ code: 'ECONNABORTED' }))).toBeUndefined();
	});
});
