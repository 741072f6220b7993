/**
 * `npm run bench:n8n -- --simplify` without running n8n: which rows it plans, the workflows
 * those rows import (node version and Simplify), the users the simulator holds, and the
 * "Simplify: memory per 1,000 items" table it writes from a run's measurements; and
 * `--cleanup`'s Simplify on and off: the flag, the workflows, and the table per API.
 */
import { benchWorkflow } from '../../tools/bench/n8n/cleanup';
import type { CleanupRun } from '../../tools/bench/n8n/cleanup-report';
import { memoryPerThousand, resultsTable } from '../../tools/bench/n8n/cleanup-report';
import type { Measurement } from '../../tools/bench/n8n/execute';
import { parseN8nFlags, SIMPLIFY_OUT, SIMPLIFY_ROWS } from '../../tools/bench/n8n/flags';
import { peer } from '../../tools/bench/n8n/peers';
import { renderTables } from '../../tools/bench/n8n/report';
import type { PeerKind } from '../../tools/bench/n8n/workflows';
import { buildWorkflow, NODE_UNDER_TEST } from '../../tools/bench/n8n/workflows';
import { generateFullUsers, generateUsers } from '../../tools/bench/users';

const nodeOf = (kind: PeerKind) =>
	buildWorkflow('w', peer(kind), 10, 'http://127.0.0.1:1').nodes.find(
		(node) => node.name === NODE_UNDER_TEST,
	) as { typeVersion: number; parameters: Record<string, unknown> };

/** One ok run: `peakRssMiB` and output items of `chars` JSON characters. */
const measured = (peakRssMiB: number, chars?: number): Measurement => ({
	ok: true,
	wallMs: 60_000,
	nodeMs: 50_000,
	statuses: new Map([[200, 10_000]]),
	failed: 0,
	peakRssMiB,
	cpuS: 50,
	outputCharsPerItem: chars,
	outputTail: '',
});

describe('bench:n8n --simplify', () => {
	it('runs only the NoOp row and Simplify on and off, unlimited at 10,000 items, into its own file', () => {
		const flags = parseN8nFlags(['--simplify', '--reps', '2']);
		expect(flags.rows).toEqual(SIMPLIFY_ROWS);
		expect(flags.items).toEqual([10_000]);
		expect(flags.oursOnlyItems).toEqual([]);
		expect(flags.limitedItems).toEqual([]);
		expect(flags.reportProfile).toEqual([]);
		expect(flags.count).toBe(false);
		expect(flags.reps).toBe(2);
		expect(flags.out).toBe(SIMPLIFY_OUT);
		// The full run keeps writing the full report, with its counts.
		const full = parseN8nFlags([]);
		expect(full.out).toBe('docs/BENCHMARKS-n8n.md');
		expect(full.count).toBe(true);
		expect(full.limitedItems).toEqual([10_000]);
	});

	it('imports a new (1.1) node with Simplify at its default or off, and keeps the other rows at version 1', () => {
		expect(nodeOf('oursEmailSimplified').typeVersion).toBe(1.1);
		expect(nodeOf('oursEmailSimplified').parameters).not.toHaveProperty('simplify');
		expect(nodeOf('oursEmailSimplifyOff').typeVersion).toBe(1.1);
		expect(nodeOf('oursEmailSimplifyOff').parameters.simplify).toBe(false);
		expect(nodeOf('oursEmailSimplifyOffFull').parameters.simplify).toBe(false);
		expect(nodeOf('oursEmail').typeVersion).toBe(1);
		expect(nodeOf('oursEmail').parameters).not.toHaveProperty('simplify');
		expect(peer('oursEmailSimplifiedFull').fullUsers).toBe(true);
		expect(peer('oursEmailSimplified').fullUsers).toBeUndefined();
	});

	it('seeds whole users with the same ids and emails as the lean ones, and every field of a 1.4 user', () => {
		const lean = generateUsers(3);
		const full = generateFullUsers(3);
		expect(full.map((u) => [u.id, u.email, u.user_id])).toEqual(
			lean.map((u) => [u.id, u.email, u.user_id]),
		);
		expect(Object.keys(full[1])).toEqual(
			expect.arrayContaining(['phone', 'location_data', 'companies', 'tags', 'social_profiles']),
		);
		expect(JSON.stringify(full[1]).length).toBeGreaterThan(4 * JSON.stringify(lean[1]).length);
	});

	it('prints memory per 1,000 items and JSON characters per item, on and off, with ratios to on', () => {
		const flags = parseN8nFlags(['--simplify', '--reps', '2']);
		const row = (kind: PeerKind, runs: Measurement[]) => ({
			key: { n: 10_000, limited: false },
			peer: peer(kind),
			measurements: runs,
		});
		const { text } = renderTables({
			flags: { ...flags, out: undefined },
			runs: [
				row('baseline', [measured(470), measured(476)]),
				row('oursEmailSimplifiedFull', [measured(990, 200), measured(994, 220)]),
				row('oursEmailSimplifyOffFull', [measured(1_120, 1_000), measured(1_116, 1_020)]),
			],
			n8nVersion: '2.41.1',
			nodeVersion: 'v24',
			minutes: 1,
		});
		const section = text.slice(text.indexOf('Simplify: memory per 1,000 items (same run)'));
		const lineOf = (label: string) => section.split('\n').find((l) => l.startsWith(label)) ?? '';
		// (992 − 473) / 10 = 51.9 on; (1,118 − 473) / 10 = 64.5 off: 1.24 ×; 1,010 / 210 = 4.81 ×.
		const on = lineOf('Intercom Users 1.1, by email, Simplify on, whole users ');
		const off = lineOf('Intercom Users 1.1, by email, Simplify off, whole users ');
		expect(on.split(/\s{2,}/)).toEqual(expect.arrayContaining(['992 (990–994)', '51.9', '210']));
		expect(off.split(/\s{2,}/)).toEqual(
			expect.arrayContaining(['1,118 (1,116–1,120)', '64.5', '1.24×', '1,010', '4.81×']),
		);
	});

	it('leaves the Simplify section out of a run without both rows', () => {
		const { text } = renderTables({
			flags: parseN8nFlags(['--rows', 'baseline,oursEmail']),
			runs: [
				{ key: { n: 1000, limited: false }, peer: peer('baseline'), measurements: [measured(400)] },
				{
					key: { n: 1000, limited: false },
					peer: peer('oursEmail'),
					measurements: [measured(500)],
				},
			],
			n8nVersion: '2.41.1',
			nodeVersion: 'v24',
			minutes: 1,
		});
		expect(text).not.toContain('Simplify: memory');
	});
});

