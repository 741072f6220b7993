/**
 * Number formatting, tables and the measured commit for the benchmark's terminal output
 * and BENCHMARKS-n8n.md.
 */
import { execFileSync } from 'node:child_process';

import { PROJECT_ROOT as ROOT } from '../../real-n8n/project';

/** A table rendered for the terminal (aligned columns) and for Markdown. */
export interface Table {
	text: string;
	md: string;
	/** How many data rows it has. */
	rows: number;
}

/** Renders rows under headers; `right` marks numeric columns. */
export function table(headers: string[], rows: string[][], right: boolean[] = []): Table {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const pad = (cell: string, i: number) =>
		right[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
	const text = [
		headers.map(pad).join('  '),
		widths.map((w) => '-'.repeat(w)).join('  '),
		...rows.map((r) => r.map(pad).join('  ')),
	].join('\n');
	const md = [
		`| ${headers.join(' | ')} |`,
		`|${headers.map((_, i) => (right[i] ? '---:' : '---')).join('|')}|`,
		...rows.map((r) => `| ${r.join(' | ')} |`),
	].join('\n');
	return { text, md, rows: rows.length };
}

/** `value` with `digits` decimals and thousands separators (en-US), or `n/a` when missing or not finite. */
export const fmt = (value: number | undefined, digits = 0): string =>
	value === undefined || !Number.isFinite(value)
		? 'n/a'
		: value.toLocaleString('en-US', {
				minimumFractionDigits: digits,
				maximumFractionDigits: digits,
			});
/** `PASS` for true, `MISS` for false, `n/a` for undefined. */
export const verdict = (pass: boolean | undefined): string =>
	pass === undefined ? 'n/a' : pass ? 'PASS' : 'MISS';

/**
 * The checked-out commit (read-only `git rev-parse`), or '?'; followed by
 * " + uncommitted changes" when tracked files differ from it, so a report never names a
 * commit that does not hold the code that measured it.
 */
export function gitCommit(): string {
	try {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
			cwd: ROOT,
			encoding: 'utf8',
		}).trim();
		const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
			cwd: ROOT,
			encoding: 'utf8',
		}).trim();
		return changed ? `${commit} + uncommitted changes` : commit;
	} catch {
		return '?';
	}
}

/** `median (min–max)`, or the median alone for one repetition. */
export function withRange(
	value: number | undefined,
	spread: [number, number] | undefined,
	digits: number,
): string {
	const shown = fmt(value, digits);
	return spread ? `${shown} (${fmt(spread[0], digits)}–${fmt(spread[1], digits)})` : shown;
}

/** `a / b` as `1.23×`, or `n/a` when either is missing or `b` is not positive. */
export const ratio = (a: number | undefined, b: number | undefined): string =>
	a !== undefined && b !== undefined && b > 0 ? `${fmt(a / b, 2)}×` : 'n/a';
