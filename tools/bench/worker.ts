/**
 * The measured process of `npm run bench`. It archives N synthetic users (see
 * users.ts) by email against a simulator that runs in ANOTHER process (the
 * parent), one of two ways:
 *
 * - `engine`: through the built Intercom Users node in n8n-core's real
 *   WorkflowExecute (tools/n8n-harness/engine.ts), N items, Email = `={{ $json.email }}`;
 * - `raw`: a plain `fetch` loop sending the same requests (DELETE
 *   /users?email=<encoded>, Authorization Bearer, Accept application/json,
 *   Intercom-Version 1.4), all at once or at most `--concurrency` at a time.
 *
 *   node --expose-gc --import tsx tools/bench/worker.ts --way engine --items 1000 --base-url http://127.0.0.1:PORT
 *
 * Modules are loaded and warmed up before the baseline is taken, so memory
 * growth and time cover the run only. While the run goes, RSS, heap and the
 * number of open TCP handles are sampled every `--sample-ms` (default 20) ms;
 * client TCP connections are counted through the `net.client.socket`
 * diagnostics channel. The kernel's peak-RSS counter (VmHWM, reset just before the run when Linux
 * allows it) is read as a cross-check, since a timer cannot fire while the
 * event loop is busy. The result is printed as one line:
 * `BENCH_RESULT {json}` (see {@link WorkerResult}).
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { parseArgs } from 'node:util';

import { benchEmails } from './users';

/** What the worker reports to the parent (one JSON line on stdout). */
export interface WorkerResult {
	way: 'engine' | 'raw';
	items: number;
	/** Wall time of the run, from the first item handed over to the last answer processed. */
	wallMs: number;
	/** Items that came back as archived User objects. */
	ok: number;
	/** Items that failed (error items, non-2xx answers, network errors). */
	failed: number;
	/** Up to 3 distinct failure messages, for the report. */
	failureSamples: string[];
	/** RSS after loading, warm-up and a forced GC, just before the run (bytes). */
	baselineRss: number;
	/** Highest RSS sampled during the run (bytes). */
	peakRssSampled: number;
	/** Kernel peak RSS (VmHWM) over the run, when it could be reset before the run (bytes). */
	peakRssKernel?: number;
	/** Highest heapUsed sampled during the run (bytes). */
	peakHeapUsed: number;
	baselineHeapUsed: number;
	/** Most client TCP connections open at once during the run (closing ones included). */
	peakConnections: number;
	/** Client TCP connections opened during the run (one per request without keep-alive). */
	connectionsOpened: number;
	/** Most HTTP requests in flight at once (sent, answer not complete): the effective request concurrency. */
	peakInFlight: number;
	/** How many samples were taken, and the longest gap between two (ms): long gaps mean a busy event loop. */
	samples: number;
	maxSampleGapMs: number;
	/** User + system CPU time of this process during the run (ms). */
	cpuMs: number;
	/** Run start and end on the monotonic clock (µs), to cut a --cpu-prof profile to the run. */
	runStartUs: number;
	runEndUs: number;
}

/** Current resident set size in bytes; 0 if it cannot be read (e.g. no file descriptor left). */
function rss(): number {
	try {
		return process.memoryUsage.rss();
	} catch {
		return 0;
	}
}

/** Current V8 heapUsed in bytes; 0 if it cannot be read. */
function heapUsed(): number {
	try {
		return process.memoryUsage().heapUsed;
	} catch {
		return 0;
	}
}

