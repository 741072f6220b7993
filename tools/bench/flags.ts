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
	/** Scenario 4: the N at which time to the first request is measured (defaults and +yield). */
	firstRequest: number[];
	/** Scenario 5: N of the rate run at 100 per 1 s with and without the Batching yield (0 = skip). */
	yieldRateItems: number;
	/** Scenario 6: window phases (ms past a whole second) swept at rate-items, 100 per 1 s. */
	phases: number[];
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
			'first-request': { type: 'string' },
			'yield-rate-items': { type: 'string' },
			phases: { type: 'string' },
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
	const firstRequestList = (values['first-request'] ?? (quick ? '1000' : '1000,10000,50000'))
		.split(',')
		.filter((s) => s.trim() !== '')
		.map((s) => int('first-request', s.trim(), 0));
	const phases = (values.phases ?? (quick ? '75' : '0,50,100,500,900'))
		.split(',')
		.filter((s) => s.trim() !== '')
		.map((s) => {
			const phase = Number(s.trim());
			if (!Number.isInteger(phase) || phase < 0 || phase > 999) {
				throw new Error(`--phases must list whole ms from 0 to 999, got "${s}"`);
			}
			return phase;
		});
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
		firstRequest: [...new Set(firstRequestList)].sort((a, b) => a - b),
		phases: [...new Set(phases)],
		yieldRateItems:
			values['yield-rate-items'] === '0'
				? 0
				: int('yield-rate-items', values['yield-rate-items'], quick ? 1000 : 10_000),
		reps: int('reps', values.reps, quick ? 1 : 3),
		rateReps: int('rate-reps', values['rate-reps'], quick ? 1 : 3),
		rawConcurrency: rawConcurrency === 'auto' ? 'auto' : int('raw-concurrency', rawConcurrency, 1),
		profile,
		profileDir: values['profile-dir'],
		timeoutS: int('timeout-s', values['timeout-s'], 900),
		quick,
		out: values.out ?? (quick ? undefined : path.join(ROOT, 'docs/BENCHMARKS.md')),
		argv,
	};
}
