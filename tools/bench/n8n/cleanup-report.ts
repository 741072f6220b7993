/**
 * What `npm run bench:n8n -- --cleanup` measured and how it reports it: the log line of a
 * run and docs/BENCHMARKS-n8n-cleanup.md, per API with Simplify on and off side by side.
 */
import { fmt, table } from './format';
import { WINDOW_MS } from './peers';

/** Users seen lately and old leads the simulator holds besides the N inactive users. */
export const RECENT_USERS = 500;
export const OLD_LEADS = 100;

/** The API the Archive node uses. */
export type CleanupApi = 'users' | 'contacts';

/** What the Archive node sends per user, by API. */
const ARCHIVE_REQUESTS: Record<CleanupApi, string> = {
	users: 'Users API: one `DELETE /users/{id}` per user',
	contacts: 'Contacts API 2.14: `GET /contacts/{id}`, then `POST /contacts/{id}/archive` per user',
};

/** What one run of the recipe measured. */
export interface CleanupRun {
	api: CleanupApi;
	/** Simplify of both Intercom Users nodes (on: the 1.1 default; off: `simplify: false`). */
	simplify: boolean;
	n: number;
	limited: boolean;
	ok: boolean;
	problem?: string;
	/** Wall time of `n8n execute` (ms). */
	wallMs: number;
	/** From Get Many's start to the Archive node's end, from the execution's runData (ms). */
	nodesMs?: number;
	getManyMs?: number;
	archiveMs?: number;
	/** Answers by kind. */
	searches: number;
	/** `DELETE /users/{id}` or `POST /contacts/{id}/archive`. */
	archives: number;
	/** `GET /contacts/{id}` (the Contacts API's read before an archive). */
	lookups: number;
	other: number;
	statuses: Map<number, number>;
	listed?: number;
	/** Archive items with an error, plus inactive users left unarchived. */
	failed?: number;
	/** Records archived that are not inactive users (recent users, leads). */
	wrong: number;
	peakRssMiB?: number;
	cpuS?: number;
}

/** The limited run and the small unlimited run of one API with one Simplify setting. */
export interface CleanupPair {
	limited: CleanupRun;
	small: CleanupRun;
}

const onOff = (simplify: boolean) => (simplify ? 'on' : 'off');

/** Answers with a 2xx status. */
const okAnswers = (run: CleanupRun) =>
	[...run.statuses].reduce((sum, [s, c]) => (s >= 200 && s < 300 ? sum + c : sum), 0);
const answers = (run: CleanupRun) => [...run.statuses.values()].reduce((a, b) => a + b, 0);
const boundMsOf = (run: CleanupRun, limit: number) => (okAnswers(run) / limit) * WINDOW_MS;

/** (peak RSS at N − peak RSS of the small run) per 1,000 users of the difference (MiB). */
export function memoryPerThousand({ limited, small }: CleanupPair): number | undefined {
	if (limited.peakRssMiB === undefined || small.peakRssMiB === undefined) return undefined;
	return (limited.peakRssMiB - small.peakRssMiB) / ((limited.n - small.n) / 1000);
}

/** One line of figures for the log. */
export function describeRun(run: CleanupRun, limit: number): string {
	const bound = run.limited ? `, bound ${fmt(boundMsOf(run, limit) / 1000, 1)} s` : '';
	const statuses = [...run.statuses].map(([s, c]) => `${s}×${c}`).join(' ');
	return (
		`${run.api} API, Simplify ${onOff(run.simplify)}, ${run.limited ? 'limited' : 'unlimited'} N=${fmt(run.n)}: ${run.ok ? '' : `FAILED (${run.problem}) `}` +
		`wall ${fmt(run.wallMs / 1000, 1)} s, nodes ${fmt((run.nodesMs ?? NaN) / 1000, 1)} s ` +
		`(Get Many ${fmt((run.getManyMs ?? NaN) / 1000, 1)} s)${bound}, ` +
		`listed ${fmt(run.listed)}, searches ${run.searches}, archives ${run.archives}, lookups ${run.lookups}, other ${run.other}, ` +
		`answers ${statuses}, failed ${fmt(run.failed)}, wrongly archived ${run.wrong}, ` +
		`peak RSS ${fmt(run.peakRssMiB)} MiB, CPU ${fmt(run.cpuS, 1)} s`
	);
}

