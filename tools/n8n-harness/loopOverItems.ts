import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	IPairedItemData,
	ISourceData,
} from 'n8n-workflow';
import { deepCopy, NodeConnectionTypes } from 'n8n-workflow';

/**
 * What the loop keeps between its runs in one execution, in its node context
 * (`getContext('node')`, as n8n's own node does): the items still to hand out, those
 * that came back from the loop, and where its first input came from.
 */
interface LoopState extends IDataObject {
	items?: INodeExecutionData[];
	processedItems: INodeExecutionData[];
	sourceData: IDataObject | null;
	currentRunIndex: number;
	maxRunIndex: number;
	noItemsLeft: boolean;
	done: boolean;
}

/**
 * Stand-in for n8n's Loop Over Items (`n8n-nodes-base.splitInBatches`, version 3),
 * which ships only inside the whole `n8n-nodes-base` package (not a dependency here).
 * It behaves as n8n's node does in one execution: the first run hands out the first
 * `batchSize` input items on the "loop" output (index 1) and keeps the rest in its node
 * context; each later run (the items coming back from the loop) collects those and
 * hands out the next batch; once none is left, it emits everything that came back on
 * the "done" output (index 0). Items handed out later are paired to the first input
 * (`sourceOverwrite`), as in n8n. Options → Reset and n8n's endless-loop guard are left
 * out.
 */
export class LoopOverItemsStandIn implements INodeType {
	description = {
		displayName: 'Loop Over Items (Split in Batches)',
		name: 'splitInBatches',
		group: ['organization'],
		version: 3,
		description: 'Split data into batches and iterate over each batch',
		defaults: { name: 'Loop Over Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['done', 'loop'],
		properties: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
			},
		],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const input = this.getInputData().slice();
		const state = this.getContext('node') as LoopState;
		const batchSize = Math.max(1, Number(this.getNodeParameter('batchSize', 0)) || 1);
		let batch: INodeExecutionData[];
		if (state.items === undefined) {
			state.currentRunIndex = 0;
			state.maxRunIndex = Math.ceil(input.length / batchSize);
			state.sourceData = deepCopy(this.getInputSourceData()) as unknown as IDataObject;
			batch = input.splice(0, batchSize);
			state.items = input;
			state.processedItems = [];
		} else {
			state.currentRunIndex += 1;
			batch = state.items.splice(0, batchSize);
			const cameBack = this.getInputSourceData();
			state.processedItems.push(
				...input.map((item, index) => ({
					...item,
					pairedItem: { item: index, sourceOverwrite: cameBack },
				})),
			);
			const firstInput = state.sourceData as unknown as ISourceData;
			const toFirstInput = (paired: IPairedItemData | number): IPairedItemData =>
				typeof paired === 'number'
					? { item: paired, sourceOverwrite: firstInput }
					: { ...paired, sourceOverwrite: firstInput };
			for (const item of batch) {
				const paired = item.pairedItem ?? 0;
				item.pairedItem = Array.isArray(paired) ? paired.map(toFirstInput) : toFirstInput(paired);
			}
		}
		state.noItemsLeft = state.items.length === 0;
		state.done = batch.length === 0;
		return state.done ? [state.processedItems, []] : [[], batch];
	}
}
