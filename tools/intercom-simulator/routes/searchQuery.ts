/**
 * The part of `POST /contacts/search` beyond a single `=` filter (Intercom's OpenAPI 2.14 and
 * 2.16, "Search contacts"): nested `AND` / `OR` groups (at most 15 filters per group, at most 2
 * levels), the operators `=`, `!=`, `<`, `>`, `~` (contains), `^` (starts with), `$` (ends
 * with), and the fields role, id, email, email_domain, external_id, name, created_at,
 * signed_up_at, updated_at, last_seen_at, segment_id and tag_id (of the 1.x User's
 * `segments` / `tags` lists). `value: null` with `=` matches a contact without the field,
 * with `!=` one with it.
 *
 * Timestamps: up to API 2.16 Intercom matches them by the calendar day in the workspace's
 * time zone (the simulated workspace is on UTC): `=` the whole day, `>` from the start of
 * the next day, `<` before the start of that day. From 2.17 and on Unstable, by the exact
 * second. Date fields take only `=`, `<` and `>`; `tag_id` only `=` and `!=`. Anything else
 * is a 400 `parameter_invalid` message.
 */
import type { StoredRecord } from '../store';
import { isPlainObject } from '../util';

/** A compiled query: a predicate over stored records, or why Intercom would refuse it. */
export type CompiledQuery = { matches: (stored: StoredRecord) => boolean } | { error: string };

const MAX_PER_GROUP = 15;
const MAX_DEPTH = 2;
const DAY = 86_400;
const DATE_FIELDS = new Set(['created_at', 'signed_up_at', 'updated_at', 'last_seen_at']);
const STRING_FIELDS = new Set(['role', 'id', 'email', 'email_domain', 'external_id', 'name']);
const LIST_FIELDS = new Set(['segment_id', 'tag_id']);
const OPERATORS = new Set(['=', '!=', '<', '>', '~', '^', '$']);

/** Whether `version` matches timestamps by the exact second (2.17 on, Unstable). */
export function exactSecondDates(version: string): boolean {
	if (version === 'Unstable') return true;
	const minor = /^2\.(\d+)$/.exec(version)?.[1];
	return minor !== undefined && Number(minor) >= 17;
}

function ids(list: unknown, key: string): string[] {
	const inner = isPlainObject(list) ? list[key] : undefined;
	return Array.isArray(inner)
		? inner.flatMap((entry) =>
				isPlainObject(entry) && typeof entry.id === 'string' ? [entry.id] : [],
			)
		: [];
}

/** The record's value of a search field (a list for segment_id and tag_id). */
function fieldValue(stored: StoredRecord, field: string): unknown {
	const { user } = stored;
	const email = typeof user.email === 'string' ? user.email : null;
	switch (field) {
		case 'role':
			return stored.role;
		case 'email_domain':
			return email && email.includes('@') ? email.slice(email.lastIndexOf('@') + 1) : null;
		case 'external_id':
			return user.user_id;
		case 'last_seen_at':
			return user.last_request_at ?? null;
		case 'segment_id':
			return ids(user.segments, 'segments');
		case 'tag_id':
			return ids(user.tags, 'tags');
		default:
			return user[field] ?? null;
	}
}

function compareDate(actual: unknown, operator: string, value: number, exact: boolean): boolean {
	if (typeof actual !== 'number') return false;
	if (exact)
		return operator === '=' ? actual === value : operator === '<' ? actual < value : actual > value;
	const day = Math.floor(value / DAY) * DAY;
	if (operator === '=') return actual >= day && actual < day + DAY;
	return operator === '<' ? actual < day : actual >= day + DAY;
}

function compareText(actual: unknown, operator: string, value: string): boolean {
	if (Array.isArray(actual)) {
		return operator === '!=' ? !actual.includes(value) : actual.includes(value);
	}
	const text = typeof actual === 'string' ? actual : actual === null ? null : String(actual);
	if (operator === '!=') return text !== value;
	if (text === null) return false;
	if (operator === '=') return text === value;
	if (operator === '~') return text.includes(value);
	if (operator === '^') return text.startsWith(value);
	if (operator === '$') return text.endsWith(value);
	return false;
}

function compileFilter(filter: Record<string, unknown>, version: string): CompiledQuery {
	const { field, operator, value } = filter;
	if (typeof field !== 'string') return { error: 'field must be a string' };
	if (typeof operator !== 'string' || !OPERATORS.has(operator)) {
		return { error: `Unsupported operator ${JSON.stringify(operator)}` };
	}
	const isDate = DATE_FIELDS.has(field);
	if (!isDate && !STRING_FIELDS.has(field) && !LIST_FIELDS.has(field)) {
		return { error: `Unsupported search field ${JSON.stringify(field)}` };
	}
	if (value === null) {
		if (operator !== '=' && operator !== '!=') return { error: `${operator} does not take null` };
		return { matches: (stored) => (fieldValue(stored, field) === null) === (operator === '=') };
	}
	if (isDate) {
		if (!['=', '<', '>'].includes(operator)) {
			return { error: `The ${operator} operator is not supported on Date fields` };
		}
		const seconds = Number(value);
		if (!Number.isInteger(seconds)) return { error: `${field} takes a UNIX timestamp` };
		const exact = exactSecondDates(version);
		return {
			matches: (stored) => compareDate(fieldValue(stored, field), operator, seconds, exact),
		};
	}
	if (field === 'tag_id' && operator !== '=' && operator !== '!=') {
		return { error: 'Searching by tag_id supports only the = and != operators' };
	}
	if (['<', '>'].includes(operator)) return { error: `${operator} is not supported on ${field}` };
	if (typeof value !== 'string') return { error: `${field} takes a string value` };
	return { matches: (stored) => compareText(fieldValue(stored, field), operator, value) };
}

/** Compiles a search query for the API `version` sent (see the module comment). */
export function compileQuery(query: unknown, version: string, depth = 1): CompiledQuery {
	if (!isPlainObject(query)) return { error: 'query must be an object' };
	if (query.operator !== 'AND' && query.operator !== 'OR') return compileFilter(query, version);
	if (depth > MAX_DEPTH) return { error: `There's a limit of max ${MAX_DEPTH} nested filters` };
	const { value } = query;
	if (!Array.isArray(value) || value.length === 0)
		return { error: 'value must be a list of filters' };
	if (value.length > MAX_PER_GROUP) {
		return { error: `There's a limit of max ${MAX_PER_GROUP} filters for each AND or OR group` };
	}
	const parts: Array<(stored: StoredRecord) => boolean> = [];
	for (const part of value) {
		const compiled = compileQuery(part, version, depth + 1);
		if ('error' in compiled) return compiled;
		parts.push(compiled.matches);
	}
	return query.operator === 'AND'
		? { matches: (stored) => parts.every((matches) => matches(stored)) }
		: { matches: (stored) => parts.some((matches) => matches(stored)) };
}

/** Whether the query needs {@link compileQuery}: anything but one `=` filter on a field the index serves. */
export function needsCompiledQuery(
	query: Record<string, unknown>,
	indexed: readonly string[],
): boolean {
	return (
		query.operator === 'AND' ||
		query.operator === 'OR' ||
		query.operator !== '=' ||
		typeof query.field !== 'string' ||
		!indexed.includes(query.field) ||
		typeof query.value !== 'string'
	);
}
