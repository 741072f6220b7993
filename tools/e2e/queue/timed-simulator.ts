/**
 * The queue test's simulator: a fresh one per run on the context's port, noting when it
 * sent each answer, and the counts by rate-limit window printed after each run (how
 * well each window was used, where the 429s fell).
 */
import { DEFAULT_TOKEN, IntercomSimulator } from '../../intercom-simulator/simulator';
import type { RunContext } from './scenarios';

/**
 * A simulator that also notes when it sent each answer (epoch ms): `servedAt` for
 * those that were not a 429, `rateLimitedAt` for the 429s.
 */
export type TimedSimulator = IntercomSimulator & {
	firstAnswerAt?: number;
	servedAt: number[];
	rateLimitedAt: number[];
};

/**
 * How many of the times `at` fall in each rate-limit window, counted from the first
 * answer (the simulator's windows start there), e.g. how well each window was used.
 */
export function perWindow(sim: TimedSimulator, at: number[], windowMs: number): number[] {
	const first = sim.firstAnswerAt;
	if (first === undefined) return [];
	const counts: number[] = [];
	for (const time of at) {
		const index = Math.floor((time - first) / windowMs);
		counts[index] = (counts[index] ?? 0) + 1;
	}
	return Array.from(counts, (n) => n ?? 0);
}

/** The answers other than 429 per rate-limit window: how well each window was used. */
export function answersPerWindow(sim: TimedSimulator, windowMs: number): number[] {
	return perWindow(sim, sim.servedAt, windowMs);
}

/**
 * Where in their window the 429s fell: counts per tenth of the window (the first
 * tenth just after a window opened, the last just before it ends).
 */
export function rateLimitedByTenth(sim: TimedSimulator, windowMs: number): number[] {
	const first = sim.firstAnswerAt;
	const counts = Array.from({ length: 10 }, () => 0);
	if (first === undefined) return counts;
	for (const time of sim.rateLimitedAt) {
		const within = (time - first) % windowMs;
		counts[Math.min(9, Math.floor((within / windowMs) * 10))]++;
	}
	return counts;
}

/** Starts a fresh simulator with every user active on the context's port. */
export async function freshSimulator(context: RunContext): Promise<TimedSimulator> {
	const timing: { firstAnswerAt?: number; servedAt: number[]; rateLimitedAt: number[] } = {
		servedAt: [],
		rateLimitedAt: [],
	};
	const sim = new IntercomSimulator({
		port: context.simPort,
		users: context.users,
		tokens: [DEFAULT_TOKEN],
		rateLimit: { limit: context.limit, windowMs: context.windowMs, enforce: true },
		onResponse: ({ status }) => {
			timing.firstAnswerAt ??= Date.now();
			(status === 429 ? timing.rateLimitedAt : timing.servedAt).push(Date.now());
		},
	});
	await sim.start();
	return Object.defineProperties(sim, {
		firstAnswerAt: { get: () => timing.firstAnswerAt },
		servedAt: { get: () => timing.servedAt },
		rateLimitedAt: { get: () => timing.rateLimitedAt },
	}) as TimedSimulator;
}
