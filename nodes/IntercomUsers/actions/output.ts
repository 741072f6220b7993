import type {
	IDataObject,
	INode,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { outcomeOf } from '../intercom/errors';
import type { FailedItem, OutcomeMarker, SelectBy, Target, UserOperation } from '../shared/types';
import { SELECT_BY } from '../shared/types';
import { NO_REQUEST_SENT } from '../shared/words';

/** Added to the description of every error of a dry run. */
export const DRY_RUN_ERROR = 'This was a dry run: only lookups were sent, and nothing was changed.';

/** {@link DRY_RUN_ERROR} for a description that already says no request was sent. */
const DRY_RUN_NOTHING_SENT = 'This was a dry run, and nothing was changed.';

/** A dry run's error description: `description` and what a dry run did, without contradicting it. */
export function dryRunDescription(description: string | null | undefined): string {
	const added = description?.includes(NO_REQUEST_SENT) ? DRY_RUN_NOTHING_SENT : DRY_RUN_ERROR;
	return [description, added].filter(Boolean).join(' ');
}

interface ItemError {
	message: string;
	description?: string | null;
}

/** The json of a failed item under Continue (outcome `failed` unless the error carries one). */
export function failedItem(
	error: ItemError,
	operation: UserOperation,
	target: Target | undefined,
	selector: SelectBy | undefined,
): FailedItem {
	const by = target?.by ?? selector;
	// The order n8n's Table view shows them in when this item comes first.
	return {
		error: error.message,
		...(target ? { value: target.value } : by ? { field: SELECT_BY[by].label } : {}),
		...(by ? { selector: by } : {}),
		operation,
		outcome: outcomeOf(error) ?? 'failed',
		description: error.description ?? '',
	};
}

/** The {@link OutcomeMarker} that replaces an item's error with Ignore Not Found on. */
export function outcomeMarker(
	outcome: 'notFound' | 'probablyDone',
	operation: UserOperation,
	target: Target,
	error: ItemError,
): OutcomeMarker {
	return {
		...(outcome === 'notFound' ? { notFound: true as const } : { probablyDone: true as const }),
		outcome,
		operation,
		selector: target.by,
		value: target.value,
		message: error.message,
		description: error.description ?? '',
	};
}

/** Who an item was about, for its output: what is known when it failed. */
export interface ItemAbout {
	itemIndex: number;
	operation: UserOperation;
	dryRun: boolean;
	target?: Target;
	selector?: SelectBy;
}

/** The marker item of an item whose error Ignore Not Found turns into an output. */
export function markerOutput(
	item: ItemAbout & { target: Target },
	outcome: 'notFound' | 'probablyDone',
	error: ItemError,
): INodeExecutionData[] {
	const marker = {
		...(item.dryRun ? { dryRun: true as const } : {}),
		...outcomeMarker(outcome, item.operation, item.target, error),
	};
	return [{ json: marker as unknown as IDataObject, pairedItem: { item: item.itemIndex } }];
}

/** The json of an item's failure: whom it was about, why, and `dryRun` in a dry run. */
function failedJson(item: ItemAbout, error: ItemError): FailedItem & { dryRun?: true } {
	return {
		...failedItem(error, item.operation, item.target, item.selector),
		...(item.dryRun ? { dryRun: true as const } : {}),
	};
}

/**
 * Puts whom a failed item was about in its error's `context.item` (its json without
 * `error`): the error output and a stopped run keep only the error.
 */
export function noteAboutItem(item: ItemAbout, error: NodeApiError | NodeOperationError): void {
	const { error: message, ...about } = failedJson(item, error);
	void message;
	error.context = { ...error.context, item: about };
}

/**
 * The item of a failure under On Error → Continue. n8n replaces the json of an item carrying
 * `error` with `{ error: message }`, so the fields also go in the error's `context.item`.
 */
export function continuedOutput(
	node: INode,
	item: ItemAbout,
	error: NodeApiError | NodeOperationError,
): INodeExecutionData[] {
	const json = failedJson(item, error) as unknown as IDataObject;
	const pairedItem = { item: item.itemIndex };
	if (node.onError !== 'continueErrorOutput') return [{ json, pairedItem }];
	noteAboutItem(item, error);
	return [{ json, error, pairedItem }];
}
