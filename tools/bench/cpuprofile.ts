/**
 * Summarises a V8 `.cpuprofile` (as written by `node --cpu-prof`): self time
 * per function and per code owner (this package, n8n-core, n8n-workflow, n8n's
 * HTTP layer, Node internals, …), and the inclusive time spent under our own
 * node's functions.
 *
 *   tsx tools/bench/cpuprofile.ts <file.cpuprofile> [--top 20]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** The parts of V8's cpuprofile format that the summary reads. */
interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
	hitCount?: number;
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples?: number[];
	timeDeltas?: number[];
}

/** One function's self time. */
export interface FunctionTime {
	/** `name (file:line)` with the path shortened to the package / module that owns it. */
	label: string;
	owner: string;
	selfMs: number;
}

/** What {@link summariseProfile} returns. */
export interface ProfileSummary {
	/** Total sampled time (ms), idle included. */
	totalMs: number;
	/** Sampled time (ms) excluding `(idle)`. */
	busyMs: number;
	/** Self time per owner, busy time only, largest first. */
	byOwner: Array<{ owner: string; selfMs: number }>;
	/** The functions with the most self time, largest first. */
	top: FunctionTime[];
	/** Time (ms) with at least one of this package's functions on the stack (inclusive). */
	oursInclusiveMs: number;
	/** True when only the samples inside the requested window were counted. */
	windowed: boolean;
	/** Inclusive time (ms) per {@link INCLUSIVE_GROUPS} entry: samples with a matching frame anywhere on the stack. */
	inclusive: Array<{ group: string; ms: number }>;
}

/** A frame as the inclusive groups see it. */
type Frame = ProfileNode['callFrame'];

/**
 * Parts of a run whose inclusive time (the function and everything it calls
 * synchronously) answers "where does the time go". They overlap: an n8n
 * expression evaluated from our hook counts under both.
 */
export const INCLUSIVE_GROUPS: Array<{ group: string; match: (frame: Frame) => boolean }> = [
	{
		group:
			'n8n-core RoutingNode.runNode, synchronous part (prepares every item before any request leaves)',
		match: (f) => f.functionName === 'runNode' && f.url.includes('routing-node'),
	},
	{
		group:
			'n8n expression evaluation (n8n-workflow resolveSimpleParameterValue, incl. luxon and the data proxy)',
		match: (f) =>
			f.functionName === 'resolveSimpleParameterValue' && f.url.includes('n8n-workflow'),
	},
	{
		group:
			'ours: per-item hook (transport/perItem.js, incl. the n8n helpers it calls synchronously)',
		match: (f) => /IntercomUsers\/transport\/perItem/.test(f.url),
	},
	{
		group: 'ours: rate-limit gate (transport/rateLimit.js)',
		match: (f) => /IntercomUsers\/transport\/rateLimit/.test(f.url),
	},
	{
		group: 'ours: planner / validation (UserArchive.description.js)',
		match: (f) => /IntercomUsers\/descriptions\//.test(f.url),
	},
	{
		group: 'HTTP client stack (axios, follow-redirects, node:http / node:net)',
		match: (f) =>
			/\/(axios|follow-redirects)\/|^node:(_http_|net$|internal\/net|internal\/stream_base)/.test(
				f.url,
			),
	},
	{ group: 'V8 garbage collector', match: (f) => f.functionName === '(garbage collector)' },
];

