/**
 * The calls the AI Agent and MCP checks make, in order, against one simulator seeded
 * with tools/intercom-simulator/seed-users.json, and what each must change there.
 * Both paths use the tools of agents.workflow.json: "Archive user" (email and Dry Run
 * from the model) and "Delete user" (email and, on purpose, the confirmation from the
 * model, which the node must refuse).
 */
import type { IntercomSimulator, RecordedRequest } from '../../intercom-simulator/simulator';
import type { CallKind } from './expectations';

/** The node names of the two tools (n8n names the tools after them). */
export const TOOL_NODES = { archive: 'Archive user', delete: 'Delete user' } as const;

/** One call of a tool by the model. */
export interface Scenario {
	/** Unique, e.g. `agent-success`; the fake model keys its records by it. */
	key: string;
	path: 'agent' | 'mcp';
	kind: CallKind;
	tool: keyof typeof TOOL_NODES;
	/** The arguments the model passes. */
	args: Record<string, unknown>;
	/** The user's email, which the model passes. */
	email: string;
	/** The Intercom ids this call must archive (success), else none. */
	archives: string[];
}

const SOLO = '5714dd359a3fd47136000007';
const FIRST = '5714dd359a3fd47136000003';

/** The calls of one path, in order: the not-found repeats the success's archive. */
function pathScenarios(path: 'agent' | 'mcp', email: string, id: string): Scenario[] {
	return [
		{
			key: `${path}-success`,
			path,
			kind: 'success',
			tool: 'archive',
			args: { email, dryRun: false },
			email,
			archives: [id],
		},
		{
			key: `${path}-notFound`,
			path,
			kind: 'notFound',
			tool: 'archive',
			args: { email, dryRun: false },
			email,
			archives: [],
		},
		{
			key: `${path}-conflict`,
			path,
			kind: 'conflict',
			tool: 'archive',
			args: { email: 'dup@example.com', dryRun: false },
			email: 'dup@example.com',
			archives: [],
		},
		{
			key: `${path}-refusal`,
			path,
			kind: 'refusal',
			tool: 'delete',
			args: { email: 'wash@serenity.io', confirm: true },
			email: 'wash@serenity.io',
			archives: [],
		},
		{
			key: `${path}-dryRun`,
			path,
			kind: 'dryRun',
			tool: 'archive',
			args: { email: 'mal@serenity.io', dryRun: true },
			email: 'mal@serenity.io',
			archives: [],
		},
	];
}

/** The AI Agent's calls (solo@example.com archived, then again). */
export const AGENT_SCENARIOS = pathScenarios('agent', 'solo@example.com', SOLO);
/** The MCP client's calls (first@example.com archived, then again). */
export const MCP_SCENARIOS = pathScenarios('mcp', 'first@example.com', FIRST);

/** A read: a GET, or a Contacts API search. */
function isLookup(request: RecordedRequest): boolean {
	return (
		request.method === 'GET' || (request.method === 'POST' && request.path === '/contacts/search')
	);
}

/** True when `request` names the scenario's user by email (query) or by Intercom id (path). */
function names(request: RecordedRequest, scenario: Scenario): boolean {
	const query = new URLSearchParams(request.rawQuery);
	return (
		query.get('email') === scenario.email ||
		scenario.archives.some((id) => request.path.includes(id))
	);
}

/** The requests as `METHOD /path?query`, for messages and logs. */
export function describeRequests(requests: RecordedRequest[]): string {
	if (requests.length === 0) return 'none';
	return requests
		.map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`)
		.join('; ');
}

/** The simulator's state before a call, to compare after it. */
export interface SimState {
	archived: string[];
	deleted: string[];
}

/** The archived and deleted ids now. */
export function simState(sim: IntercomSimulator): SimState {
	return { archived: sim.archivedIds(), deleted: sim.deletedIds() };
}

/**
 * Checks what `scenario` did to the simulator: the requests it received since the
 * call began (`requests`) and the change from `before`. One sentence per problem.
 */
export function checkSimulator(
	scenario: Scenario,
	requests: RecordedRequest[],
	before: SimState,
	sim: IntercomSimulator,
): string[] {
	const problems: string[] = [];
	const after = simState(sim);
	const newlyArchived = after.archived.filter((id) => !before.archived.includes(id));
	const newlyDeleted = after.deleted.filter((id) => !before.deleted.includes(id));
	const sent = [describeRequests(requests)];
	const changing = requests.filter((r) => !isLookup(r));
	if (newlyDeleted.length > 0) problems.push(`deleted ${newlyDeleted.join(', ')}`);
	if (JSON.stringify(newlyArchived) !== JSON.stringify(scenario.archives)) {
		problems.push(
			`archived [${newlyArchived.join(', ')}], expected [${scenario.archives.join(', ')}]`,
		);
	}
	if (scenario.kind === 'success' && changing.length !== 1) {
		problems.push(`sent ${changing.length} changing requests, expected 1: ${sent.join('; ')}`);
	}
	if (scenario.kind === 'success' && changing.length === 1 && !names(changing[0], scenario)) {
		problems.push(`its change did not name ${scenario.email}: ${sent.join('; ')}`);
	}
	if (scenario.kind === 'refusal' && requests.length > 0) {
		problems.push(`sent ${requests.length} requests for a refused call: ${sent.join('; ')}`);
	}
	if (scenario.kind === 'dryRun' && changing.length > 0) {
		problems.push(`a dry run sent changing requests: ${sent.join('; ')}`);
	}
	if (scenario.kind === 'dryRun' && requests.length === 0) {
		problems.push('a dry run sent no lookup');
	}
	return problems;
}
