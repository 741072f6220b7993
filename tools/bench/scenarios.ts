/**
 * The benchmark's scenarios and their targets: engine overhead against raw fetch
 * (scenario 1), the rate-limit bound (scenario 2) and, at several N, scaling
 * (scenario 3), with the medians each row is reported by.
 */
import type { RateLimitOptions } from '../intercom-simulator/simulator';
import type { Flags } from './flags';
import { fmt, MB } from './format';
import { ephemeralPorts, openFilesLimit, rawConcurrencyFor } from './machine';
import type { Measured } from './measure';
import type { Batching } from './measure';
import { measure, median, rssGrowth, YIELD_BATCHING } from './measure';
import type { WorkerResult } from './worker';

/** Target: raw items/s ÷ engine items/s at most this. */
export const TARGET_RATIO = 1.3;
/** Target: rate-limited wall time at most this × the theoretical bound. */
export const TARGET_BOUND = 1.05;
/** Target: at most this share of requests answered 429. */
export const TARGET_429_SHARE = 0.01;

/** A rate-limited run is stopped after this many times its bound (at least 60 s). */
export const RATE_TIMEOUT_FACTOR = 5;

/**
 * The unlimited window of scenario 1: headers never say remaining 0. The
 * window is Intercom's real 10 s (the node relearns the window with one
 * request at the start of each new one).
 */
export const UNLIMITED: RateLimitOptions = { limit: 10_000_000, windowMs: 10_000, enforce: false };

/**
 * Scenario 1 at one N, `reps` times each, alternating the order: the engine;
 * raw fetch all at once (or capped, see {@link rawConcurrencyFor}); and raw
 * fetch at the engine's own effective concurrency (its peak requests in flight
 * in the first engine run), when that is lower.
 */
export interface OverheadRow {
	items: number;
	reps: number;
	rawConcurrency: number;
	matchedConcurrency?: number;
	engine: Measured[];
	raw: Measured[];
	matched: Measured[];
	sameRequests?: boolean;
}

/** The per-way medians of an overhead row (over the runs that produced a result). */
export function overheadStats(runs: Measured[]) {
	const ok = runs.map((m) => m.result).filter((r): r is WorkerResult => r !== undefined);
	if (ok.length === 0) return undefined;
	const items = ok[0].items;
	const wallMs = median(ok.map((r) => r.wallMs));
	return {
		runs: ok.length,
		wallMs,
		itemsPerS: median(ok.map((r) => (r.ok / r.wallMs) * 1000)),
		msPerItem: wallMs / items,
		failed: Math.max(...ok.map((r) => r.failed)),
		failureSamples: ok.flatMap((r) => r.failureSamples),
		growthMb: median(ok.map(rssGrowth)) / MB,
		growthMbPer1k: median(ok.map(rssGrowth)) / MB / (items / 1000),
		baselineMb: median(ok.map((r) => r.baselineRss)) / MB,
		heapGrowthMb: median(ok.map((r) => r.peakHeapUsed - r.baselineHeapUsed)) / MB,
		peakConnections: Math.max(...ok.map((r) => r.peakConnections)),
		peakInFlight: Math.max(...ok.map((r) => r.peakInFlight ?? 0)),
		cpuS: median(ok.map((r) => r.cpuMs)) / 1000,
		simCpuUsPerReq: median(
			runs.filter((m) => m.answers > 0).map((m) => (m.simCpuMs * 1000) / m.answers),
		),
		maxStallS: median(ok.map((r) => r.maxSampleGapMs)) / 1000,
		serverSpanS: median(runs.map((m) => m.serverSpanMs ?? NaN).filter(Number.isFinite)) / 1000,
		toFirstAnswerS:
			median(runs.map((m) => m.toFirstAnswerMs ?? NaN).filter(Number.isFinite)) / 1000,
	};
}

