/**
 * Small value and header helpers shared by the simulator's modules. Nothing here
 * knows about Intercom; every function is pure and never throws.
 */

/** A header as one string: arrays are joined with ", "; undefined stays undefined. */
export function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Merges header records case-insensitively: later records win, keeping the later
 * spelling of the name, and a name set again moves to the end (so the order of the
 * result is the order of each name's last occurrence). Names for which `drop(lowerName)`
 * is true are left out; undefined records are skipped.
 *
 * @example mergeHeaders([{ 'Content-Type': 'a' }, { 'content-type': 'b' }]) // { 'content-type': 'b' }
 */
export function mergeHeaders(
	records: Array<Record<string, string> | undefined>,
	drop: (lowerName: string) => boolean = () => false,
): Record<string, string> {
	const byLower = new Map<string, [string, string]>();
	for (const record of records) {
		if (!record) continue;
		for (const [name, value] of Object.entries(record)) {
			const lower = name.toLowerCase();
			if (drop(lower)) continue;
			byLower.delete(lower);
			byLower.set(lower, [name, value]);
		}
	}
	return Object.fromEntries(byLower.values());
}

/** True for a non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a string, else null. */
export function stringOrNull(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}

/** The value when it is an integer, else null. */
export function integerOrNull(value: unknown): number | null {
	return Number.isInteger(value) ? (value as number) : null;
}

/**
 * Parses a JSON request body that must be an object: '' (or only whitespace) counts
 * as `{}`; anything that is not JSON, or JSON other than an object, gives undefined.
 */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
	if (body.trim() === '') return {};
	try {
		const parsed: unknown = JSON.parse(body);
		return isPlainObject(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Splits a raw HTTP request target (e.g. "/users?email=wash%40serenity.io") at its
 * first '?': `path` is everything before it, `rawQuery` everything after it ('' when
 * there is no '?'). Nothing is decoded.
 */
export function splitRequestTarget(url: string): { path: string; rawQuery: string } {
	const q = url.indexOf('?');
	return { path: q === -1 ? url : url.slice(0, q), rawQuery: q === -1 ? '' : url.slice(q + 1) };
}
