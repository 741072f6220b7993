/**
 * A local stand-in for the parts of the Intercom REST API that this package uses.
 *
 * API 1.x (Users API, Intercom 1.1-1.4): "Archive a user" (DELETE /users/{id},
 * DELETE /users?email=, DELETE /users?user_id=), "View a user" (GET /users/{id},
 * GET /users?email= answering a user.list, GET /users?user_id=) and permanent
 * deletion (POST /user_delete_requests). API 2.x (Contacts API, checked against
 * Intercom's official OpenAPI 2.14 description): GET /contacts/{id},
 * POST /contacts/search (single `=` filter on email / external_id / id / role, cursor
 * pagination in the body), POST /contacts/{id}/archive, POST /contacts/{id}/unarchive
 * and DELETE /contacts/{id}. Both API generations read and change ONE store: a 1.x
 * user is a 2.x contact with role "user", so archiving or deleting through either is
 * seen by both.
 *
 * It also follows Intercom's error.list error format, its Intercom-Version / Accept /
 * Bearer-token rules, its X-RateLimit-* headers and (optionally) its 429
 * `rate_limit_exceeded` enforcement, as summarised in shared/reference/INTERCOM.md.
 * Tests can also inject faults (status overrides such as a load balancer's HTML 403,
 * latency, connection resets) per request. It is a test fixture and demo backend:
 * plain `node:http`, in-memory state, loopback only.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

/**
 * An Intercom 1.x User object (Intercom API 1.4, "User model").
 *
 * `id` is Intercom's own id (24 hex characters); `user_id` is the id the workspace
 * assigned; `email` is not unique. All other User fields (`phone`, `name`,
 * `created_at` in UNIX seconds, `custom_attributes`, `companies`, ...) are carried
 * through untouched.
 */
export interface SimUser {
  type: 'user';
  id: string;
  user_id: string | null;
  email: string | null;
  [key: string]: unknown;
}

/**
 * The role of an Intercom 2.x contact: a `user` (someone who signed up; the same
 * person as a 1.x User) or a `lead` (a visitor who left an email or chatted; not a
 * 1.x User, so the 1.x Users routes never see leads).
 */
export type ContactRole = 'user' | 'lead';

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
 * - `utm_source` / `referrer`: the User's when they are strings, else null; every
 *   browser, OS, Android, iOS, avatar, owner and language field: null; `tags`,
 *   `notes`, `companies`, `social_profiles`: empty lists.
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
  owner_id: null;
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
 * One HTTP request as the simulator received it, recorded before any check.
 *
 * - `method`: the HTTP method, as sent (e.g. "DELETE").
 * - `path`: the raw request path as received, percent-encoding left intact, without
 *   the query string (e.g. "/users/5714dd359a3fd47136000001").
 * - `rawQuery`: the raw text after the first '?', not decoded; '' if there is none
 *   (e.g. "email=wash%40serenity.io").
 * - `headers`: node's header object (lower-case names; `set-cookie` is an array).
 * - `body`: the complete request body decoded as UTF-8 ('' when there is none).
 */
export interface RecordedRequest {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * What the simulator reports after answering a request (see
 * `SimulatorOptions.onResponse`). `status` is the HTTP status code sent.
 */
export interface SimulatorResponseInfo {
  request: RecordedRequest;
  status: number;
}

/**
 * One entry of {@link IntercomSimulator.responses}: the recorded request (the same
 * object as in `requests`) and what the simulator did with it:
 *
 * - `status`: the HTTP status code it answered with, or `'reset'` when it destroyed
 *   the connection without any HTTP answer (a {@link Fault} with `reset: true`).
 * - `body`: the raw response body exactly as sent (UTF-8 text, e.g. the JSON of a
 *   User or an error.list, or a fault's override body); '' for a reset.
 * - `contentType`: the Content-Type header sent (e.g.
 *   'application/json; charset=utf-8'); undefined for a reset.
 */
export interface RecordedResponse {
  request: RecordedRequest;
  status: number | 'reset';
  body: string;
  contentType?: string;
}

/**
 * Rate-limit settings for {@link SimulatorOptions.rateLimit}.
 *
 * - `limit`: authenticated calls allowed per window (> 0).
 * - `windowMs`: window length in milliseconds (> 0; sub-second windows are fine).
 *   Windows are fixed: the first starts at the first authenticated request, and
 *   window k spans [start + k*windowMs, start + (k+1)*windowMs).
 * - `enforce`: when true, an authenticated request past `limit` in the current
 *   window is answered 429 `rate_limit_exceeded` (Intercom's behaviour past its
 *   per-app limit). Default false: the limit is only reported in headers.
 */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  enforce?: boolean;
}

/**
 * Which requests a {@link Fault} applies to. Every field given must match (logical
 * AND); an empty or missing match matches every request.
 *
 * - `method`: HTTP method, compared case-insensitively (e.g. "DELETE").
 * - `path`: the exact raw request path, percent-encoding intact, without the query
 *   string (compared with {@link RecordedRequest.path}, e.g. "/users/5714dd...").
 * - `pathPrefix`: the raw path starts with this text (e.g. "/users").
 * - `requestNumber`: 1-based position of the request among ALL requests this
 *   simulator has received since it was constructed (not reset by `clearRequests`,
 *   `clearFaults` or a restart), e.g. 2 for the second request.
 */
export interface FaultMatch {
  method?: string;
  path?: string;
  pathPrefix?: string;
  requestNumber?: number;
}

