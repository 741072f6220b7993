/**
 * What the AI Agent and MCP checks expect a model to receive from the Intercom Users
 * Tool, in one place.
 *
 * Two levels:
 * - `baseline`: what the tool says today and must keep saying (the outcome in a word
 *   the model can act on). Always asserted.
 * - `lean`: the aim of lean, explained answers: a success at most
 *   {@link LEAN_LIMITS.successMaxChars} characters, an error at most
 *   {@link LEAN_LIMITS.errorMaxChars}, each with its explanation. Asserted only when
 *   {@link leanEnforced} is true; otherwise each miss is printed as `would fail`, so
 *   the gap stays visible.
 *
 * Switch the lean level on by setting {@link ENFORCE_LEAN} to true here (or, for one
 * run, `E2E_AGENT_LEAN=enforce`; `E2E_AGENT_LEAN=report` forces report-only).
 */

/** Whether the lean-answer assertions fail the line. Flip to true once the lean answers are in. */
export const ENFORCE_LEAN = true;

/** The size limits of the lean level, in characters of what the model receives. */
export const LEAN_LIMITS = {
	successMaxChars: 200,
	errorMaxChars: 400,
};

/** {@link ENFORCE_LEAN}, unless `E2E_AGENT_LEAN` is `enforce` or `report`. */
export function leanEnforced(): boolean {
	const chosen = process.env.E2E_AGENT_LEAN;
	if (chosen === 'enforce') return true;
	if (chosen === 'report') return false;
	return ENFORCE_LEAN;
}

/** The kinds of call measured, in table order. */
export type CallKind = 'success' | 'notFound' | 'conflict' | 'refusal' | 'dryRun';

/** What a model must find in what it receives for one kind of call. */
export interface Expectation {
	/** Whether it counts as a success (size limit `successMaxChars`) or an error (`errorMaxChars`). */
	result: 'success' | 'error';
	/** Always asserted: each pattern must match what the model received. */
	baseline: Array<{ what: string; pattern: RegExp }>;
	/** Asserted with the lean level: the explanation (each pattern must match). */
	lean: Array<{ what: string; pattern: RegExp }>;
}

/**
 * Per kind of call. `{email}` in a pattern's source stands for the user's email,
 * escaped (see {@link patternFor}).
 */
export const EXPECTATIONS: Record<CallKind, Expectation> = {
	success: {
		result: 'success',
		baseline: [{ what: 'the user it archived', pattern: /\{email\}/ }],
		lean: [{ what: 'what was done', pattern: /archived/i }],
	},
	notFound: {
		result: 'error',
		baseline: [{ what: 'the outcome "not found"', pattern: /not[ _]?found/i }],
		lean: [
			{ what: 'that the user may already be archived', pattern: /already (been |be )?archived/i },
		],
	},
	conflict: {
		result: 'error',
		baseline: [
			{
				what: 'the outcome (several users match)',
				pattern: /conflict|several|multiple|more than one/i,
			},
		],
		lean: [
			{
				what: 'that nobody was changed',
				pattern:
					/(nobody|no user|no one|none of them)\b[^.]*\b(changed|archived)|not (been )?(changed|archived)/i,
			},
		],
	},
	refusal: {
		result: 'error',
		baseline: [{ what: 'the refusal (confirmation)', pattern: /confirm/i }],
		lean: [{ what: 'that no request was sent', pattern: /no request was sent/i }],
	},
	dryRun: {
		result: 'success',
		baseline: [{ what: 'the user it looked up', pattern: /\{email\}/ }],
		lean: [{ what: 'that nothing was changed (dry run)', pattern: /dry.?run|would/i }],
	},
};

/** `pattern` with `{email}` replaced by `email`, escaped. */
export function patternFor(pattern: RegExp, email: string): RegExp {
	const escaped = email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(pattern.source.replace('\\{email\\}', escaped), pattern.flags);
}

/** The size limit for `kind`. */
export function sizeLimit(kind: CallKind): number {
	return EXPECTATIONS[kind].result === 'success'
		? LEAN_LIMITS.successMaxChars
		: LEAN_LIMITS.errorMaxChars;
}
