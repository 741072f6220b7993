/**
 * An item that fails before its own request (here: the credential's Custom Base URL is
 * refused) still says whom it was about: its real
 * operation, selector and value, and `dryRun: true` in a dry run, as its other failures
 * do, on the regular output with Continue, on the error output (`context.item`) and in a
 * stopped run's error. Nothing is sent. Through n8n's engine against the simulator.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_TOKEN } from '../tools/intercom-simulator/simulator';
import { runWorkflow } from '../tools/n8n-harness/engine';
import { details, NODE_NAME, nodeWorkflow, useSimulator } from './helpers';
import { MAL, WASH } from './seed';

const env = useSimulator();

const NO_SCHEME = "The credential's Base URL must start with http:// or https://.";
const DRY_RUN_SENTENCE =
	'No request was sent for this item. This was a dry run, and nothing was changed.';

type OnError = 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';

/** Each operation with a value per input item, and what its failed items say about it. */
const OPERATIONS: Array<{
	operation: string;
	parameters: IDataObject;
	selector?: string;
	values?: string[];
}> = [
	{
		operation: 'archive',
		parameters: { archiveBy: 'email', email: '={{ $json.email }}' },
		selector: 'email',
		values: ['wash@serenity.io', 'mal@serenity.io'],
	},
	{
		operation: 'unarchive',
		parameters: { archiveBy: 'id', intercomId: '={{ $json.id }}' },
		selector: 'id',
		values: [WASH, MAL],
	},
	{
		operation: 'permanentlyDelete',
		parameters: { archiveBy: 'userId', userId: '={{ $json.uid }}', confirmPermanentDelete: true },
		selector: 'userId',
		values: ['25', '32'],
	},
	{
		operation: 'get',
		parameters: { archiveBy: 'email', email: '={{ $json.email }}' },
		selector: 'email',
		values: ['wash@serenity.io', 'mal@serenity.io'],
	},
	{ operation: 'getMany', parameters: { filters: { email: '={{ $json.email }}' } } },
];

const INPUT = [
	{ email: 'wash@serenity.io', id: WASH, uid: '25' },
	{ email: 'mal@serenity.io', id: MAL, uid: '32' },
];

/** Runs the node on two input items with `credential` and On Error `onError`. */
async function runWith(
	parameters: IDataObject,
	onError: OnError,
	credential: ICredentialDataDecryptedObject,
) {
	const result = await runWorkflow({
		workflow: nodeWorkflow(parameters, { onError }),
		items: INPUT,
		credentials: { intercomAccessTokenApi: credential },
	});
	return { ...result, regular: result.output(NODE_NAME, 0), errors: result.output(NODE_NAME, 1) };
}

function customBaseUrl(baseUrl: string): ICredentialDataDecryptedObject {
	return { accessToken: DEFAULT_TOKEN, region: 'custom', baseUrl };
}

/** What the failed item `index` of `operation` must say besides `error`. */
function expectedAbout(
	entry: (typeof OPERATIONS)[number],
	index: number,
	dryRun: boolean,
): IDataObject {
	return {
		operation: entry.operation,
		...(entry.selector ? { selector: entry.selector, value: entry.values?.[index] } : {}),
		outcome: 'failed',
		// A dry run adds that nothing was changed, not that lookups were sent: none was.
		description: dryRun
			? expect.stringMatching(
					/No request was sent for this item\. This was a dry run, and nothing was changed\.$/,
				)
			: (expect.stringContaining('No request was sent for this item.') as string),
		...(dryRun ? { dryRun: true } : {}),
	};
}

const itemAbout = (item: INodeExecutionData) =>
	(item.error as unknown as { context: { item?: IDataObject } }).context.item;

const MATRIX = OPERATIONS.flatMap((entry) =>
	(entry.operation === 'getMany' ? [false] : [false, true]).map(
		(dryRun) => [entry.operation, dryRun ? 'dry run' : 'real run', entry, dryRun] as const,
	),
);

describe('a Custom Base URL without a scheme: every failed item says whom it was about', () => {
	const bad = () => customBaseUrl(env.baseUrl.replace(/^http:\/\//, ''));
	const parametersOf = (entry: (typeof OPERATIONS)[number], dryRun: boolean) => ({
		operation: entry.operation,
		...entry.parameters,
		...(dryRun ? { options: { dryRun: true } } : {}),
	});

	it.each(MATRIX)('%s, %s, Continue: the regular output', async (_op, _dry, entry, dryRun) => {
		const { regular, error } = await runWith(
			parametersOf(entry, dryRun),
			'continueRegularOutput',
			bad(),
		);
		expect(error).toBeUndefined();
		expect(regular.map((item) => item.json)).toEqual(
			[0, 1].map((index) => ({ error: NO_SCHEME, ...expectedAbout(entry, index, dryRun) })),
		);
		expect(regular.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		if (dryRun) expect(regular[0].json.description).toContain(DRY_RUN_SENTENCE);
		expect(env.sim.requests).toEqual([]);
	});

	it.each(MATRIX)('%s, %s, Continue (using error output)', async (_op, _dry, entry, dryRun) => {
		const { regular, errors } = await runWith(
			parametersOf(entry, dryRun),
			'continueErrorOutput',
			bad(),
		);
		expect(regular).toEqual([]);
		expect(errors.map((item) => item.json)).toEqual([{ error: NO_SCHEME }, { error: NO_SCHEME }]);
		expect(errors.map(itemAbout)).toEqual([0, 1].map((i) => expectedAbout(entry, i, dryRun)));
		expect(env.sim.requests).toEqual([]);
	});

	it.each(MATRIX)('%s, %s, Stop Workflow: the error', async (_op, _dry, entry, dryRun) => {
		const { error } = await runWith(parametersOf(entry, dryRun), 'stopWorkflow', bad());
		expect(details(error).message).toBe(NO_SCHEME);
		const about = (error as unknown as { context: { item?: IDataObject; itemIndex?: number } })
			.context;
		expect(about.item).toEqual(expectedAbout(entry, about.itemIndex ?? -1, dryRun));
		expect(env.sim.requests).toEqual([]);
	});
});

describe('every refused Base URL, a dry-run Permanently Delete under Continue', () => {
	const deletion = OPERATIONS[2];
	it.each([
		['ftp://', (url: string) => url.replace(/^http/, 'ftp'), NO_SCHEME],
		['a query', (url: string) => `${url}?a=1`, /query/],
		['a fragment', (url: string) => `${url}#x`, /fragment/],
		['a user name and password', (url: string) => url.replace('//', '//u:p@'), /user name/],
		['empty', () => '', /empty/],
	])('%s: the real operation, selector, value and dryRun', async (_label, make, message) => {
		const { regular } = await runWith(
			{ operation: 'permanentlyDelete', ...deletion.parameters, options: { dryRun: true } },
			'continueRegularOutput',
			customBaseUrl(make(env.baseUrl)),
		);
		expect(regular.map((item) => item.json)).toEqual(
			[0, 1].map((index) => ({
				error: typeof message === 'string' ? message : expect.stringMatching(message),
				...expectedAbout(deletion, index, true),
			})),
		);
		expect(env.sim.requests).toEqual([]);
	});
});