/**
 * A fault to inject with {@link IntercomSimulator.injectFault}. It is a real HTTP
 * behaviour on the wire, applied after the request has been read and recorded and
 * before any check (so also before authentication).
 *
 * - `match`: which requests it applies to (see {@link FaultMatch}); default: any.
 * - `times`: how many matching requests it applies to; default 1; `Infinity` for all.
 *   A positive integer or Infinity, else TypeError.
 * - `latencyMs`: wait this many milliseconds before answering (or before resetting);
 *   finite and >= 0. The real route (if it runs) runs after the wait.
 * - `reset`: destroy the TCP connection (RST) without any HTTP answer, like a
 *   connection reset by a proxy; nothing runs, no state changes. Cannot be combined
 *   with `status`.
 * - `status`: answer with this status (integer 200–599) instead of the real route;
 *   the route does NOT run (no state change, no rate-limit quota consumed). The
 *   answer is `body` with `contentType`, plus the X-RateLimit-* headers of the
 *   current window (peeked, not consumed) when the request carries an accepted
 *   token, plus `headers`.
 * - `body`: raw body of the override; default ''. Only with `status`.
 * - `contentType`: Content-Type of the override; default
 *   'application/json; charset=utf-8' when `body` parses as a JSON object or array,
 *   else 'text/plain'. Only with `status`.
 * - `headers`: extra response headers (names case-insensitive; they win over the
 *   simulator's own). Also applied to the real route's answer when there is no
 *   `status`.
 * - `omitRateLimitHeaders`: send no X-RateLimit-* header at all (like an answer from
 *   a proxy or load balancer in front of Intercom), for the override or for the real
 *   route's answer alike. Quota is still consumed by a real route.
 *
 * A fault with only `latencyMs` delays the request and then lets the real route
 * answer. Intercom itself documents 500/502/503/504 as "retry once" and has been
 * seen answering 403 with an HTML body and none of its headers; faults exist to
 * reproduce such exchanges.
 */
export interface Fault {
  match?: FaultMatch;
  times?: number;
  latencyMs?: number;
  reset?: boolean;
  status?: number;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  omitRateLimitHeaders?: boolean;
}

/**
 * Options for {@link IntercomSimulator}.
 *
 * - `port`: TCP port on 127.0.0.1; default 0 (an ephemeral port picked by the OS).
 * - `users`: the initial records; default {@link loadSeedUsers}(). The array is
 *   deep-copied. An entry carrying `archived: true` starts out archived; one
 *   carrying `role: 'lead'` is a 2.x lead (default `role: 'user'`); neither flag is
 *   stored on the User object. Every record is also a 2.x contact (see
 *   {@link SimContact}). Duplicate `id`s, or a `role` other than 'user' / 'lead',
 *   throw a TypeError.
 * - `tokens`: the accepted Bearer access tokens; default `[DEFAULT_TOKEN]`.
 * - `defaultVersion`: the API version of the simulated workspace app, used when a
 *   request carries no `Intercom-Version` header (Intercom: "the version set on the
 *   app applies"); default '1.4'.
 * - `rateLimit`: `limit` calls per fixed window of `windowMs` milliseconds (see
 *   {@link RateLimitOptions}). Always reported through the X-RateLimit-* headers;
 *   rejected with 429 `rate_limit_exceeded` only when `enforce` is true.
 *   Default `{ limit: 1666, windowMs: 10000, enforce: false }` (Intercom: 10,000 a
 *   minute enforced in 10-second windows). Limit or windowMs not positive: TypeError.
 * - `onResponse`: called after every HTTP answer has been sent (e.g. for request
 *   logs); not called for connection resets (see `responses` for those).
 *   Exceptions thrown by it are ignored.
 */
export interface SimulatorOptions {
  port?: number;
  users?: SimUser[];
  tokens?: string[];
  defaultVersion?: string;
  rateLimit?: RateLimitOptions;
  onResponse?: (info: SimulatorResponseInfo) => void;
}

/** The access token the simulator accepts by default (`Authorization: Bearer sim-token`). */
export const DEFAULT_TOKEN = 'sim-token';

/** The fixture file read by {@link loadSeedUsers}. */
const SEED_FILE = 'seed-users.json';

/**
 * Reads the seed fixture `intercom-simulator/seed-users.json`: eight Intercom 1.x
 * User objects (Intercom API 1.4 User model), among them "Hoban Washburne"
 * (id 5714dd359a3fd47136000001, the user in Intercom's "Archive a user" examples),
 * users whose emails differ only by '+' versus ' ', and two users sharing
 * "dup@example.com"; plus one 2.x lead (id 5714dd359a3fd47136000009, email
 * "lead@example.com", no user_id, `role: "lead"`), stored in the same User shape
 * and invisible to the 1.x Users routes.
 *
 * Returns a fresh array of fresh objects on every call (mutating it is safe).
 * Throws an Error if the file cannot be found or is not an array of objects with
 * `type: "user"` and a string `id`.
 */
export function loadSeedUsers(): SimUser[] {
  const candidates = [
    path.join(__dirname, SEED_FILE),
    path.join(process.cwd(), 'intercom-simulator', SEED_FILE),
  ];
  let text: string | undefined;
  for (const file of candidates) {
    try {
      text = readFileSync(file, 'utf8');
      break;
    } catch {
      // try the next location
    }
  }
  if (text === undefined) {
    throw new Error(`Intercom simulator: cannot find ${SEED_FILE} (looked in ${candidates.join(', ')})`);
  }
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every(isSimUser)) {
    throw new Error(`Intercom simulator: ${SEED_FILE} must be an array of User objects`);
  }
  return parsed;
}

/** True when `value` looks like a SimUser (type "user" and a string id). */
function isSimUser(value: unknown): value is SimUser {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.type === 'user' && typeof record.id === 'string';
}

/**
 * One stored record: the User object exactly as Intercom 1.x would return it, plus
 * state. `role` decides whether the 1.x Users routes see it (users only); a
 * `deleted` record is gone for every route but stays in the map for inspection.
 */
interface StoredUser {
  user: SimUser;
  archived: boolean;
  role: ContactRole;
  deleted: boolean;
}

/** An answer to send: status, JSON body and extra headers. */
interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The error.list object Intercom answers errors with. */
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

/** Error answer in Intercom's `error.list` format, with a fresh request id. */
function errorAnswer(status: number, code: string, message: string): Answer {
  const requestId = randomUUID();
  return {
    status,
    body: errorListObject(requestId, code, message),
    headers: { 'X-Request-Id': requestId },
  };
}

/** A fault as stored: validated copy plus how many applications are left. */
interface ActiveFault {
  fault: Fault;
  left: number;
}

