/**
 * The queue-mode figures in BENCHMARKS.md live in a block between two marker comments:
 * `npm run bench:queue` replaces the block, or appends it when it is missing. The block
 * keeps the rows of the last {@link RUNS_KEPT} runs (one run's figures depend on how busy
 * the machine was), each row stamped with when its run ended and the machine's load.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PROJECT_ROOT } from '../../real-n8n/project';
import type { RunResult } from './scenarios';

/** The markers around the queue-mode block. */
export const BEGIN_MARKER = '<!-- queue-mode:begin (written by npm run bench:queue) -->';
export const END_MARKER = '<!-- queue-mode:end -->';

/** How many runs' rows the block keeps, newest last. */
export const RUNS_KEPT = 3;

/** What the run was. */
export interface QueueRunFacts {
	users: number;
	calls: number;
	limit: number;
	windowMs: number;
	minutes: number;
	/** The targets, reported as pass or MISS: wall / bound and the 429 share (0.005 = 0.5 %). */
	maxWallRatio: number;
	max429Share: number;
	/** When the run ended, e.g. `2026-12-05 09:10` (UTC); it names the run's rows. */
	stamp: string;
}

/** `at` as `YYYY-MM-DD HH:MM` in UTC: the name of a run's rows. */
export function runStamp(at = new Date()): string {
	return at.toISOString().slice(0, 16).replace('T', ' ');
}

/** A row of the block's table: the run's stamp first. */
const ROW = /^\| (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) \|/;

/**
 * The table rows of the runs before this one in an existing block (`text`, the whole
 * file), grouped by run and oldest first: the last `RUNS_KEPT - 1` runs.
 */
export function earlierRuns(text: string): string[][] {
	const begin = text.indexOf(BEGIN_MARKER);
	const end = text.indexOf(END_MARKER);
	if (begin < 0 || end < begin) return [];
	const runs = new Map<string, string[]>();
	for (const line of text.slice(begin, end).split('\n')) {
		const stamp = ROW.exec(line)?.[1];
		if (stamp !== undefined) runs.set(stamp, [...(runs.get(stamp) ?? []), line]);
	}
	return [...runs.values()].slice(-(RUNS_KEPT - 1));
}

/** One table row of `r`, stamped with its run. */
function row(r: RunResult, stamp: string): string {
	const pct = `${((r.rateLimited / Math.max(1, r.answers)) * 100).toFixed(2)} %`;
	const verdict =
		r.failures.length > 0 ? 'FAIL' : r.misses.length > 0 ? 'pass, target MISS' : 'pass';
	return (
		`| ${stamp} | ${r.label} | ${r.users.toLocaleString('en-US')} | ${(r.wallMs / 1000).toFixed(1)} s | ` +
		`${r.paced ? `${(r.boundMs / 1000).toFixed(0)} s` : '-'} | ` +
		`${r.paced ? (r.wallMs / r.boundMs).toFixed(2) : '-'} | ` +
		`${r.answers.toLocaleString('en-US')} | ${r.rateLimited} | ${pct} | ` +
		`${r.load === undefined ? '-' : r.load.toFixed(1)} | ${verdict} |`
	);
}

/**
 * The Markdown of the block, markers included: the rows of `earlier` runs (see
 * {@link earlierRuns}), then this run's; the notes (the worker-kill account) of this run.
 */
export function queueBlock(
	results: RunResult[],
	facts: QueueRunFacts,
	earlier: string[][] = [],
): string {
	const lines = [
		BEGIN_MARKER,
		'',
		'## Queue mode: workers sharing one Intercom rate limit',
		'',
		'Written by `npm run bench:queue` (tools/e2e/queue/, the full `npm run test:queue` with `--write-benchmarks`). n8n 2.41.1 in queue mode (Redis,',
		'PostgreSQL 17, one main, `n8n worker --concurrency=10` each), the simulator enforcing',
		`${facts.limit.toLocaleString('en-US')} requests per ${facts.windowMs / 1000}-second window; ` +
			`${facts.users.toLocaleString('en-US')} users posted in ${facts.calls} webhook calls at once.`,
		'Wall time runs from the first webhook call to the last execution stopped; the bound is',
		'users / limit windows. The Intercom Users node has Batching 10 items per 1 ms, as the',
		'README advises for bulk runs. Targets, reported as pass or MISS (never failed: they depend',
		`on how busy the machine is): wall ≤ ${facts.maxWallRatio} × bound, 429s ≤ ` +
			`${facts.max429Share * 100} % of answers. The`,
		"worker-kill run's wall time includes waiting for n8n to mark the crash and the re-run.",
		`The last ${RUNS_KEPT} runs, newest last; load is the machine's 1-minute load average as`,
		'each run ended (the machine is shared).',
		'',
		'| ended (UTC) | run | users | wall | bound | wall / bound | answers | 429 | 429 share | load | result |',
		'|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
		...earlier.flat(),
		...results.map((r) => row(r, facts.stamp)),
		'',
		...results
			.filter((r) => r.notes.length > 0)
			.flatMap((r) => [
				`${r.label} (run ended ${facts.stamp}):`,
				'',
				...r.notes.map((note) => `- ${note}`),
				'',
			]),
		`Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB; ` +
			`the newest run took ${facts.minutes.toFixed(1)} minutes.`,
		'',
		END_MARKER,
	];
	return lines.join('\n');
}

/**
 * Writes the block into docs/BENCHMARKS.md, with the rows of the runs before kept (see
 * {@link earlierRuns}): replaces the one between the markers, or appends it (after a blank line) when there is none or the file is missing.
 */
export function writeQueueBenchmarks(results: RunResult[], facts: QueueRunFacts): void {
	const file = path.join(PROJECT_ROOT, 'docs/BENCHMARKS.md');
	const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
	const block = queueBlock(results, facts, earlierRuns(text));
	const begin = text.indexOf(BEGIN_MARKER);
	const end = text.indexOf(END_MARKER);
	const next =
		begin >= 0 && end > begin
			? `${text.slice(0, begin)}${block}${text.slice(end + END_MARKER.length)}`
			: `${text.trimEnd()}${text ? '\n\n' : ''}${block}\n`;
	writeFileSync(file, next);
}
