/**
 * Contract checks against Intercom's official OpenAPI descriptions 2.14 and 2.16 (MIT,
 * each copied unchanged with its licence into test/contract/intercom-openapi-<version>/
 * so that a fresh clone can run the contract checks). An exchange is checked against
 * the description of the Intercom-Version it was sent with ({@link specVersionFor}):
 * 2.16 for 2.16 and later and for Preview (Unstable), 2.14 for every older 2.x version.
 * The environment variables INTERCOM_OPENAPI_2_14 and INTERCOM_OPENAPI_2_16 name other
 * files (INTERCOM_OPENAPI, the older name, stands for the 2.14 one).
 *
 * How the spec is turned into validators: the YAML is parsed with `yaml`; every
 * schema (each of components.schemas, and each inline request / response schema of
 * every operation) is converted from OpenAPI 3.0 to JSON Schema with
 * `@openapi-contrib/openapi-schema-to-json-schema` (so `nullable: true` becomes a
 * `"null"` type and OpenAPI-only keywords go); the converted schemas are put into ONE
 * ajv document per description (`$id` `intercom-openapi-<version>.json`) so the spec's
 * `#/components/schemas/...` references resolve inside it, and each validator is
 * compiled as `{ $ref: '<that $id>#/...' }` with ajv 8 (`strict: false`, `validateSchema: false`,
 * `validateFormats: false`, `allErrors: true`). Loading takes about 1.5 s per
 * description, on first use; each, and every compiled validator, is cached for the
 * life of the process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { fromSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse } from 'yaml';

import type { IntercomSimulator } from '../../tools/intercom-simulator/simulator';

/**
 * One way an HTTP exchange departs from the spec.
 *
 * - `method`, `path`: the request as checked (path raw, without the query string).
 * - `part`: 'request' for the request body or an undocumented method + path,
 *   'response' for the response body.
 * - `status`: the HTTP status of the answer, when known.
 * - `errors`: human-readable messages, e.g. "/pages/next/starting_after must be
 *   string,null" (JSON pointer into the body, then ajv's message), "response body is
 *   not JSON: ..." or "undocumented endpoint: ...".
 */
export interface ContractViolation {
	method: string;
	path: string;
	part: 'request' | 'response';
	status?: number;
	errors: string[];
}

/** The Intercom OpenAPI descriptions kept beside this file. */
export const SPEC_VERSIONS = ['2.14', '2.16'] as const;

/** One of {@link SPEC_VERSIONS}. */
export type SpecVersion = (typeof SPEC_VERSIONS)[number];

/** The `$id` of the ajv document holding every converted schema of one description. */
const docId = (version: SpecVersion): string => `intercom-openapi-${version}.json`;

/** HTTP methods an OpenAPI path item can document. */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Where a description is: its copy beside this file, unless an environment variable names another. */
function specFile(version: SpecVersion): string {
	const variable = `INTERCOM_OPENAPI_${version.replace('.', '_')}`;
	const override =
		process.env[variable] ?? (version === '2.14' ? process.env.INTERCOM_OPENAPI : undefined);
	if (override && override.trim() !== '') return path.resolve(override);
	return path.resolve(__dirname, `intercom-openapi-${version}/api.intercom.io.yaml`);
}

/**
 * The description an exchange sent with this Intercom-Version is checked against:
 * '2.16' for 2.16 and later minors and for Preview / Unstable (any letter case; no
 * newer description is kept), '2.14' for every other version (2.0 to 2.15, or none
 * sent: 2.15 differs from 2.14 in nothing the simulator answers, and Contact
 * `owner_id` is an integer in both, a string from 2.16).
 *
 * @example specVersionFor('2.15') // '2.14'
 */
export function specVersionFor(intercomVersion: string | undefined): SpecVersion {
	const version = (intercomVersion ?? '').trim();
	if (/^(preview|unstable)$/i.test(version)) return '2.16';
	const minor = /^2\.(\d+)$/.exec(version)?.[1];
	return minor !== undefined && Number(minor) >= 16 ? '2.16' : '2.14';
}

type Json = Record<string, unknown>;

/** One documented operation, with JSON pointers (into the ajv document) of its schemas. */
interface Operation {
	method: string;
	template: string;
	/** Path segments of the template; null marks a `{parameter}` segment. */
	segments: Array<string | null>;
	literalCount: number;
	/** Pointer of the JSON request body schema, when the operation documents one. */
	request?: string;
	requestRequired: boolean;
	/** Response status key ('200', '4XX', 'default') → pointer of its JSON schema. */
	responses: Map<string, string>;
}

/** The loaded spec: the ajv instance holding the document, the operations, compiled validators. */
interface LoadedSpec {
	version: SpecVersion;
	file: string;
	ajv: Ajv;
	operations: Operation[];
	validators: Map<string, ValidateFunction>;
}