/** Validates a fault and returns a private copy; throws a TypeError on bad input. */
function validateFault(fault: Fault): Fault {
  const bad = (what: string): never => {
    throw new TypeError(`Intercom simulator: invalid fault: ${what}`);
  };
  if (typeof fault !== 'object' || fault === null) bad('not an object');
  const match = fault.match ?? {};
  if (typeof match !== 'object' || match === null) bad('match must be an object');
  for (const key of ['method', 'path', 'pathPrefix'] as const) {
    if (match[key] !== undefined && typeof match[key] !== 'string') bad(`match.${key} must be a string`);
  }
  if (
    match.requestNumber !== undefined &&
    !(Number.isInteger(match.requestNumber) && match.requestNumber >= 1)
  ) {
    bad('match.requestNumber must be an integer >= 1');
  }
  if (fault.times !== undefined && !(fault.times === Infinity || (Number.isInteger(fault.times) && fault.times >= 1))) {
    bad('times must be a positive integer or Infinity');
  }
  if (fault.latencyMs !== undefined && !(Number.isFinite(fault.latencyMs) && fault.latencyMs >= 0)) {
    bad('latencyMs must be a finite number >= 0');
  }
  if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 200 && fault.status <= 599)) {
    bad('status must be an integer from 200 to 599');
  }
  if (fault.reset === true && fault.status !== undefined) bad('reset and status cannot be combined');
  if (fault.status === undefined && (fault.body !== undefined || fault.contentType !== undefined)) {
    bad('body and contentType need a status');
  }
  if (fault.body !== undefined && typeof fault.body !== 'string') bad('body must be a string');
  if (fault.contentType !== undefined && typeof fault.contentType !== 'string') bad('contentType must be a string');
  if (fault.headers !== undefined) {
    if (typeof fault.headers !== 'object' || fault.headers === null) bad('headers must be an object');
    for (const [name, value] of Object.entries(fault.headers)) {
      if (typeof value !== 'string') bad(`header ${name} must be a string`);
    }
  }
  return { ...fault, match: { ...match }, headers: fault.headers ? { ...fault.headers } : undefined };
}

/** True when the fault's match fits this request (its 1-based arrival number given). */
function faultMatches(match: FaultMatch | undefined, req: RecordedRequest, requestNumber: number): boolean {
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== req.method.toUpperCase()) return false;
  if (match.path !== undefined && match.path !== req.path) return false;
  if (match.pathPrefix !== undefined && !req.path.startsWith(match.pathPrefix)) return false;
  if (match.requestNumber !== undefined && match.requestNumber !== requestNumber) return false;
  return true;
}

/** 'application/json; charset=utf-8' when the text parses as a JSON object/array, else 'text/plain'. */
function guessContentType(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null) return 'application/json; charset=utf-8';
  } catch {
    // not JSON
  }
  return 'text/plain';
}

/**
 * Merges header records case-insensitively (later records win, keeping the later
 * spelling of the name); names for which `drop` is true are left out.
 */
function mergeHeaders(
  records: Array<Record<string, string> | undefined>,
  drop: (lowerName: string) => boolean = () => false,
): Record<string, string> {
  const byLower = new Map<string, [string, string]>();
  for (const record of records) {
    if (!record) continue;
    for (const [name, value] of Object.entries(record)) {
      const lower = name.toLowerCase();
      if (drop(lower)) continue;
      byLower.delete(lower);
      byLower.set(lower, [name, value]);
    }
  }
  return Object.fromEntries(byLower.values());
}

/** True for the X-RateLimit-* header family (including the non-standard -Reset-Ms). */
const isRateLimitHeader = (lowerName: string): boolean => lowerName.startsWith('x-ratelimit-');

const userNotFound = (): Answer => errorAnswer(404, 'not_found', 'User Not Found');
const resourceNotFound = (): Answer => errorAnswer(404, 'not_found', 'Resource Not Found');
const contactNotFound = (): Answer => errorAnswer(404, 'not_found', 'Contact Not Found');
const parameterInvalid = (message: string): Answer => errorAnswer(400, 'parameter_invalid', message);
const versionInvalid = (): Answer =>
  errorAnswer(400, 'intercom_version_invalid', 'Requested resource is not available in current API version');

/** The workspace id of the simulated app (`app.id_code` of GET /me), used as `workspace_id`. */
const WORKSPACE_ID = 'simapp1';

/** Contact fields `POST /contacts/search` supports (with operator '='). */
const SEARCH_FIELDS = ['email', 'external_id', 'id', 'role'] as const;
type SearchField = (typeof SEARCH_FIELDS)[number];

/** Default and maximum `pagination.per_page` of `POST /contacts/search` (Intercom: 50 and 150). */
const SEARCH_DEFAULT_PER_PAGE = 50;
const SEARCH_MAX_PER_PAGE = 150;

/** The first `POST /user_delete_requests` answers `{"id": 10001}`, the next 10002, ... */
const FIRST_DELETE_REQUEST_ID = 10001;

/** True for a non-null, non-array object. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a string, else null. */
function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The value when it is an integer, else null. */
function integerOrNull(value: unknown): number | null {
  return Number.isInteger(value) ? (value as number) : null;
}

/** The opaque search cursor for a result offset: base64 of its decimal digits. */
function encodeCursor(offset: number): string {
  return Buffer.from(String(offset), 'utf8').toString('base64');
}

/** The offset a cursor from {@link encodeCursor} stands for, or undefined if it is not one. */
function decodeCursor(cursor: string): number | undefined {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  if (!/^(0|[1-9]\d{0,8})$/.test(text) || encodeCursor(Number(text)) !== cursor) return undefined;
  return Number(text);
}

/** An empty addressable list (`tags`, `notes`, `companies`) of a contact. */
function emptyAddressableList(id: string, kind: string): SimContactAddressableList {
  return { type: 'list', data: [], url: `/contacts/${id}/${kind}`, total_count: 0, has_more: false };
}

/**
 * The 2.x Contact view of a stored record (see {@link SimContact} for the mapping);
 * `fallbackTime` (UNIX seconds) stands in for a missing `created_at`.
 */
