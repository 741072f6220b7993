/**
 * How `POST /contacts/search` compares a date filter (`created_at`, `signed_up_at`,
 * `updated_at`, `last_seen_at`), by API version and workspace timezone.
 *
 * Intercom's OpenAPI 2.14 and 2.16 ("Searching for Timestamp Fields"): a timestamp is
 * matched by its calendar day in the workspace's timezone, `=` matching the whole day,
 * `>` from the start of the next day, `<` before the start of that day. Intercom's
 * 2.17 changelog moves search to the exact UTC second, and Preview / Unstable follow
 * 2.17. API 1.x has no contact search.
 */

/** `calendarDay`: by the day in the workspace's timezone; `exactSecond`: by the UNIX second. */
export type TimestampMatching = 'calendarDay' | 'exactSecond';

/** The last 2.x minor version whose search matches timestamps by calendar day. */
const LAST_CALENDAR_DAY_MINOR = 16;

/** The workspace timezone the simulator assumes unless told otherwise. */
export const DEFAULT_TIME_ZONE = 'UTC';

/**
 * How `POST /contacts/search` compares timestamps for this `Intercom-Version`: 2.0 to
 * 2.16 by calendar day in the workspace's timezone, 2.17 and later, `Preview` and
 * `Unstable` (any letter case) by the exact UTC second; undefined for a version
 * without the Contacts search (1.x, or anything else).
 *
 * @example timestampMatching('2.14') // 'calendarDay'
 */
export function timestampMatching(version: string): TimestampMatching | undefined {
	const trimmed = version.trim();
	if (/^(preview|unstable)$/i.test(trimmed)) return 'exactSecond';
	const minor = /^2\.(\d+)$/.exec(trimmed);
	if (!minor) return undefined;
	return Number(minor[1]) <= LAST_CALENDAR_DAY_MINOR ? 'calendarDay' : 'exactSecond';
}

/** One formatter per timezone, giving a date's local year, month, day, hour, minute, second. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The formatter for `timeZone`. Throws a RangeError for a name Intl does not know
 * (so {@link checkTimeZone} can reject it up front).
 */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/** Throws a TypeError naming `timeZone` unless it is an IANA timezone Intl knows (e.g. "Europe/Berlin"). */
export function checkTimeZone(timeZone: string): void {
	try {
		formatterFor(timeZone);
	} catch {
		throw new TypeError(
			`Intercom simulator: unknown workspace timezone ${JSON.stringify(timeZone)} (an IANA name such as "Europe/Berlin" is expected)`,
		);
	}
}

/** The local wall-clock fields of a UNIX second in `timeZone`. */
function wallClock(seconds: number, timeZone: string): Record<string, number> {
	const fields: Record<string, number> = {};
	for (const part of formatterFor(timeZone).formatToParts(new Date(seconds * 1000))) {
		if (part.type !== 'literal') fields[part.type] = Number(part.value);
	}
	return fields;
}

/** The timezone's offset from UTC at a UNIX second, in seconds (east positive). */
function offsetAt(seconds: number, timeZone: string): number {
	const w = wallClock(seconds, timeZone);
	return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) / 1000 - seconds;
}

/**
 * The UNIX second of local midnight starting the day `year-month-day` in `timeZone`
 * (`day` may overflow into the next month, as with Date.UTC). The offset is read twice,
 * so a day whose offset differs from the previous day's still starts at its midnight.
 */
function localMidnight(year: number, month: number, day: number, timeZone: string): number {
	const utcMidnight = Date.UTC(year, month - 1, day) / 1000;
	let start = utcMidnight - offsetAt(utcMidnight, timeZone);
	start = utcMidnight - offsetAt(start, timeZone);
	return start;
}

/**
 * The seconds `[start, end)` a date filter's value stands for: with `calendarDay`, the
 * whole local day of `value` in `timeZone`; with `exactSecond`, `value` alone. So a
 * stored timestamp `t` matches `=` when start <= t < end, `<` when t < start and `>`
 * when t >= end.
 *
 * @example timestampWindow(1577869200, 'calendarDay', 'UTC') // { start: 1577836800, end: 1577923200 }
 */
export function timestampWindow(
	value: number,
	matching: TimestampMatching,
	timeZone: string = DEFAULT_TIME_ZONE,
): { start: number; end: number } {
	if (matching === 'exactSecond') return { start: value, end: value + 1 };
	const local = wallClock(value, timeZone);
	return {
		start: localMidnight(local.year, local.month, local.day, timeZone),
		end: localMidnight(local.year, local.month, local.day + 1, timeZone),
	};
}

/**
 * True when a stored timestamp (UNIX seconds, null when the contact has none) matches
 * the date filter `operator value` as Intercom's search for `matching` compares it
 * (see {@link timestampWindow}); a null timestamp matches no comparison.
 *
 * @example matchesTimestamp(1577880000, '>', 1577869200, 'calendarDay') // false: same day
 */
export function matchesTimestamp(
	stored: number | null,
	operator: '=' | '<' | '>',
	value: number,
	matching: TimestampMatching,
	timeZone: string = DEFAULT_TIME_ZONE,
): boolean {
	if (stored === null) return false;
	const { start, end } = timestampWindow(value, matching, timeZone);
	if (operator === '=') return stored >= start && stored < end;
	return operator === '<' ? stored < start : stored >= end;
}
