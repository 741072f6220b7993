/**
 * One measured `n8n execute` of one benchmark row: a fresh simulator seeded with the
 * N users of tools/bench/users.ts on the fixed port the credentials name, the n8n process
 * with the usage preload (peak RSS and CPU at exit), and what the simulator and the
 * printed execution say about the node under test.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Json } from '../../e2e/checks';
import { asObject, extractExecutionJson } from '../../e2e/checks';
import type { RateLimitOptions } from '../../intercom-simulator/simulator';
import { IntercomSimulator } from '../../intercom-simulator/simulator';
import type { N8nInstance } from '../../real-n8n/instance';
import { NETWORK_GUARD } from '../../real-n8n/instance';
import { describeExit, freePort, run, tail } from '../../real-n8n/process';
import { generateFullUsers, generateUsers } from '../users';
import { NODE_UNDER_TEST } from './workflows';

/** Where the preloads are. */
export const PRELOAD_DIR = path.join(__dirname, 'preload');

/** A simulator limit that is never reached: X-RateLimit-Remaining stays far from 0. */
export const UNLIMITED: RateLimitOptions = { limit: 1_000_000_000, windowMs: 10_000 };

/** How to run one row once. */
export interface ExecuteSpec {
	n8n: N8nInstance;
	/** The imported workflow's id. */
	workflowId: string;
	/** Items the Code node emits (and users the simulator holds). */
	n: number;
	/** The simulator's port (the credentials point at it). */
	simulatorPort: number;
	/** Seed the simulator with whole Intercom 1.4 users (generateFullUsers) instead of lean ones. */
	fullUsers?: boolean;
	/** The simulator's rate limit ({@link UNLIMITED} for the unlimited runs). */
	rateLimit: RateLimitOptions;
	/** Extra environment for the n8n process. */
	env?: Record<string, string>;
	/** Further preloads (absolute paths), after the network guard and the usage preload. */
	preloads?: string[];
	/** Extra NODE_OPTIONS flags, e.g. `--cpu-prof --cpu-prof-dir=…`. */
	nodeFlags?: string[];
	/** Kill n8n after this long (ms). */
	timeoutMs: number;
	/** A folder for this run's scratch files. */
	scratchDir: string;
}

/** What one run measured. */
export interface Measurement {
	/** True when n8n exited 0 and printed the execution with the node's run in it. */
	ok: boolean;
	/** Why not, when not ok. */
	problem?: string;
	/** Wall time of the `n8n execute` process (ms). */
	wallMs: number;
	/** The node under test's own run (ms): its `executionTime` in the execution's runData. */
	nodeMs?: number;
	/** From the node's start to the simulator's first answer (ms); undefined when none came. */
	firstRequestMs?: number;
	/** From the node's start to the simulator's last answer (ms). */
	lastAnswerMs?: number;
	/** Answers by HTTP status. */
	statuses: Map<number, number>;
	/** Items that did not end with a 2xx answer (N − 2xx answers). */
	failed: number;
	/** Items the node output with an `error`; undefined when the output could not be read. */
	errorItems?: number;
	/** Mean length of the node's output items' `json` as JSON text (characters); undefined when unread. */
	outputCharsPerItem?: number;
	/** Peak RSS of the n8n process (MiB). */
	peakRssMiB?: number;
	/** User + system CPU of the n8n process (s). */
	cpuS?: number;
	/** The process's output, shortened (for failures). */
	outputTail: string;
}

/** The execution's run of the node under test: start (epoch ms), duration (ms), output items. */
function nodeRun(
	execution: Json,
): { startTime: number; executionTime: number; items?: Json[] } | undefined {
	const runData = asObject(asObject(asObject(execution.data)?.resultData)?.runData);
	const runs = runData?.[NODE_UNDER_TEST];
	if (!Array.isArray(runs) || runs.length === 0) return undefined;
	const first = asObject(runs[0]);
	if (typeof first?.startTime !== 'number' || typeof first.executionTime !== 'number') {
		return undefined;
	}
	const main = asObject(first.data)?.main;
	const items = Array.isArray(main) && Array.isArray(main[0]) ? (main[0] as Json[]) : undefined;
	return { startTime: first.startTime, executionTime: first.executionTime, items };
}