/** One Simplify setting's column of an API's table. */
function column(pair: CleanupPair, limit: number, onMemory: number | undefined): string[] {
	const { limited: run, small } = pair;
	const boundMs = boundMsOf(run, limit);
	const tooMany = run.statuses.get(429) ?? 0;
	const ratio = (ms: number | undefined) => fmt((ms ?? NaN) / boundMs, 2);
	const seconds = (ms: number | undefined) => `${fmt((ms ?? NaN) / 1000, 1)} s`;
	const lookups = run.lookups > 0 ? `, ${fmt(run.lookups)} lookups` : '';
	const memory = memoryPerThousand(pair);
	const offOverOn =
		!run.simplify && memory !== undefined && onMemory !== undefined && onMemory > 0
			? ` (${fmt(memory / onMemory, 2)} × on)`
			: '';
	return [
		`${fmt(okAnswers(run))}: ${fmt(run.searches)} searches${lookups}, ${fmt(run.archives)} archives`,
		seconds(boundMs),
		`${ratio(run.nodesMs)} (${seconds(run.nodesMs)})`,
		`${ratio(run.wallMs)} (${seconds(run.wallMs)})`,
		seconds(run.getManyMs),
		fmt(run.listed),
		fmt(run.failed),
		fmt(run.wrong),
		`${fmt(tooMany)} of ${fmt(answers(run))} (${fmt((100 * tooMany) / answers(run), 2)} %)`,
		`${fmt(run.peakRssMiB)} MiB at N = ${fmt(run.n)}; ${fmt(small.peakRssMiB)} MiB at N = ${fmt(small.n)}`,
		`${fmt(memory, 1)} MiB${offOverOn}`,
		`${fmt(run.cpuS, 1)} s`,
	];
}

const FIGURES: Array<[string, string]> = [
	['requests made (2xx answers)', ''],
	['bound (requests / limit × 10 s)', ''],
	['Get Many start → Archive end / bound', '≤ 1.05'],
	['wall of `n8n execute` / bound (start-up and printing included)', ''],
	['of which Get Many (all pages)', ''],
	['users listed', 'N'],
	['failed items', '0'],
	['recent users or leads archived', '0'],
	['429 answers', '≤ 1 %'],
	['peak RSS of `n8n execute`', ''],
	['memory per 1,000 users', ''],
	['CPU of `n8n execute`', ''],
];

/** The results table of one API (Markdown): a column per Simplify setting, on first. */
export function resultsTable(pairs: CleanupPair[], limit: number): string {
	const sorted = [...pairs].sort((a, b) => Number(b.limited.simplify) - Number(a.limited.simplify));
	const on = sorted.find((pair) => pair.limited.simplify);
	const onMemory = on ? memoryPerThousand(on) : undefined;
	const columns = sorted.map((pair) => column(pair, limit, onMemory));
	const n = fmt(sorted[0]?.limited.n);
	return table(
		['figure', ...sorted.map((pair) => `Simplify ${onOff(pair.limited.simplify)}`), 'goal'],
		FIGURES.map(([figure, goal], row) => [
			figure,
			...columns.map((cells) => cells[row]),
			goal === 'N' ? n : goal,
		]),
	).md;
}

