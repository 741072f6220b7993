import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { WorkflowJson } from '../../tools/n8n-harness/engine';
import { runWorkflow } from '../../tools/n8n-harness/engine';
import { useSimulator } from '../helpers';

describe('the checked-in demo workflow (as exported from n8n)', () => {
	const env = useSimulator();

	it('archives first+tag@example.com by email with a new node (1.1): the simplified item a newcomer sees', async () => {
		const workflow = JSON.parse(
			readFileSync(path.join(__dirname, '../../tools/demo/archive-by-email.workflow.json'), 'utf8'),
		) as WorkflowJson;
		expect(workflow.nodes.map((node) => [node.type, node.typeVersion])).toEqual([
			['n8n-nodes-base.manualTrigger', 1],
			['n8n-nodes-intercom-users.intercomUsers', 1.1],
		]);
		const result = await runWorkflow({
			workflow,
			credentials: {
				intercomAccessTokenApi: {
					accessToken: 'sim-token',
					region: 'custom',
					baseUrl: env.baseUrl,
				},
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Intercom Users').map((item) => item.json)).toEqual([
			{
				id: '5714dd359a3fd47136000002',
				email: 'first+tag@example.com',
				user_id: '26',
				name: 'Plus Tag',
				archived: true,
				outcome: 'archived',
				message: 'Archived user first+tag@example.com',
			},
		]);
		expect(env.sim.requests.map((r) => `${r.method} ${r.path}?${r.rawQuery}`)).toEqual([
			'DELETE /users?email=first%2Btag%40example.com',
		]);
		expect(env.sim.archivedIds()).toEqual(['5714dd359a3fd47136000002']);
	});
});
