/**
 * The start-up install in queue mode, the way separate containers run it: Redis and
 * PostgreSQL (tools/real-n8n/services.ts), a main whose `n8n start` installs the package
 * from N8N_COMMUNITY_PACKAGES, and a worker with a user folder of its own and
 * N8N_REINSTALL_MISSING_PACKAGES=true, which installs at its start what the database
 * says the main installed. Then the published workflow's webhook call, which the main
 * queues and the worker runs.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { N8nInstance } from '../../real-n8n/instance';
import type { RunningN8n } from '../../real-n8n/instance';
import { freePort } from '../../real-n8n/process';
import { PACKAGE_NAME } from '../../real-n8n/project';
import { startPostgres, startRedis } from '../../real-n8n/services';
import { QUIET } from '../queue/cluster';
import { expect, installedVersion } from './checks';
import type { EnvInstallOptions } from './env-install';
import { importAndPublish, managedEnv } from './env-install';
import { archiveThroughWebhook } from './workflow';

/** Step 6 in queue mode; returns the main's and the worker's instances (for the network checks). */
export async function runQueueEnvInstall(options: EnvInstallOptions): Promise<N8nInstance[]> {
	const { checks, version } = options;
	mkdirSync(options.dir, { recursive: true, mode: 0o755 });
	const redis = await startRedis(path.join(options.dir, 'redis'));
	const pg = await startPostgres({ dir: path.join(options.dir, 'postgres') }).catch(
		async (error: unknown) => {
			await redis.stop();
			throw error;
		},
	);
	const running: RunningN8n[] = [];
	try {
		const shared = {
			EXECUTIONS_MODE: 'queue',
			...redis.n8nEnv,
			...pg.n8nEnv,
			...QUIET,
			...options.redirect.env,
		};
		const make = (name: string, env: Record<string, string>) =>
			N8nInstance.create({
				runtime: options.runtime,
				n8nBin: options.n8nBin,
				dir: path.join(options.dir, name),
				env: { ...shared, ...env },
				preloads: options.redirect.preloads,
			});
		const main = await make('main', {});
		const worker = await make('worker', { N8N_REINSTALL_MISSING_PACKAGES: 'true' });
		await importAndPublish(main, options.simUrl);
		const port = await freePort();
		checks.note(
			'queue mode: main with N8N_COMMUNITY_PACKAGES, then a worker of its own folder ...',
		);
		const mainProcess = await main.start({
			port,
			env: {
				...managedEnv([{ name: PACKAGE_NAME, version }]),
				WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			},
		});
		running.push(mainProcess);
		const workerProcess = await worker.start({ command: 'worker', args: ['--concurrency=2'] });
		running.push(workerProcess);
		const ok = await checks.run(
			'queue mode: the worker installs at start what the main installed',
			() => {
				expect(
					installedVersion(main) === version,
					`the main's .n8n/nodes holds ${installedVersion(main)}`,
				);
				expect(
					installedVersion(worker) === version,
					`the worker's .n8n/nodes holds ${installedVersion(worker)}`,
				);
				expect(
					workerProcess.output().includes('Packages reinstalled successfully'),
					"the worker's log has no 'Packages reinstalled successfully'",
				);
				return `main and worker (separate user folders) hold ${PACKAGE_NAME}@${version}`;
			},
		);
		if (ok) {
			await checks.run('queue mode: the worker runs the published workflow', async () => {
				const done = await archiveThroughWebhook(
					mainProcess.url,
					options.sim,
					'wash@serenity.io',
					90_000,
				);
				expect(
					/Worker finished execution/.test(workerProcess.output()),
					"the worker's log has no 'Worker finished execution'",
				);
				return `${done}; run by the worker`;
			});
		}
		return [main, worker];
	} finally {
		for (const proc of running.reverse()) await proc.stop('SIGTERM', 30_000);
		await pg.stop().catch(() => undefined);
		await redis.stop().catch(() => undefined);
	}
}
