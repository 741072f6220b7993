/** A date as Unix seconds, or what is wrong with the value (for an error naming the field). */
export type ReadDate = { seconds: number } | { problem: string };

/** Epoch numbers at or above this are milliseconds (10^11 s is the year 5138). */
const MILLISECONDS_FROM = 1e11;

const NAIVE_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const HAS_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** The offset of `timezone` from UTC at the UTC instant `ms`, in ms (0 for an unknown zone). */
function zoneOffsetMs(ms: number, timezone: string): number {
	let parts: Intl.DateTimeFormatPart[];
	try {
		parts = new Intl.DateTimeFormat('en-US', {
			timeZone: timezone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		}).formatToParts(new Date(ms));
	} catch {
		return 0;
	}
	const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value ?? 0);
	const asUtc = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second'),
	);
	return asUtc - Math.floor(ms / 1000) * 1000;
}

/** A wall-clock time without an offset (what n8n's date picker gives), read in `timezone`. */
function naiveToMs(match: RegExpExecArray, timezone: string): number | undefined {
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0'] = match;
	const wall = Date.UTC(
		Number(year),
		Number(month) - 1,
		Number(day),
		Number(hour),
		Number(minute),
		Number(second),
		Number(fraction.padEnd(3, '0').slice(0, 3)),
	);
	const date = new Date(wall);
	if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) {
		return undefined;
	}
	// Twice: the offset at the guess may differ from the offset at the answer across a DST change.
	const first = wall - zoneOffsetMs(wall, timezone);
	return wall - zoneOffsetMs(first, timezone);
}

/** The last second of the year 9999 (Unix seconds): later is no date a user was seen. */
const LAST_SECOND = 253402300799;

function fromNumber(value: number): ReadDate {
	if (!Number.isFinite(value) || value < 0) {
		return { problem: `is ${value}, not a date (expected Unix seconds or milliseconds)` };
	}
	const milliseconds = value >= MILLISECONDS_FROM;
	if (!Number.isInteger(value)) {
		return {
			problem: `is ${value}, not a whole number of ${milliseconds ? 'milliseconds' : 'seconds'} (expected Unix seconds or milliseconds)`,
		};
	}
	const seconds = milliseconds ? Math.floor(value / 1000) : value;
	if (seconds > LAST_SECOND) {
		return { problem: `is ${value}, after the year 9999 (expected Unix seconds or milliseconds)` };
	}
	return { seconds };
}

function fromText(text: string, timezone: string): ReadDate {
	const value = text.trim();
	if (/^\d+(\.\d+)?$/.test(value)) return fromNumber(Number(value));
	const naive = NAIVE_ISO.exec(value);
	const ms = naive
		? naiveToMs(naive, timezone)
		: HAS_OFFSET.test(value) && /^\d{4}-\d{2}-\d{2}T/.test(value)
			? Date.parse(value)
			: undefined;
	if (ms === undefined || Number.isNaN(ms)) {
		return {
			problem: `"${value}" is not a date (expected e.g. 2024-06-15, 2024-06-15T09:30:00+02:00 or Unix seconds)`,
		};
	}
	return fromNumber(ms);
}

/**
 * Reads an n8n date value as Unix seconds: a Luxon DateTime or JS Date (expressions such as
 * `{{ $now.minus({ years: 2 }) }}`), an ISO text (one without an offset is wall-clock time in
 * `timezone`, the workflow's, as n8n's date picker means it), or epoch seconds or milliseconds.
 */
export function toUnixSeconds(value: unknown, timezone: string): ReadDate {
	if (typeof value === 'number') return fromNumber(value);
	if (typeof value === 'string') return fromText(value, timezone);
	if (value instanceof Date) return fromNumber(value.getTime());
	const luxon = value as { toMillis?: unknown; isValid?: unknown } | null;
	if (luxon && typeof luxon.toMillis === 'function') {
		if (luxon.isValid === false) return { problem: 'is an invalid date' };
		return fromNumber((luxon.toMillis as () => number).call(value));
	}
	return { problem: `must be a date, but the value is ${value === null ? 'null' : typeof value}` };
}
