import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiChoice, SelectBy, Target, UserOperation } from './types';
import { SELECT_BY } from './types';
import { OPERATION_WORDS } from './vocabulary';
import { NO_REQUEST_FOR_ITEM } from './words';

/** The item a check is about: the node (for n8n's error) and the item's index (0-based, as n8n counts). */
export interface ItemRef {
	node: INode;
	itemIndex: number;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** local@domain: no whitespace, one `@` between a non-empty local part and a dotted domain. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
/** A 2.x version such as `2.14`, or Intercom's `Unstable` version. */
const CONTACTS_VERSION = /^(2\.\d{1,2}|Unstable)$/;

/** Control characters (category Cc); C1 ones come with text from old encodings. */
const CONTROL = /\p{Cc}/u;
/** Line and paragraph separators (U+2028, U+2029): `trim()` removes them only at the ends. */
const LINE_BREAK = /[\u2028\u2029]/u;
/**
 * Any character a value must not hold: a control character, a line or paragraph
 * separator, a format character (category Cf: zero-width ones, soft hyphen, bidi
 * controls …) or a Hangul filler (a letter by category, but blank). `trim()` keeps them.
 */
const UNWANTED = /[\p{Cc}\u2028\u2029\p{Cf}\u115F\u1160\u3164\uFFA0]/u;

/** `U+200B`, `U+0085`, `U+E0041`: a code point as Unicode writes it. */
function codePointName(code: number): string {
	return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The first character of `value` that must not be there ({@link UNWANTED}), as the
 * problem to report, named by its whole code point; `value` holds no lone surrogate.
 */
function unwantedCharacter(value: string): string | undefined {
	const found = UNWANTED.exec(value)?.[0];
	if (found === undefined) return undefined;
	const name = codePointName(found.codePointAt(0) as number);
	if (CONTROL.test(found)) return `contains a control character ${name}`;
	if (LINE_BREAK.test(found)) return `contains a line break ${name}`;
	return `contains an invisible character ${name}`;
}

/** Quote pairs people and AI agents wrap pasted values in: straight, typographic, backticks. */
const QUOTES: ReadonlyArray<readonly [string, string]> = [
	["'", "'"],
	['"', '"'],
	['\u2018', '\u2019'],
	['\u201C', '\u201D'],
	['`', '`'],
];

/**
 * What is wrong with an email carrying a list separator (`,` `;`, as spreadsheet cells
 * do): Intercom matches emails exactly, so it would find nobody and, with Ignore Not
 * Found, pass for "already archived".
 */
export function listSeparator(value: string): string | undefined {
	const found = /[,;]/.exec(value);
	if (!found) return undefined;
	const name = found[0] === ',' ? 'comma' : 'semicolon';
	const bare = value.replace(/[,;\s]+$/, '');
	if (bare !== value && !/[,;]/.test(bare) && EMAIL.test(bare)) {
		return `has a trailing ${name}: use ${bare}`;
	}
	return `contains a ${name}: give one address per item`;
}

/**
 * The wrapper around a pasted email address (`Name <address>`, angle brackets,
 * `mailto:`, quotes; nested ones peeled, the first named) and the bare address inside.
 */
export function emailWrapper(value: string): { wrapper: string; address: string } | undefined {
	let inner = value;
	let wrapper: string | undefined;
	for (let peel = 0; peel < 3; peel++) {
		let found: string | undefined;
		const angle = /^(.*?)\s*<([^<>]*)>$/s.exec(inner);
		const quote = QUOTES.find(
			([open, close]) => inner.length > 2 && inner.startsWith(open) && inner.endsWith(close),
		);
		if (angle) {
			found =
				angle[1].trim() === ''
					? 'is wrapped in angle brackets'
					: `has a display name (${angle[1].trim()}) around the address`;
			inner = angle[2].trim();
		} else if (/^mailto:/i.test(inner)) {
			found = 'starts with "mailto:"';
			inner = inner.slice('mailto:'.length).trim();
		} else if (quote) {
			found = 'is wrapped in quotes';
			inner = inner.slice(quote[0].length, inner.length - quote[1].length).trim();
		}
		if (found === undefined) break;
		wrapper ??= found;
	}
	return wrapper !== undefined && EMAIL.test(inner) ? { wrapper, address: inner } : undefined;
}

/**
 * Checks the selector (`archiveBy`) and its value for one item, locally (rules in the
 * README, "Validation"): whole numbers become text; the value is trimmed and must be
 * non-empty, well-formed Unicode without control, separator or invisible characters
 * (copied values carry them, and then match nobody: the error names the code point,
 * since it cannot be seen). An email must look like one and come unwrapped; an Intercom
 * ID must not be `.` or `..`. Resolves in Unicode NFC, keeping another given form.
 *
 * @throws NodeOperationError naming the field and what is wrong; the caller sends nothing
 */
export function checkTarget(
	ref: ItemRef,
	operation: UserOperation,
	by: unknown,
	readValue: (parameter: string) => unknown,
): Target {
	const { node, itemIndex } = ref;
	if (typeof by !== 'string' || !Object.prototype.hasOwnProperty.call(SELECT_BY, by)) {
		throw new NodeOperationError(
			node,
			`${OPERATION_WORDS[operation]?.selectorLabel ?? 'Archive By'} "${String(by)}" is not supported. Use email, id or userId.`,
			{ itemIndex, description: NO_REQUEST_FOR_ITEM },
		);
	}
	const { label, parameter } = SELECT_BY[by as SelectBy];
	const fail = (problem: string) =>
		new NodeOperationError(node, `${label} ${problem}`, {
			itemIndex,
			description: `Check the "${label}" field of item ${itemIndex}. ${NO_REQUEST_FOR_ITEM}`,
		});
	const raw = readValue(parameter);
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		throw fail(`must be text, but the value is ${raw === null ? 'null' : typeof raw}`);
	}
	if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
		throw fail(`must be text or a whole number, but the value is ${raw}`);
	}
	const value = String(raw).trim();
	if (value === '') {
		throw fail(String(raw) === '' ? 'is empty' : 'is only whitespace');
	}
	if (LONE_SURROGATE.test(value)) throw fail('contains a broken Unicode character');
	const unwanted = unwantedCharacter(value);
	if (unwanted) throw fail(unwanted);
	if (by === 'email') {
		const wrapped = emailWrapper(value);
		if (wrapped) throw fail(`"${value}" ${wrapped.wrapper}: use ${wrapped.address}`);
		const separated = listSeparator(value);
		if (separated) throw fail(`"${value}" ${separated}`);
		if (!EMAIL.test(value)) {
			throw fail(`"${value}" is not an email address (expected name@example.com)`);
		}
	}
	if (by === 'id' && (value === '.' || value === '..')) {
		throw fail(`"${value}" is not a valid ID (a path step, not an Intercom ID)`);
	}
	// Unicode NFC first (what keyboards and most systems store); the form as given is kept
	// for a second lookup when the first finds nobody (see Target.given).
	const composed = value.normalize('NFC');
	return {
		by: by as SelectBy,
		value: composed,
		label,
		...(composed !== value ? { given: value } : {}),
	};
}

