/**
 * The CLI end-to-end test of one n8n line: a fresh n8n instance with the packed
 * package, the Intercom simulator in this process, a credential pointing at it,
 * dry-run-three-ways.workflow.json (the same items with Options → Dry Run on) and
 * archive-three-ways.workflow.json imported and run with `n8n execute`, the dry run
 * first, then the checks of checks.ts; then the "Clean up inactive users" recipe
 * (cleanup.ts: its dry run, then its real run, against a simulator of its own); a
 * closed-port Base URL and an unknown operation (unreachable.ts); and the checks of the
 * network guard.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { DEFAULT_TOKEN, IntercomSimulator, loadSeedUsers } from '../intercom-simulator/simulator';
import { N8nInstance, NETWORK_GUARD } from '../real-n8n/instance';
import type { LineSpec } from '../real-n8n/lines';
import { prepareLine } from '../real-n8n/lines';
import type { Log, Timing } from '../real-n8n/log';
import { seconds, stepTimer } from '../real-n8n/log';
import { describeExit, tail } from '../real-n8n/process';
import { PACKAGE_NAME } from '../real-n8n/project';
import {
	asObject,
	checkDryRunExecution,
	checkDryRunRequests,
	checkExecution,
	checkRequests,
	describeRequest,
	extractExecutionJson,
	header,
	nodeOutput,
} from './checks';
import { runCleanup } from './cleanup';
import { runUnreachable } from './unreachable';

/** The workflow the test imports and runs. */
export const WORKFLOW_FILE = path.join(__dirname, 'archive-three-ways.workflow.json');
/** The same workflow with Options → Dry Run on: run first, it must change nothing. */
export const DRY_RUN_WORKFLOW_FILE = path.join(__dirname, 'dry-run-three-ways.workflow.json');
/** The node type the package's node gets when installed as a community package. */
const NODE_TYPE = `${PACKAGE_NAME}.intercomUsers`;
const CREDENTIAL_ID = 'e2eIntercomCred';
const CREDENTIAL_NAME = 'Intercom (simulator)';

/** How one line went. */
export interface LineResult {
	label: string;
	n8nVersion: string;
	/** The Node version n8n ran on, `?` when it was never determined. */
	nodeVersion: string;
	/** True when `failures` is empty. */
	passed: boolean;
	/** One sentence per problem found. */
	failures: string[];
	/** The steps of this line in order, with how long each took. */
	timings: Timing[];
	/** The line's note (why it sets extra environment), if any. */
	note?: string;
}

/**
 * Runs the test for `spec`: n8n and Node from the cache under `root` (installed when
 * missing), `tarball` installed into a fresh user folder under `tmpRoot`. Never throws:
 * every problem, including a failed install, becomes a failure of the result. On
 * failure the end of the execute output and the folder with the logs are logged.
 */