const cached = new Map<SpecVersion, LoadedSpec>();

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Converts one OpenAPI 3.0 schema to JSON Schema (a fresh copy, without the `$schema` key the converter adds). */
function convert(schema: unknown): Json {
	const converted = fromSchema(schema as Json, { cloneSchema: true }) as Json;
	delete converted.$schema;
	return converted;
}

/** Follows a local `$ref` ("#/components/responses/X") in the raw spec; other values pass through. */
function deref(spec: Json, value: unknown): unknown {
	let current = value;
	for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 10; hops++) {
		const ref = current.$ref;
		if (!ref.startsWith('#/')) return current;
		let target: unknown = spec;
		for (const raw of ref.slice(2).split('/')) {
			const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
			target = isObject(target) ? target[key] : undefined;
		}
		current = target;
	}
	return current;
}

/** The schema of the JSON media type of a request body / response object, if it has one. */
function jsonSchemaOf(spec: Json, holder: unknown): unknown {
	const resolved = deref(spec, holder);
	if (!isObject(resolved) || !isObject(resolved.content)) return undefined;
	const content = resolved.content;
	const key =
		'application/json' in content
			? 'application/json'
			: Object.keys(content).find((k) => /json/i.test(k));
	const media = key === undefined ? undefined : content[key];
	return isObject(media) && media.schema !== undefined ? media.schema : undefined;
}

/** Reads, converts and registers one description (see the module comment). Throws if the file is missing or unparsable. */
function load(version: SpecVersion): LoadedSpec {
	const file = specFile(version);
	const known = cached.get(version);
	if (known && known.file === file) return known;

	const spec = parse(readFileSync(file, 'utf8'), { maxAliasCount: -1 }) as Json;
	const components = isObject(spec.components) ? spec.components : {};
	const rawSchemas = isObject(components.schemas) ? components.schemas : {};
	const schemas: Json = {};
	for (const [name, schema] of Object.entries(rawSchemas)) schemas[name] = convert(schema);

	const operationSchemas: Json = {};
	const operations: Operation[] = [];
	const paths = isObject(spec.paths) ? spec.paths : {};
	for (const [template, item] of Object.entries(paths)) {
		if (!isObject(item)) continue;
		for (const method of METHODS) {
			const op = item[method];
			if (!isObject(op)) continue;
			const key = `op${operations.length}`;
			const holder: Json = { responses: {} };
			const segments = template
				.replace(/^\//, '')
				.split('/')
				.map((segment) => (/^\{[^}]+\}$/.test(segment) ? null : segment));
			const operation: Operation = {
				method: method.toUpperCase(),
				template,
				segments,
				literalCount: segments.filter((s) => s !== null).length,
				requestRequired: false,
				responses: new Map(),
			};
			const requestBody = deref(spec, op.requestBody);
			const requestSchema = jsonSchemaOf(spec, requestBody);
			if (requestSchema !== undefined) {
				holder.request = convert(requestSchema);
				operation.request = `/operations/${key}/request`;
				operation.requestRequired = isObject(requestBody) && requestBody.required === true;
			}
			if (isObject(op.responses)) {
				for (const [status, response] of Object.entries(op.responses)) {
					const schema = jsonSchemaOf(spec, response);
					if (schema === undefined) continue;
					(holder.responses as Json)[status] = convert(schema);
					operation.responses.set(status.toUpperCase(), `/operations/${key}/responses/${status}`);
				}
			}
			operationSchemas[key] = holder;
			operations.push(operation);
		}
	}

	const ajv = new Ajv({
		strict: false,
		validateSchema: false,
		validateFormats: false,
		allErrors: true,
	});
	ajv.addSchema({ $id: docId(version), components: { schemas }, operations: operationSchemas });
	const loaded: LoadedSpec = { version, file, ajv, operations, validators: new Map() };
	cached.set(version, loaded);
	return loaded;
}

/** The compiled validator for a pointer into the document (compiled once, then cached). */
function validatorFor(loaded: LoadedSpec, pointer: string): ValidateFunction {
	let validate = loaded.validators.get(pointer);
	if (!validate) {
		validate = loaded.ajv.compile({ $ref: `${docId(loaded.version)}#${pointer}` });
		loaded.validators.set(pointer, validate);
	}
	return validate;
}

