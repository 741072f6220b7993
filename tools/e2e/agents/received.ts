/**
 * What a model received from the tool, per call: the checks against expectations.ts
 * and the printed table of characters per call and path.
 */
import type { Log } from '../../real-n8n/log';
import type { CallKind } from './expectations';
import { EXPECTATIONS, leanEnforced, patternFor, sizeLimit } from './expectations';
import type { Scenario } from './scenarios';

/** What the model received for one scenario; `text` undefined when it received nothing. */
export interface Received {
	scenario: Scenario;
	text: string | undefined;
}

/** The result of checking what was received. */
export interface ReceivedCheck {
	/** Failures of the baseline (always) and, when enforced, of the lean level. */
	failures: string[];
	/** Lean misses when the lean level is not enforced. */
	wouldFail: string[];
}

/** Checks each received text against its kind's expectations (see expectations.ts). */
export function checkReceived(received: Received[]): ReceivedCheck {
	const enforce = leanEnforced();
	const failures: string[] = [];
	const wouldFail: string[] = [];
	for (const { scenario, text } of received) {
		const where = `${scenario.key}: what the model received`;
		if (text === undefined) {
			failures.push(`${where}: nothing (no tool result reached the model)`);
			continue;
		}
		const expectation = EXPECTATIONS[scenario.kind];
		for (const { what, pattern } of expectation.baseline) {
			if (!patternFor(pattern, scenario.email).test(text)) {
				failures.push(`${where} does not state ${what}: ${text}`);
			}
		}
		const lean: string[] = [];
		for (const { what, pattern } of expectation.lean) {
			if (!patternFor(pattern, scenario.email).test(text)) lean.push(`does not state ${what}`);
		}
		const limit = sizeLimit(scenario.kind);
		if (text.length > limit) lean.push(`is ${text.length} characters, over ${limit}`);
		for (const miss of lean) (enforce ? failures : wouldFail).push(`${where} ${miss}`);
	}
	return { failures, wouldFail };
}

const KINDS: CallKind[] = ['success', 'notFound', 'conflict', 'refusal', 'dryRun'];

/**
 * Prints every received text in full with its size, then the table of characters per
 * kind of call and path (`-` where nothing was measured).
 */
export function printReceived(received: Received[], log: Log): void {
	log('what the model received, per call (characters, then the text as received):');
	for (const { scenario, text } of received) {
		log(`  ${scenario.key} (${text?.length ?? 0} chars): ${text ?? '(nothing)'}`);
	}
	const size = (path: string, kind: CallKind) =>
		received.find((r) => r.scenario.path === path && r.scenario.kind === kind)?.text?.length;
	const cell = (value: number | undefined) => (value === undefined ? '-' : String(value));
	log(
		`characters the model received (lean limits: success ${sizeLimit('success')}, error ${sizeLimit('notFound')}; ${leanEnforced() ? 'enforced' : 'reported only'}):`,
	);
	log(`  ${'call'.padEnd(10)} ${'AI Agent'.padStart(9)} ${'MCP'.padStart(9)}`);
	for (const kind of KINDS) {
		log(
			`  ${kind.padEnd(10)} ${cell(size('agent', kind)).padStart(9)} ${cell(size('mcp', kind)).padStart(9)}`,
		);
	}
}
