/**
 * Starts the project's Intercom simulator (tools/intercom-simulator/simulator.ts) for
 * a benchmark run, in the calling (parent) process, seeded with N synthetic
 * users.
 *
 * The simulator's store indexes users by email and user_id, so
 * `DELETE /users?email=` finds its user in O(1) and the fixture does not become
 * the bottleneck of a 50,000-item run; nothing here patches the simulator.
 */
import { IntercomSimulator } from '../intercom-simulator/simulator';
import type { RateLimitOptions } from '../intercom-simulator/simulator';
import { generateUsers } from './users';

/** A running simulator plus what the benchmark needs from it. */
export interface BenchSimulator {
	sim: IntercomSimulator;
	baseUrl: string;
	/**
	 * When the first and the last answer were sent, in µs on the system-wide
	 * monotonic clock (`process.hrtime`), so they compare with the worker's
	 * run start / end (undefined before the first answer).
	 */
	firstAnswerUs?: number;
	lastAnswerUs?: number;
	/** Wall-clock time (epoch ms) of the first answer: where the simulator's first rate-limit window starts. */
	firstAnswerEpochMs?: number;
	stop(): Promise<void>;
}

/**
 * Starts a fresh simulator on 127.0.0.1 seeded with `generateUsers(items)`,
 * with the given rate limit.
 */
export async function startBenchSimulator(
	items: number,
	rateLimit: RateLimitOptions,
): Promise<BenchSimulator> {
	const handle = {} as BenchSimulator;
	const sim = new IntercomSimulator({
		users: generateUsers(items),
		rateLimit,
		onResponse: () => {
			const now = Number(process.hrtime.bigint() / 1000n);
			handle.firstAnswerEpochMs ??= Date.now();
			handle.firstAnswerUs ??= now;
			handle.lastAnswerUs = now;
		},
	});
	handle.sim = sim;
	handle.baseUrl = await sim.start();
	handle.stop = () => sim.stop();
	return handle;
}
