/**
 * `npm run bench:n8n -- --simplify` without running n8n: which rows it plans, the workflows
 * those rows import (node version and Simplify), the users the simulator holds, and the
 * "Simplify: memory per 1,000 items" table it writes from a run's measurements.
 */
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