/** Where a script URL belongs: our node package, an n8n package, another module, or Node itself. */
export function ownerOf(url: string, functionName: string): string {
	if (url === '') {
		if (functionName === '(garbage collector)') return 'V8 garbage collector';
		if (functionName === '(idle)') return 'idle';
		if (functionName === '(program)') return 'V8/native (program)';
		return 'V8/native builtins';
	}
	if (url.startsWith('node:')) return 'Node.js internals';
	const path = url.replace(/^file:\/\//, '');
	if (/\/(dist\/)?(nodes|credentials)\/Intercom/.test(path) && !path.includes('/node_modules/')) {
		return 'ours (nodes/IntercomUsers, credentials)';
	}
	if (/\/n8n-harness\//.test(path) && !path.includes('/node_modules/'))
		return 'bench harness (n8n-harness)';
	if (/\/bench\//.test(path) && !path.includes('/node_modules/')) return 'bench worker';
	const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
	if (match) {
		const name = match[1];
		if (name === 'n8n-core') return 'n8n-core';
		if (name === 'n8n-workflow') return 'n8n-workflow';
		if (name.startsWith('@n8n/')) return `n8n (${name})`;
		if (name === 'tsx' || name === 'esbuild') return 'tsx loader';
		return `other module (${name})`;
	}
	return 'other';
}

/** `name (file:line)` with the file path cut to what follows node_modules/ or the project folder. */
function labelOf(node: ProfileNode): string {
	const { functionName, url, lineNumber } = node.callFrame;
	const name = functionName || '(anonymous)';
	if (!url) return name;
	const short = url
		.replace(/^file:\/\//, '')
		.replace(/^.*\/node_modules\//, '')
		.replace(/^.*\/(dist|n8n-harness|bench)\//, '$1/');
	return `${name} (${short}:${lineNumber + 1})`;
}

/**
 * Reads a `.cpuprofile` file and computes self time per function and owner
 * (see {@link ProfileSummary}). With `window` ([start, end] in µs on the
 * monotonic clock V8 stamps samples with, e.g. a worker's run start and end),
 * only samples inside it count, so module loading and warm-up are left out;
 * if no sample falls inside, all samples count and `windowed` is false.
 */
export function summariseProfile(
	file: string,
	topN = 20,
	window?: [number, number],
): ProfileSummary {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);

	const selfUs = new Map<number, number>();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	let windowed = false;
	if (samples.length > 0 && deltas.length === samples.length) {
		// Sample i is taken at startTime + deltas[0..i]; its time is the gap to the next sample.
		const stamps: number[] = [];
		let at = profile.startTime;
		for (const delta of deltas) stamps.push((at += delta));
		const inside = (i: number) => !window || (stamps[i] >= window[0] && stamps[i] <= window[1]);
		windowed = window !== undefined && stamps.some((_, i) => inside(i));
		for (let i = 0; i < samples.length; i++) {
			if (windowed && !inside(i)) continue;
			const us = i + 1 < deltas.length ? deltas[i + 1] : 0;
			selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, us));
		}
	} else {
		const perHit =
			(profile.endTime - profile.startTime) /
			Math.max(
				1,
				profile.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0),
			);
		for (const node of profile.nodes) selfUs.set(node.id, (node.hitCount ?? 0) * perHit);
	}

	// Inclusive time under our own functions: a node counts once if any ancestor (or itself) is ours.
	const oursMemo = new Map<number, boolean>();
	const underOurs = (id: number): boolean => {
		const known = oursMemo.get(id);
		if (known !== undefined) return known;
		const node = byId.get(id);
		const self = node
			? ownerOf(node.callFrame.url, node.callFrame.functionName).startsWith('ours')
			: false;
		const up = parent.get(id);
		const result = self || (up !== undefined && underOurs(up));
		oursMemo.set(id, result);
		return result;
	};

	// Which inclusive groups are on the stack of each node (memoized walk to the root).
	const groupMemo = new Map<number, number>();
	const groupsOf = (id: number): number => {
		const known = groupMemo.get(id);
		if (known !== undefined) return known;
		const node = byId.get(id);
		let mask = 0;
		if (node) {
			INCLUSIVE_GROUPS.forEach((g, index) => {
				if (g.match(node.callFrame)) mask |= 1 << index;
			});
		}
		const up = parent.get(id);
		if (up !== undefined) mask |= groupsOf(up);
		groupMemo.set(id, mask);
		return mask;
	};
	const groupUs = INCLUSIVE_GROUPS.map(() => 0);

	let totalUs = 0;
	let idleUs = 0;
	let oursInclusiveUs = 0;
	const ownerUs = new Map<string, number>();
	const functionUs = new Map<string, FunctionTime & { us: number }>();
	for (const [id, us] of selfUs) {
		const node = byId.get(id);
		if (!node) continue;
		totalUs += us;
		const owner = ownerOf(node.callFrame.url, node.callFrame.functionName);
		if (owner === 'idle') {
			idleUs += us;
			continue;
		}
		if (underOurs(id)) oursInclusiveUs += us;
		const mask = groupsOf(id);
		INCLUSIVE_GROUPS.forEach((_, index) => {
			if (mask & (1 << index)) groupUs[index] += us;
		});
		ownerUs.set(owner, (ownerUs.get(owner) ?? 0) + us);
		const label = labelOf(node);
		const entry = functionUs.get(label) ?? { label, owner, selfMs: 0, us: 0 };
		entry.us += us;
		functionUs.set(label, entry);
	}
	return {
		totalMs: totalUs / 1000,
		busyMs: (totalUs - idleUs) / 1000,
		byOwner: [...ownerUs]
			.map(([owner, us]) => ({ owner, selfMs: us / 1000 }))
			.sort((a, b) => b.selfMs - a.selfMs),
		top: [...functionUs.values()]
			.sort((a, b) => b.us - a.us)
			.slice(0, topN)
			.map(({ label, owner, us }) => ({ label, owner, selfMs: us / 1000 })),
		oursInclusiveMs: oursInclusiveUs / 1000,
		windowed,
		inclusive: INCLUSIVE_GROUPS.map((g, index) => ({ group: g.group, ms: groupUs[index] / 1000 })),
	};
}

/** Formats a summary as Markdown tables (owner shares, then the top functions). */
export function profileMarkdown(summary: ProfileSummary): string {
	const pct = (ms: number) => `${((100 * ms) / Math.max(summary.busyMs, 1e-9)).toFixed(1)}%`;
	const lines = [
		`${summary.windowed ? 'Samples inside the measured run only' : 'All samples (start-up included)'}. ` +
			`Busy (non-idle) sampled time: ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms. ` +
			`Time with one of our functions on the stack (inclusive): ${summary.oursInclusiveMs.toFixed(0)} ms (${pct(summary.oursInclusiveMs)}).`,
		'',
		'| where (inclusive; groups overlap) | ms | share of busy |',
		'|---|---:|---:|',
		...summary.inclusive.map((g) => `| ${g.group} | ${g.ms.toFixed(0)} | ${pct(g.ms)} |`),
		'',
		'| owner (self time) | self ms | share of busy |',
		'|---|---:|---:|',
		...summary.byOwner
			.slice(0, 12)
			.map((o) => `| ${o.owner} | ${o.selfMs.toFixed(0)} | ${pct(o.selfMs)} |`),
		...(summary.byOwner.length > 12
			? [
					`| (${summary.byOwner.length - 12} more owners) | ${summary.byOwner
						.slice(12)
						.reduce((n, o) => n + o.selfMs, 0)
						.toFixed(0)} | ${pct(summary.byOwner.slice(12).reduce((n, o) => n + o.selfMs, 0))} |`,
				]
			: []),
		'',
		'| function (self time) | owner | self ms | share of busy |',
		'|---|---|---:|---:|',
		...summary.top.map(
			(f) =>
				`| \`${f.label.replace(/\|/g, '\\|')}\` | ${f.owner} | ${f.selfMs.toFixed(0)} | ${pct(f.selfMs)} |`,
		),
	];
	return lines.join('\n');
}

if (require.main === module) {
	const { values, positionals } = parseArgs({
		options: { top: { type: 'string', default: '20' } },
		allowPositionals: true,
	});
	if (positionals.length !== 1) {
		console.error('usage: tsx tools/bench/cpuprofile.ts <file.cpuprofile> [--top N]');
		process.exit(2);
	}
	console.log(profileMarkdown(summariseProfile(positionals[0], Number(values.top))));
}
