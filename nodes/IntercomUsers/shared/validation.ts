import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiChoice, SelectBy, Target, UserOperation } from './types';
import { SELECT_BY } from './types';
import { OPERATION_WORDS } from './vocabulary';

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

/**
 * Control characters: C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F),
 * i.e. Unicode category Cc. C1 controls such as U+0085 (next line) come in with
 * text converted from old encodings; `trim()` keeps them.
 */
const CONTROL = /\p{Cc}/u;
/** Line and paragraph separators (U+2028, U+2029): `trim()` removes them only at the ends. */
const LINE_BREAK = /[\u2028\u2029]/u;
/**
 * Any character a value must not hold: a control character, a line or paragraph
 * separator, or one that shows as nothing: a Unicode format character (category
 * Cf: U+200B zero width space, U+200C/U+200D zero width (non-)joiner, U+2060 word
 * joiner, U+FEFF byte order mark, U+00AD soft hyphen, U+180E, bidi controls, tag
 * characters …) or a Hangul filler (U+115F, U+1160, U+3164, U+FFA0: letters by
 * category, but they render blank). `trim()` keeps all of these inside a value,
 * and the Cf ones (but U+FEFF) and the fillers at its ends too.
 */
const UNWANTED = /[\p{Cc}\u2028\u2029\p{Cf}\u115F\u1160\u3164\uFFA0]/u;

/** `U+200B`, `U+0085`, `U+E0041`: a code point as Unicode writes it. */
function codePointName(code: number): string {
	return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The first character of `value` that must not be in a value (see {@link UNWANTED}),
 * as the problem to report: `contains a control character U+0085`, `contains a
 * line break U+2028` or `contains an invisible character U+200B`; undefined when
 * there is none. The match is a whole code point, so an astral character
 * (e.g. tag U+E0041) is named whole; `value` must be free of lone surrogates.
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
 * What is wrong with an email that carries a list separator (`,` or `;`), as a cell of a
 * spreadsheet or a CSV export often does (`ann@example.com,`, `ann@example.com; bo@x.io`);
 * undefined when it has none. Intercom matches emails exactly, so such a value would find
 * nobody and, with Ignore Not Found, pass for "already archived". The wording names the
 * bare address when there is one: `has a trailing comma: use ann@example.com`.
 *
 * @param value a trimmed Email value
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
 * The wrapper around an email address pasted with one (RFC 5322's `Name <address>`
 * form, angle brackets, a `mailto:` prefix, or quotes), and the bare address inside,
 * or undefined when `value` is not so wrapped or what is inside is no email address.
 * Wrappers inside wrappers are peeled too (`"<ann@example.com>"`); the first one is
 * named. Quotes inside an address (`o'brien@example.com`) are not a wrapper.
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
 * Checks the selector (`archiveBy`) and its value for one item.
 * Rules (README, "Validation"): whole numbers are taken as text; surrounding
 * whitespace is trimmed (values pasted from spreadsheets often carry it); the
 * result must be non-empty, well-formed Unicode, and hold no control character
 * (C0, DEL, C1), no line or paragraph separator and no invisible character
 * (category Cf, Hangul fillers): values copied from web pages carry these, and a
 * value with one matches nobody (case C16 in test/CASES.md). The first such
 * character is named by its code point, since it cannot be seen when quoted.
 * An email must look like `local@domain.tld` and must not come wrapped as people
 * and agents paste it (`Ann Lee <ann@example.com>`, quotes, `mailto:`; see
 * {@link emailWrapper}: the error shows the bare address); an Intercom ID must not be
 * `.` or `..`, which URLs read as folder steps. The value is returned in Unicode NFC;
 * when the item gave another form, that is kept in `given` (case C28). These are local checks: no Intercom API
 * is involved.
 *
 * @param by the selector as the item resolved it (`email`, `id` or `userId`)
 * @param readValue reads a parameter of the item (called once, for the selector's value field)
 * @returns the target with the trimmed value
 * @throws NodeOperationError naming the field and what is wrong, e.g. `Email is empty`,
 *   `User ID contains a control character U+0085`, `Email contains an invisible character
 *   U+200B`, `Email "x" is not an email address (expected name@example.com)`,
 *   `Email "'ann@example.com'" is wrapped in quotes: use ann@example.com`; the caller
 *   then sends nothing
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
			{ itemIndex, description: 'No request was sent for this item.' },
		);
	}
	const { label, parameter } = SELECT_BY[by as SelectBy];
	const fail = (problem: string) =>
		new NodeOperationError(node, `${label} ${problem}`, {
			itemIndex,
			description: `Check the "${label}" field of item ${itemIndex}. No request was sent for this item.`,
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
 * Checks the API choice: the Users API sends `Intercom-Version: 1.4`; the
 * Contacts API sends the chosen 2.x version (`2.<minor>` or `Unstable`),
 * trimmed.
 *
 * @param generation the `api` parameter (`users` or `contacts`)
 * @param version the `contactsApiVersion` parameter (read only for the Contacts API)
 * @throws NodeOperationError for an unknown API, a version that is not text (a number
 *   such as 2.10 would become 2.1), or a version that is not 2.x
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
			{ itemIndex, description: 'No request was sent for this item.' },
		);
	}
	const chosen = raw.trim();
	if (!CONTACTS_VERSION.test(chosen)) {
		throw new NodeOperationError(
			node,
			`Contacts API Version "${chosen}" is not a 2.x version (expected e.g. 2.14)`,
			{
				itemIndex,
				description: 'No request was sent for this item.',
			},
		);
	}
	return { generation, version: chosen };
}

/**
 * Checks the base URL the credential resolved to. It must be an absolute
 * http(s) URL without user name, password, query or fragment, since the
 * request path is appended to it. Returns what is wrong, or undefined when it
 * is usable. The URL itself is not echoed back: a mistyped one may hold a secret.
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
