/**
 * The work the queue test sends, and what the simulator's record says of it: users
 * from tools/bench/users.ts (the same deterministic list in every process), posted in
 * batches to the workflow's production webhook, each user named by email, Intercom
 * ID or user_id.
 */
import type { IntercomSimulator, SimUser } from '../../intercom-simulator/simulator';

/** One entry of a webhook call's `users` array: the Intercom Users node's selector and value. */
export interface Target {
	by: 'id' | 'email' | 'userId';
	value: string;
}

/** One webhook call's worth of users. */
export interface Batch {
	/** 0-based, in the order sent; also sent as `?batch=`. */
	index: number;
	users: SimUser[];
	targets: Target[];
}

/** Users 0, 5, 10 … by Intercom ID, 1, 6, 11 … by user_id, the rest by email. */
export function targetOf(user: SimUser, index: number): Target {
	if (index % 5 === 0) return { by: 'id', value: user.id };
	if (index % 5 === 1) return { by: 'userId', value: String(user.user_id) };
	return { by: 'email', value: String(user.email) };
}

/** `users` cut into `count` batches of (nearly) equal size, in order. */
export function makeBatches(users: SimUser[], count: number): Batch[] {
	const size = Math.ceil(users.length / count);
	const batches: Batch[] = [];
	for (let index = 0; index * size < users.length; index++) {
		const slice = users.slice(index * size, (index + 1) * size);
		batches.push({
			index,
			users: slice,
			targets: slice.map((user, i) => targetOf(user, index * size + i)),
		});
	}
	return batches;
}

/**
 * POSTs one batch to the webhook as `{ users: [...] }`, with `?batch=<index>` and,
 * when `ignoreNotFound`, `&ignoreNotFound=true` (read by the workflow's expression for
 * the option). The webhook answers at once ("onReceived"); throws on any answer but 200.
 */
export async function postBatch(
	webhookUrl: string,
	batch: Batch,
	ignoreNotFound = false,
): Promise<void> {
	const query = `batch=${batch.index}${ignoreNotFound ? '&ignoreNotFound=true' : ''}`;
	const response = await fetch(`${webhookUrl}?${query}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ users: batch.targets }),
		signal: AbortSignal.timeout(60_000),
	});
	const text = await response.text();
	if (response.status !== 200) {
		throw new Error(`webhook call for batch ${batch.index}: HTTP ${response.status} ${text}`);
	}
}

/** What the simulator answered, counted. */
export interface AnswerCounts {
	/** Every HTTP answer (and connection reset). */
	answers: number;
	/** Answers with status 429. */
	rateLimited: number;
	/** Archives answered 200, by Intercom id of the user archived. */
	archivedBy: Map<string, number>;
	/** Answers other than 200 and 429, by status. */
	other: Map<string, number>;
}

/** Counts the simulator's answers from `from` on (an index into `sim.responses`). */
export function countAnswers(sim: IntercomSimulator, from = 0): AnswerCounts {
	const counts: AnswerCounts = {
		answers: 0,
		rateLimited: 0,
		archivedBy: new Map(),
		other: new Map(),
	};
	for (const response of sim.responses.slice(from)) {
		counts.answers++;
		if (response.status === 429) {
			counts.rateLimited++;
		} else if (response.status === 200 && response.request.method === 'DELETE') {
			const id = (JSON.parse(response.body) as { id?: string }).id ?? '?';
			counts.archivedBy.set(id, (counts.archivedBy.get(id) ?? 0) + 1);
		} else {
			const key = `${response.request.method} ${response.status}`;
			counts.other.set(key, (counts.other.get(key) ?? 0) + 1);
		}
	}
	return counts;
}

/**
 * Problems with "every user archived exactly once": users not archived now, users
 * archived by more than one answer, archives of users outside `users`. Empty: none.
 */
export function archiveProblems(
	sim: IntercomSimulator,
	users: SimUser[],
	counts: AnswerCounts,
): string[] {
	const problems: string[] = [];
	const archivedNow = new Set(sim.archivedIds());
	const notArchived = users.filter((user) => !archivedNow.has(user.id));
	if (notArchived.length > 0) {
		problems.push(
			`${notArchived.length} users not archived, e.g. ${notArchived
				.slice(0, 3)
				.map((u) => u.id)
				.join(', ')}`,
		);
	}
	const twice = [...counts.archivedBy].filter(([, n]) => n > 1);
	if (twice.length > 0) {
		problems.push(`${twice.length} users archived by more than one answer, e.g. ${twice[0][0]}`);
	}
	const known = new Set(users.map((user) => user.id));
	const strangers = [...counts.archivedBy.keys()].filter((id) => !known.has(id));
	if (strangers.length > 0) problems.push(`${strangers.length} archives of unknown ids`);
	return problems;
}
