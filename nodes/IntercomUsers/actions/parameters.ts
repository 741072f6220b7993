import type { IDataObject, IExecutePaginationFunctions, INode } from 'n8n-workflow';

/** What a run shares to read parameters: the node, and the values no expression sets. */
export interface ParameterCache {
	node: INode;
	parameters: Map<string, unknown>;
}

/** True when `raw` is an expression (`=…`) or holds one at any depth. */
function holdsExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.charAt(0) === '=';
	if (raw !== null && typeof raw === 'object') return Object.values(raw).some(holdsExpression);
	return false;
}

/** A raw value that is exactly `={{ $json.email }}` or `={{ $json["user id"] }}`. */
const FIELD_REFERENCE =
	/^=\{\{\s*\$json\s*(?:\.\s*([A-Za-z_$][A-Za-z0-9_$]*)|\[\s*(?:"([^"\\\n\r\u2028\u2029]*)"|'([^'\\\n\r\u2028\u2029]*)')\s*\])\s*\}\}$/;

/** Names left to n8n: those its sandbox refuses, and those every object inherits. */
const GUARDED_NAMES = new Set([
	...Object.getOwnPropertyNames(Object.prototype),
	'prototype',
	'caller',
	'callee',
	'arguments',
]);

/** The field name a raw value references, or undefined. */
export function fieldReference(raw: unknown): string | undefined {
	if (typeof raw !== 'string') return undefined;
	const match = FIELD_REFERENCE.exec(raw);
	const field = match ? (match[1] ?? match[2] ?? match[3]) : undefined;
	return field === undefined || GUARDED_NAMES.has(field) ? undefined : field;
}

/** What n8n's `={{ $json[field] }}` gives; `{ evaluate: true }` for an object or array (n8n copies those). */
export function readFieldReference(
	json: IDataObject | undefined,
	field: string,
): { value: unknown } | { evaluate: true } {
	if (!json || !Object.prototype.hasOwnProperty.call(json, field)) return { value: undefined };
	const value = json[field];
	if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return { value };
	return { evaluate: true };
}

/** `{ value }` as `getNodeParameter` gives a plain field reference (missing: undefined, not `fallback`). */
export function readFast(
	raw: unknown,
	context: Pick<IExecutePaginationFunctions, 'getInputData'>,
	fallback: unknown,
): { value: unknown } | undefined {
	const field = fieldReference(raw);
	if (field === undefined) return undefined;
	const read = readFieldReference(context.getInputData()?.json, field);
	if (!('value' in read)) return undefined;
	void fallback;
	return { value: read.value };
}

/** The item's value of `name`; a plain field reference is read directly (n8n's evaluation costs far more). */
export function readParameter(
	context: IExecutePaginationFunctions,
	cache: ParameterCache,
	name: string,
	fallback: unknown,
): unknown {
	if (cache.parameters.has(name)) return cache.parameters.get(name);
	const raw = cache.node.parameters[name];
	const fast = fieldReference(raw) === undefined ? undefined : readFast(raw, context, fallback);
	if (fast) return fast.value;
	const value = context.getNodeParameter(name, fallback);
	if (!holdsExpression(raw)) cache.parameters.set(name, value);
	return value;
}
