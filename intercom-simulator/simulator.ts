/**
 * A local stand-in for the parts of the Intercom REST API that this package uses.
 *
 * It follows the Intercom API 1.x "Archive a user" reference (DELETE /users/{id},
 * DELETE /users?email=, DELETE /users?user_id=), Intercom's error.list error format,
 * its Intercom-Version / Accept / Bearer-token rules, its X-RateLimit-* headers and
 * (optionally) its 429 `rate_limit_exceeded` enforcement, as summarised in
 * shared/reference/INTERCOM.md. Tests can also inject faults (status overrides such
 * as a load balancer's HTML 403, latency, connection resets) per request. It is a
 * test fixture and demo backend: plain `node:http`, in-memory state, loopback only.
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
 * object as in `requests`) and what the simulator did with it: the HTTP status code
 * it answered with, or `'reset'` when it destroyed the connection without any HTTP
 * answer (a {@link Fault} with `reset: true`).
 */
export interface RecordedResponse {
  request: RecordedRequest;
  status: number | 'reset';
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
 * - `users`: the initial users; default {@link loadSeedUsers}(). The array is
 *   deep-copied. A user carrying `archived: true` starts out archived (the flag
 *   itself is not stored on the User object). Duplicate `id`s throw a TypeError.
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
 * "dup@example.com".
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

/** One stored user: the User object exactly as Intercom would return it, plus state. */
interface StoredUser {
  user: SimUser;
  archived: boolean;
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
 * 4. For paths under /users: the effective version (`Intercom-Version` header, else
 *    `defaultVersion`) must start with "1.", else 400 `intercom_version_invalid`.
 * 5. Routes (Intercom API 1.4): `GET /me` (admin), `GET /users/{id}` (User),
 *    `DELETE /users/{id}`, `DELETE /users?email=`, `DELETE /users?user_id=`
 *    ("Archive a user"; 200 with the User object; 404 `not_found` "User Not Found";
 *    409 `conflict` when several users share the email; 400 `parameter_invalid` for
 *    a bad query). Anything else: 404 `not_found` "Resource Not Found".
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
   * Throws a TypeError for duplicate user ids or a non-positive rate limit.
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
      const { archived, ...user } = raw;
      if (this.users.has(user.id)) {
        throw new TypeError(`Intercom simulator: duplicate user id ${user.id}`);
      }
      this.users.set(user.id, { user: user as SimUser, archived: archived === true });
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
   * The current state of one user by Intercom id, archived ones included: a deep
   * copy of the stored User object plus `archived: boolean`; undefined if unknown.
   */
  getUser(id: string): (SimUser & { archived: boolean }) | undefined {
    const stored = this.users.get(id);
    if (!stored) return undefined;
    return { ...structuredClone(stored.user), archived: stored.archived };
  }

  /** The Intercom ids of all archived users, in the order they were archived. */
  archivedIds(): string[] {
    return [...this.archiveOrder];
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
      this.responses.push({ request: recorded, status: 'reset' });
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
    this.responses.push({ request: recorded, status });
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

    if (segments[0] === 'users') {
      const sent = headerValue(req.headers['intercom-version'])?.trim();
      const version = sent ? sent : this.defaultVersion;
      if (!version.startsWith('1.')) {
        return errorAnswer(400, 'intercom_version_invalid', 'Requested resource is not available in current API version');
      }
    }

    const method = req.method.toUpperCase();
    if (segments.length === 1 && segments[0] === 'me' && method === 'GET') {
      return { status: 200, body: ME };
    }
    if (segments.length === 2 && segments[0] === 'users' && segments[1] !== '') {
      if (method === 'GET') return this.viewUser(segments[1]);
      if (method === 'DELETE') return this.archiveById(segments[1]);
    }
    if (segments.length === 1 && segments[0] === 'users' && method === 'DELETE') {
      return this.archiveByQuery(req.rawQuery);
    }
    return resourceNotFound();
  }

  /** GET /users/{id}: the User, or 404 when unknown or archived. */
  private viewUser(id: string): Answer {
    const stored = this.users.get(id);
    if (!stored || stored.archived) return userNotFound();
    return { status: 200, body: stored.user };
  }

  /** DELETE /users/{id} (Intercom API 1.4, Archive a user by id). */
  private archiveById(id: string): Answer {
    const stored = this.users.get(id);
    if (!stored || stored.archived) return userNotFound();
    return this.archive(stored);
  }

  /** DELETE /users?email= | ?user_id= (Intercom API 1.4, Archive a user by email / user_id). */
  private archiveByQuery(rawQuery: string): Answer {
    // URLSearchParams silently keeps a malformed escape such as %ZZ; a real server rejects it.
    if (/%(?![0-9A-Fa-f]{2})/.test(rawQuery)) {
      return errorAnswer(400, 'parameter_invalid', 'Malformed percent-encoding in the query string');
    }
    try {
      decodeURIComponent(rawQuery.replace(/\+/g, ' '));
    } catch {
      return errorAnswer(400, 'parameter_invalid', 'Malformed percent-encoding in the query string');
    }
    const params = new URLSearchParams(rawQuery);
    const keys = [...params.keys()];
    const unknown = keys.filter((k) => k !== 'email' && k !== 'user_id');
    if (unknown.length > 0) {
      return errorAnswer(400, 'parameter_invalid', `Unexpected parameter: ${unknown.join(', ')}`);
    }
    const emails = params.getAll('email');
    const userIds = params.getAll('user_id');
    if (emails.length + userIds.length !== 1) {
      return errorAnswer(
        400,
        'parameter_invalid',
        emails.length + userIds.length === 0
          ? 'email or user_id must be specified'
          : 'Exactly one of email or user_id must be specified, once',
      );
    }
    const field: 'email' | 'user_id' = emails.length === 1 ? 'email' : 'user_id';
    const value = emails.length === 1 ? emails[0] : userIds[0];
    if (value === '') {
      return errorAnswer(400, 'parameter_invalid', `${field} must not be blank`);
    }
    const matches = [...this.users.values()].filter((s) => !s.archived && s.user[field] === value);
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

  /** Marks a user archived and answers 200 with the User object as it was stored. */
  private archive(stored: StoredUser): Answer {
    stored.archived = true;
    this.archiveOrder.push(stored.user.id);
    return { status: 200, body: stored.user };
  }
}

/** A header as one string: arrays are joined with ", "; undefined stays undefined. */
function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
