/**
 * Measuring one run: a fresh simulator in this process, one worker process
 * (tools/bench/worker.ts) against it, and both sides' numbers.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

import type { RateLimitOptions } from '../intercom-simulator/simulator';
import { run, tail } from '../real-n8n/process';
import { PROJECT_ROOT as ROOT } from '../real-n8n/project';
import type { Flags } from './flags';
import { fmt } from './format';
import type { BenchSimulator } from './sim';
import { startBenchSimulator } from './sim';
import type { WorkerResult } from './worker';

/** The measured worker script. */
const WORKER = path.join(__dirname, 'worker.ts');

/** One worker run plus what the parent saw of it. */
export interface Measured {
	result?: WorkerResult;
	/** Why there is no result (crash, timeout). */
	problem?: string;
	/** Parent-process CPU (mostly the simulator) during the run, ms. */
	simCpuMs: number;
	/** Answers the simulator sent, by status. */
	statuses: Map<number | 'reset', number>;
	answers: number;
	/** First-to-last answer as seen by the simulator, ms. */
	serverSpanMs?: number;
	/** From the worker's run start to the simulator's first answer, ms (same monotonic clock). */
	toFirstAnswerMs?: number;
	/**
	 * Milliseconds past the whole second at which the simulator's first window
	 * started (its first answer): the phase of every fixed window against the
	 * whole-second X-RateLimit-Reset.
	 */
	windowPhaseMs?: number;
	/** Request fingerprints, when asked for (to compare the two ways). */
	requestKeys?: string[];
	profileFile?: string;
}

/** The fingerprint of one received request: method, raw path and query, and the headers that matter. */
export function requestKeys(bench: BenchSimulator): string[] {
	return bench.sim.requests
		.map((r) =>
			[
				r.method,
				`${r.path}?${r.rawQuery}`,
				r.headers.authorization,
				r.headers.accept,
				r.headers['intercom-version'],
				r.body,
			].join(' | '),
		)
		.sort();
}

/** n8n's Batching setting (Settings → Request Options → Batching) as the bench sets it. */
export interface Batching {
	batchSize: number;
	/** Pause between batches, ms. */
	batchInterval: number;
}

/**
 * The Batching setting that lets requests leave while n8n's declarative engine still
 * prepares later items: 10 items per batch, a 1 ms pause. The pause is the only point
 * where the engine yields. It yields to the network only when one batch's preparation
 * takes less time than the shortest interval timer running in the process: otherwise
 * Node.js finds that timer due again after each batch and stays in its timers phase,
 * batch after batch, without reading a socket. That is why 100 items per batch brought
 * no gain in a process with a 20 ms timer (this worker's sampler) or in real n8n, and 10
 * does (scenarios 4 and 5; the README's "Large runs").
 */
export const YIELD_BATCHING: Batching = { batchSize: 10, batchInterval: 1 };

/**
 * Starts a fresh simulator seeded with `items` users, runs one worker against
 * it and collects both sides' numbers. Never throws for a failed run: the
 * problem is reported in `problem`.
 */
export async function measure(
	flags: Flags,
	way: 'engine' | 'raw',
	items: number,
	rateLimit: RateLimitOptions,
	options: {
		concurrency?: number;
		/** n8n's Batching for the engine way: items per batch and the pause between batches (ms). */
		batching?: Batching;
		keepRequests?: boolean;
		profileDir?: string;
		timeoutS?: number;
	} = {},
): Promise<Measured> {
	const timeoutS = options.timeoutS ?? flags.timeoutS;
	const bench = await startBenchSimulator(items, rateLimit);
	const args = [
		'--expose-gc',
		...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []),
		'--import',
		'tsx',
		WORKER,
		'--way',
		way,
		'--items',
		String(items),
		'--base-url',
		bench.baseUrl,
		...(options.concurrency !== undefined && options.concurrency < items
			? ['--concurrency', String(options.concurrency)]
			: []),
		...(options.batching
			? ['--batching', `${options.batching.batchSize}:${options.batching.batchInterval}`]
			: []),
	];
	const cpuBefore = process.cpuUsage();
	// The worker inherits this environment unchanged; its process group is killed when it ends.
	const ended = await run(process.execPath, args, {
		cwd: ROOT,
		env: process.env,
		timeoutMs: timeoutS * 1000,
	});
	const cpu = process.cpuUsage(cpuBefore);
	const measured: Measured = {
		simCpuMs: (cpu.user + cpu.system) / 1000,
		statuses: new Map(),
		answers: bench.sim.responses.length,
		serverSpanMs:
			bench.firstAnswerUs !== undefined && bench.lastAnswerUs !== undefined
				? (bench.lastAnswerUs - bench.firstAnswerUs) / 1000
				: undefined,
	};
	const firstAnswerUs = bench.firstAnswerUs;
	if (bench.firstAnswerEpochMs !== undefined)
		measured.windowPhaseMs = bench.firstAnswerEpochMs % 1000;
	for (const response of bench.sim.responses) {
		measured.statuses.set(response.status, (measured.statuses.get(response.status) ?? 0) + 1);
	}
	if (options.keepRequests) measured.requestKeys = requestKeys(bench);
	await bench.stop();
	const line = ended.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
	if (line) {
		measured.result = JSON.parse(line.slice('BENCH_RESULT '.length)) as WorkerResult;
		if (firstAnswerUs !== undefined)
			measured.toFirstAnswerMs = (firstAnswerUs - measured.result.runStartUs) / 1000;
	} else if (ended.timedOut) {
		measured.problem = `killed after ${fmt(timeoutS)} s, ${fmt(measured.answers)} of ${fmt(items)} requests answered by then`;
	} else
		measured.problem = `worker exited with code ${ended.code}: ${tail(ended.stderr.trim(), 3).split('\n').join(' / ')}`;
	if (options.profileDir) {
		// --cpu-prof writes one file per thread (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile); thread 0 is
		// the main thread, the others are tsx's module-loader thread.
		const files = readdirSync(options.profileDir).filter((f) => /\.0\.\d+\.cpuprofile$/.test(f));
		if (files.length > 0)
			measured.profileFile = path.join(options.profileDir, files.sort().at(-1) as string);
	}
	return measured;
}

/** The median of the numbers (mean of the middle two for an even count). */
export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Peak RSS growth over the baseline (bytes): the larger of the sampled and the kernel peak. */
export function rssGrowth(result: WorkerResult): number {
	return Math.max(result.peakRssSampled, result.peakRssKernel ?? 0) - result.baselineRss;
}
