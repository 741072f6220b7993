/**
 * The n8n release lines the real-n8n tests run against, with their pins, and how to
 * get a line's Node and n8n from the cache.
 *
 * | line | n8n | Node |
 * |---|---|---|
 * | 2.x | `$E2E_N8N2_VERSION` or 2.41.1 | `$E2E_NODE24_VERSION` or 24.22.3, from npm |
 * | 1.x | `$E2E_N8N1_VERSION` or 1.123.81 | the Node running this process (20.x in CI) |
 */
import type { InstallResult, NodeRuntime } from './cache';
import { currentNode, ensureN8n, ensureNodeFromNpm } from './cache';
import type { Log, Timing } from './log';

/** n8n 2.x line (needs Node >= 24). 2.41.3, the registry's `latest`, does not resolve here. */
export const N8N2_VERSION = process.env.E2E_N8N2_VERSION || '2.41.1';
/** Node 24 from the npm registry's `node-<os>-<arch>` package, for the 2.x line. */
export const NODE24_VERSION = process.env.E2E_NODE24_VERSION || '24.22.3';
/**
 * n8n 1.x line, run on the Node that runs this process (Node 20 in CI). 1.123.81 is
 * the newest 1.x release; its engines field accepts Node >= 20.19.
 */
export const N8N1_VERSION = process.env.E2E_N8N1_VERSION || '1.123.81';

/** One n8n release line: which n8n, on which Node, with which extra settings. */
export interface LineSpec {
	/** `2.x` or `1.x`; what `E2E_LINES` selects by. */
	label: string;
	/** The n8n version to install and run. */
	n8nVersion: string;
	/** Gets this line's Node, from the cache or the running process. */
	runtime: (root: string, log: Log) => Promise<{ runtime: NodeRuntime; install?: InstallResult }>;
	/** npm `overrides` for the n8n install. */
	overrides?: Record<string, string>;
	/** Extra environment for this line's n8n processes. */
	env?: Record<string, string>;
	/** Why `env` is needed, printed with the result. */
	note?: string;
}

/**
 * The expression engine for the 1.x line. n8n 1.123.76 and later default to the "vm"
 * engine, which needs isolated-vm 6 (Node >= 22: no build for Node 20's ABI, and its
 * sources do not compile against Node 20's V8), so their CLI exits at start-up on
 * Node 20. There the line uses n8n's other engine, "legacy". E2E_N8N1_EXPRESSION_ENGINE
 * overrides the choice; "default" leaves n8n's own default in place.
 */
export function n8n1ExpressionEngine(): { env?: Record<string, string>; note?: string } {
	const chosen = process.env.E2E_N8N1_EXPRESSION_ENGINE;
	if (chosen === 'default') return {};
	if (chosen)
		return { env: { N8N_EXPRESSION_ENGINE: chosen }, note: `N8N_EXPRESSION_ENGINE=${chosen}` };
	if (Number(process.versions.node.split('.')[0]) >= 22) return {};
	return {
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
		note: 'N8N_EXPRESSION_ENGINE=legacy: the default "vm" engine needs isolated-vm 6, Node >= 22',
	};
}

/** Every line, newest first: 2.x, then 1.x. */
export const LINES: LineSpec[] = [
	{
		label: '2.x',
		n8nVersion: N8N2_VERSION,
		runtime: (root, log) => ensureNodeFromNpm(root, NODE24_VERSION, log),
	},
	{
		label: '1.x',
		n8nVersion: N8N1_VERSION,
		runtime: async () => ({ runtime: currentNode() }),
		// n8n-nodes-base 1.x depends on xlsx from a tarball URL outside the npm registry.
		overrides: { xlsx: '0.18.5' },
		...n8n1ExpressionEngine(),
	},
];

/**
 * The lines named in a comma-separated list such as `2.x,1.x` (spaces allowed), in
 * {@link LINES} order; unknown names are ignored, so the result may be empty.
 */
export function selectLines(list: string): LineSpec[] {
	const wanted = list
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	return LINES.filter((line) => wanted.includes(line.label));
}

/** A line's Node and n8n, ready to run. */
export interface PreparedLine {
	runtime: NodeRuntime;
	/** Absolute path of n8n's `bin/n8n` script; run it with `runtime.bin`. */
	n8nBin: string;
}

/**
 * Gets the line's Node and n8n from the cache, installing what is missing, and
 * appends `<what> install` steps to `timings` (Node first, when it comes from npm;
 * `cached: true` when nothing was installed). Throws when an install fails.
 */
export async function prepareLine(
	spec: LineSpec,
	root: string,
	log: Log,
	timings: Timing[],
): Promise<PreparedLine> {
	const { runtime, install: nodeInstall } = await spec.runtime(root, log);
	if (nodeInstall) {
		const step = `Node ${runtime.version.replace(/^v/, '')} install`;
		timings.push({ step, ms: nodeInstall.ms, cached: nodeInstall.cached });
	}
	const n8n = await ensureN8n(root, spec.n8nVersion, runtime, spec.overrides, log);
	timings.push({
		step: `n8n ${spec.n8nVersion} install`,
		ms: n8n.install.ms,
		cached: n8n.install.cached,
	});
	return { runtime, n8nBin: n8n.bin };
}