/** One clean-up run of 10,000 (limited) or 1,000 (unlimited) users on the Users API. */
const cleanupRun = (simplify: boolean, limited: boolean, peakRssMiB: number): CleanupRun => ({
	api: 'users',
	simplify,
	n: limited ? 10_000 : 1_000,
	limited,
	ok: true,
	wallMs: limited ? 110_000 : 20_000,
	nodesMs: limited ? 100_700 : 10_000,
	getManyMs: 2_000,
	searches: limited ? 67 : 7,
	archives: limited ? 10_000 : 1_000,
	lookups: 0,
	other: 0,
	statuses: new Map(limited ? [[200, 10_067]] : [[200, 1_007]]),
	listed: limited ? 10_000 : 1_000,
	failed: 0,
	wrong: 0,
	peakRssMiB,
	cpuS: 50,
});

describe('bench:n8n --cleanup with Simplify on and off', () => {
	it('runs Simplify on and off by default, or the settings --cleanup-simplify names', () => {
		expect(parseN8nFlags(['--cleanup']).cleanupSimplify).toEqual([true, false]);
		expect(parseN8nFlags(['--cleanup', '--cleanup-simplify', 'off']).cleanupSimplify).toEqual([
			false,
		]);
		expect(() => parseN8nFlags(['--cleanup', '--cleanup-simplify', 'no'])).toThrow(
			'--cleanup-simplify takes on and/or off, got "no"',
		);
	});

	it('sets simplify: false on both Intercom Users nodes for off, and leaves the 1.1 default for on', () => {
		const intercomNodes = (simplify: boolean) =>
			(benchWorkflow('contacts', simplify).nodes as Array<Record<string, unknown>>).filter(
				(node) => node.type === 'n8n-nodes-intercom-users.intercomUsers',
			) as Array<{ id: string; typeVersion: number; parameters: Record<string, unknown> }>;
		const on = intercomNodes(true);
		const off = intercomNodes(false);
		expect(on.map((node) => node.typeVersion)).toEqual([1.1, 1.1]);
		expect(on.map((node) => node.parameters.simplify)).toEqual([undefined, undefined]);
		expect(off.map((node) => node.parameters.simplify)).toEqual([false, false]);
		expect(off.map((node) => node.parameters.operation)).toEqual(['getMany', 'archive']);
		expect(off[1].parameters.api).toBe('contacts');
		expect(benchWorkflow('contacts', false).id).not.toBe(benchWorkflow('contacts', true).id);
	});

	it('reports memory per 1,000 users for on and off, with off ÷ on, beside time vs bound, failed and 429s', () => {
		const on = { limited: cleanupRun(true, true, 900), small: cleanupRun(true, false, 540) };
		const off = { limited: cleanupRun(false, true, 1_000), small: cleanupRun(false, false, 550) };
		// On: (900 − 540) / 9 = 40.0; off: (1,000 − 550) / 9 = 50.0, 1.25 × on.
		expect(memoryPerThousand(on)).toBeCloseTo(40);
		const lines = resultsTable([off, on], 1_000).split('\n');
		const cells = (label: string) =>
			(lines.find((line) => line.startsWith(`| ${label} |`)) ?? '')
				.split('|')
				.map((cell) => cell.trim())
				.slice(2, -1);
		expect(cells('figure')).toEqual(['Simplify on', 'Simplify off', 'goal']);
		expect(cells('memory per 1,000 users')).toEqual(['40.0 MiB', '50.0 MiB (1.25 × on)', '']);
		expect(cells('Get Many start → Archive end / bound')).toEqual([
			'1.00 (100.7 s)',
			'1.00 (100.7 s)',
			'≤ 1.05',
		]);
		expect(cells('failed items')).toEqual(['0', '0', '0']);
		expect(cells('429 answers')).toEqual(['0 of 10,067 (0.00 %)', '0 of 10,067 (0.00 %)', '≤ 1 %']);
	});
});
