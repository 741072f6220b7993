/**
 * Starts the project's Intercom simulator (intercom-simulator/simulator.ts) for
 * a benchmark run, in the calling (parent) process, seeded with N synthetic
 * users.
 *
 * The simulator finds a user for `DELETE /users?email=` by scanning every
 * stored user (O(N) per request: ~0.25 ms at 10,000 users and ~2.4 ms at
 * 50,000 on the reference machine), which would make the fixture, not the node,
 * the bottleneck of a 50,000-item run. Unless `linearScan` is set, this module
 * narrows that scan to the users whose email / user_id equals a value in the
 * query (looked up in an index built once), by handing the simulator's own
 * `archiveByQuery` a map of just those candidates for the duration of the
 * call. Validation, matching, 404 / 409 answers and archiving all stay the
 * simulator's own code; only the set it scans shrinks.
 */
import { IntercomSimulator } from '../intercom-simulator/simulator';
import type { RateLimitOptions, SimUser } from '../intercom-simulator/simulator';
import { generateUsers } from './users';

/** The private simulator members the index adapter touches (TypeScript-private, reachable at run time). */
interface SimulatorInternals {
	users: Map<string, { user: SimUser; archived: boolean }>;
	archiveByQuery: (rawQuery: string) => unknown;
}

/** A running simulator plus what the benchmark needs from it. */
export interface BenchSimulator {
	sim: IntercomSimulator;
	baseUrl: string;
	/** True when the email / user_id index adapter is active. */
	indexed: boolean;
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
 * Adds the email / user_id candidate index described in the module comment to
 * `sim`. Returns false (and changes nothing) if the simulator's internals no
 * longer look as expected, so the benchmark falls back to the plain simulator.
 */
function addQueryIndex(sim: IntercomSimulator): boolean {
	const internals = sim as unknown as SimulatorInternals;
	if (!(internals.users instanceof Map) || typeof internals.archiveByQuery !== 'function') return false;
	const all = internals.users;
	const byValue = new Map<string, Array<[string, { user: SimUser; archived: boolean }]>>();
	for (const entry of all) {
		for (const value of [entry[1].user.email, entry[1].user.user_id]) {
			if (typeof value !== 'string') continue;
			const list = byValue.get(value);
			if (list) list.push(entry);
			else byValue.set(value, [entry]);
		}
	}
	const original = internals.archiveByQuery.bind(sim);
	internals.archiveByQuery = (rawQuery: string) => {
		let values: string[];
		try {
			values = [...new URLSearchParams(rawQuery).values()];
		} catch {
			return original(rawQuery);
		}
		const candidates = new Map(values.flatMap((value) => byValue.get(value) ?? []));
		internals.users = candidates;
		try {
			return original(rawQuery);
		} finally {
			internals.users = all;
		}
	};
	return true;
}

/**
 * Starts a fresh simulator on 127.0.0.1 seeded with `generateUsers(items)`,
 * with the given rate limit; `linearScan: true` keeps the simulator's O(N)
 * lookup (no index adapter).
 */
export async function startBenchSimulator(
	items: number,
	rateLimit: RateLimitOptions,
	options: { linearScan?: boolean } = {},
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
	handle.indexed = options.linearScan ? false : addQueryIndex(sim);
	handle.baseUrl = await sim.start();
	handle.stop = () => sim.stop();
	return handle;
}
