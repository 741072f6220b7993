import type { NodeHint } from 'n8n-workflow';

/**
 * From how many input items the editor suggests Batching (see {@link largeRunHint}). At
 * about 4 ms of preparation per item in n8n 2.x, 500 items hold the first request back
 * about 2 s.
 */
export const LARGE_RUN_ITEMS = 500;

/**
 * A hint n8n's editor shows in the output pane after a run of at least
 * {@link LARGE_RUN_ITEMS} input items when the node's Request Options have no Batching.
 *
 * Why: n8n's declarative engine prepares every item before the first request leaves,
 * unless Batching pauses it between batches; a node cannot switch Batching on itself
 * (n8n's loader replaces its Request Options). With 10 items per batch and a 1 ms
 * interval requests leave while the other items are prepared (README, "Large runs").
 * The editor evaluates `displayCondition` with n8n's expression engine on the node's
 * input items and parameters (n8n 1.x and 2.x `NodeHint`).
 */
export const largeRunHint: NodeHint = {
	type: 'info',
	location: 'outputPane',
	whenToDisplay: 'afterExecution',
	message:
		'Many items: n8n prepares all of them before the first request leaves. To start sending at once, set <b>Settings → Request Options → Batching</b> to 10 items per batch and a 1 ms interval.',
	displayCondition: `={{ $input.all().length >= ${LARGE_RUN_ITEMS} && !$parameter.requestOptions?.batching }}`,
};
