import type { IDataObject, IExecutePaginationFunctions } from 'n8n-workflow';

import { outcomeOf } from '../intercom/errors';
import type { DuplicateItem, Target, UserOperation } from '../shared/types';
import { attemptSpellings, exactKey, foldedKey } from '../shared/spellings';
import { OPERATION_WORDS } from '../shared/vocabulary';

interface Doer {
	itemIndex: number;
	userId?: string;
	found: string;
}

/**
 * n8n starts every item at once, so two rows about one address run together: the later waits
 * (`queues`) and does not change the user again. `stored` (Intercom's email and user_id) is read
 * only after a row found nobody: before, an email several users share would name another user.
 */
interface RunUsers {
	queues: Map<string, Promise<void>>;
	resolved: Map<string, Doer>;
	stored: Map<string, Doer>;
	missed: Map<string, { itemIndex: number; error: Error }>;
}

const memories = new WeakMap<object, RunUsers>();

function runUsers(context: IExecutePaginationFunctions): RunUsers {
	const key = context.getExecuteData?.() as object | undefined;
	const known = key ? memories.get(key) : undefined;
	if (known) return known;
	const memory: RunUsers = {
		queues: new Map(),
		resolved: new Map(),
		stored: new Map(),
		missed: new Map(),
	};
	if (key) memories.set(key, memory);
	return memory;
}

/** Who an item is, for {@link oncePerUser}. */
export interface ItemScope {
	itemIndex: number;
	operation: UserOperation;
	dryRun: boolean;
	baseURL: string;
	target: Target;
}

function memoryKey(scope: ItemScope, by: Target['by'], key: string): string {
	return JSON.stringify([scope.baseURL, scope.operation, scope.dryRun, by, key]);
}

function answeredUser(json: IDataObject, sent: Target): IDataObject | undefined {
	if (json.dryRun === true) {
		if (json.outcome === 'wouldChange') return json.user as IDataObject | undefined;
		if (json.outcome === 'wouldChangeIfArchived' && sent.by === 'id') return { id: sent.value };
		return undefined;
	}
	if (json.type === 'user_delete_request') {
		return { ...((json.user as IDataObject | undefined) ?? {}), id: json.intercom_user_id };
	}
	return json;
}

function remember(memory: RunUsers, scope: ItemScope, sent: Target, json: IDataObject): void {
	const user = answeredUser(json, sent);
	if (!user) return;
	const userId = typeof user.id === 'string' ? user.id : undefined;
	const doer: Doer = { itemIndex: scope.itemIndex, userId, found: sent.value };
	memory.resolved.set(memoryKey(scope, sent.by, exactKey(sent.by, sent.value)), doer);
	if (userId) memory.resolved.set(memoryKey(scope, 'id', userId), doer);
	const storedUserId = user.user_id ?? user.external_id;
	if (typeof user.email === 'string' && user.email !== '') {
		memory.stored.set(memoryKey(scope, 'email', exactKey('email', user.email)), doer);
	}
	if (typeof storedUserId === 'string' && storedUserId !== '') {
		memory.stored.set(memoryKey(scope, 'userId', exactKey('userId', storedUserId)), doer);
	}
}

function duplicateItem(scope: ItemScope, sent: Target, doer: Doer): DuplicateItem {
	const { target, operation, dryRun } = scope;
	const { pastTense: done, verb: does } = OPERATION_WORDS[operation];
	const other = `item ${doer.itemIndex}`;
	const who = doer.userId ? ` (Intercom ID ${doer.userId})` : '';
	const spelled =
		sent.value === target.value
			? ''
			: ` This item's ${target.label} "${target.value}" found nobody as written; spelled "${sent.value}", it names that user.`;
	return {
		...(dryRun ? { dryRun: true as const } : {}),
		duplicate: true,
		outcome: 'duplicate',
		operation,
		selector: target.by,
		value: target.value,
		duplicateOf: doer.itemIndex,
		message: dryRun
			? `Dry run: ${other} of this run would ${does} this user`
			: `Already ${done} by ${other} of this run`,
		description: dryRun
			? `${capitalised(other)} of this run would ${does} the same user${who}, found as "${doer.found}".${spelled} The real run changes it once, by ${other}; nothing was changed.`
			: `${capitalised(other)} of this run ${done} the same user${who}, found as "${doer.found}".${spelled} This item sent no change for it, so the user was changed once.`,
	};
}

