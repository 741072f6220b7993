/**
 * What n8n recorded of the executions, read straight from its PostgreSQL database:
 * the cheapest reliable way here (no API key or login needed, no CLI start-up of
 * several seconds per call, and the same rows n8n's own UI shows). The tables are
 * n8n's: `execution_entity` (one row per execution: status, start and stop) and
 * `execution_data` (the run data, serialised with the `flatted` package).
 */
import { createRequire } from 'node:module';

import type { PostgresService } from '../../real-n8n/services';

/** One row of `execution_entity`. */
export interface ExecutionRow {
	id: number;
	/** n8n's status: new, running, success, error, crashed, canceled, waiting. */
	status: string;
	startedAt: Date | null;
	stoppedAt: Date | null;
}

/** Statuses after which n8n does nothing more with an execution. */
export const FINAL_STATUSES = new Set(['success', 'error', 'crashed', 'canceled']);

/** The executions with an id above `afterId`, oldest first. */
export async function executionsAfter(
	pg: PostgresService,
	afterId: number,
): Promise<ExecutionRow[]> {
	const { rows } = await pg.query<{
		id: string | number;
		status: string;
		startedAt: Date | null;
		stoppedAt: Date | null;
	}>(
		'SELECT id, status, "startedAt", "stoppedAt" FROM execution_entity WHERE id > $1 ORDER BY id',
		[afterId],
	);
	return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** The highest execution id so far (0 when there is none). */
export async function lastExecutionId(pg: PostgresService): Promise<number> {
	const { rows } = await pg.query<{ max: string | number | null }>(
		'SELECT max(id) AS max FROM execution_entity',
	);
	return Number(rows[0]?.max ?? 0);
}

/** One node's first run in an execution: its output items and its error message, if any. */
export interface NodeRun {
	items: Array<{ json: Record<string, unknown> }>;
	error?: string;
}

/** What the test needs from one execution's run data. */
export interface ExecutionSummary {
	/** The query string of the webhook call that started it. */
	query: Record<string, unknown>;
	/** How many items the webhook call posted (`body.users`). */
	posted: number;
	/** The first run of each node that ran, by node name. */
	nodes: Record<string, NodeRun>;
	/** The workflow-level error message, if any. */
	error?: string;
}

type Parse = (text: string) => unknown;

/**
 * The `flatted` parser of the n8n install whose `bin/n8n` is `n8nBin`: the same code
 * n8n wrote the data with.
 */
export function flattedParser(n8nBin: string): Parse {
	const flatted = createRequire(n8nBin)('flatted') as { parse: Parse };
	return (text) => flatted.parse(text);
}

function asRecord(value: unknown): Record<string, unknown> {
	return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** Reads and summarises the run data of execution `id`; undefined when it has none. */
export async function executionSummary(
	pg: PostgresService,
	parse: Parse,
	id: number,
): Promise<ExecutionSummary | undefined> {
	const { rows } = await pg.query<{ data: string }>(
		'SELECT data FROM execution_data WHERE "executionId" = $1',
		[id],
	);
	if (rows.length === 0) return undefined;
	const resultData = asRecord(asRecord(parse(rows[0].data)).resultData);
	const runData = asRecord(resultData.runData);
	const nodes: Record<string, NodeRun> = {};
	for (const [name, runs] of Object.entries(runData)) {
		const first = asRecord(Array.isArray(runs) ? runs[0] : undefined);
		const main = asRecord(first.data).main;
		const items = Array.isArray(main) && Array.isArray(main[0]) ? main[0] : [];
		const error = asRecord(first.error).message;
		nodes[name] = {
			items: items as NodeRun['items'],
			...(typeof error === 'string' ? { error } : {}),
		};
	}
	const webhook = asRecord(nodes.Webhook?.items[0]?.json);
	const users = asRecord(webhook.body).users;
	const error = asRecord(resultData.error).message;
	return {
		query: asRecord(webhook.query),
		posted: Array.isArray(users) ? users.length : 0,
		nodes,
		...(typeof error === 'string' ? { error } : {}),
	};
}
