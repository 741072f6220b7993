/**
 * Command line entry for the local Intercom API simulator (see simulator.ts).
 *
 *   tsx tools/intercom-simulator/cli.ts [--port N] [--token T] [--default-version V] [--rate-limit L/MS]
 *     [--rate-phase MS] [--clock-offset MS] [--time-zone TZ] [--users FILE] [--generate N] [--leads M]
 *     [--no-seed] [--client-id ID] [--client-secret S] [--redirect-uri URL ...] [--help]
 *
 * Starts the simulator with its records on 127.0.0.1, port 8080 unless --port says
 * otherwise (`--port 0`: a free port, printed), prints
 * "Intercom simulator listening on http://127.0.0.1:PORT (token: T)" and then one
 * line per request, "METHOD path?query -> status" (path and query raw, as sent).
 * `--rate-limit 20/1000` enforces 20 requests per 1000 ms window (429 past it).
 * `--rate-phase 75` (with --rate-limit) opens the windows 75 ms after a whole second
 * (`RateLimitOptions.phaseMs`). `--clock-offset 45000` runs the simulated server's
 * clock 45 s ahead of the local one (its Date header and reset times; negative: behind).
 * `--time-zone Europe/Berlin` sets the workspace timezone, whose days a contact search
 * matches timestamps by up to API 2.16 (default UTC).
 * Records: the seed users (seed-users.json); `--users FILE` replaces them with the
 * file's (same shape); `--generate 30` adds users user1@example.com ... (user_id user1
 * ..., last seen on days spread over three years, every 50th never) and `--leads 5`
 * leads lead1@example.com ... to either; `--no-seed` starts from
 * none. A second line says what it holds ("Holding 38 users, 1 lead: ...").
 * OAuth (oauth.ts): the simulated public app has client id `sim-client-id` and secret
 * `sim-client-secret` unless --client-id / --client-secret say otherwise, and accepts any
 * redirect URL unless --redirect-uri (repeatable) lists them.
 * Stops cleanly on SIGINT / SIGTERM. --help prints the usage and exits 0; bad arguments
 * print the usage and exit 2.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import {
	combineRecords,
	describeRecords,
	generateRecords,
	MAX_GENERATED,
	parseUsersFile,
} from './cliUsers';
import type { OAuthOptions, SimUser } from './simulator';
import { checkTimeZone } from './searchTime';
import { DEFAULT_TOKEN, IntercomSimulator, loadSeedUsers } from './simulator';

/** The port `npm run simulator` listens on unless --port says otherwise. */
const DEFAULT_PORT = 8080;

const USAGE = [
	'usage: npm run simulator -- [--port N] [--token T] [--default-version V] [--rate-limit LIMIT/WINDOW_MS] [--rate-phase MS] [--clock-offset MS] [--time-zone TZ] [--users FILE] [--generate N] [--leads M] [--no-seed] [--client-id ID] [--client-secret S] [--redirect-uri URL]',
	`  --port N             listen on 127.0.0.1:N (default ${DEFAULT_PORT}; 0 picks a free port)`,
	'  --token T            the accepted access token (default sim-token)',
	'  --default-version V  the workspace default API version (default 1.4)',
	'  --rate-limit L/MS    enforce L requests per MS-millisecond window (429 past it)',
	'  --rate-phase MS      with --rate-limit: windows open MS ms after a whole second',
	"  --clock-offset MS    the server clock's offset from the local one (Date, reset times)",
	'  --time-zone TZ       the workspace timezone (IANA, e.g. Europe/Berlin; default UTC): contact',
	'                       searches up to API 2.16 match timestamps by its calendar days',
	'  --users FILE         start with the users in FILE instead of the seed users (a JSON array',
	'                       shaped like tools/intercom-simulator/seed-users.json)',
	'  --generate N         add N users: user1@example.com (user_id user1) ... userN@example.com,',
	'                       last seen on days spread over three years (every 50th never seen)',
	'  --leads M            add M leads: lead1@example.com ... leadM@example.com (no user_id)',
	'  --no-seed            start without the seed users (only --users and generated records)',
	'  --client-id ID       the OAuth client id of the simulated public app (default sim-client-id)',
	'  --client-secret S    its OAuth client secret (default sim-client-secret)',
	'  --redirect-uri URL   a redirect URL the app accepts (repeatable; default: any http(s) URL)',
	`                       --generate and --leads add to the seed or the --users file; at most ${MAX_GENERATED} each`,
	'  --help               this text',
].join('\n');

