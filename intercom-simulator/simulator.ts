/**
 * A local stand-in for the parts of the Intercom REST API that this package uses.
 *
 * It follows the Intercom API 1.x "Archive a user" reference (DELETE /users/{id},
 * DELETE /users?email=, DELETE /users?user_id=), Intercom's error.list error format,
 * its Intercom-Version / Accept / Bearer-token rules and its X-RateLimit-* headers,
 * as summarised in shared/reference/INTERCOM.md. It is a test fixture and demo
 * backend: plain `node:http`, in-memory state, loopback only.
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
 * - `rateLimit`: `limit` calls per fixed window of `windowMs` milliseconds. Only
 *   reported through the X-RateLimit-* headers; nothing is rejected with 429.
 *   Default `{ limit: 1666, windowMs: 10000 }` (Intercom: 10,000 a minute enforced
 *   in 10-second windows).
 * - `onResponse`: called after every answer has been sent (e.g. for request logs).
 *   Exceptions thrown by it are ignored.
 */
export interface SimulatorOptions {
  port?: number;
  users?: SimUser[];
  tokens?: string[];
  defaultVersion?: string;
  rateLimit?: { limit: number; windowMs: number };
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

/** Error answer in Intercom's `error.list` format, with a fresh request id. */
function errorAnswer(status: number, code: string, message: string): Answer {
  const requestId = randomUUID();
  return {
    status,
    body: { type: 'error.list', request_id: requestId, errors: [{ code, message }] },
    headers: { 'X-Request-Id': requestId },
  };
}

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
 * Checks, in order, for every request (all of which are first recorded in
 * `requests`):
 * 1. `Authorization: Bearer <token>` with a token from `options.tokens`, else
 *    401 `unauthorized` "Access Token Invalid".
 * 2. `Accept` containing "application/json", else 406 `not_acceptable`.
 *    From here on every answer carries X-RateLimit-Limit / -Remaining / -Reset.
 * 3. For paths under /users: the effective version (`Intercom-Version` header, else
 *    `defaultVersion`) must start with "1.", else 400 `intercom_version_invalid`.
 * 4. Routes (Intercom API 1.4): `GET /me` (admin), `GET /users/{id}` (User),
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

  private readonly users = new Map<string, StoredUser>();
  private readonly archiveOrder: string[] = [];
  private readonly tokens: ReadonlySet<string>;
  private readonly defaultVersion: string;
  private readonly rateLimit: { limit: number; windowMs: number };
  private readonly port: number;
  private readonly onResponse?: (info: SimulatorResponseInfo) => void;
  private readonly sockets = new Set<Socket>();
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
    this.rateLimit = { ...(options.rateLimit ?? { limit: 1666, windowMs: 10000 }) };
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
   * no handle is left behind. Resolves once the server is closed; a no-op when not
   * started.
   */
  stop(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    this.server = undefined;
    this.url = undefined;
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

  /** Empties `requests` (the same array instance is kept). */
  clearRequests(): void {
    this.requests.length = 0;
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

  /** Reads the whole body, records the request, answers it and reports it. */
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
      let answer: Answer;
      try {
        answer = this.answer(recorded);
      } catch (err) {
        answer = errorAnswer(500, 'server_error', `Simulator failure: ${String(err)}`);
      }
      const body = JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        ...answer.headers,
      });
      res.end(body);
      if (this.onResponse) {
        try {
          this.onResponse({ request: recorded, status: answer.status });
        } catch {
          // a logging hook must not break the simulator
        }
      }
    });
  }

  /** Applies auth, Accept, rate-limit headers, version and routing to one request. */
  private answer(req: RecordedRequest): Answer {
    const auth = headerValue(req.headers.authorization);
    const match = /^Bearer +(\S+) *$/i.exec(auth ?? '');
    if (!match || !this.tokens.has(match[1])) {
      return errorAnswer(401, 'unauthorized', 'Access Token Invalid');
    }
    const rateHeaders = this.countRequest();
    const answer = this.route(req);
    answer.headers = { ...rateHeaders, ...answer.headers };
    return answer;
  }

  /**
   * Counts one authenticated request in the current fixed window (windows are
   * aligned to the first authenticated request) and returns the X-RateLimit-*
   * headers. Reset is the UNIX time in seconds (rounded up) when the window ends.
   */
  private countRequest(): Record<string, string> {
    const now = Date.now();
    const { limit, windowMs } = this.rateLimit;
    if (this.windowStartMs === undefined) {
      this.windowStartMs = now;
      this.windowCount = 0;
    } else if (now - this.windowStartMs >= windowMs) {
      const elapsedWindows = Math.floor((now - this.windowStartMs) / windowMs);
      this.windowStartMs += elapsedWindows * windowMs;
      this.windowCount = 0;
    }
    this.windowCount += 1;
    return {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - this.windowCount)),
      'X-RateLimit-Reset': String(Math.ceil((this.windowStartMs + windowMs) / 1000)),
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
