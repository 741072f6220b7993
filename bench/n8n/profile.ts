/**
 * Where the n8n process's CPU goes, per item: inclusive time of the parts of n8n and of
 * this package that a bulk run spends its time in, read from a V8 `.cpuprofile`
 * written by `node --cpu-prof` in the `n8n execute` process.
 */
import { readFileSync } from 'node:fs';

/** The parts of V8's cpuprofile format read here. */
interface CpuProfile {
	nodes: Array<{
		id: number;
		callFrame: { functionName: string; url: string };
		children?: number[];
	}>;
	samples?: number[];
	timeDeltas?: number[];
}

/** A frame as the groups see it. */
type Frame = CpuProfile['nodes'][number]['callFrame'];

/**
 * The groups: a sample counts for a group when one of its frames matches (inclusive
 * time). They overlap on purpose: an expression evaluated inside RoutingNode counts
 * under both.
 */
export const N8N_GROUPS: Array<{ group: string; match: (frame: Frame) => boolean }> = [
	{
		group: 'n8n RoutingNode.runNode, synchronous part (every item prepared before any request)',
		match: (f) => f.functionName === 'runNode' && f.url.includes('routing-node'),
	},
	{
		group: '  of it: RoutingNode.resolveBaseUrl (requestDefaults and every property again)',
		match: (f) => f.functionName === 'resolveBaseUrl' && f.url.includes('routing-node'),
	},
	{
		group: 'n8n expression evaluation (Expression.resolveSimpleParameterValue)',
		match: (f) => f.functionName === 'resolveSimpleParameterValue' && f.url.includes('expression'),
	},
	{
		group: 'n8n getNodeParameter (parameter reads, incl. their expressions)',
		match: (f) => f.functionName === 'getNodeParameter' && f.url.includes('n8n-core'),
	},
	{
		group: 'n8n getCredentials (database read and decryption)',
		match: (f) => f.functionName === 'getCredentials' && f.url.includes('n8n-core'),
	},
	{
		group:
			"n8n credentialsHelper.authenticate (calls the credential's authenticate: the Bearer header)",
		match: (f) => f.functionName === 'authenticate' && f.url.includes('credentials-helper'),
	},
	{
		group: 'ours: runItem (actions/runner.js) and what it calls synchronously',
		match: (f) => f.functionName === 'runItem' && /IntercomUsers\/actions\/runner/.test(f.url),
	},
	{
		group: 'ours: send (transport/send.js)',
		match: (f) => /IntercomUsers\/transport\/send/.test(f.url),
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

/** Busy (non-idle) sampled time and inclusive time per {@link N8N_GROUPS} entry, in ms. */
export interface GroupTimes {
	busyMs: number;
	groups: Array<{ group: string; ms: number }>;
}

/** Reads a `.cpuprofile` and sums busy and per-group inclusive time (see {@link GroupTimes}). */
export function groupTimes(file: string): GroupTimes {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) {
		for (const child of node.children ?? []) parent.set(child, node.id);
	}
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	const memo = new Map<number, boolean[]>();
	const matchesOf = (id: number): boolean[] => {
		const known = memo.get(id);
		if (known) return known;
		const frame = byId.get(id)?.callFrame;
		const up = parent.get(id);
		const above = up === undefined ? N8N_GROUPS.map(() => false) : matchesOf(up);
		const own = N8N_GROUPS.map((g, i) => above[i] || (frame ? g.match(frame) : false));
		memo.set(id, own);
		return own;
	};
	let busyUs = 0;
	const groupUs = N8N_GROUPS.map(() => 0);
	for (let i = 0; i < samples.length; i++) {
		const us = deltas[i + 1] ?? 0;
		const frame = byId.get(samples[i])?.callFrame;
		if (frame?.functionName === '(idle)') continue;
		busyUs += us;
		matchesOf(samples[i]).forEach((hit, g) => {
			if (hit) groupUs[g] += us;
		});
	}
	return {
		busyMs: busyUs / 1000,
		groups: N8N_GROUPS.map((g, i) => ({ group: g.group, ms: groupUs[i] / 1000 })),
	};
}