/** The mean length of the items' `json` as compact JSON text; undefined for no items. */
function meanJsonChars(items: Json[]): number | undefined {
	if (items.length === 0) return undefined;
	let chars = 0;
	for (const item of items) chars += JSON.stringify(item.json ?? null).length;
	return chars / items.length;
}

/** The usage line the preload wrote for the `n8n execute` process, if any. */
export function readUsage(
	file: string,
): { maxRssKb: number; userS: number; systemS: number } | undefined {
	if (!existsSync(file)) return undefined;
	const lines = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
	for (const line of lines) {
		const usage = JSON.parse(line) as {
			argv: string[];
			maxRssKb: number;
			userS: number;
			systemS: number;
		};
		if (usage.argv.includes('execute')) return usage;
	}
	return undefined;
}

/** Runs the row once and measures it (see {@link Measurement}). Never throws for a failed run. */
export async function executeOnce(spec: ExecuteSpec): Promise<Measurement> {
	const statuses = new Map<number, number>();
	let firstAt: number | undefined;
	let lastAt: number | undefined;
	const sim = new IntercomSimulator({
		port: spec.simulatorPort,
		users: spec.fullUsers ? generateFullUsers(spec.n) : generateUsers(spec.n),
		rateLimit: spec.rateLimit,
		onResponse: ({ status }) => {
			const now = Date.now();
			firstAt ??= now;
			lastAt = now;
			statuses.set(status, (statuses.get(status) ?? 0) + 1);
		},
	});
	await sim.start();
	const usageFile = path.join(spec.scratchDir, `usage-${process.pid}-${Date.now()}.jsonl`);
	const preloads = [NETWORK_GUARD, path.join(PRELOAD_DIR, 'usage.cjs'), ...(spec.preloads ?? [])];
	const nodeOptions = [...preloads.map((file) => `--require "${file}"`), ...(spec.nodeFlags ?? [])];
	let result;
	try {
		result = await run(
			spec.n8n.runtime.bin,
			[spec.n8n.n8nBin, 'execute', `--id=${spec.workflowId}`, '--rawOutput'],
			{
				cwd: spec.n8n.dir,
				env: spec.n8n.env(await freePort(), {
					...spec.env,
					NODE_OPTIONS: nodeOptions.join(' '),
					BENCH_USAGE_LOG: usageFile,
				}),
				timeoutMs: spec.timeoutMs,
			},
		);
	} finally {
		// Let the last answers' callbacks run before the simulator goes.
		await new Promise((resolve) => setImmediate(resolve));
		await sim.stop();
	}
	const usage = readUsage(usageFile);
	rmSync(usageFile, { force: true });
	const okAnswers = [...statuses].reduce((sum, [s, c]) => (s >= 200 && s < 300 ? sum + c : sum), 0);
	const measured: Measurement = {
		ok: false,
		wallMs: result.ms,
		statuses,
		failed: spec.n - okAnswers,
		peakRssMiB: usage ? usage.maxRssKb / 1024 : undefined,
		cpuS: usage ? usage.userS + usage.systemS : undefined,
		outputTail: tail(`${result.stdout.slice(-20_000)}\n${result.stderr.slice(-20_000)}`, 30),
	};
	if (result.code !== 0) {
		measured.problem = `n8n execute ended with ${describeExit(result)}`;
		return measured;
	}
	const execution = extractExecutionJson(result.stdout);
	const runOfNode = execution ? nodeRun(execution) : undefined;
	if (!runOfNode) {
		const dump = path.join(spec.scratchDir, `execute-${spec.workflowId}.out`);
		writeFileSync(dump, result.stdout);
		measured.problem = `the printed execution holds no run of the node under test (output: ${dump})`;
		return measured;
	}
	measured.ok = true;
	measured.nodeMs = runOfNode.executionTime;
	if (firstAt !== undefined) measured.firstRequestMs = firstAt - runOfNode.startTime;
	if (lastAt !== undefined) measured.lastAnswerMs = lastAt - runOfNode.startTime;
	if (runOfNode.items) {
		measured.errorItems = runOfNode.items.filter(
			(item) => item.error !== undefined || asObject(item.json)?.error !== undefined,
		).length;
		measured.outputCharsPerItem = meanJsonChars(runOfNode.items);
	}
	return measured;
}
