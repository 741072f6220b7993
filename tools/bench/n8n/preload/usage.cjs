'use strict';
/**
 * Preloaded into the n8n processes of `npm run bench:n8n` (NODE_OPTIONS=--require).
 * When a process exits, appends one JSON line to the file named by BENCH_USAGE_LOG:
 * `{ pid, argv, maxRssKb, userS, systemS, sinceStartS }` from process.resourceUsage()
 * (maxRssKb: the peak resident set size, in KiB; userS / systemS: CPU seconds).
 * The benchmark picks the line of the `n8n execute` process. Also makes stdout and stderr
 * blocking, so the execution `n8n execute --rawOutput` prints before exiting is not cut off.
 */
const fs = require('node:fs');

const file = process.env.BENCH_USAGE_LOG;
if (file) {
	// `n8n execute --rawOutput` prints the whole execution and then exits: with stdout a
	// pipe, asynchronous writes still pending at exit are lost. Blocking writes keep it whole.
	for (const stream of [process.stdout, process.stderr]) {
		if (stream._handle && typeof stream._handle.setBlocking === 'function') {
			stream._handle.setBlocking(true);
		}
	}
	process.on('exit', () => {
		const usage = process.resourceUsage();
		const line = {
			pid: process.pid,
			argv: process.argv.slice(2),
			maxRssKb: usage.maxRSS,
			userS: usage.userCPUTime / 1e6,
			systemS: usage.systemCPUTime / 1e6,
			sinceStartS: process.uptime(),
		};
		try {
			fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
		} catch {
			// the benchmark reports the missing line
		}
	});
}