/** Parsed command line: port (0 = ephemeral), accepted token, default API version. */
interface CliOptions {
	/** --help: print the usage and exit. */
	help?: true;
	port: number;
	token: string;
	defaultVersion: string;
	/** Enforced window, when --rate-limit was given (with --rate-phase, its phase). */
	rateLimit?: { limit: number; windowMs: number; enforce: true; phaseMs?: number };
	/** The server clock's offset from the local one, in ms (--clock-offset; default 0). */
	clockOffsetMs: number;
	/** The workspace timezone (--time-zone), when given. */
	timeZone?: string;
	/** What to start with: the seed or a --users file, plus generated users and leads. */
	records: RecordsSpec;
	/** The simulated public app (--client-id, --client-secret, --redirect-uri). */
	oauth?: OAuthOptions;
}

/** The record flags: --users FILE, --no-seed, --generate N, --leads M. */
interface RecordsSpec {
	usersFile?: string;
	noSeed: boolean;
	generate: number;
	leads: number;
}

/** A count flag's value: an integer from 0 to MAX_GENERATED (0 when absent). */
function countOption(name: string, value: string | undefined): number {
	if (value === undefined) return 0;
	if (!/^\d+$/.test(value) || Number(value) > MAX_GENERATED) {
		throw new Error(`--${name} must be an integer from 0 to ${MAX_GENERATED}, got "${value}"`);
	}
	return Number(value);
}

/** The records the simulator starts with, as the record flags say. Throws an Error naming the flag. */
function loadRecords(spec: RecordsSpec): SimUser[] {
	let base: SimUser[] = [];
	if (spec.usersFile !== undefined) {
		let text: string;
		try {
			text = readFileSync(spec.usersFile, 'utf8');
		} catch (err) {
			const code = (err as NodeJS.ErrnoException).code ?? String(err);
			throw new Error(`--users ${spec.usersFile}: cannot read the file (${code})`);
		}
		base = parseUsersFile(text, spec.usersFile);
	} else if (!spec.noSeed) {
		base = loadSeedUsers();
	}
	return combineRecords(base, generateRecords(spec.generate, spec.leads));
}

/** The OAuth flags as {@link OAuthOptions}; throws an Error naming a bad one. */
function oauthOptions(values: {
	'client-id'?: string;
	'client-secret'?: string;
	'redirect-uri'?: string[];
}): OAuthOptions {
	for (const name of ['client-id', 'client-secret'] as const) {
		if (values[name] === '') throw new Error(`--${name} must not be empty`);
	}
	const uris = values['redirect-uri'];
	const bad = uris?.find((uri) => !/^https?:\/\/\S+$/i.test(uri));
	if (bad !== undefined) throw new Error(`--redirect-uri must be an http(s) URL, got "${bad}"`);
	return {
		...(values['client-id'] === undefined ? {} : { clientId: values['client-id'] }),
		...(values['client-secret'] === undefined ? {} : { clientSecret: values['client-secret'] }),
		...(uris === undefined ? {} : { redirectUris: uris }),
	};
}