/**
 * Checks the API choice: the Users API sends `Intercom-Version: 1.4`, the Contacts API
 * the chosen 2.x version, trimmed (read only for the Contacts API).
 */
export function checkApi(ref: ItemRef, generation: unknown, version: () => unknown): ApiChoice {
	const { node, itemIndex } = ref;
	if (generation === 'users') return { generation, version: '1.4' };
	if (generation !== 'contacts') {
		throw new NodeOperationError(
			node,
			`API "${String(generation)}" is not supported. Use users or contacts.`,
			{
				itemIndex,
			},
		);
	}
	const raw = version();
	if (typeof raw !== 'string') {
		// A number would lose trailing zeros on the way (2.10 → "2.1", another API version).
		throw new NodeOperationError(
			node,
			`Contacts API Version must be text such as "2.10", but the value is ${typeof raw === 'number' ? `the number ${raw}` : typeof raw}`,
			{ itemIndex, description: NO_REQUEST_FOR_ITEM },
		);
	}
	const chosen = raw.trim();
	if (!CONTACTS_VERSION.test(chosen)) {
		throw new NodeOperationError(
			node,
			`Contacts API Version "${chosen}" is not a 2.x version (expected e.g. 2.14)`,
			{
				itemIndex,
				description: NO_REQUEST_FOR_ITEM,
			},
		);
	}
	return { generation, version: chosen };
}

/**
 * What is wrong with the credential's base URL (an absolute http(s) URL without user,
 * password, query or fragment), or undefined. It is never echoed: it may hold a secret.
 */
export function baseUrlProblem(baseURL: unknown): string | undefined {
	if (typeof baseURL !== 'string' || baseURL === '') {
		return "The credential's Base URL is empty. Enter the URL of your proxy, or pick a region.";
	}
	// Without a scheme (`api.intercom.io`, `localhost:8080`) the URL parser fails or reads
	// the host as a scheme: say what is missing.
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(baseURL)) {
		return "The credential's Base URL must start with http:// or https://.";
	}
	let url: URL;
	try {
		url = new URL(baseURL);
	} catch {
		return "The credential's Base URL is not a valid URL. Enter it as https://host[:port][/path].";
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return "The credential's Base URL must start with http:// or https://.";
	}
	if (url.username || url.password) {
		return "The credential's Base URL must not contain a user name or password.";
	}
	if (url.search || url.hash || /[?#]/.test(baseURL)) {
		return "The credential's Base URL must not contain a query (?…) or fragment (#…).";
	}
	return undefined;
}
