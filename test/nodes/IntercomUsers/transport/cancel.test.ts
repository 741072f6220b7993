/**
 * The transport under a cancelled execution (C45), on its own: the rate-limit gate drops
 * a waiting request when the execution's signal aborts, and `send` sends nothing once it
 * has aborted, whatever n8n's request helper would do. The whole path through n8n is in
 * test/run-shape.test.ts.
 */
import type { IExecuteSingleFunctions, IN8nHttpFullResponse, INode } from 'n8n-workflow';

import { outcomeOf } from '../../../../nodes/IntercomUsers/intercom/errors';
import { cancelledError } from '../../../../nodes/IntercomUsers/intercom/networkErrors';
import { CancelledError } from '../../../../nodes/IntercomUsers/transport/failures';
import { RateLimitGate } from '../../../../nodes/IntercomUsers/transport/rateLimit';
import { send } from '../../../../nodes/IntercomUsers/transport/send';

/** Lets pending promise callbacks run. */
const settle = async () => await new Promise((resolve) => setImmediate(resolve));

const NODE = { name: 'Intercom Users' } as INode;

let contexts = 0;

/** A node context whose request helper answers 200 (or `status`) and counts its calls. */
function contextWith(signal: AbortSignal | undefined, status = 200) {
	const id = `cancel-${++contexts}`;
	const request = jest.fn(async (): Promise<IN8nHttpFullResponse> => ({
		statusCode: status,
		headers: status === 503 ? { 'retry-after': '30' } : {},
		body: '{}',
	}));
	const context = {
		getNode: () => ({ name: 'Intercom Users', credentials: { intercomAccessTokenApi: { id } } }),
		getExecutionCancelSignal: () => signal,
		helpers: { httpRequestWithAuthentication: request },
	} as unknown as IExecuteSingleFunctions;
	return { context, request };
}

describe('C45: the transport honours the execution’s cancel signal', () => {
	it('a request waiting at the gate leaves the queue when the signal aborts; the next one still goes', async () => {
		const gate = new RateLimitGate(1);
		const controller = new AbortController();
		await gate.acquire();
		const events: string[] = [];
		const waiting = gate.acquire(controller.signal).then(
			() => events.push('waiting: granted'),
			() => events.push('waiting: dropped'),
		);
		const next = gate.acquire().then(() => events.push('next: granted'));
		await settle();
		expect(events).toEqual([]);
		controller.abort();
		await waiting;
		expect(events).toEqual(['waiting: dropped']);
		// The dropped request held no place: the first one's release lets the next go.
		gate.release(undefined);
		await next;
		expect(events).toEqual(['waiting: dropped', 'next: granted']);
	});

	it('an already aborted signal is refused before queueing', async () => {
		const gate = new RateLimitGate(1);
		const controller = new AbortController();
		controller.abort();
		await expect(gate.acquire(controller.signal)).rejects.toBeDefined();
		// Nothing was let go: a new request goes at once.
		const granted = jest.fn();
		await gate.acquire().then(granted);
		expect(granted).toHaveBeenCalledTimes(1);
	});

	it('send after the cancel sends nothing, and says the request was not sent', async () => {
		const controller = new AbortController();
		controller.abort();
		const { context, request } = contextWith(controller.signal);
		const sent = send(context, { url: '/users/1', method: 'DELETE', baseURL: 'https://x.test' });
		const error = await sent.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(CancelledError);
		expect((error as CancelledError).underWay).toBe(false);
		// The Intercom client words it for the item (transport knows nothing of Intercom).
		const worded = cancelledError(NODE, false, true);
		expect(worded.message).toBe('The execution was cancelled: this request was not sent');
		expect(outcomeOf(worded)).toBe('cancelled');
		expect(request).not.toHaveBeenCalled();
	});

	it('a change waiting out a 5xx’s Retry-After stops at the cancel, its outcome unknown', async () => {
		// A fake clock: the 30 s wait never runs out here, only the cancel ends it.
		jest.useFakeTimers({ doNotFake: ['setImmediate'] });
		const controller = new AbortController();
		const { context, request } = contextWith(controller.signal, 503);
		const sent = send(context, {
			url: '/users/1',
			method: 'DELETE',
			baseURL: 'https://y.test',
		}).catch((error: unknown) => error);
		await settle();
		expect(request).toHaveBeenCalledTimes(1);
		controller.abort();
		const error = await sent;
		expect(error).toBeInstanceOf(CancelledError);
		expect((error as CancelledError).underWay).toBe(true);
		const worded = cancelledError(NODE, true, true);
		expect(worded.message).toBe('The execution was cancelled while this request was under way');
		expect(outcomeOf(worded)).toBe('unknown');
		expect(outcomeOf(cancelledError(NODE, true, false))).toBe('cancelled');
		expect(request).toHaveBeenCalledTimes(1);
		jest.useRealTimers();
	});
});
