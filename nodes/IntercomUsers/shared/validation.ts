import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiChoice, SelectBy, Target, UserOperation } from './types';
import { DEFAULT_CONTACTS_API_VERSION, NEWEST_CONTACTS_API_VERSION, SELECT_BY } from './types';
import { OPERATION_WORDS } from './vocabulary';
import { NO_REQUEST_FOR_ITEM } from './words';

/** The item a check is about (index 0-based, as n8n counts). */
export interface ItemRef {
	node: INode;
	itemIndex: number;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// Intercom renamed Unstable to Preview and still accepts the old name.
const CONTACTS_VERSION = /^(2\.\d{1,2}|Preview|Unstable)$/;

const CONTROL = /\p{Cc}/u;
const LINE_BREAK = /[\u2028\u2029]/u;
/** Characters `trim()` keeps inside a value that match nobody: the Hangul fillers are blank letters. */
const UNWANTED = /[\p{Cc}\u2028\u2029\p{Cf}\u115F\u1160\u3164\uFFA0]/u;

function codePointName(code: number): string {
	return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function unwantedCharacter(value: string): string | undefined {
	const found = UNWANTED.exec(value)?.[0];
	if (found === undefined) return undefined;
	const name = codePointName(found.codePointAt(0) as number);
	if (CONTROL.test(found)) return `contains a control character ${name}`;
	if (LINE_BREAK.test(found)) return `contains a line break ${name}`;
	return `contains an invisible character ${name}`;
}

/** What makes a trimmed text value match nobody (a broken or invisible character); undefined when none. */
export function characterProblem(value: string): string | undefined {
	if (LONE_SURROGATE.test(value)) return 'contains a broken Unicode character';
	return unwantedCharacter(value);
}

const QUOTES: ReadonlyArray<readonly [string, string]> = [
	["'", "'"],
	['"', '"'],
	['\u2018', '\u2019'],
	['\u201C', '\u201D'],
	['`', '`'],
];

/** What is wrong with an email holding `,` or `;` (it would match nobody); undefined when none. */
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

/** The wrapper around a pasted address (`Name <…>`, `mailto:`, quotes) and the address inside. */
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
 * Checks the selector and its value for one item (README, "Validation"); resolves in NFC.
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
			description: `Check the '${label}' field of item ${itemIndex}. ${NO_REQUEST_FOR_ITEM}`,
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
	const bad = characterProblem(value);
	if (bad) throw fail(bad);
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
	const composed = value.normalize('NFC');
	return {
		by: by as SelectBy,
		value: composed,
		label,
		...(composed !== value ? { given: value } : {}),
	};
}

/** The API and its `Intercom-Version` (1.4, or the chosen 2.x version, trimmed). */
export function checkApi(ref: ItemRef, generation: unknown, version: () => unknown): ApiChoice {
	const { node, itemIndex } = ref;
	if (generation === 'users') return { generation, version: '1.4' };
	if (generation !== 'contacts') {
		throw unsupportedChoice(ref, { label: 'API', name: 'api' }, generation, ['users', 'contacts']);
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
			`Contacts API Version "${chosen}" is not a 2.x version (expected e.g. ${DEFAULT_CONTACTS_API_VERSION}, ${NEWEST_CONTACTS_API_VERSION} or Preview)`,
			{
				itemIndex,
				description: NO_REQUEST_FOR_ITEM,
			},
		);
	}
	return { generation, version: chosen };
}

/** A choice field and the key it is saved under in the workflow JSON. */
export interface ChoiceField {
	label: string;
	name: string;
}

/** Lists values as `a, b or c`. */
function orList(values: readonly string[]): string {
	return values.length < 2
		? values.join('')
		: `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

/**
 * The error for a choice field holding none of its values (typed by hand into a workflow's
 * JSON, or saved by another version of the node): names the field and the allowed values.
 */
export function unsupportedChoice(
	ref: ItemRef,
	field: ChoiceField,
	value: unknown,
	allowed: readonly string[],
): NodeOperationError {
	const shown = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
	const list = orList(allowed);
	return new NodeOperationError(
		ref.node,
		`${field.label} "${shown}" is not supported. Use ${list}.`,
		{
			itemIndex: ref.itemIndex,
			description: `The node's ${field.label} field ("${field.name}" in the workflow JSON) may only be ${list}. Pick it again in the node, or correct the value in the workflow JSON. ${NO_REQUEST_FOR_ITEM}`,
		},
	);
}

/** What is wrong with the credential's base URL, or undefined; never echoes it (may hold a secret). */
export function baseUrlProblem(baseURL: unknown): string | undefined {
	if (typeof baseURL !== 'string' || baseURL === '') {
		return "The credential's Base URL is empty. Enter the URL of your proxy, or pick a region.";
	}
	// Without a scheme the URL parser fails or reads the host as a scheme.
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
