/**
 * The real n8n the benchmark runs: n8n 2.x on Node 24 from the e2e install cache, a
 * fresh user folder with the packed package installed as a community package, the two
 * credentials (this package's, pointed at the simulator; the built-in node's API key)
 * and every row's workflow imported in one `n8n import:workflow`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { DEFAULT_TOKEN } from '../../intercom-simulator/simulator';
import type { N8nInstance } from '../../real-n8n/instance';
import { instanceWithPackage } from '../../real-n8n/instance';
import { selectLines } from '../../real-n8n/lines';
import type { Log, Timing } from '../../real-n8n/log';
import { buildProject, packProject } from '../../real-n8n/pack';
import { freePort } from '../../real-n8n/process';
import type { Peer, WorkflowFile } from './workflows';
import { BUILTIN_CREDENTIAL, buildWorkflow, OUR_CREDENTIAL } from './workflows';

/** The prepared instance and where the simulator must listen. */
export interface BenchInstance {
	n8n: N8nInstance;
	/** The n8n version installed. */
	n8nVersion: string;
	/** The Node version n8n runs on. */
	nodeVersion: string;
	/** The simulator's fixed port: the credential's Base URL and the HTTP Request URL name it. */
	simulatorPort: number;
	/** `http://127.0.0.1:<simulatorPort>`. */
	simulatorUrl: string;
}

/**
 * Builds (unless `build` is false) and packs the project, gets n8n 2.x and Node 24 from
 * the cache, installs the tarball into a fresh instance under `tmpRoot`, and imports the
 * credentials.
 */
export async function prepareInstance(
	tmpRoot: string,
	build: boolean,
	log: Log,
): Promise<BenchInstance> {
	const timings: Timing[] = [];
	if (build) {
		log('npm run build');
		await buildProject(path.join(tmpRoot, 'build.log'));
	}
	const { tarball } = await packProject(path.join(tmpRoot, 'pack'));
	log(`packed ${path.basename(tarball)}`);
	const [line] = selectLines('2.x');
	const n8n = await instanceWithPackage(line, path.join(tmpRoot, 'n8n'), tarball, log, timings);
	const { runtime } = n8n;
	const simulatorPort = await freePort();
	const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
	await n8n.importCredentials([
		{
			...OUR_CREDENTIAL,
			type: 'intercomAccessTokenApi',
			data: { accessToken: DEFAULT_TOKEN, region: 'custom', baseUrl: simulatorUrl },
		},
		{ ...BUILTIN_CREDENTIAL, type: 'intercomApi', data: { apiKey: DEFAULT_TOKEN } },
	]);
	log(`n8n ${line.n8nVersion} on Node ${runtime.version}, instance in ${n8n.dir}`);
	return {
		n8n,
		n8nVersion: line.n8nVersion,
		nodeVersion: runtime.version,
		simulatorPort,
		simulatorUrl,
	};
}

/** A workflow to import: the row, N, and the id it gets. */
export interface PlannedWorkflow {
	id: string;
	peer: Peer;
	n: number;
}

/** Short codes of the row kinds, for workflow ids (n8n keeps at most 36 characters). */
const KIND_CODE: Record<Peer['kind'], string> = {
	baseline: 'nop',
	oursEmail: 'em',
	oursId: 'id',
	oursEmailBatched: 'emb',
	oursEmailNoFastPath: 'emnf',
	oursEmailSimplified: 'ems',
	oursEmailSimplifyOff: 'emso',
	oursEmailSimplifiedFull: 'emsf',
	oursEmailSimplifyOffFull: 'emsof',
	httpRequest: 'http',
	httpRequestBatched: 'httpb',
	builtin: 'bi',
};

/** The workflow id of a row at N (letters and digits, as n8n ids are). */
export function workflowId(peer: Peer, n: number): string {
	const batching = peer.batching
		? `b${peer.batching.batchSize}i${peer.batching.batchInterval}`
		: '';
	return `bn${KIND_CODE[peer.kind]}${batching}n${n}`;
}

/** Writes every planned workflow into one file and imports it with one `n8n import:workflow`. */
export async function importWorkflows(
	instance: BenchInstance,
	planned: PlannedWorkflow[],
): Promise<void> {
	const unique = new Map<string, WorkflowFile>();
	for (const { id, peer, n } of planned) {
		unique.set(id, buildWorkflow(id, peer, n, instance.simulatorUrl));
	}
	const file = path.join(instance.n8n.dir, 'bench-workflows.json');
	writeFileSync(file, `${JSON.stringify([...unique.values()], null, 2)}\n`);
	await instance.n8n.importWorkflow(file);
}
