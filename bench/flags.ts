/**
 * The command line of `npm run bench` (see run-bench.ts for the flags and defaults).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

import { PROJECT_ROOT as ROOT } from '../real-n8n/project';

/** Parsed command line. */
export interface Flags {
	items: number;
	rateItems: number;
	rateLimit: number;
	rateWindowMs: number;
	scaling: number[];
	reps: number;
	rateReps: number;
	rawConcurrency: 'auto' | number;
	profile: 'auto' | 'always' | 'never';
	profileDir?: string;
	timeoutS: number;
	quick: boolean;
	out?: string;
	argv: string[];
}

/** Reads the flags; throws with a usage message on bad input. */
export function parseFlags(argv: string[]): Flags {
	const { values } = parseArgs({
		args: argv,
		options: {
			items: { type: 'string' },
			'rate-items': { type: 'string' },
			'rate-limit': { type: 'string' },
			'rate-window-ms': { type: 'string' },
			scaling: { type: 'string' },
			'no-scaling': { type: 'boolean' },
			reps: { type: 'string' },
			'rate-reps': { type: 'string' },
			'raw-concurrency': { type: 'string' },
			profile: { type: 'string' },
			'profile-dir': { type: 'string' },
			'timeout-s': { type: 'string' },
			quick: { type: 'boolean' },
			out: { type: 'string' },
		},
		strict: true,
	});
	const int = (name: string, raw: string | undefined, fallback: number): number => {
		if (raw === undefined) return fallback;
		const value = Number(raw);
		if (!Number.isInteger(value) || value < 1)
			throw new Error(`--${name} must be a positive integer, got "${raw}"`);
		return value;
	};
	const quick = values.quick === true;
	const items = int('items', values.items, quick ? 1000 : 10_000);
	const scalingList = values['no-scaling']
		? []
		: (values.scaling ?? (quick ? '' : '1000,10000,50000'))
				.split(',')
				.filter((s) => s.trim() !== '')
				.map((s) => int('scaling', s.trim(), 0));
	const profile = values.profile ?? 'auto';
	if (profile !== 'auto' && profile !== 'always' && profile !== 'never') {
		throw new Error('--profile must be auto, always or never');
	}
	const rawConcurrency = values['raw-concurrency'] ?? 'auto';
	return {
		items,
		rateItems: int('rate-items', values['rate-items'], quick ? 200 : 2000),
		rateLimit: int('rate-limit', values['rate-limit'], 100),
		rateWindowMs: int('rate-window-ms', values['rate-window-ms'], 1000),
		scaling: [...new Set(scalingList)].sort((a, b) => a - b),
		reps: int('reps', values.reps, quick ? 1 : 3),
		rateReps: int('rate-reps', values['rate-reps'], quick ? 1 : 3),
		rawConcurrency: rawConcurrency === 'auto' ? 'auto' : int('raw-concurrency', rawConcurrency, 1),
		profile,
		profileDir: values['profile-dir'],
		timeoutS: int('timeout-s', values['timeout-s'], 900),
		quick,
		out: values.out ?? (quick ? undefined : path.join(ROOT, 'BENCHMARKS.md')),
		argv,
	};
}
