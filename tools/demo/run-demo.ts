/**
 * `npm run demo`: archives one Intercom user by email through n8n's real
 * workflow engine. By default it starts the local Intercom simulator (no
 * account, no network) and runs tools/demo/archive-by-email.workflow.json against it,
 * then prints the request the simulator received and the node's output item: a new node
 * (version 1.1) with Simplify on, its default, as a newcomer's first node is.
 *
 * Options: --email <address> (default first+tag@example.com), --help.
 */
import './quiet-logs';

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { DEFAULT_TOKEN, IntercomSimulator } from '../intercom-simulator/simulator';
import type { WorkflowJson } from '../n8n-harness/engine';
import { runWorkflow } from '../n8n-harness/engine';

const USAGE = [
	'Usage: npm run demo [-- --email <address>]',
	"  Archives one user by email through n8n's workflow engine, against the local Intercom",
	'  simulator (no account, no network), and prints the request and the output item',
	'  (a new node: Simplify on, its default).',
	'  --email <address>  whom to archive (default first+tag@example.com; the seeded users',
	'                     are in tools/intercom-simulator/seed-users.json)',
	'  --help             this text',
].join('\n');

async function main(): Promise<number> {
	let values: { email?: string; help?: boolean };
	try {
		({ values } = parseArgs({
			options: { email: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
		}));
	} catch (error) {
		console.error(`${(error as Error).message}\n${USAGE}`);
		return 2;
	}
	if (values.help === true) {
		console.log(USAGE);
		return 0;
	}
	const workflow = JSON.parse(
		readFileSync(path.join(__dirname, 'archive-by-email.workflow.json'), 'utf8'),
	) as WorkflowJson;
	const node = workflow.nodes.find((candidate) => candidate.name === 'Intercom Users');
	if (!node) throw new Error('The demo workflow has no "Intercom Users" node');
	if (values.email !== undefined) node.parameters.email = values.email;

	const simulator = new IntercomSimulator();
	const baseUrl = await simulator.start();
	console.log(`Intercom simulator (seeded workspace) on ${baseUrl}`);
	console.log(`Running "${workflow.name}": archive by email ${String(node.parameters.email)}\n`);
	try {
		const result = await runWorkflow({
			workflow,
			credentials: {
				intercomAccessTokenApi: { accessToken: DEFAULT_TOKEN, region: 'custom', baseUrl },
			},
		});
		for (const request of simulator.requests) {
			const query = request.rawQuery ? `?${request.rawQuery}` : '';
			console.log('Request the simulator received:');
			console.log(`  ${request.method} ${request.path}${query}`);
			for (const name of ['accept', 'intercom-version', 'authorization']) {
				const value = String(request.headers[name] ?? '(missing)');
				console.log(
					`  ${name}: ${name === 'authorization' ? value.replace(/ .*/, ' ***') : value}`,
				);
			}
		}
		if (result.error) {
			console.error(`\nThe node failed: ${result.error.message}`);
			if (result.error.description) console.error(String(result.error.description));
			return 1;
		}
		console.log('\nOutput of the Intercom Users node (Simplify on, the default for new nodes):');
		console.log(
			JSON.stringify(
				result.output('Intercom Users').map((item) => item.json),
				null,
				2,
			),
		);
		console.log(`\nArchived in the simulator: ${simulator.archivedIds().join(', ')}`);
		return 0;
	} finally {
		await simulator.stop();
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(`The demo failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	},
);