/** Runs scenario 1 at `items`. */
export async function runOverhead(
	flags: Flags,
	items: number,
	log: (s: string) => void,
): Promise<OverheadRow> {
	const capacity = rawConcurrencyFor(items);
	const rawConcurrency = flags.rawConcurrency === 'auto' ? capacity : flags.rawConcurrency;
	const reps = items <= 10_000 ? flags.reps : 1;
	const row: OverheadRow = { items, reps, rawConcurrency, engine: [], raw: [], matched: [] };
	if (capacity < items) {
		log(
			`  note: ${fmt(items)} requests at once exceed what one process can hold open here (open-files limit ${fmt(openFilesLimit())}, ` +
				`${fmt(ephemeralPorts())} ephemeral ports); the engine is run as-is, raw is capped at ${fmt(capacity)} in flight.`,
		);
	}
	for (let rep = 0; rep < reps; rep++) {
		const order: Array<'engine' | 'raw' | 'matched'> =
			rep % 2 === 0 ? ['engine', 'raw', 'matched'] : ['matched', 'raw', 'engine'];
		for (const way of order) {
			if (way === 'matched' && row.matchedConcurrency === undefined) continue;
			const measured = await measure(flags, way === 'engine' ? 'engine' : 'raw', items, UNLIMITED, {
				concurrency:
					way === 'raw' ? rawConcurrency : way === 'matched' ? row.matchedConcurrency : undefined,
				keepRequests: rep === 0 && way !== 'matched',
			});
			row[way].push(measured);
			const r = measured.result;
			if (
				way === 'engine' &&
				rep === 0 &&
				r &&
				r.peakInFlight > 0 &&
				r.peakInFlight < rawConcurrency
			) {
				row.matchedConcurrency = r.peakInFlight;
			}
			const label = way === 'matched' ? `raw ≤${fmt(row.matchedConcurrency)}` : way;
			log(
				`  N=${fmt(items)} ${label.padEnd(9)} rep ${rep + 1}/${reps}: ` +
					(r
						? `${fmt(r.wallMs / 1000, 2)} s, ${fmt((r.ok / r.wallMs) * 1000)} items/s, +${fmt(rssGrowth(r) / MB)} MB RSS, ${fmt(r.failed)} failed`
						: measured.problem),
			);
		}
	}
	const engineKeys = row.engine[0]?.requestKeys;
	const rawKeys = row.raw[0]?.requestKeys;
	if (
		engineKeys &&
		rawKeys &&
		row.engine[0].result?.failed === 0 &&
		row.raw[0].result?.failed === 0
	) {
		row.sameRequests =
			engineKeys.length === rawKeys.length && engineKeys.every((key, i) => key === rawKeys[i]);
	}
	for (const m of [...row.engine, ...row.raw, ...row.matched]) delete m.requestKeys;
	return row;
}

/** One rate-limited run (scenario 2 or its scaling). */
export interface RateRow {
	items: number;
	limit: number;
	windowMs: number;
	boundS: number;
	/** n8n's Batching used for the run, if any (the yield that lets requests leave early). */
	batching?: Batching;
	/** The simulator's window phase (ms past a whole second), when fixed. */
	phaseMs?: number;
	runs: Measured[];
}

/** The medians of a rate row. */
export function rateStats(row: RateRow) {
	const ok = row.runs.filter((m) => m.result !== undefined);
	if (ok.length === 0) return undefined;
	const wallS = median(ok.map((m) => (m.result as WorkerResult).wallMs)) / 1000;
	const c429 = median(ok.map((m) => m.statuses.get(429) ?? 0));
	const answers = median(ok.map((m) => m.answers));
	const failed = Math.max(...ok.map((m) => (m.result as WorkerResult).failed));
	const spanS = median(ok.map((m) => m.serverSpanMs ?? NaN).filter(Number.isFinite)) / 1000;
	const toFirstS = median(ok.map((m) => m.toFirstAnswerMs ?? NaN).filter(Number.isFinite)) / 1000;
	return {
		toFirstS,
		runs: ok.length,
		wallS,
		ratio: wallS / row.boundS,
		spanS,
		c429,
		answers,
		share429: answers > 0 ? c429 / answers : 0,
		failed,
		failureSamples: ok.flatMap((m) => (m.result as WorkerResult).failureSamples),
		cpuS: median(ok.map((m) => (m.result as WorkerResult).cpuMs)) / 1000,
		growthMb: median(ok.map((m) => rssGrowth(m.result as WorkerResult))) / MB,
		maxStallS: median(ok.map((m) => (m.result as WorkerResult).maxSampleGapMs)) / 1000,
		peakConnections: Math.max(...ok.map((m) => (m.result as WorkerResult).peakConnections)),
	};
}