/** Parses argv (without node and script); throws an Error with a message on bad input. */
function parseCli(argv: string[]): CliOptions {
	const { values } = parseArgs({
		args: argv,
		options: {
			port: { type: 'string', short: 'p' },
			token: { type: 'string', short: 't' },
			'default-version': { type: 'string' },
			'rate-limit': { type: 'string' },
			'rate-phase': { type: 'string' },
			'clock-offset': { type: 'string' },
			'time-zone': { type: 'string' },
			users: { type: 'string' },
			generate: { type: 'string' },
			leads: { type: 'string' },
			'no-seed': { type: 'boolean' },
			'client-id': { type: 'string' },
			'client-secret': { type: 'string' },
			'redirect-uri': { type: 'string', multiple: true },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
		allowPositionals: false,
	});
	if (values.help === true) {
		return {
			help: true,
			port: 0,
			token: '',
			defaultVersion: '',
			clockOffsetMs: 0,
			records: { noSeed: false, generate: 0, leads: 0 },
		};
	}
	if (values.users === '') throw new Error('--users needs a file name');
	const oauth = oauthOptions(values);
	const records: RecordsSpec = {
		...(values.users === undefined ? {} : { usersFile: values.users }),
		noSeed: values['no-seed'] === true,
		generate: countOption('generate', values.generate),
		leads: countOption('leads', values.leads),
	};
	let port = DEFAULT_PORT;
	if (values.port !== undefined) {
		if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) {
			throw new Error(`--port must be an integer between 0 and 65535, got "${values.port}"`);
		}
		port = Number(values.port);
	}
	const token = values.token ?? DEFAULT_TOKEN;
	if (token === '') throw new Error('--token must not be empty');
	const defaultVersion = values['default-version'] ?? '1.4';
	const offset = values['clock-offset'];
	if (offset !== undefined && !/^-?\d+$/.test(offset)) {
		throw new Error(`--clock-offset must be an integer number of ms, got "${offset}"`);
	}
	const clockOffsetMs = offset === undefined ? 0 : Number(offset);
	const timeZone = values['time-zone'];
	if (timeZone !== undefined) {
		try {
			checkTimeZone(timeZone);
		} catch {
			throw new Error(
				`--time-zone must be an IANA timezone such as Europe/Berlin, got "${timeZone}"`,
			);
		}
	}
	const phase = values['rate-phase'];
	if (phase !== undefined && (!/^\d+$/.test(phase) || Number(phase) >= 1000)) {
		throw new Error(`--rate-phase must be an integer from 0 to 999 (ms), got "${phase}"`);
	}
	const rate = values['rate-limit'];
	if (rate === undefined) {
		if (phase !== undefined) throw new Error('--rate-phase needs --rate-limit');
		return { port, token, defaultVersion, clockOffsetMs, timeZone, records, oauth };
	}
	const match = /^(\d+)\/(\d+)$/.exec(rate);
	if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
		throw new Error(
			`--rate-limit must look like 20/1000 (requests per window in ms), got "${rate}"`,
		);
	}
	return {
		port,
		token,
		defaultVersion,
		clockOffsetMs,
		timeZone,
		records,
		oauth,
		rateLimit: {
			limit: Number(match[1]),
			windowMs: Number(match[2]),
			enforce: true,
			...(phase === undefined ? {} : { phaseMs: Number(phase) }),
		},
	};
}

/** Where the records came from, e.g. "the seed users + 30 generated users". */
function recordsSource(spec: RecordsSpec): string {
	const parts: string[] = [];
	if (spec.usersFile !== undefined) parts.push(spec.usersFile);
	else if (!spec.noSeed) parts.push('the seed users');
	if (spec.generate > 0) parts.push(`${spec.generate} generated users`);
	if (spec.leads > 0) parts.push(`${spec.leads} generated leads`);
	return parts.length === 0 ? 'no records' : parts.join(' + ');
}

/** Starts the simulator, logs requests, and wires signal handling. */
async function main(): Promise<void> {
	let options: CliOptions;
	try {
		options = parseCli(process.argv.slice(2));
	} catch (err) {
		process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
		process.exitCode = 2;
		return;
	}
	if (options.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	let users: SimUser[];
	try {
		users = loadRecords(options.records);
	} catch (err) {
		process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
		process.exitCode = 2;
		return;
	}

	const simulator = new IntercomSimulator({
		port: options.port,
		users,
		tokens: [options.token],
		defaultVersion: options.defaultVersion,
		clockOffsetMs: options.clockOffsetMs,
		...(options.timeZone === undefined ? {} : { workspaceTimeZone: options.timeZone }),
		...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
		...(options.oauth ? { oauth: options.oauth } : {}),
		onResponse: ({ request, status }) => {
			const query = request.rawQuery === '' ? '' : `?${request.rawQuery}`;
			process.stdout.write(`${request.method} ${request.path}${query} -> ${status}\n`);
		},
	});

	const baseUrl = await simulator.start();
	// A token given with --token may be a real one: never print it.
	const tokenNote =
		options.token === DEFAULT_TOKEN ? `token: ${DEFAULT_TOKEN}` : 'token: as given with --token';
	process.stdout.write(`Intercom simulator listening on ${baseUrl} (${tokenNote})\n`);
	process.stdout.write(`Holding ${describeRecords(users)}: ${recordsSource(options.records)}\n`);

	let stopping = false;
	const shutdown = (signal: NodeJS.Signals): void => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`Received ${signal}, stopping Intercom simulator\n`);
		simulator.stop().then(
			() => {
				process.exitCode = 0;
			},
			(err: unknown) => {
				process.stderr.write(`Error while stopping: ${String(err)}\n`);
				process.exitCode = 1;
			},
		);
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
	process.stderr.write(
		`Intercom simulator failed: ${err instanceof Error ? err.message : String(err)}\n`,
	);
	process.exitCode = 1;
});
