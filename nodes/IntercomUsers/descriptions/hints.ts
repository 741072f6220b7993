import type { NodeHint } from 'n8n-workflow';

/** At a few ms of preparation per item, 500 items hold the first request back about 2 s. */
export const LARGE_RUN_ITEMS = 500;

/**
 * Suggests Batching after a large run: n8n prepares every item before the first request leaves,
 * and a node cannot switch Batching on itself (n8n's loader replaces its Request Options).
 */
export const largeRunHint: NodeHint = {
	type: 'info',
	location: 'outputPane',
	whenToDisplay: 'afterExecution',
	message:
		'Many items: n8n prepares all of them before the first request leaves. To start sending at once, set <b>Settings → Request Options → Batching</b> to 10 items per batch and a 1 ms interval.',
	displayCondition: `={{ $input.all().length >= ${LARGE_RUN_ITEMS} && !$parameter.requestOptions?.batching }}`,
};