/** One line per ajv error: "<instance path or (root)> <message> <params>". */
function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
	return (errors ?? []).map(
		(error) =>
			`${error.instancePath === '' ? '(root)' : error.instancePath} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
	);
}

/** Parses and validates one body; the error messages, [] when it conforms. */
function validateBody(loaded: LoadedSpec, pointer: string, body: string, what: string): string[] {
	let value: unknown;
	try {
		value = JSON.parse(body);
	} catch (err) {
		return [`${what} body is not JSON: ${err instanceof Error ? err.message : String(err)}`];
	}
	const validate = validatorFor(loaded, pointer);
	return validate(value) ? [] : describeErrors(validate.errors);
}

/** Decodes one raw path segment for comparison with a literal template segment. */
function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/**
 * Matches method + raw path (e.g. POST /contacts/5714…/archive) to the spec's path template; validates the JSON request body (if the operation has a requestBody) and the JSON response body for that status (if the spec documents a JSON schema for it).
 *
 * - `rawPath`: the path as sent, percent-encoding intact; a query string is ignored.
 *   Literal template segments are compared percent-decoded; a `{parameter}` matches
 *   any non-empty segment; when several templates match, the one with the most
 *   literal segments wins (so /contacts/search beats /contacts/{contact_id}).
 * - `requestBody`: the raw request body ('' for none). Validated only when the
 *   operation documents a JSON request body: '' is a violation only if the spec
 *   marks the body required; text that is not JSON is a violation.
 * - `status`, `responseBody`: the answer. The response schema is the one documented
 *   for exactly that status, else for its class ('4XX'), else 'default'; statuses
 *   without a documented JSON schema are not checked (Intercom's spec documents few
 *   error statuses).
 * - `intercomVersion`: the Intercom-Version the request was sent with; it picks the
 *   description ({@link specVersionFor}; none: 2.14).
 *
 * Returns [] when the exchange conforms; a method + path with no documented
 * operation gives one 'request' violation "undocumented endpoint: ...". Throws only
 * if the spec file cannot be read or parsed (first call).
 */
export function checkExchange(
	method: string,
	rawPath: string,
	requestBody: string,
	status: number,
	responseBody: string,
	intercomVersion?: string,
): ContractViolation[] {
	const loaded = load(specVersionFor(intercomVersion));
	const upper = method.toUpperCase();
	const pathOnly = rawPath.split('?')[0];
	const segments = pathOnly.replace(/^\//, '').split('/').map(decodeSegment);
	const matching = loaded.operations.filter(
		(op) =>
			op.segments.length === segments.length &&
			op.segments.every((literal, i) =>
				literal === null ? segments[i] !== '' : literal === segments[i],
			),
	);
	const candidates = matching.filter((op) => op.method === upper);
	if (candidates.length === 0) {
		const templates = [...new Set(matching.map((op) => op.template))];
		return [
			{
				method: upper,
				path: pathOnly,
				part: 'request',
				status,
				errors: [
					templates.length === 0
						? `undocumented endpoint: no path template of the spec matches ${pathOnly}`
						: `undocumented endpoint: ${templates.join(', ')} has no ${upper} operation`,
				],
			},
		];
	}
	const operation = candidates.reduce((best, op) =>
		op.literalCount > best.literalCount ? op : best,
	);

	const violations: ContractViolation[] = [];
	if (operation.request !== undefined) {
		const errors =
			requestBody.trim() === ''
				? operation.requestRequired
					? ['request body is required but empty']
					: []
				: validateBody(loaded, operation.request, requestBody, 'request');
		if (errors.length > 0)
			violations.push({ method: upper, path: pathOnly, part: 'request', status, errors });
	}
	const responsePointer =
		operation.responses.get(String(status)) ??
		operation.responses.get(`${Math.floor(status / 100)}XX`) ??
		operation.responses.get('DEFAULT');
	if (responsePointer !== undefined) {
		const errors = validateBody(loaded, responsePointer, responseBody, 'response');
		if (errors.length > 0)
			violations.push({ method: upper, path: pathOnly, part: 'response', status, errors });
	}
	return violations;
}

/** The Intercom-Version header of a recorded request, trimmed; undefined when none was sent. */
function versionHeader(headers: Record<string, string | string[] | undefined>): string | undefined {
	const raw = headers['intercom-version'];
	const value = (Array.isArray(raw) ? raw.join(', ') : raw)?.trim();
	return value ? value : undefined;
}

/**
 * Runs checkExchange over every recorded response of a simulator whose path starts with /contacts (2.x), each against the description of its request's Intercom-Version, returning all violations; also returns how many exchanges were checked, in all and per description.
 *
 * Reads `sim.responses` (request method, raw path, Intercom-Version header and body;
 * response status and body as sent). Connection resets have no answer and are skipped
 * (not counted). A request without the header (the app's default version applied) is
 * checked against 2.14. `checked` is the number of exchanges passed to
 * {@link checkExchange}; `bySpec` splits it by description ('2.14', '2.16').
 */
export function checkSimulatorContacts(sim: IntercomSimulator): {
	checked: number;
	bySpec: Record<SpecVersion, number>;
	violations: ContractViolation[];
} {
	let checked = 0;
	const bySpec: Record<SpecVersion, number> = { '2.14': 0, '2.16': 0 };
	const violations: ContractViolation[] = [];
	for (const response of sim.responses) {
		if (!response.request.path.startsWith('/contacts') || response.status === 'reset') continue;
		checked += 1;
		const version = versionHeader(response.request.headers);
		bySpec[specVersionFor(version)] += 1;
		violations.push(
			...checkExchange(
				response.request.method,
				response.request.path,
				response.request.body,
				response.status,
				response.body,
				version,
			),
		);
	}
	return { checked, bySpec, violations };
}
