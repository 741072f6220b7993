/**
 * A local stand-in for the parts of the Intercom REST API that this package uses.
 *
 * API 1.x (Users API, Intercom 1.1-1.4): "Archive a user" (DELETE /users/{id},
 * DELETE /users?email=, DELETE /users?user_id=), "View a user" (GET /users/{id},
 * GET /users?email= answering a user.list, GET /users?user_id=) and permanent
 * deletion (POST /user_delete_requests). API 2.x (Contacts API, checked against
 * Intercom's official OpenAPI 2.14 and 2.16 descriptions, each exchange against the one
 * of its Intercom-Version; a contact's `owner_id` and a merged contact's read follow
 * the version): GET /contacts/{id},
 * POST /contacts/search (the filters, operators, AND / OR groups and limits of
 * Intercom's OpenAPI 2.14 / 2.16, timestamps by day or by second as the API version
 * says, cursor pagination in the body; search.ts), POST /contacts/{id}/archive,
 * POST /contacts/{id}/unarchive
 * and DELETE /contacts/{id}. Both API generations read and change ONE store: a 1.x
 * user is a 2.x contact with role "user", so archiving or deleting through either is
 * seen by both.
 *
 * It also follows Intercom's error.list error format, its Intercom-Version / Accept /
 * Bearer-token rules, its X-RateLimit-* headers and (optionally) its 429
 * `rate_limit_exceeded` enforcement, as described in Intercom's public API reference
 * (Errors, Versioning, Authentication, Rate limiting).
 * Tests can also inject faults (status overrides such as a load balancer's HTML 403,
 * latency, connection resets, answers lost after the change was made) per request,
 * here or in the forwarding proxy (proxy.ts) that stands in front of it with the same
 * rules. It is a test fixture and demo backend:
 * plain `node:http`, in-memory state, loopback only.
 *
 * This file is the public entry point; the simulator itself is split by concern:
 * - store.ts: the records, their archived / deleted state, the email / user_id index
 *   and the seed loader;
 * - handler.ts: `handle(state, request)`, auth, rate limit, Accept and version checks
 *   and dispatch, without sockets;
 * - routes/users.ts (1.x Users), routes/contacts.ts (2.x Contacts), routes/me.ts;
 * - search.ts (POST /contacts/search: the query, its limits and errors, sort, cursor
 *   pages) and searchTime.ts (how a date filter compares, by version and workspace
 *   timezone: {@link timestampMatching});
 * - rateLimit.ts (fixed windows, X-RateLimit-* headers), faults.ts (fault injection,
 *   the rule engine of the simulator and of proxy.ts, a forwarding proxy in front of it),
 *   views.ts (User / contact / error.list answers), util.ts (small helpers);
 * - oauth.ts: Intercom's OAuth for public apps (the authorize page, the code, the token
 *   exchange at /auth/eagle/token; issued tokens are accepted as Bearer tokens);
 * - server.ts: the node:http server and the {@link IntercomSimulator} class;
 * - cli.ts (`npm run simulator`) and cliUsers.ts, the records it starts with (a users
 *   file, generated users and leads).
 */
export type { Fault, FaultMatch } from './faults';
export type { ProxyExchange } from './proxy';
export { FaultProxy, GATEWAY_TIMEOUT_PAGE } from './proxy';
export type {
	RecordedRequest,
	RouteRequest,
	SimRequest,
	SimResponse,
	SimulatorState,
	StateOptions,
} from './handler';
export { createState, DEFAULT_TOKEN, handle } from './handler';
export type { OAuthOptions } from './oauth';
export { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from './oauth';
export type { RateLimitOptions } from './rateLimit';
export type { RecordedResponse, SimulatorOptions, SimulatorResponseInfo } from './server';
export { IntercomSimulator } from './server';
export type { ContactRole, EmailMatch, SimUser, StoredRecord, UserSnapshot } from './store';
export { loadSeedUsers, UserStore } from './store';
export type { SearchSettings } from './search';
export {
	MAX_FILTERS_PER_GROUP,
	MAX_GROUP_DEPTH,
	SEARCH_DATE_FIELDS,
	SEARCH_LIST_FIELDS,
	SEARCH_MAX_PER_PAGE,
	SEARCH_STRING_FIELDS,
	searchContacts,
} from './search';
export type { TimestampMatching } from './searchTime';
export {
	DEFAULT_TIME_ZONE,
	matchesTimestamp,
	timestampMatching,
	timestampWindow,
} from './searchTime';
export type { Answer, SimContact, SimContactAddressableList } from './views';
export { errorList } from './views';
