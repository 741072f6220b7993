/**
 * The answers the simulator builds: Intercom's `error.list` error bodies and the
 * named errors of every route, the 1.x `user.list`, the 2.x Contact view of a stored
 * record and the short 2.x archive / unarchive / delete answers. Pure functions of
 * their arguments (only the error request ids are random).
 */
import { randomUUID } from 'node:crypto';
import type { ContactRole, SimUser, StoredRecord } from './store';
import { integerOrNull, isPlainObject, stringOrNull } from './util';

/**
 * A route's answer before serialisation: the HTTP `status`, the `body` to send as
 * JSON (any JSON-serialisable value) and extra response `headers` (e.g. X-Request-Id
 * of an error; the X-RateLimit-* headers are added by the handler).
 */
export interface Answer {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

/** The workspace id of the simulated app (`app.id_code` of GET /me), used as a contact's `workspace_id`. */
export const WORKSPACE_ID = 'simapp1';

/**
 * Intercom's "list of addressable objects" attached to a contact (`tags`, `notes`,
 * `companies`): always empty in the simulator. `url` is the relative URL of the full
 * list, e.g. "/contacts/5714dd359a3fd47136000001/tags".
 */
export interface SimContactAddressableList {
	type: 'list';
	data: unknown[];
	url: string;
	total_count: number;
	has_more: boolean;
}

/**
 * The 2.x view of one stored record (Intercom API 2.x "Contact" model, schema
 * `contact` of the official OpenAPI 2.14 description), derived from the stored 1.x
 * User object on every request:
 *
 * - `id`: Intercom's id (same as the 1.x `id`); `workspace_id`: "simapp1" (the app
 *   of `GET /me`); `external_id`: the 1.x `user_id` (null when there is none, e.g. a
 *   lead); `role`: see {@link ContactRole}.
 * - `email`: the 1.x email, '' when the record has none (the schema does not allow
 *   null here); `email_domain`: the text after the last '@' of it, '' if none.
 * - `phone`, `name`: from the User, null when absent.
 * - Times are UNIX seconds: `created_at` / `updated_at` from the User (when missing:
 *   the time the simulator was constructed, and `created_at` respectively);
 *   `signed_up_at` from `signed_up_at`, `last_seen_at` from the 1.x
 *   `last_request_at` (null when absent); the other `last_*_at` are null.
 * - `unsubscribed_from_emails`: true only when the User says so;
 *   `has_hard_bounced` / `marked_email_as_spam`: false.
 * - `custom_attributes`: a copy of the User's (an empty object when absent).
 * - `location`: from the 1.x `location_data` (`country_name` → `country`,
 *   `region_name` → `region`, `city_name` → `city`, `country_code`,
 *   `continent_code`; null when absent).
 * - `tags`: the 1.x User's `tags.tags`, each as `{type: "tag", id, url: "/tags/<id>"}`
 *   (an empty list when it has none).
 * - `utm_source` / `referrer`: the User's when they are strings, else null; every
 *   browser, OS, Android, iOS, avatar and language field: null; `owner_id`: the
 *   record's owner, if any (see {@link ownerIdView}); `notes`,
 *   `companies`, `social_profiles`: empty lists.
 */
export interface SimContact {
	type: 'contact';
	id: string;
	workspace_id: string;
	external_id: string | null;
	role: ContactRole;
	email: string;
	email_domain: string;
	phone: string | null;
	name: string | null;
	avatar: null;
	owner_id: number | string | null;
	social_profiles: { type: 'list'; data: unknown[] };
	has_hard_bounced: boolean;
	marked_email_as_spam: boolean;
	unsubscribed_from_emails: boolean;
	created_at: number;
	updated_at: number;
	signed_up_at: number | null;
	last_seen_at: number | null;
	last_replied_at: number | null;
	last_contacted_at: number | null;
	last_email_opened_at: number | null;
	last_email_clicked_at: number | null;
	language_override: string | null;
	browser: string | null;
	browser_version: string | null;
	browser_language: string | null;
	os: string | null;
	android_app_name: string | null;
	android_app_version: string | null;
	android_device: string | null;
	android_os_version: string | null;
	android_sdk_version: string | null;
	android_last_seen_at: number | null;
	ios_app_name: string | null;
	ios_app_version: string | null;
	ios_device: string | null;
	ios_os_version: string | null;
	ios_sdk_version: string | null;
	ios_last_seen_at: number | null;
	custom_attributes: Record<string, unknown>;
	tags: SimContactAddressableList;
	notes: SimContactAddressableList;
	companies: SimContactAddressableList;
	location: {
		type: 'location';
		country: string | null;
		region: string | null;
		city: string | null;
		country_code: string | null;
		continent_code: string | null;
	};
	utm_campaign: string | null;
	utm_content: string | null;
	utm_medium: string | null;
	utm_source: string | null;
	utm_term: string | null;
	referrer: string | null;
}

/**
 * The error.list object Intercom answers errors with (Intercom API reference,
 * "Error objects"): `{type: "error.list", request_id, errors: [{code, message}]}`.
 */
function errorListObject(requestId: string, code: string, message: string): unknown {
	return { type: 'error.list', request_id: requestId, errors: [{ code, message }] };
}

/**
 * An Intercom error body as a JSON string, for fault bodies in tests:
 * `{"type":"error.list","request_id":"<fresh uuid v4>","errors":[{"code":code,"message":message}]}`
 * (Intercom's documented error format; only `code` is guaranteed by Intercom).
 * Never throws.
 *
 * @example sim.injectFault({ status: 503, body: errorList('service_unavailable', 'Try again') })
 */
export function errorList(code: string, message: string): string {
	return JSON.stringify(errorListObject(randomUUID(), code, message));
}

/**
 * An error answer in Intercom's `error.list` format with a fresh uuid v4 request id,
 * sent both in the body's `request_id` and in the X-Request-Id header.
 */
export function errorAnswer(status: number, code: string, message: string): Answer {
	const requestId = randomUUID();
	return {
		status,
		body: errorListObject(requestId, code, message),
		headers: { 'X-Request-Id': requestId },
	};
}

/** 404 `not_found` "User Not Found" (Intercom API 1.x, a missing, archived or deleted user). */
export const userNotFound = (): Answer => errorAnswer(404, 'not_found', 'User Not Found');

/** 404 `not_found` "Resource Not Found" (no route for this method and path). */
export const resourceNotFound = (): Answer => errorAnswer(404, 'not_found', 'Resource Not Found');

/** 404 `not_found` "Contact Not Found" (Intercom API 2.x, a missing, archived or deleted contact). */
export const contactNotFound = (): Answer => errorAnswer(404, 'not_found', 'Contact Not Found');

/** 400 `parameter_invalid` with this message (a bad query, body or path). */
export const parameterInvalid = (message: string): Answer =>
	errorAnswer(400, 'parameter_invalid', message);

/**
 * 400 `intercom_version_invalid` "Requested resource is not available in current API
 * version" (Intercom API reference, Versioning: a route of another API generation).
 */
export const versionInvalid = (): Answer =>
	errorAnswer(
		400,
		'intercom_version_invalid',
		'Requested resource is not available in current API version',
	);

/**
 * 429 `rate_limit_exceeded` "Exceeded rate limit of <limit> in <windowMs/1000> seconds"
 * (Intercom API reference, Rate limiting). The X-RateLimit-* headers are the caller's.
 */
export function rateLimitExceeded(limit: number, windowMs: number): Answer {
	return errorAnswer(
		429,
		'rate_limit_exceeded',
		`Exceeded rate limit of ${limit} in ${windowMs / 1000} seconds`,
	);
}

/**
 * 200 with an Intercom API 1.1+ `user.list` of these records: `{type: "user.list",
 * users: [User objects], total_count, pages: {type: "pages", page: 1, per_page: 50,
 * total_pages: 1}}` (all matches on one page).
 */
export function userListAnswer(records: StoredRecord[]): Answer {
	return {
		status: 200,
		body: {
			type: 'user.list',
			users: records.map((s) => s.user),
			total_count: records.length,
			pages: { type: 'pages', page: 1, per_page: 50, total_pages: 1 },
		},
	};
}

/** An empty addressable list (`tags`, `notes`, `companies`) of a contact. */
function emptyAddressableList(id: string, kind: string): SimContactAddressableList {
	return {
		type: 'list',
		data: [],
		url: `/contacts/${id}/${kind}`,
		total_count: 0,
		has_more: false,
	};
}

/** The contact's `tags` list: the ids of the 1.x User's `tags.tags`, as tag references. */
function tagList(user: SimUser): SimContactAddressableList {
	const list = emptyAddressableList(user.id, 'tags');
	const tags = isPlainObject(user.tags) ? user.tags.tags : undefined;
	if (!Array.isArray(tags)) return list;
	for (const tag of tags) {
		const id: unknown = isPlainObject(tag) ? tag.id : undefined;
		if (typeof id === 'string') list.data.push({ type: 'tag', id, url: `/tags/${id}` });
	}
	list.total_count = list.data.length;
	return list;
}

/**
 * True for an Intercom-Version from 2.16 on, Preview and Unstable (any letter case)
 * included: the versions whose Contact sends `owner_id` as a string and whose
 * `GET /contacts/{id}` answers a merged contact with 410 (Intercom's OpenAPI 2.16).
 */
export function from216(version: string): boolean {
	const trimmed = version.trim();
	if (/^(preview|unstable)$/i.test(trimmed)) return true;
	const minor = /^2\.(\d+)$/.exec(trimmed)?.[1];
	return minor !== undefined && Number(minor) >= 16;
}

/**
 * The contact's `owner_id` as this Intercom-Version sends it: an integer up to 2.15, a
 * string from 2.16 and on Preview / Unstable (Intercom's OpenAPI 2.15 and 2.16
 * descriptions of Contact); null when the contact has no owner.
 */
export function ownerIdView(ownerId: number | null, version: string): number | string | null {
	if (ownerId === null) return null;
	return from216(version) ? String(ownerId) : ownerId;
}

/**
 * 410 `contact_merged` for a contact merged into `target`, with the `Link` header naming
 * the canonical contact (Intercom's OpenAPI 2.16, "Get a contact": `</contacts/{id}>;
 * rel="canonical"`).
 */
export function contactMerged(target: string): Answer {
	const answer = errorAnswer(
		410,
		'contact_merged',
		"This contact has been merged. See the 'Link' header for the canonical contact.",
	);
	return {
		...answer,
		headers: { ...answer.headers, Link: `</contacts/${target}>; rel="canonical"` },
	};
}

/**
 * The Intercom API 2.x Contact view of a stored record (see {@link SimContact} for the
 * mapping) for the request's Intercom-Version (which decides how `owner_id` is sent);
 * `fallbackTime` (UNIX seconds) stands in for a missing `created_at`.
 * Builds a fresh object (custom attributes deep-copied) on every call.
 */
export function contactView(
	stored: StoredRecord,
	fallbackTime: number,
	version: string,
): SimContact {
	const user = stored.user;
	const email = typeof user.email === 'string' ? user.email : '';
	const at = email.lastIndexOf('@');
	const location = isPlainObject(user.location_data) ? user.location_data : {};
	const createdAt = integerOrNull(user.created_at) ?? fallbackTime;
	return {
		type: 'contact',
		id: user.id,
		workspace_id: WORKSPACE_ID,
		external_id: stringOrNull(user.user_id),
		role: stored.role,
		email,
		email_domain: at === -1 ? '' : email.slice(at + 1),
		phone: stringOrNull(user.phone),
		name: stringOrNull(user.name),
		avatar: null,
		owner_id: ownerIdView(stored.ownerId, version),
		social_profiles: { type: 'list', data: [] },
		has_hard_bounced: false,
		marked_email_as_spam: false,
		unsubscribed_from_emails: user.unsubscribed_from_emails === true,
		created_at: createdAt,
		updated_at: integerOrNull(user.updated_at) ?? createdAt,
		signed_up_at: integerOrNull(user.signed_up_at),
		last_seen_at: integerOrNull(user.last_request_at),
		last_replied_at: null,
		last_contacted_at: null,
		last_email_opened_at: null,
		last_email_clicked_at: null,
		language_override: null,
		browser: null,
		browser_version: null,
		browser_language: null,
		os: null,
		android_app_name: null,
		android_app_version: null,
		android_device: null,
		android_os_version: null,
		android_sdk_version: null,
		android_last_seen_at: null,
		ios_app_name: null,
		ios_app_version: null,
		ios_device: null,
		ios_os_version: null,
		ios_sdk_version: null,
		ios_last_seen_at: null,
		custom_attributes: isPlainObject(user.custom_attributes)
			? structuredClone(user.custom_attributes)
			: {},
		tags: tagList(user),
		notes: emptyAddressableList(user.id, 'notes'),
		companies: emptyAddressableList(user.id, 'companies'),
		location: {
			type: 'location',
			country: stringOrNull(location.country_name),
			region: stringOrNull(location.region_name),
			city: stringOrNull(location.city_name),
			country_code: stringOrNull(location.country_code),
			continent_code: stringOrNull(location.continent_code),
		},
		utm_campaign: null,
		utm_content: null,
		utm_medium: null,
		utm_source: stringOrNull(user.utm_source),
		utm_term: null,
		referrer: stringOrNull(user.referrer),
	};
}

/**
 * The short Intercom API 2.x answer of "Archive contact", "Unarchive contact" and
 * "Delete a contact": `{type: "contact", id, external_id, <flag>: value}` where `flag`
 * is `archived` or `deleted` and `external_id` is the 1.x user_id (null if none).
 */
export function contactReference<K extends 'archived' | 'deleted'>(
	stored: StoredRecord,
	flag: K,
	value: boolean,
): { type: 'contact'; id: string; external_id: string | null } & Record<K, boolean> {
	return {
		type: 'contact',
		id: stored.user.id,
		external_id: stringOrNull(stored.user.user_id),
		[flag]: value,
	} as { type: 'contact'; id: string; external_id: string | null } & Record<K, boolean>;
}
