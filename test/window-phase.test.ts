/**
 * Case C18: Intercom rounds X-RateLimit-Reset up to a whole second, so when a
 * window opens just after a whole second the reset lies almost a second after the
 * real end. A gate that waits for the reset wakes near the end of the next window
 * and its burst spills into the one after. Run through n8n-core's engine against
 * the simulator over real HTTP (the node is loaded from its source).
 */
import { runNode, useSimulator } from './helpers';
import { bulkUsers } from './seed';

const ITEMS = 2_000;
const LIMIT = 100;
const WINDOW_MS = 1_000;

/** One answer as the simulator's window counter saw it: when it went, and the window's end. */
interface Answer {
	atMs: number;
	windowEndMs: number;
	status: number;
}

/** A header of an answer, whatever the case of its name. */
const header = (headers: Record<string, string>, name: string) =>
	Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];

describe('C18: 2,000 items by email, 100 per 1 s window, windows opening 75 ms after a whole second', () => {
	const users = bulkUsers(ITEMS, 'phase');
	const answers: Answer[] = [];
	const env = useSimulator({
		users,
		rateLimit: { limit: LIMIT, windowMs: WINDOW_MS, enforce: true, phaseMs: 75 },
		onResponse: ({ status, headers }) =>
			void answers.push({
				atMs: Date.now(),
				windowEndMs: Number(header(headers, 'x-ratelimit-reset-ms')),
				status,
			}),
	});

	it('every item is archived, no 429, and each used-up window is followed at once by the next, none left empty', async () => {
		const { items, error } = await runNode(
			env.baseUrl,
			{ archiveBy: 'email', email: '={{ $json.email }}' },
			{ items: users.map((user) => ({ email: user.email })) },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.email)).toEqual(users.map((user) => user.email));
		expect(env.sim.archivedIds()).toHaveLength(ITEMS);
		expect(env.sim.countStatus(429)).toBe(0);
		expect(env.sim.requests).toHaveLength(ITEMS);

		// The simulator's own window counter: how many requests each window took.
		const perWindow = new Map<number, Answer[]>();
		for (const answer of answers) {
			perWindow.set(answer.windowEndMs, [...(perWindow.get(answer.windowEndMs) ?? []), answer]);
		}
		expect([...perWindow.values()].every((window) => window.length <= LIMIT)).toBe(true);
		expect([...perWindow.values()].flat()).toHaveLength(ITEMS);

		// What the case is about, as an order of events rather than a duration. A window
		// opens at x.075 s and its answers announce the reset as the whole second after its
		// end, 925 ms into the next window. A gate that waits for that second wakes when the
		// next window is nearly over: its burst spills into the window after, or it leaves
		// every other window unused (a 2,000-item run then takes 40 windows, not 20).
		// So: after a window is used up, the next request comes before the reset second
		// that window announced, and no window between the first and the last goes unused.
		// A machine too busy to send 100 requests a second never uses a window up, so the
		// gate never waits and the first check has nothing to look at.
		const ends = [...perWindow.keys()].sort((x, y) => x - y);
		const late = ends.slice(0, -1).flatMap((end, index) => {
			if (perWindow.get(end)?.length !== LIMIT) return [];
			const announced = Math.ceil(end / 1000) * 1000;
			const nextAt = Math.min(...(perWindow.get(ends[index + 1]) ?? []).map((a) => a.atMs));
			return nextAt < announced ? [] : [{ usedUp: end, announced, nextAt }];
		});
		expect(late).toEqual([]);
		const unused = ends
			.slice(1)
			.flatMap((end, index) =>
				end - ends[index] === WINDOW_MS ? [] : [{ after: ends[index], next: end }],
			);
		expect(unused).toEqual([]);
		process.stdout.write(`C18: ${perWindow.size} windows of ${LIMIT} for ${ITEMS} requests\n`);
	}, 120_000);
});