function capitalised(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** True for the json of a {@link DuplicateItem}: it changed nothing itself. */
export function isDuplicate(json: IDataObject): boolean {
	return json.duplicate === true && json.outcome === 'duplicate';
}

/** Runs `runSpelling` once per user per run, after earlier rows about the address; else a {@link DuplicateItem}. */
export async function oncePerUser(
	context: IExecutePaginationFunctions,
	scope: ItemScope,
	runSpelling: (sent: Target) => Promise<IDataObject>,
): Promise<IDataObject> {
	const memory = runUsers(context);
	const { target } = scope;
	const queue = memoryKey(scope, target.by, foldedKey(target.by, target.value));
	const before = memory.queues.get(queue) ?? Promise.resolve();
	let end: () => void = () => undefined;
	const ended = new Promise<void>((resolve) => (end = resolve));
	const mine = before.then(async () => await ended);
	memory.queues.set(queue, mine);
	await before;
	try {
		return await attemptSpellings(
			target,
			async (sent) => await spellingOnce(memory, scope, sent, runSpelling),
			(error) => outcomeOf(error) === 'notFound',
		);
	} finally {
		end();
		if (memory.queues.get(queue) === mine) memory.queues.delete(queue);
	}
}

async function spellingOnce(
	memory: RunUsers,
	scope: ItemScope,
	sent: Target,
	runSpelling: (sent: Target) => Promise<IDataObject>,
): Promise<IDataObject> {
	const key = (map: Map<string, Doer>) =>
		map.get(memoryKey(scope, sent.by, exactKey(sent.by, sent.value)));
	const doer = key(memory.resolved);
	if (doer && doer.itemIndex !== scope.itemIndex) {
		return duplicateItem(scope, sent, doer) as unknown as IDataObject;
	}
	const spelling = memoryKey(scope, sent.by, sent.value);
	const missed = memory.missed.get(spelling);
	const result =
		missed && missed.itemIndex !== scope.itemIndex
			? { error: answeredBefore(missed.error, scope.itemIndex, missed.itemIndex) }
			: await runSpelling(sent).then(
					(answer) => ({ answer }),
					(error: unknown) => ({ error }),
				);
	if ('error' in result) {
		const { error } = result;
		if (outcomeOf(error) !== 'notFound') throw error;
		if (!missed && error instanceof Error) {
			memory.missed.set(spelling, { itemIndex: scope.itemIndex, error: copyOf(error) });
		}
		const holder = key(memory.stored);
		if (holder && holder.itemIndex !== scope.itemIndex) {
			return duplicateItem(scope, sent, holder) as unknown as IDataObject;
		}
		throw error;
	}
	const json = result.answer;
	const id = answeredUser(json, sent)?.id;
	const same =
		scope.dryRun && typeof id === 'string'
			? memory.resolved.get(memoryKey(scope, 'id', id))
			: undefined;
	if (same && same.itemIndex !== scope.itemIndex) {
		return duplicateItem(scope, sent, same) as unknown as IDataObject;
	}
	remember(memory, scope, sent, json);
	return json;
}

/** A copy of an n8n error, with its own `context`, so that changes to one leave the other. */
function copyOf(error: Error): Error {
	const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as Error, error);
	copy.message = error.message;
	copy.stack = error.stack;
	const described = copy as Error & { context?: IDataObject };
	described.context = { ...(described.context ?? {}) };
	return copy;
}

/** Another item's not-found for this spelling, as this item's error (Intercom was not asked again). */
function answeredBefore(error: Error, itemIndex: number, from: number): Error {
	const copy = copyOf(error) as Error & { context: IDataObject; description?: string | null };
	copy.context.itemIndex = itemIndex;
	copy.description = [
		copy.description ?? '',
		`Item ${from} of this run looked up the same value just before this item and got this answer, so it was not sent again.`,
	]
		.join(' ')
		.trim();
	return copy;
}
