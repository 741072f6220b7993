/**
 * The install test's record of its checks: each runs, prints PASS or FAIL with what it
 * found, and counts; a check that throws fails with the error's message.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { N8nInstance } from '../../real-n8n/instance';
import type { Log } from '../../real-n8n/log';
import { seconds } from '../../real-n8n/log';
import { PACKAGE_NAME } from '../../real-n8n/project';

/** Runs and counts the checks. */
export class Checks {
	passed = 0;

	failed: string[] = [];

	constructor(private readonly log: Log) {}

	/**
	 * Runs `fn` as the check `name`; what it returns is printed after PASS. Returns
	 * whether it passed.
	 */
	async run(name: string, fn: () => Promise<string> | string): Promise<boolean> {
		const started = Date.now();
		try {
			const found = await fn();
			this.passed++;
			console.log(`PASS ${name} (${seconds(Date.now() - started)}): ${found}`);
			return true;
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			this.failed.push(`${name}: ${message}`);
			console.log(`FAIL ${name} (${seconds(Date.now() - started)}): ${message}`);
			return false;
		}
	}

	/** Records a failure outside a check (a set-up that threw). */
	fail(name: string, error: unknown): void {
		const message = error instanceof Error ? error.message : String(error);
		this.failed.push(`${name}: ${message}`);
		console.log(`FAIL ${name}: ${message}`);
	}

	/** Logs a line of context. */
	note(message: string): void {
		this.log(message);
	}
}

/** Throws `message` unless `ok`. */
export function expect(ok: boolean, message: string): asserts ok {
	if (!ok) throw new Error(message);
}

/** The version of the package installed in the instance's `.n8n/nodes`, or undefined. */
export function installedVersion(n8n: N8nInstance): string | undefined {
	const manifest = path.join(n8n.nodesDir, 'node_modules', PACKAGE_NAME, 'package.json');
	if (!existsSync(manifest)) return undefined;
	return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** A package as `GET /rest/community-packages` lists it. */
export interface ListedPackage {
	packageName: string;
	installedVersion: string;
	updateAvailable?: string;
	failedLoading?: boolean;
	installedNodes: Array<{ name: string; type: string }>;
}

/** `name@version (nodes: …)` for a report line. */
export function describePackage(listed: ListedPackage): string {
	const nodes = listed.installedNodes.map((node) => node.type).join(', ');
	const update = listed.updateAvailable ? `, update available: ${listed.updateAvailable}` : '';
	return `${listed.packageName}@${listed.installedVersion} (nodes: ${nodes}${update})`;
}

/** The guard's refused attempts of every instance, parsed. */
export function refusedHosts(instances: N8nInstance[]): Array<{ kind: string; host: string }> {
	return instances.flatMap((n8n) =>
		n8n.networkAttempts().map((line) => JSON.parse(line) as { kind: string; host: string }),
	);
}