/** The report's text (Markdown); `pairs` in run order, grouped by API. */
export function cleanupReport(
	setup: { n8nVersion: string; nodeVersion: string; commit: string; minutes: number },
	pairs: CleanupPair[],
	limit: number,
): string {
	const { limited: first, small } = pairs[0];
	const apis = [...new Set(pairs.map((pair) => pair.limited.api))];
	const sections = apis.flatMap((api) => [
		`## Get Many of ${fmt(first.n)} users, then Archive by Intercom ID of each (${ARCHIVE_REQUESTS[api]}), under ${fmt(limit)} per 10 s`,
		'',
		resultsTable(
			pairs.filter((pair) => pair.limited.api === api),
			limit,
		),
		'',
	]);
	return [
		'# Benchmark in real n8n: the clean-up recipe',
		'',
		'Written by `npm run bench:n8n -- --cleanup` (tools/bench/n8n/cleanup.ts). Do not edit by hand: re-run the command.',
		'',
		'```bash',
		'npm run test:e2e                                         # once: fills the n8n 2.x / Node 24 install cache',
		'npm run bench:n8n -- --cleanup --cleanup-api users,contacts --cleanup-simplify on,off   # this file (about 13 minutes)',
		'```',
		'',
		`n8n ${setup.n8nVersion} (\`n8n execute\`, default settings and expression engine) on Node ${setup.nodeVersion}; commit ${setup.commit}; one run of each; the run took ${fmt(setup.minutes, 1)} minutes. The machine is shared and noisy: ratios from this run, not absolute times, are what to compare.`,
		'',
		...sections,
		'## Method',
		'',
		`- The workflow is the README's recipe (tools/e2e/cleanup-recipe.workflow.json, both Intercom Users nodes at version 1.1) with a Manual Trigger instead of the Schedule Trigger (\`n8n execute\` cannot fire one) and Dry Run off: Get Many, Contacts API 2.14, Return All, Last Seen Before \`{{ $now.minus({ years: 2 }) }}\` → Archive by Intercom ID \`{{ $json.id }}\` on the API each section names, with Batching 10 items per 1 ms as the README advises for bulk runs and On Error: continue (a failed item is counted, not fatal).`,
		'- **Simplify on**: both nodes as a new user gets them (Simplify at its default, on). **Simplify off**: the same workflow with `simplify: false` on both nodes, so Get Many passes whole Intercom contacts and Archive returns whole Intercom answers.',
		`- The simulator holds ${fmt(first.n)} users last seen over two years ago (tools/bench/users.ts), ${RECENT_USERS} users seen in the last 300 days and ${OLD_LEADS} leads last seen three years ago; it enforces ${fmt(limit)} requests per 10-second window (429 past it, \`X-RateLimit-*\` headers on every answer). Get Many's search pages (150 users each) and the archives share the node's pacing.`,
		"- **bound**: the 2xx answers / the limit × 10 s: the least time Intercom lets those requests take. A run that starts at a window's beginning can end early in its last window, so a ratio can be just under 1.00. The ratio that counts is from Get Many's start to the Archive node's end (the execution's runData); the wall time of `n8n execute` adds n8n's start-up and the printing of the execution.",
		'- **failed items**: Archive items with an error, plus inactive users the simulator does not show archived. **429s**: answers 429 out of all answers (a waited-out and retried 429 counts).',
		`- **memory per 1,000 users**: (peak RSS at N = ${fmt(first.n)} − peak RSS of an unlimited run at N = ${fmt(small.n)}, same API and Simplify) / ${fmt((first.n - small.n) / 1000, 1)}; peak RSS of the \`n8n execute\` process from \`process.resourceUsage()\` at exit (tools/bench/n8n/preload/usage.cjs), which includes holding both nodes' items and printing the execution (\`--rawOutput\`). Off's figure is followed by its ratio to on's.`,
		'',
		'Runs:',
		'',
		...pairs.flatMap((pair) => [
			`- ${describeRun(pair.limited, limit)}`,
			`- ${describeRun(pair.small, limit)}`,
		]),
		'',
	].join('\n');
}