export async function runLine(
	spec: LineSpec,
	root: string,
	tarball: string,
	tmpRoot: string,
	log: Log,
): Promise<LineResult> {
	const timings: Timing[] = [];
	const failures: string[] = [];
	let nodeVersion = '?';
	const result = (): LineResult => ({
		label: spec.label,
		n8nVersion: spec.n8nVersion,
		nodeVersion,
		passed: failures.length === 0,
		failures,
		timings,
		note: spec.note,
	});
	const time = stepTimer(timings);

	log(`=== n8n ${spec.label}: n8n ${spec.n8nVersion} ===`);
	let sim: IntercomSimulator | undefined;
	try {
		const { runtime, n8nBin } = await prepareLine(spec, root, log, timings);
		nodeVersion = runtime.version;
		const n8nDir = path.dirname(path.dirname(n8nBin));
		const installedVersion = (
			JSON.parse(readFileSync(path.join(n8nDir, 'package.json'), 'utf8')) as { version: string }
		).version;
		log(
			`n8n ${installedVersion} from ${n8nDir}, run with Node ${runtime.version} (${runtime.bin})`,
		);

		// A fresh n8n user folder with the package installed as a community package.
		const n8n = await N8nInstance.create({
			runtime,
			n8nBin,
			dir: mkdtempSync(path.join(tmpRoot, `n8n-${spec.n8nVersion}-`)),
			env: spec.env,
		});
		const installed = await time('install the package tarball', () => n8n.installPackage(tarball));
		log(`${PACKAGE_NAME}@${installed.version} installed in ${n8n.nodesDir}`);

		sim = new IntercomSimulator();
		const baseUrl = await sim.start();
		log(`Intercom simulator on ${baseUrl}`);

		const workflow = JSON.parse(readFileSync(WORKFLOW_FILE, 'utf8')) as {
			id: string;
			nodes: Array<{ type: string }>;
		};
		if (!workflow.nodes.some((node) => node.type === NODE_TYPE)) {
			throw new Error(`${WORKFLOW_FILE} has no node of type ${NODE_TYPE}`);
		}

		const reported = await time('n8n --version', () => n8n.version());
		log(`n8n --version: ${reported}`);
		if (reported !== spec.n8nVersion) {
			failures.push(`n8n --version printed ${reported}, expected ${spec.n8nVersion}`);
		}

		await time('n8n import:credentials', () =>
			n8n.importCredentials([
				{
					id: CREDENTIAL_ID,
					name: CREDENTIAL_NAME,
					type: 'intercomAccessTokenApi',
					data: { accessToken: DEFAULT_TOKEN, region: 'custom', baseUrl },
				},
			]),
		);
		log('credential imported');
		await time('n8n import:workflow', () => n8n.importWorkflow(WORKFLOW_FILE));
		await time('n8n import:workflow (dry run)', () => n8n.importWorkflow(DRY_RUN_WORKFLOW_FILE));
		log('workflows imported');
		if (sim.requests.length > 0) {
			failures.push(`the imports sent ${sim.requests.length} requests to the simulator`);
		}
		sim.clearRequests();

		const dryWorkflow = JSON.parse(readFileSync(DRY_RUN_WORKFLOW_FILE, 'utf8')) as { id: string };
		const dryResult = await time('n8n execute (dry run)', () => n8n.execute(dryWorkflow.id));
		log(`n8n execute (dry run): ${describeExit(dryResult)} in ${seconds(dryResult.ms)}`);
		const dryExecution =
			extractExecutionJson(dryResult.stdout) ??
			extractExecutionJson(`${dryResult.stdout}\n${dryResult.stderr}`);
		if (dryResult.code !== 0) {
			failures.push(`n8n execute (dry run) ended with ${describeExit(dryResult)}`);
		}
		if (!dryExecution) {
			failures.push('dry run: no execution JSON found in the output of n8n execute --rawOutput');
		} else {
			checkDryRunExecution(
				dryExecution,
				new Map(loadSeedUsers().map((user) => [user.id, user])),
				failures,
			);
		}
		for (const request of sim.requests)
			log(`  dry run, simulator got: ${describeRequest(request)}`);
		checkDryRunRequests(sim, failures);
		sim.clearRequests();

		const executeResult = await time('n8n execute', () => n8n.execute(workflow.id));
		log(`n8n execute: ${describeExit(executeResult)} in ${seconds(executeResult.ms)}`);
		const execution =
			extractExecutionJson(executeResult.stdout) ??
			extractExecutionJson(`${executeResult.stdout}\n${executeResult.stderr}`);
		if (executeResult.code !== 0) {
			failures.push(`n8n execute ended with ${describeExit(executeResult)}`);
		}
		if (!execution) {
			failures.push('no execution JSON found in the output of n8n execute --rawOutput');
		} else {
			const seed = new Map(loadSeedUsers().map((user) => [user.id, user]));
			checkExecution(execution, seed, failures);
			for (const item of nodeOutput(execution, 'Intercom Users') ?? []) {
				const json = asObject(item.json);
				log(
					`  output item: id ${String(json?.id)}, user_id ${String(json?.user_id)}, ` +
						`email ${String(json?.email)}, pairedItem ${JSON.stringify(item.pairedItem)}`,
				);
			}
		}
		for (const request of sim.requests) {
			const bearer = header(request, 'authorization') === `Bearer ${DEFAULT_TOKEN}`;
			log(
				`  simulator got: ${describeRequest(request)} ` +
					`[authorization: ${bearer ? 'Bearer sim-token' : 'WRONG'}, ` +
					`intercom-version: ${header(request, 'intercom-version')}, ` +
					`accept: ${header(request, 'accept')}]`,
			);
		}
		checkRequests(sim, failures);

		// The clean-up recipe: a simulator of its own on the port the credential names.
		await sim.stop();
		sim = undefined;
		await runCleanup(n8n, Number(new URL(baseUrl).port), log, time, failures);
		await runUnreachable(n8n, log, time, failures);

		if (!n8n.guardLoaded()) {
			failures.push(`the network guard ${NETWORK_GUARD} was not loaded into the n8n processes`);
		}
		const attempts = n8n.networkAttempts();
		if (attempts.length > 0) {
			failures.push(`n8n tried to reach the network (refused): ${attempts.join('; ')}`);
		}
		if (failures.length > 0) {
			const output = `${executeResult.stdout}\n${executeResult.stderr}`;
			log(`--- end of n8n execute output ---\n${tail(output, 60)}`);
			log(`logs and the user folder are in ${n8n.dir}`);
		}
	} catch (error) {
		failures.push(error instanceof Error ? error.message : String(error));
	} finally {
		await sim?.stop();
	}
	return result();
}
