/**
 * The command line of `npm run bench:n8n` (see run-n8n-bench.ts for what each flag does).
 */
import { parseArgs } from 'node:util';

/** Parsed command line. */
export interface N8nBenchFlags {
	/** Smoke version: small N, one repetition, no 50,000 run. */
	quick: boolean;
	/** Only the Simplify rows (SIMPLIFY_ROWS) at 10,000 items, written to SIMPLIFY_OUT. */
	simplify: boolean;
	/** The rows to run (peer kinds); default: every row of ALL_KINDS (peers.ts). */
	rows?: string[];
	/** N of the unlimited runs of every peer. */
	items: number[];
	/** N of the extra unlimited runs of this node only. */
	oursOnlyItems: number[];
	/** Repetitions of those extra runs (one is enough for a trend; they are long). */
	oursOnlyReps: number;
	/** N of the rate-limited runs (empty: none). */
	limitedItems: number[];
	/** The rate-limited runs' limit per 10-second window. */
	limitPerWindow: number;
	/** Repetitions of every run (peers alternate their order). */
	reps: number;
	/** Skip `npm run build` (pack what is in dist/). */
	noBuild: boolean;
	/** Instead of the benchmark: profile these rows (kinds) once at `profileItems`. */
	profile: string[];
	profileItems: number;
	/** Count expression evaluations per item (an untimed run per row at the smallest N). */
	count: boolean;
	/** Rows (kinds) the full run profiles after its timed runs, for the report (empty: none). */
	reportProfile: string[];
	/** Where BENCHMARKS-n8n.md goes; none: the quick run only prints. */
	out?: string;
	/** Keep the temporary folder (the n8n instance, profiles). */
	keep: boolean;
	/** Instead of the benchmark: the clean-up recipe (cleanup.ts) at this N, under limitPerWindow. */
	cleanup?: number;
	/** The clean-up's Archive APIs, in order (default: users). */
	cleanupApis: Array<'users' | 'contacts'>;
	/** The clean-up's Simplify settings of both nodes, in order (true: on; default: on, off). */
	cleanupSimplify: boolean[];
}

/**
 * The rows of `--simplify`: Simplify on and off of a new node, with the lean bench users and
 * with whole Intercom 1.4 users, net of the NoOp row.
 */
export const SIMPLIFY_ROWS = [
	'baseline',
	'oursEmailSimplified',
	'oursEmailSimplifyOff',
	'oursEmailSimplifiedFull',
	'oursEmailSimplifyOffFull',
];
/** Where `--simplify` writes its report (the full run's BENCHMARKS-n8n.md stays as it is). */
export const SIMPLIFY_OUT = 'docs/BENCHMARKS-n8n-simplify.md';

const list = (text: string): number[] =>
	text
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
		.map((s) => {
			const n = Number(s.replace(/_/g, ''));
			if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a count: ${s}`);
			return n;
		});

/** The --cleanup-api list: `users`, `contacts` or both, comma-separated. */
function cleanupApis(text: string): Array<'users' | 'contacts'> {
	const apis = text.split(',').map((s) => s.trim());
	for (const api of apis) {
		if (api !== 'users' && api !== 'contacts') {
			throw new Error(`--cleanup-api takes users and/or contacts, got "${api}"`);
		}
	}
	return apis as Array<'users' | 'contacts'>;
}

/** The --cleanup-simplify list: `on`, `off` or both, comma-separated. */
function cleanupSimplify(text: string): boolean[] {
	return text.split(',').map((s) => {
		const setting = s.trim();
		if (setting !== 'on' && setting !== 'off') {
			throw new Error(`--cleanup-simplify takes on and/or off, got "${setting}"`);
		}
		return setting === 'on';
	});
}

/** Reads the flags; throws with the reason on bad input. */
export function parseN8nFlags(argv: string[]): N8nBenchFlags {
	const { values } = parseArgs({
		args: argv,
		options: {
			quick: { type: 'boolean' },
			simplify: { type: 'boolean' },
			items: { type: 'string' },
			rows: { type: 'string' },
			'ours-only-items': { type: 'string' },
			'ours-only-reps': { type: 'string' },
			'no-profile': { type: 'boolean' },
			'no-count': { type: 'boolean' },
			'limited-items': { type: 'string' },
			'limit-per-window': { type: 'string' },
			reps: { type: 'string' },
			'no-build': { type: 'boolean' },
			profile: { type: 'string' },
			'profile-items': { type: 'string' },
			out: { type: 'string' },
			keep: { type: 'boolean' },
			cleanup: { type: 'boolean' },
			'cleanup-users': { type: 'string' },
			'cleanup-api': { type: 'string' },
			'cleanup-simplify': { type: 'string' },
		},
	});
	const quick = values.quick === true;
	// --simplify: only the Simplify rows, unlimited, at 10,000 items unless told otherwise.
	const simplify = values.simplify === true;
	const only = quick || simplify;
	const cleanup = values.cleanup === true;
	return {
		quick,
		simplify,
		rows: (values.rows ?? (simplify ? SIMPLIFY_ROWS.join(',') : undefined))
			?.split(',')
			.map((s) => s.trim())
			.filter(Boolean),
		items: list(values.items ?? (quick ? '1000' : simplify ? '10000' : '1000,10000')),
		oursOnlyItems: list(values['ours-only-items'] ?? (only ? '' : '50000')),
		oursOnlyReps: list(values['ours-only-reps'] ?? '1')[0],
		limitedItems: list(values['limited-items'] ?? (simplify ? '' : quick ? '500' : '10000')),
		limitPerWindow: list(values['limit-per-window'] ?? (quick ? '250' : '1000'))[0],
		reps: list(values.reps ?? (quick ? '1' : '3'))[0],
		noBuild: values['no-build'] === true,
		profile: (values.profile ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean),
		profileItems: list(values['profile-items'] ?? '2000')[0],
		count: !simplify && values['no-count'] !== true,
		reportProfile:
			only || cleanup || values['no-profile'] === true ? [] : ['oursEmail', 'httpRequest'],
		out:
			values.out ??
			(quick
				? undefined
				: simplify
					? SIMPLIFY_OUT
					: cleanup
						? 'docs/BENCHMARKS-n8n-cleanup.md'
						: 'docs/BENCHMARKS-n8n.md'),
		keep: values.keep === true,
		cleanupApis: cleanupApis(values['cleanup-api'] ?? 'users'),
		cleanupSimplify: cleanupSimplify(values['cleanup-simplify'] ?? 'on,off'),
		...(cleanup ? { cleanup: list(values['cleanup-users'] ?? (quick ? '1000' : '10000'))[0] } : {}),
	};
}