/** Runs the engine way against an enforcing simulator. */
export async function runRate(
	flags: Flags,
	items: number,
	limit: number,
	windowMs: number,
	reps: number,
	log: (s: string) => void,
	batching?: Batching,
	phaseMs?: number,
): Promise<RateRow> {
	const row: RateRow = {
		items,
		limit,
		windowMs,
		boundS: ((items / limit) * windowMs) / 1000,
		batching,
		phaseMs,
		runs: [],
	};
	// A run that takes 5× its bound has missed by far; stop it there so the whole benchmark stays bounded.
	const timeoutS = Math.min(
		flags.timeoutS,
		Math.max(60, Math.ceil(RATE_TIMEOUT_FACTOR * row.boundS)),
	);
	for (let rep = 0; rep < reps; rep++) {
		// Start at a random point of the second, so that back-to-back runs do not inherit one window phase.
		await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 1000)));
		const measured = await measure(
			flags,
			'engine',
			items,
			{ limit, windowMs, enforce: true, ...(phaseMs !== undefined ? { phaseMs } : {}) },
			{ timeoutS, batching },
		);
		row.runs.push(measured);
		const r = measured.result;
		log(
			`  N=${fmt(items)}${batching ? ' +yield' : ''} limit ${limit}/${windowMs} ms rep ${rep + 1}/${reps}: ` +
				(r
					? `${fmt(r.wallMs / 1000, 2)} s (bound ${fmt(row.boundS, 1)} s), ${fmt(measured.statuses.get(429) ?? 0)} × 429, ${fmt(r.failed)} failed, ` +
						`window phase ${fmt(measured.windowPhaseMs)} ms`
					: measured.problem),
		);
	}
	return row;
}

/**
 * The raw/engine items-per-second ratio the target applies to: against raw at
 * the engine's own concurrency when that was measured, else against raw all at
 * once (or capped). Undefined when either side had failed items.
 */
export function targetRatio(row: OverheadRow): { ratio?: number; against: 'matched' | 'raw' } {
	const e = overheadStats(row.engine);
	const against = row.matchedConcurrency !== undefined ? 'matched' : 'raw';
	const r = overheadStats(row[against]);
	return {
		ratio: e && r && e.failed === 0 && r.failed === 0 ? r.itemsPerS / e.itemsPerS : undefined,
		against,
	};
}

/** Scenario 4 at one N: time to the first request without and with the Batching yield. */
export interface FirstRequestRow {
	items: number;
	plain: Measured;
	yielding: Measured;
}

/**
 * Scenario 4: how long n8n's declarative engine holds the first request back
 * while it prepares every item, with n8n's defaults and with
 * {@link YIELD_BATCHING}, at an unlimited window. One run each.
 */
export async function runFirstRequest(
	flags: Flags,
	items: number,
	log: (s: string) => void,
): Promise<FirstRequestRow> {
	const plain = await measure(flags, 'engine', items, UNLIMITED);
	const yielding = await measure(flags, 'engine', items, UNLIMITED, { batching: YIELD_BATCHING });
	for (const [label, m] of [
		['defaults', plain],
		['+yield', yielding],
	] as const) {
		log(
			`  N=${fmt(items)} ${label.padEnd(8)}: ` +
				(m.result
					? `first answer after ${fmt((m.toFirstAnswerMs ?? NaN) / 1000, 2)} s, wall ${fmt(m.result.wallMs / 1000, 2)} s, ${fmt(m.result.failed)} failed`
					: m.problem),
		);
	}
	return { items, plain, yielding };
}
