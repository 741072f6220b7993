/**
 * Facts about the machine the benchmark runs on: limits that bound how many requests
 * one process can hold open, package versions and the commit, for every report.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PROJECT_ROOT as ROOT } from '../real-n8n/project';

/** The soft "Max open files" limit of this process (Linux), or undefined. */
export function openFilesLimit(): number | undefined {
	try {
		const match = /Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'));
		return match ? Number(match[1]) : undefined;
	} catch {
		return undefined;
	}
}

/** How many local ports Linux hands out for outgoing connections, or undefined. */
export function ephemeralPorts(): number | undefined {
	try {
		const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
			.trim()
			.split(/\s+/)
			.map(Number);
		return high - low + 1;
	} catch {
		return undefined;
	}
}

/** In-flight cap of the raw way when N is too many to send at once here. */
export const RAW_CAPPED_CONCURRENCY = 1000;

/**
 * How many requests the raw way keeps in flight, given the smaller of the
 * open-files limit and the ephemeral port range: all N at once while N is at
 * most half of it (one socket per request; the other half is left for
 * everything else). Above that, {@link RAW_CAPPED_CONCURRENCY} (at most a
 * quarter of the limit): a fetch loop keeps finished connections open
 * (keep-alive) while opening new ones, and at a few thousand in flight the
 * simulator's server starts closing idle keep-alive connections under the
 * client ("other side closed"); 1,000 in flight runs clean and is faster.
 */
export function rawConcurrencyFor(items: number): number {
	const limits = [openFilesLimit(), ephemeralPorts()].filter((x): x is number => x !== undefined);
	if (limits.length === 0) return items;
	const smallest = Math.min(...limits);
	return items <= Math.floor(smallest / 2)
		? items
		: Math.min(RAW_CAPPED_CONCURRENCY, Math.floor(smallest / 4));
}

/** A package's installed version, or '?'. */
export function versionOf(name: string): string {
	try {
		return (
			JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
				version: string;
			}
		).version;
	} catch {
		return '?';
	}
}

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

/** The machine facts printed with every report. */
export function machineFacts(): Array<[string, string]> {
	const cpus = os.cpus();
	return [
		['date', new Date().toISOString()],
		['node', process.version],
		['platform', `${os.platform()} ${os.release()} ${os.arch()}`],
		[
			'cpus',
			`${cpus.length} × ${cpus[0]?.model ?? '?'}${cpus[0]?.speed ? ` (${cpus[0].speed} MHz)` : ''}`,
		],
		['total memory', `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`],
		[
			'open-files limit / ephemeral ports',
			`${openFilesLimit() ?? '?'} / ${ephemeralPorts() ?? '?'}`,
		],
		['n8n-core / n8n-workflow', `${versionOf('n8n-core')} / ${versionOf('n8n-workflow')}`],
		['commit', gitCommit()],
	];
}
