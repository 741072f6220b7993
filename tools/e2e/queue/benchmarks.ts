/**
 * The queue-mode figures in BENCHMARKS.md. `npm run bench` writes that file whole
 * (tools/bench/report.ts), so these figures live in a block between two marker comments:
 * `npm run bench:queue` replaces the block, or appends it when it is missing.
 * A later `npm run bench` drops the block until the next full queue run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PROJECT_ROOT } from '../../real-n8n/project';
import type { RunResult } from './scenarios';

/** The markers around the queue-mode block. */
export const BEGIN_MARKER = '<!-- queue-mode:begin (written by npm run bench:queue) -->';
export const END_MARKER = '<!-- queue-mode:end -->';

/** What the run was. */
export interface QueueRunFacts {
	users: number;
	calls: number;
	limit: number;
	windowMs: number;
	minutes: number;
}

/** The Markdown of the block, markers included. */
export function queueBlock(results: RunResult[], facts: QueueRunFacts): string {
	const pct = (r: RunResult): string =>
		`${((r.rateLimited / Math.max(1, r.answers)) * 100).toFixed(2)} %`;
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
		'users / limit windows. Limits checked: wall ≤ 1.15 × bound, 429s ≤ 1 % of answers. The',
		"worker-kill run's wall time includes waiting for n8n to mark the crash and the re-run.",
		'',
		'| run | users | wall | bound | wall / bound | answers | 429 | 429 share | result |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---|',
		...results.map(
			(r) =>
				`| ${r.label} | ${r.users.toLocaleString('en-US')} | ${(r.wallMs / 1000).toFixed(1)} s | ` +
				`${r.paced ? `${(r.boundMs / 1000).toFixed(0)} s` : '-'} | ` +
				`${r.paced ? (r.wallMs / r.boundMs).toFixed(2) : '-'} | ` +
				`${r.answers.toLocaleString('en-US')} | ${r.rateLimited} | ${pct(r)} | ` +
				`${r.failures.length > 0 ? 'FAIL' : r.misses.length > 0 ? 'pass, target MISS' : 'pass'} |`,
		),
		'',
		...results
			.filter((r) => r.notes.length > 0)
			.flatMap((r) => [`${r.label}:`, '', ...r.notes.map((note) => `- ${note}`), '']),
		`Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB; ` +
			`the whole run took ${facts.minutes.toFixed(1)} minutes.`,
		'',
		END_MARKER,
	];
	return lines.join('\n');
}

/**
 * Writes the block into docs/BENCHMARKS.md: replaces the one between the
 * markers, or appends it (after a blank line) when there is none or the file is missing.
 */
export function writeQueueBenchmarks(results: RunResult[], facts: QueueRunFacts): void {
	const file = path.join(PROJECT_ROOT, 'docs/BENCHMARKS.md');
	const block = queueBlock(results, facts);
	const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
	const begin = text.indexOf(BEGIN_MARKER);
	const end = text.indexOf(END_MARKER);
	const next =
		begin >= 0 && end > begin
			? `${text.slice(0, begin)}${block}${text.slice(end + END_MARKER.length)}`
			: `${text.trimEnd()}${text ? '\n\n' : ''}${block}\n`;
	writeFileSync(file, next);
}
