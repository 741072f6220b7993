import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiChoice, SelectBy, Target, UserOperation } from './types';
import { SELECT_BY, SELECTOR_LABEL } from './types';

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

/** True if `value` holds a C0 control character (U+0000–U+001F) or DEL (U+007F). */
function hasControlCharacter(value: string): boolean {
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}

/**
 * Checks the selector (`archiveBy`) and its value for one item.
 * Rules (README, "Validation"): whole numbers are taken as text; surrounding
 * whitespace is trimmed (values pasted from spreadsheets often carry it); the
 * result must be non-empty, well-formed Unicode without control characters;
 * an email must look like `local@domain.tld`; an Intercom ID must not be `.` or
 * `..`, which URLs read as folder steps.
 *
 * @param by the selector as the item resolved it (`email`, `id` or `userId`)
 * @param readValue reads a parameter of the item (called once, for the selector's value field)
 * @returns the target with the trimmed value
 * @throws NodeOperationError naming the field and what is wrong; the caller then sends nothing
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
			`${SELECTOR_LABEL[operation] ?? 'Archive By'} "${String(by)}" is not supported. Use email, id or userId.`,
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
	if (hasControlCharacter(value)) throw fail('contains a control character (such as a line break)');
	if (by === 'email' && !EMAIL.test(value)) {
		throw fail(`"${value}" is not an email address (expected name@example.com)`);
	}
	if (by === 'id' && (value === '.' || value === '..')) {
		throw fail(`"${value}" is not a valid ID (a path step, not an Intercom ID)`);
	}
	return { by: by as SelectBy, value, label };
}

/**
 * Checks the API choice: the Users API sends `Intercom-Version: 1.4`; the
 * Contacts API sends the chosen 2.x version (`2.<minor>` or `Unstable`),
 * trimmed.
 *
 * @param generation the `api` parameter (`users` or `contacts`)
 * @param version the `contactsApiVersion` parameter (read only for the Contacts API)
 * @throws NodeOperationError for an unknown API or a version that is not 2.x
 */
export function checkApi(ref: ItemRef, generation: unknown, version: () => unknown): ApiChoice {
	const { node, itemIndex } = ref;
	if (generation === 'users') return { generation, version: '1.4' };
	if (generation !== 'contacts') {
		throw new NodeOperationError(node, `API "${String(generation)}" is not supported. Use users or contacts.`, {
			itemIndex,
		});
	}
	const chosen = String(version()).trim();
	if (!CONTACTS_VERSION.test(chosen)) {
		throw new NodeOperationError(node, `Contacts API Version "${chosen}" is not a 2.x version (expected e.g. 2.14)`, {
			itemIndex,
			description: 'No request was sent for this item.',
		});
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