/** The monotonic clock in microseconds (the clock V8's .cpuprofile timestamps use). */
function monotonicUs(): number {
	return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Counts client TCP connections through Node's `net.client.socket` diagnostics
 * channel (published for node:http, axios and undici/fetch sockets alike):
 * how many are open now, the most open at once, and how many were opened.
 */
const connections = { open: 0, peak: 0, opened: 0 };
diagnosticsChannel.subscribe('net.client.socket', (message) => {
	const { socket } = message as { socket: Socket };
	connections.open++;
	connections.opened++;
	connections.peak = Math.max(connections.peak, connections.open);
	socket.once('close', () => {
		connections.open--;
	});
});

/**
 * Counts HTTP requests in flight (sent, answer not yet complete) through Node's
 * diagnostics channels: node:http's (used by n8n's axios) and undici's (fetch).
 */
const requests = { inFlight: 0, peak: 0 };
const requestStarted = (): void => {
	requests.inFlight++;
	requests.peak = Math.max(requests.peak, requests.inFlight);
};
const requestFinished = (): void => {
	requests.inFlight = Math.max(0, requests.inFlight - 1);
};
diagnosticsChannel.subscribe('http.client.request.start', requestStarted);
diagnosticsChannel.subscribe('http.client.response.finish', requestFinished);
diagnosticsChannel.subscribe('http.client.request.error', requestFinished);
diagnosticsChannel.subscribe('undici:request:create', requestStarted);
diagnosticsChannel.subscribe('undici:request:trailers', requestFinished);
diagnosticsChannel.subscribe('undici:request:error', requestFinished);

/** Resets the kernel's peak-RSS counter; false when Linux does not allow it. */
function resetKernelPeak(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

/** The kernel's peak RSS (VmHWM) in bytes, or undefined off Linux. */
function kernelPeak(): number | undefined {
	try {
		const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** One way's run: archives every email, returns the counts. */
type Runner = (
	emails: string[],
) => Promise<{ ok: number; failed: number; failureSamples: string[] }>;

/** Loads n8n (engine, built package) and runs one empty workflow so nothing is loaded lazily during the run. */
async function prepareEngine(
	baseUrl: string,
	token: string,
	batching?: { batchSize: number; batchInterval: number },
): Promise<Runner> {
	const { runWorkflow } = await import('../n8n-harness/engine');
	const { archiveWorkflow, NODE_NAME } = await import('../../test/helpers');
	const workflow = archiveWorkflow(
		{
			archiveBy: 'email',
			email: '={{ $json.email }}',
			// n8n's Batching (Settings → Request Options): its pause between batches is the only
			// point where n8n's declarative engine yields while it prepares items.
			requestOptions: batching ? { batching: { batch: batching } } : {},
		},
		// Failed items become error items instead of stopping the run, so they can be counted.
		{ onError: 'continueRegularOutput' },
	);
	const credentials = { intercomAccessTokenApi: { accessToken: token, region: 'custom', baseUrl } };
	// Warm-up: zero items, so the package is loaded and the engine runs once, with no HTTP request.
	await runWorkflow({ workflow, items: [], credentials });
	return async (emails) => {
		const result = await runWorkflow({
			workflow,
			items: emails.map((email) => ({ email })),
			credentials,
		});
		if (result.error) {
			return { ok: 0, failed: emails.length, failureSamples: [result.error.message] };
		}
		const output = result.output(NODE_NAME);
		let ok = 0;
		const samples = new Set<string>();
		for (const item of output) {
			if (item.error || item.json.error !== undefined || item.json.type !== 'user') {
				if (samples.size < 3) samples.add(String(item.error?.message ?? item.json.error));
			} else {
				ok++;
			}
		}
		return { ok, failed: emails.length - ok, failureSamples: [...samples] };
	};
}

/** A raw fetch loop with the node's request shape; `concurrency` requests in flight at most. */
async function prepareRaw(baseUrl: string, token: string, concurrency: number): Promise<Runner> {
	// Warm-up without a request: the first fetch() loads undici; a data: URL does that off the network.
	await (await fetch('data:text/plain,warm-up')).text();
	const headers = {
		Authorization: `Bearer ${token}`,
		Accept: 'application/json',
		'Intercom-Version': '1.4',
	};
	return async (emails) => {
		let ok = 0;
		let failed = 0;
		const samples = new Set<string>();
		const archive = async (email: string): Promise<void> => {
			try {
				const response = await fetch(`${baseUrl}/users?email=${encodeURIComponent(email)}`, {
					method: 'DELETE',
					headers,
				});
				const body = (await response.json()) as { type?: string };
				if (response.ok && body.type === 'user') ok++;
				else {
					failed++;
					if (samples.size < 3) samples.add(`HTTP ${response.status}`);
				}
			} catch (error) {
				failed++;
				if (samples.size < 3) samples.add(String((error as Error).cause ?? error));
			}
		};
		if (concurrency >= emails.length) {
			await Promise.all(emails.map(archive));
		} else {
			let next = 0;
			const lane = async (): Promise<void> => {
				while (next < emails.length) await archive(emails[next++]);
			};
			await Promise.all(Array.from({ length: concurrency }, lane));
		}
		return { ok, failed, failureSamples: [...samples] };
	};
}

/** `--batching SIZE:INTERVAL_MS` → n8n's Batching values, or undefined when not given. */
function parseBatching(
	value: string | undefined,
): { batchSize: number; batchInterval: number } | undefined {
	if (value === undefined) return undefined;
	const [size, interval] = value.split(':').map(Number);
	if (!Number.isInteger(size) || size < 1 || !Number.isInteger(interval) || interval < 0) {
		throw new Error(`--batching must be SIZE:INTERVAL_MS, e.g. 100:1 (got ${value})`);
	}
	return { batchSize: size, batchInterval: interval };
}

/** Parses the flags, prepares the chosen way, measures one run and prints `BENCH_RESULT {json}`. */
async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			way: { type: 'string' },
			items: { type: 'string' },
			'base-url': { type: 'string' },
			token: { type: 'string', default: 'sim-token' },
			concurrency: { type: 'string' },
			'sample-ms': { type: 'string', default: '20' },
			batching: { type: 'string' },
		},
		strict: true,
	});
	const way = values.way;
	const items = Number(values.items);
	const baseUrl = values['base-url'];
	if ((way !== 'engine' && way !== 'raw') || !Number.isInteger(items) || items < 1 || !baseUrl) {
		throw new Error(
			'usage: worker.ts --way engine|raw --items N --base-url URL [--token T] [--concurrency C] [--sample-ms MS]',
		);
	}
	const token = values.token ?? 'sim-token';
	const concurrency = values.concurrency ? Number(values.concurrency) : items;
	const sampleMs = Number(values['sample-ms']);

	const emails = benchEmails(items);
	const batching = parseBatching(values.batching);
	const run =
		way === 'engine'
			? await prepareEngine(baseUrl, token, batching)
			: await prepareRaw(baseUrl, token, concurrency);

	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	gc?.();
	const baselineRss = rss();
	const baselineHeapUsed = heapUsed();
	const kernelPeakUsable = resetKernelPeak();
	let peakRssSampled = baselineRss;
	let peakHeapUsed = baselineHeapUsed;
	let samples = 0;
	let maxSampleGapMs = 0;
	let lastSample = performance.now();
	const sample = (): void => {
		const now = performance.now();
		maxSampleGapMs = Math.max(maxSampleGapMs, now - lastSample);
		lastSample = now;
		samples++;
		peakRssSampled = Math.max(peakRssSampled, rss());
		peakHeapUsed = Math.max(peakHeapUsed, heapUsed());
	};
	const sampler = setInterval(sample, sampleMs);

	connections.peak = connections.open;
	connections.opened = 0;
	requests.peak = requests.inFlight;
	const cpuBefore = process.cpuUsage();
	const runStartUs = monotonicUs();
	const started = performance.now();
	const counts = await run(emails);
	const wallMs = performance.now() - started;
	const runEndUs = monotonicUs();
	const cpu = process.cpuUsage(cpuBefore);
	sample();
	clearInterval(sampler);

	const result: WorkerResult = {
		way,
		items,
		wallMs,
		...counts,
		baselineRss,
		peakRssSampled,
		peakRssKernel: kernelPeakUsable ? kernelPeak() : undefined,
		peakHeapUsed,
		baselineHeapUsed,
		peakConnections: connections.peak,
		connectionsOpened: connections.opened,
		peakInFlight: requests.peak,
		samples,
		maxSampleGapMs,
		cpuMs: (cpu.user + cpu.system) / 1000,
		runStartUs,
		runEndUs,
	};
	process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
		process.exit(1);
	},
);