function contactView(stored: StoredUser, fallbackTime: number): SimContact {
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
    owner_id: null,
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
    custom_attributes: isPlainObject(user.custom_attributes) ? structuredClone(user.custom_attributes) : {},
    tags: emptyAddressableList(user.id, 'tags'),
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

/** The short 2.x answer of archive / unarchive / delete: `{type, id, external_id, <flag>}`. */
function contactReference<K extends 'archived' | 'deleted'>(
  stored: StoredUser,
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

/**
 * Validates the `?email=` / `?user_id=` query of the 1.x Users routes: malformed
 * percent-encoding, other parameters, none or several, or a blank value give a 400
 * `parameter_invalid` answer; otherwise the field and its decoded value.
 */
function parseUserQuery(rawQuery: string): { field: 'email' | 'user_id'; value: string } | { error: Answer } {
  // URLSearchParams silently keeps a malformed escape such as %ZZ; a real server rejects it.
  if (/%(?![0-9A-Fa-f]{2})/.test(rawQuery)) {
    return { error: parameterInvalid('Malformed percent-encoding in the query string') };
  }
  try {
    decodeURIComponent(rawQuery.replace(/\+/g, ' '));
  } catch {
    return { error: parameterInvalid('Malformed percent-encoding in the query string') };
  }
  const params = new URLSearchParams(rawQuery);
  const keys = [...params.keys()];
  const unknown = keys.filter((k) => k !== 'email' && k !== 'user_id');
  if (unknown.length > 0) {
    return { error: parameterInvalid(`Unexpected parameter: ${unknown.join(', ')}`) };
  }
  const emails = params.getAll('email');
  const userIds = params.getAll('user_id');
  if (emails.length + userIds.length !== 1) {
    return {
      error: parameterInvalid(
        emails.length + userIds.length === 0
          ? 'email or user_id must be specified'
          : 'Exactly one of email or user_id must be specified, once',
      ),
    };
  }
  const field: 'email' | 'user_id' = emails.length === 1 ? 'email' : 'user_id';
  const value = emails.length === 1 ? emails[0] : userIds[0];
  if (value === '') return { error: parameterInvalid(`${field} must not be blank`) };
  return { field, value };
}

/** Parses a JSON request body that must be an object ('' counts as `{}`); undefined if it is not. */
function parseJsonObject(body: string): Record<string, unknown> | undefined {
  if (body.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The admin answered by GET /me (Intercom API 1.4, "View the current admin"). */
const ME = {
  type: 'admin',
  id: '991267',
  email: 'operator@example.com',
  name: 'Simulated Operator',
  app: {
    type: 'app',
    id_code: 'simapp1',
    name: 'Simulated Workspace',
    region: 'US',
    created_at: 1460985141,
    timezone: 'Europe/Dublin',
    identity_verification: false,
  },
  avatar: { type: 'avatar', image_url: null },
  has_inbox_seat: true,
} as const;

/**
 * An in-memory Intercom API server on 127.0.0.1.
 *
 * Every request is first read completely and recorded in `requests`. Then, in
 * order:
 * 0. Faults ({@link injectFault}): the first injected fault that matches and has
 *    applications left applies (latency, connection reset, status override, header
 *    changes); a reset or a status override ends the handling here.
 * 1. `Authorization: Bearer <token>` with a token from `options.tokens`, else
 *    401 `unauthorized` "Access Token Invalid" (no X-RateLimit-* headers).
 * 2. Rate limit (fixed windows, see {@link RateLimitOptions}): the request is
 *    counted in the current window and every answer from here on carries
 *    X-RateLimit-Limit, X-RateLimit-Remaining (left in the window after this
 *    request), X-RateLimit-Reset (UNIX seconds, Math.ceil of the window end) and the
 *    non-standard X-RateLimit-Reset-Ms (the exact window end in epoch milliseconds;
 *    real Intercom does not send it, clients may ignore it). With `enforce`, a
 *    request past the limit is answered 429 `rate_limit_exceeded` "Exceeded rate
 *    limit of <limit> in <windowMs/1000> seconds" with X-RateLimit-Remaining: 0 and
 *    does not consume quota.
 * 3. `Accept` containing "application/json", else 406 `not_acceptable`.
 * 4. Version gating on the effective version (`Intercom-Version` header, else
 *    `defaultVersion`): paths under /users need one starting with "1.", paths under
 *    /contacts one starting with "2.", else 400 `intercom_version_invalid`
 *    "Requested resource is not available in current API version".
 *    `/me` and `/user_delete_requests` are not gated.
 * 5. Routes, API 1.x (1.1-1.4). Only live (not archived, not deleted) records with
 *    role "user" exist for them; 404 `not_found` "User Not Found" otherwise:
 *    - `GET /me`: the admin and its app.
 *    - `GET /users/{id}`: the User.
 *    - `GET /users?email=`: 200 `{type: "user.list", users: [every user with exactly
 *      that email], total_count, pages: {type: "pages", page: 1, per_page: 50,
 *      total_pages: 1}}`; an empty list when none (all matches on one page).
 *    - `GET /users?user_id=`: the one User (409 `conflict` if several share it).
 *    - `DELETE /users/{id}`, `DELETE /users?email=`, `DELETE /users?user_id=`
 *      ("Archive a user"): 200 with the User object; 409 `conflict` when several
 *      users share the email.
 *    - The `?email=` / `?user_id=` forms answer 400 `parameter_invalid` for a
 *      malformed escape, another parameter, none or both, or a blank value.
 *    - `POST /user_delete_requests` with `{"intercom_user_id": "<id>"}`: permanent
 *      deletion of any record (archived ones and leads too) → 200 `{"id": <request
 *      id>}` (10001, 10002, ...); unknown or already deleted id → 404 "User Not
 *      Found"; a body that is not a JSON object, or a missing / blank / non-string
 *      intercom_user_id → 400 `parameter_invalid`.
 * 6. Routes, API 2.x (Contacts). A contact is any record, users and leads alike;
 *    answers follow the schemas of Intercom's OpenAPI 2.14 description:
 *    - `GET /contacts/{id}`: 200 the {@link SimContact}; archived, deleted or unknown
 *      → 404 `not_found` "Contact Not Found".
 *    - `POST /contacts/search` with `{query: {field, operator, value}, pagination?:
 *      {per_page?, starting_after?}}`: `field` one of email, external_id, id, role,
 *      `operator` "=", `value` a string (exact, case-sensitive equality); anything
 *      else, a body that is not a JSON object, `per_page` not an integer 1-150 or an
 *      unknown cursor → 400 `parameter_invalid`. Answers 200 `{type: "list", data:
 *      [contacts], total_count, pages: {type: "pages", page, per_page, total_pages,
 *      next?: {per_page, starting_after}}}`: live contacts only (never archived or
 *      deleted ones), sorted by id, `per_page` default 50; `next` only when more
 *      pages follow. The cursor is read ONLY from the body's
 *      `pagination.starting_after`; a `starting_after` in the query string is
 *      ignored (so such a client gets page 1 again, as from Intercom).
 *    - `POST /contacts/{id}/archive`: 200 `{type: "contact", id, external_id,
 *      archived: true}` (also when already archived); unknown or deleted → 404.
 *    - `POST /contacts/{id}/unarchive`: 200 `{..., archived: false}` (also when not
 *      archived); unknown or deleted → 404.
 *    - `DELETE /contacts/{id}`: permanent deletion (archived contacts too) → 200
 *      `{type: "contact", id, external_id, deleted: true}`; unknown or deleted → 404.
 * Anything else: 404 `not_found` "Resource Not Found".
 *
 * Archived state is shared: a user archived through `DELETE /users...` is archived
 * for /contacts and the other way round, and unarchiving through 2.x makes the user
 * visible to 1.x again. A deleted record is gone for every route.
 *
 * Path segments are percent-decoded one by one; the query is decoded with
 * URLSearchParams, so a raw '+' in the query means a space, as on a real server.
 * Error bodies are `{"type":"error.list","request_id":<uuid>,"errors":[{code,message}]}`
 * with the same uuid in the X-Request-Id header.
 */
export class IntercomSimulator {
  /** Every request received, in arrival order (recorded before any check). */
  readonly requests: RecordedRequest[] = [];

  /**
   * What was done with each request, in the order the answers were sent (which can
   * differ from arrival order when faults add latency): the HTTP status sent, or
   * 'reset' for a connection reset. An answer is recorded (and its route has run)
   * even if the client had already given up waiting; a request whose delayed answer
   * was still pending when {@link stop} was called has no entry. Not emptied by
   * `clearRequests`.
   */
  readonly responses: RecordedResponse[] = [];

  private readonly users = new Map<string, StoredUser>();
  private readonly archiveOrder: string[] = [];
  private readonly deletionOrder: string[] = [];
  private readonly constructedAt = Math.floor(Date.now() / 1000);
  private deleteRequestCount = 0;
  private readonly tokens: ReadonlySet<string>;
  private readonly defaultVersion: string;
  private readonly rateLimit: Required<RateLimitOptions>;
  private readonly port: number;
  private readonly onResponse?: (info: SimulatorResponseInfo) => void;
  private readonly sockets = new Set<Socket>();
  private readonly faults: ActiveFault[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private receivedCount = 0;
  private server: http.Server | undefined;
  private url: string | undefined;
  private windowStartMs: number | undefined;
  private windowCount = 0;

  /**
   * Builds the simulator (does not listen yet; call {@link start}).
   * Throws a TypeError for duplicate user ids, a `role` other than 'user' / 'lead',
   * or a non-positive rate limit.
   */
  constructor(options: SimulatorOptions = {}) {
    this.port = options.port ?? 0;
    this.tokens = new Set(options.tokens ?? [DEFAULT_TOKEN]);
    this.defaultVersion = options.defaultVersion ?? '1.4';
    const rateLimit = options.rateLimit ?? { limit: 1666, windowMs: 10000 };
    this.rateLimit = { limit: rateLimit.limit, windowMs: rateLimit.windowMs, enforce: rateLimit.enforce === true };
    if (!(this.rateLimit.limit > 0) || !(this.rateLimit.windowMs > 0)) {
      throw new TypeError('Intercom simulator: rateLimit.limit and rateLimit.windowMs must be positive');
    }
    this.onResponse = options.onResponse;
    const initial = options.users ? structuredClone(options.users) : loadSeedUsers();
    for (const raw of initial) {
      const { archived, role, ...user } = raw;
      if (this.users.has(user.id)) {
        throw new TypeError(`Intercom simulator: duplicate user id ${user.id}`);
      }
      if (role !== undefined && role !== 'user' && role !== 'lead') {
        throw new TypeError(`Intercom simulator: user ${user.id} has role ${String(role)}, expected 'user' or 'lead'`);
      }
      this.users.set(user.id, {
        user: user as SimUser,
        archived: archived === true,
        role: role === 'lead' ? 'lead' : 'user',
        deleted: false,
      });
      if (archived === true) this.archiveOrder.push(user.id);
    }
  }

  /**
   * Starts listening on 127.0.0.1 (port from the options, 0 = ephemeral).
   * Resolves to the base URL, e.g. "http://127.0.0.1:41234" (no trailing slash).
   * Rejects if already started or if the port cannot be bound.
   */
  start(): Promise<string> {
    if (this.server) return Promise.reject(new Error('Intercom simulator already started'));
    const server = http.createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    return new Promise<string>((resolve, reject) => {
      const onError = (err: Error): void => {
        this.server = undefined;
        reject(err);
      };
      server.once('error', onError);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', onError);
        const address = server.address() as AddressInfo;
        this.url = `http://127.0.0.1:${address.port}`;
        resolve(this.url);
      });
    });
  }

  /**
   * Stops listening and destroys every open connection (keep-alive included), so
   * no handle is left behind; answers still delayed by a fault's latency are
   * dropped (their routes do not run). Resolves once the server is closed; a no-op
   * when not started.
   */
  stop(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    this.server = undefined;
    this.url = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
    });
  }

  /** The base URL ("http://127.0.0.1:PORT"). Throws an Error when not started. */
  get baseUrl(): string {
    if (this.url === undefined) throw new Error('Intercom simulator is not started');
    return this.url;
  }

  /** Empties `requests` (the same array instance is kept). `responses` is kept. */
  clearRequests(): void {
    this.requests.length = 0;
  }

  /**
   * Adds a fault (see {@link Fault}) after those already injected. For each request,
   * faults are checked in injection order and the first one that matches and has
   * applications (`times`) left applies; a used-up fault is removed. The fault
   * object is copied, so changing it afterwards has no effect.
   * Throws a TypeError for an invalid fault (bad times / latencyMs / status /
   * requestNumber, reset combined with status, body or contentType without status).
   */
  injectFault(fault: Fault): void {
    const copy = validateFault(fault);
    this.faults.push({ fault: copy, left: copy.times ?? 1 });
  }

  /** Removes every injected fault, including ones with applications left. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** How many entries of `responses` have this status (a number, or 'reset'). */
  countStatus(status: number | 'reset'): number {
    return this.responses.filter((r) => r.status === status).length;
  }

  /**
   * The current state of one record by Intercom id, archived and deleted ones
   * included: a deep copy of the stored User object plus `archived` (as it was when
   * last changed; a deleted record keeps its last value), `deleted` (permanently
   * deleted through `POST /user_delete_requests` or `DELETE /contacts/{id}`) and
   * `role` ('user' or 'lead'); undefined if the id was never known.
   */
  getUser(id: string): (SimUser & { archived: boolean; deleted: boolean; role: ContactRole }) | undefined {
    const stored = this.users.get(id);
    if (!stored) return undefined;
    return { ...structuredClone(stored.user), archived: stored.archived, deleted: stored.deleted, role: stored.role };
  }

  /**
   * The Intercom ids of all records archived now (through 1.x or 2.x), in the order
   * they were archived. Unarchiving removes an id, archiving it again appends it; a
   * deleted record is no longer listed (see {@link deletedIds}).
   */
  archivedIds(): string[] {
    return [...this.archiveOrder];
  }

  /** True when the record with this Intercom id has been permanently deleted; false for unknown ids. */
  isDeleted(id: string): boolean {
    return this.users.get(id)?.deleted === true;
  }

  /** The Intercom ids of all permanently deleted records, in the order they were deleted. */
  deletedIds(): string[] {
    return [...this.deletionOrder];
  }

  /** Reads the whole body, records the request, applies faults, answers and reports. */
  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const rawUrl = req.url ?? '';
      const q = rawUrl.indexOf('?');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: q === -1 ? rawUrl : rawUrl.slice(0, q),
        rawQuery: q === -1 ? '' : rawUrl.slice(q + 1),
        headers: { ...req.headers },
        body: Buffer.concat(chunks).toString('utf8'),
      };
      this.requests.push(recorded);
      this.receivedCount += 1;
      const fault = this.takeFault(recorded, this.receivedCount);
      const latency = fault?.latencyMs ?? 0;
      if (latency > 0) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.respond(req, res, recorded, fault);
        }, latency);
        this.timers.add(timer);
      } else {
        this.respond(req, res, recorded, fault);
      }
    });
  }

  /** The first matching fault with applications left (used up once), or undefined. */
  private takeFault(req: RecordedRequest, requestNumber: number): Fault | undefined {
    const index = this.faults.findIndex((f) => f.left > 0 && faultMatches(f.fault.match, req, requestNumber));
    if (index === -1) return undefined;
    const active = this.faults[index];
    active.left -= 1;
    if (active.left <= 0) this.faults.splice(index, 1);
    return active.fault;
  }

  /** Resets the connection, sends a fault's override, or sends the real answer. */
  private respond(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    recorded: RecordedRequest,
    fault: Fault | undefined,
  ): void {
    if (fault?.reset === true) {
      const socket = req.socket;
      if (!socket.destroyed) {
        try {
          socket.resetAndDestroy();
        } catch {
          socket.destroy();
        }
      }
      this.responses.push({ request: recorded, status: 'reset', body: '' });
      return;
    }

    const dropRate = fault?.omitRateLimitHeaders === true ? isRateLimitHeader : undefined;
    if (fault?.status !== undefined) {
      const body = fault.body ?? '';
      const rateHeaders = this.isAuthenticated(recorded) ? this.rateLimitHeaders(Date.now(), false).headers : undefined;
      this.send(res, recorded, fault.status, body, [
        { 'Content-Type': fault.contentType ?? guessContentType(body) },
        rateHeaders,
        fault.headers,
      ], dropRate);
      return;
    }

    let answer: Answer;
    try {
      answer = this.answer(recorded);
    } catch (err) {
      answer = errorAnswer(500, 'server_error', `Simulator failure: ${String(err)}`);
    }
    this.send(res, recorded, answer.status, JSON.stringify(answer.body), [
      { 'Content-Type': 'application/json; charset=utf-8' },
      answer.headers,
      fault?.headers,
    ], dropRate);
  }

  /** Writes one HTTP answer, records it in `responses` and calls `onResponse`. */
  private send(
    res: http.ServerResponse,
    recorded: RecordedRequest,
    status: number,
    body: string,
    headerRecords: Array<Record<string, string> | undefined>,
    drop: ((lowerName: string) => boolean) | undefined,
  ): void {
    const headers = mergeHeaders(
      [...headerRecords, { 'Content-Length': String(Buffer.byteLength(body)) }],
      drop,
    );
    if (!res.headersSent && !res.destroyed) {
      res.writeHead(status, headers);
      res.end(body);
    }
    const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
    this.responses.push({ request: recorded, status, body, ...(contentType === undefined ? {} : { contentType }) });
    if (this.onResponse) {
      try {
        this.onResponse({ request: recorded, status });
      } catch {
        // a logging hook must not break the simulator
      }
    }
  }

  /** True when the request carries `Authorization: Bearer <accepted token>`. */
  private isAuthenticated(req: RecordedRequest): boolean {
    const auth = headerValue(req.headers.authorization);
    const match = /^Bearer +(\S+) *$/i.exec(auth ?? '');
    return match !== null && this.tokens.has(match[1]);
  }

  /** Applies auth, rate limit, Accept, version and routing to one request. */
  private answer(req: RecordedRequest): Answer {
    if (!this.isAuthenticated(req)) {
      return errorAnswer(401, 'unauthorized', 'Access Token Invalid');
    }
    const { limit, windowMs } = this.rateLimit;
    const rate = this.rateLimitHeaders(Date.now(), true);
    if (!rate.allowed) {
      const rejected = errorAnswer(
        429,
        'rate_limit_exceeded',
        `Exceeded rate limit of ${limit} in ${windowMs / 1000} seconds`,
      );
      rejected.headers = { ...rate.headers, ...rejected.headers };
      return rejected;
    }
    const answer = this.route(req);
    answer.headers = { ...rate.headers, ...answer.headers };
    return answer;
  }

  /**
   * The X-RateLimit-* headers for an authenticated request at `now` (epoch ms).
   *
   * Windows are fixed and aligned to the first authenticated request: window k is
   * [start + k*windowMs, start + (k+1)*windowMs). With `consume`, the request is
   * counted in its window (starting the first window if needed) unless `enforce` is
   * on and the window is full, in which case `allowed` is false, nothing is counted
   * and Remaining is 0. Without `consume`, nothing changes (before the first window
   * the report describes a window that would start now). Reset is the window end in
   * UNIX seconds, rounded up; Reset-Ms is the exact end in epoch milliseconds.
   */
  private rateLimitHeaders(now: number, consume: boolean): { allowed: boolean; headers: Record<string, string> } {
    const { limit, windowMs, enforce } = this.rateLimit;
    let startMs: number;
    let count: number;
    if (this.windowStartMs === undefined) {
      startMs = now;
      count = 0;
    } else {
      startMs = this.windowStartMs;
      count = this.windowCount;
      if (now - startMs >= windowMs) {
        startMs += Math.floor((now - startMs) / windowMs) * windowMs;
        count = 0;
      }
    }
    let allowed = true;
    if (consume) {
      if (enforce && count >= limit) {
        allowed = false;
      } else {
        count += 1;
      }
      this.windowStartMs = startMs;
      this.windowCount = count;
    }
    const endMs = startMs + windowMs;
    return {
      allowed,
      headers: {
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': allowed ? String(Math.max(0, limit - count)) : '0',
        'X-RateLimit-Reset': String(Math.ceil(endMs / 1000)),
        'X-RateLimit-Reset-Ms': String(endMs),
      },
    };
  }

  /** Accept and version checks, then the route table. */
  private route(req: RecordedRequest): Answer {
    const accept = headerValue(req.headers.accept);
    if (!accept || !accept.toLowerCase().includes('application/json')) {
      return errorAnswer(406, 'not_acceptable', 'Accept header must be application/json');
    }

    if (!req.path.startsWith('/')) return resourceNotFound();
    let segments: string[];
    try {
      segments = req.path.slice(1).split('/').map((s) => decodeURIComponent(s));
    } catch {
      return errorAnswer(400, 'parameter_invalid', 'Malformed percent-encoding in the request path');
    }

    const sent = headerValue(req.headers['intercom-version'])?.trim();
    const version = sent ? sent : this.defaultVersion;
    if (segments[0] === 'users' && !version.startsWith('1.')) return versionInvalid();
    if (segments[0] === 'contacts' && !version.startsWith('2.')) return versionInvalid();

    const method = req.method.toUpperCase();
    if (segments.length === 1 && segments[0] === 'me' && method === 'GET') {
      return { status: 200, body: ME };
    }
    if (segments.length === 2 && segments[0] === 'users' && segments[1] !== '') {
      if (method === 'GET') return this.viewUser(segments[1]);
      if (method === 'DELETE') return this.archiveById(segments[1]);
    }
    if (segments.length === 1 && segments[0] === 'users') {
      if (method === 'DELETE') return this.archiveByQuery(req.rawQuery);
      if (method === 'GET' && req.rawQuery !== '') return this.findByQuery(req.rawQuery);
    }
    if (segments.length === 1 && segments[0] === 'user_delete_requests' && method === 'POST') {
      return this.userDeleteRequest(req.body);
    }
    if (segments[0] === 'contacts') return this.routeContacts(method, segments, req.body);
    return resourceNotFound();
  }

  /** The API 2.x Contacts routes (version already checked); `segments` are decoded. */
  private routeContacts(method: string, segments: string[], body: string): Answer {
    if (segments.length === 2 && segments[1] === 'search' && method === 'POST') {
      return this.searchContacts(body);
    }
    if (segments.length === 2 && segments[1] !== '') {
      if (method === 'GET') return this.viewContact(segments[1]);
      if (method === 'DELETE') return this.deleteContact(segments[1]);
    }
    if (segments.length === 3 && segments[1] !== '' && method === 'POST') {
      if (segments[2] === 'archive') return this.setContactArchived(segments[1], true);
      if (segments[2] === 'unarchive') return this.setContactArchived(segments[1], false);
    }
    return resourceNotFound();
  }

  /** True for a record the 1.x Users routes can see: a user, neither archived nor deleted. */
  private static isLiveUser(stored: StoredUser): boolean {
    return stored.role === 'user' && !stored.archived && !stored.deleted;
  }

  /** GET /users/{id}: the User, or 404 when unknown, archived, deleted or a lead. */
  private viewUser(id: string): Answer {
    const stored = this.users.get(id);
    if (!stored || !IntercomSimulator.isLiveUser(stored)) return userNotFound();
    return { status: 200, body: stored.user };
  }

  /** DELETE /users/{id} (Intercom API 1.4, Archive a user by id). */
  private archiveById(id: string): Answer {
    const stored = this.users.get(id);
    if (!stored || !IntercomSimulator.isLiveUser(stored)) return userNotFound();
    return this.archive(stored);
  }

  /** DELETE /users?email= | ?user_id= (Intercom API 1.4, Archive a user by email / user_id). */
  private archiveByQuery(rawQuery: string): Answer {
    const query = parseUserQuery(rawQuery);
    if ('error' in query) return query.error;
    const { field, value } = query;
    const matches = [...this.users.values()].filter((s) => IntercomSimulator.isLiveUser(s) && s.user[field] === value);
    if (matches.length === 0) return userNotFound();
    if (matches.length > 1) {
      return errorAnswer(
        409,
        'conflict',
        field === 'email'
          ? 'Multiple existing users match this email address - must be more specific using user_id'
          : 'Multiple existing users match this user_id',
      );
    }
    return this.archive(matches[0]);
  }

  /**
   * GET /users?email= (Intercom API 1.1+: a `user.list`, empty when nobody matches)
   * and GET /users?user_id= (the one User, 404 when none, 409 when several).
   */
  private findByQuery(rawQuery: string): Answer {
    const query = parseUserQuery(rawQuery);
    if ('error' in query) return query.error;
    const { field, value } = query;
    const matches = [...this.users.values()].filter((s) => IntercomSimulator.isLiveUser(s) && s.user[field] === value);
    if (field === 'email') {
      return {
        status: 200,
        body: {
          type: 'user.list',
          users: matches.map((s) => s.user),
          total_count: matches.length,
          pages: { type: 'pages', page: 1, per_page: 50, total_pages: 1 },
        },
      };
    }
    if (matches.length === 0) return userNotFound();
    if (matches.length > 1) return errorAnswer(409, 'conflict', 'Multiple existing users match this user_id');
    return { status: 200, body: matches[0].user };
  }

  /** Marks a user archived and answers 200 with the User object as it was stored. */
  private archive(stored: StoredUser): Answer {
    stored.archived = true;
    this.archiveOrder.push(stored.user.id);
    return { status: 200, body: stored.user };
  }

  /** Marks a record permanently deleted (it leaves `archivedIds`, enters `deletedIds`). */
  private markDeleted(stored: StoredUser): void {
    stored.deleted = true;
    this.deletionOrder.push(stored.user.id);
    const index = this.archiveOrder.indexOf(stored.user.id);
    if (index !== -1) this.archiveOrder.splice(index, 1);
  }

  /** POST /user_delete_requests (Intercom API 1.x, permanent deletion by Intercom id). */
  private userDeleteRequest(body: string): Answer {
    const parsed = parseJsonObject(body);
    if (!parsed) return parameterInvalid('The request body must be a JSON object');
    const id = parsed.intercom_user_id;
    if (id === undefined || id === null || id === '') return parameterInvalid('intercom_user_id must be specified');
    if (typeof id !== 'string') return parameterInvalid('intercom_user_id must be a string');
    const stored = this.users.get(id);
    if (!stored || stored.deleted) return userNotFound();
    this.markDeleted(stored);
    this.deleteRequestCount += 1;
    return { status: 200, body: { id: FIRST_DELETE_REQUEST_ID - 1 + this.deleteRequestCount } };
  }

  /** GET /contacts/{id} (Intercom API 2.x, Get a contact): live contacts only. */
  private viewContact(id: string): Answer {
    const stored = this.users.get(id);
    if (!stored || stored.archived || stored.deleted) return contactNotFound();
    return { status: 200, body: contactView(stored, this.constructedAt) };
  }

  /**
   * POST /contacts/{id}/archive and /unarchive (Intercom API 2.x): idempotent;
   * unknown or deleted contacts answer 404.
   */
  private setContactArchived(id: string, archived: boolean): Answer {
    const stored = this.users.get(id);
    if (!stored || stored.deleted) return contactNotFound();
    if (archived && !stored.archived) {
      stored.archived = true;
      this.archiveOrder.push(id);
    } else if (!archived && stored.archived) {
      stored.archived = false;
      const index = this.archiveOrder.indexOf(id);
      if (index !== -1) this.archiveOrder.splice(index, 1);
    }
    return { status: 200, body: contactReference(stored, 'archived', archived) };
  }

  /** DELETE /contacts/{id} (Intercom API 2.x, Delete a contact): archived ones too. */
  private deleteContact(id: string): Answer {
    const stored = this.users.get(id);
    if (!stored || stored.deleted) return contactNotFound();
    this.markDeleted(stored);
    return { status: 200, body: contactReference(stored, 'deleted', true) };
  }

  /** POST /contacts/search (Intercom API 2.x, Search contacts; see the class comment). */
  private searchContacts(body: string): Answer {
    const parsed = parseJsonObject(body);
    if (!parsed) return parameterInvalid('The request body must be a JSON object');
    const query = parsed.query;
    if (!isPlainObject(query)) return parameterInvalid('query must be an object');
    if (!('field' in query) && (query.operator === 'AND' || query.operator === 'OR')) {
      return parameterInvalid('The simulator supports a single filter, not AND / OR queries');
    }
    const { field, operator, value } = query;
    if (typeof field !== 'string' || !(SEARCH_FIELDS as readonly string[]).includes(field)) {
      return parameterInvalid(
        `Unsupported search field ${JSON.stringify(field)}; the simulator supports ${SEARCH_FIELDS.join(', ')}`,
      );
    }
    if (operator !== '=') {
      return parameterInvalid(`Unsupported operator ${JSON.stringify(operator)}; the simulator supports "="`);
    }
    if (typeof value !== 'string') return parameterInvalid('value must be a string');

    const pagination = parsed.pagination ?? {};
    if (!isPlainObject(pagination)) return parameterInvalid('pagination must be an object');
    const perPage = pagination.per_page ?? SEARCH_DEFAULT_PER_PAGE;
    if (!Number.isInteger(perPage) || (perPage as number) < 1 || (perPage as number) > SEARCH_MAX_PER_PAGE) {
      return parameterInvalid(`per_page must be an integer from 1 to ${SEARCH_MAX_PER_PAGE}`);
    }
    let offset = 0;
    const cursor = pagination.starting_after;
    if (cursor !== undefined && cursor !== null) {
      const decoded = typeof cursor === 'string' ? decodeCursor(cursor) : undefined;
      if (decoded === undefined) return parameterInvalid('starting_after is not a valid cursor');
      offset = decoded;
    }

    const matches = [...this.users.values()]
      .filter((s) => !s.archived && !s.deleted && this.searchValue(s, field as SearchField) === value)
      .sort((a, b) => (a.user.id < b.user.id ? -1 : a.user.id > b.user.id ? 1 : 0));
    const size = perPage as number;
    const pageItems = matches.slice(offset, offset + size);
    const pages: Record<string, unknown> = {
      type: 'pages',
      page: Math.floor(offset / size) + 1,
      per_page: size,
      total_pages: Math.ceil(matches.length / size),
    };
    if (offset + size < matches.length) pages.next = { per_page: size, starting_after: encodeCursor(offset + size) };
    return {
      status: 200,
      body: {
        type: 'list',
        data: pageItems.map((s) => contactView(s, this.constructedAt)),
        total_count: matches.length,
        pages,
      },
    };
  }

  /** The value of a search field for one record (null when the record has none). */
  private searchValue(stored: StoredUser, field: SearchField): string | null {
    switch (field) {
      case 'email':
        return stringOrNull(stored.user.email);
      case 'external_id':
        return stringOrNull(stored.user.user_id);
      case 'id':
        return stored.user.id;
      case 'role':
        return stored.role;
    }
  }
}

/** A header as one string: arrays are joined with ", "; undefined stays undefined. */
function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
